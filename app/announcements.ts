/**
 * The announcer of the running bot over the configured platforms' senders (paced at the
 * limits each declares), counted in /metrics (when an HTTP server serves it). The ledger keeps each announcement to a
 * single post across instances.
 */
import type { CatalogServices } from '../src/engine/services.js';
import { startAnnouncer, type Announcer } from '../src/announce/announcer.js';
import type { Metrics } from '../src/http/metrics.js';
import type { LogFn } from '../src/log.js';
import type { Sender } from '../src/platform.js';
import type { Store } from '../src/store/types.js';

export function announcements(store: Store, core: CatalogServices, senders: readonly Sender[], metrics: Metrics | undefined, log: LogFn): Announcer {
  return startAnnouncer({
    store,
    core,
    senders,
    log,
    onEvent: (event) => {
      if (event.type === 'sent' || event.type === 'resent') metrics?.announcement('sent');
      else if (event.type === 'late' || event.type === 'skipped') metrics?.announcement(event.type);
      else if (event.type === 'failed') {
        metrics?.announcement('failed');
        metrics?.errors.inc({ source: 'announcer' });
      }
    },
  });
}
