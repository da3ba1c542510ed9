/**
 * The announcer of the running bot over the configured platforms' senders, counted in
 * /metrics. The ledger keeps each announcement to a single post across instances.
 */
import type { BotCore } from '../src/bot/core.js';
import { startAnnouncer, type Announcer } from '../src/announce/announcer.js';
import { Pacer, type Rate } from '../src/announce/pacing.js';
import type { Metrics } from '../src/http/metrics.js';
import type { LogFn } from '../src/log.js';
import type { Sender } from '../src/platform.js';
import type { Store } from '../src/store/types.js';
import { senderAsAdapter } from './bridge.js';
import { limitsOfAddress, type Route } from './platforms.js';

const FREE: Rate = { burst: Number.POSITIVE_INFINITY, perSecond: Number.POSITIVE_INFINITY };

/**
 * Pacing asked of the senders: each address at its sender's rate, all sends within the
 * strictest overall rate (one overall bucket until the pacer keeps one per platform).
 */
export function pacerOf(routes: readonly Route[]): Pacer {
  const limitsOf = limitsOfAddress(routes);
  const overall = routes
    .map((r) => r.sender.limits.overall)
    .filter((r): r is Rate => r !== undefined)
    .sort((a, b) => a.perSecond - b.perSecond)[0];
  return new Pacer({ perConversation: (address) => limitsOf(address)?.perAddress(address) ?? FREE, overall: overall ?? FREE });
}

export function announcements(store: Store, core: BotCore, senders: readonly Sender[], metrics: Metrics, log: LogFn): Announcer {
  return startAnnouncer({
    store,
    core,
    adapters: senders.map(senderAsAdapter),
    log,
    onEvent: (event) => {
      if (event.type === 'sent' || event.type === 'resent') metrics.announcement('sent');
      else if (event.type === 'late' || event.type === 'skipped') metrics.announcement(event.type);
      else if (event.type === 'failed') {
        metrics.announcement('failed');
        metrics.errors.inc({ source: 'announcer' });
      }
    },
  });
}
