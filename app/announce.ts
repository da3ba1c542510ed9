/**
 * `npm run announce`: one announcement pass, then exit (cron deployments, and checking
 * what would be sent). Sends through each configured platform's sender without receiving
 * anything (Telegram over the Bot API, Discord over REST); console subscriptions print here.
 */
import { Readable } from 'node:stream';
import type { DateTime } from 'luxon';
import { instanceIdOf, lookbackSince } from '../src/announce/announcer.js';
import { describeKey } from '../src/announce/key.js';
import { runPass } from '../src/announce/pass.js';
import { systemClock } from '../src/clock.js';
import type { LogFn } from '../src/log.js';
import type { Sender } from '../src/platform.js';
import { openStore } from '../src/store/open.js';
import type { ConsoleConfig } from '../adapters/console/config.js';
import { renderText } from '../adapters/console/render.js';
import { createBot, seedsDir } from './bot.js';
import { loadConfig } from './config.js';
import { loadConsole } from './platforms.js';

export interface AnnounceOptions {
  now?: DateTime;
  dryRun: boolean;
  seeds?: string;
}

const COUNTS = ['planned', 'sent', 'late', 'skipped', 'failed', 'deactivated', 'moved', 'raced', 'resent', 'unknown', 'unroutable'] as const;

export async function announceOnce(options: AnnounceOptions): Promise<number> {
  const config = await loadConfig();
  const log: LogFn = (message, error) => process.stderr.write(`${message}${error ? `: ${error instanceof Error ? error.message : String(error)}` : ''}\n`);
  const { now, dryRun } = options;
  const store = await openStore(process.env);
  try {
    const { core } = createBot({ seeds: seedsDir(options.seeds ?? config.core.seeds), store, log, ...(now ? { now: () => now } : {}) });
    const services = { log, clock: systemClock };
    const terminal = await loadConsole();
    const consoleConfig: ConsoleConfig = { input: Readable.from([]), output: process.stdout };
    const senders: Sender[] = [terminal.createSender(consoleConfig, services), ...config.platforms.map(({ module, config: own }) => module.createSender(own, services))];
    if (config.platforms.length === 0) log('announce: no platform configured; only console subscriptions are posted (here)');

    const at = now ? now.toMillis() : Date.now();
    const last = await store.lastCompletePass();
    const summary = await runPass({
      store,
      core,
      senders: Object.fromEntries(senders.map((s) => [s.platform, s])),
      now: at,
      clock: systemClock,
      instanceId: instanceIdOf(),
      dryRun,
      ...(last !== undefined ? { plan: { lookbackMs: lookbackSince(at, Date.parse(last)) } } : {}),
      log,
    });
    // Never ahead of the wall clock (a pass moved with --now does not hold the next ones back).
    if (!dryRun) await store.recordCompletePass(new Date(Math.min(at, Date.now())).toISOString());
    for (const post of summary.wouldSend) {
      process.stdout.write(`→ ${post.conversation} (${describeKey(post.key)}${post.late ? ', late' : ''})\n${renderText(post.reply)}\n\n`);
    }
    process.stdout.write(`announce${dryRun ? ' (dry run)' : ''}: ${summary.subscriptions} active subscriptions; ${COUNTS.map((k) => `${k} ${summary[k]}`).join(', ')}\n`);
    await Promise.allSettled(senders.map((s) => s.close()));
    return 0;
  } finally {
    await store.close();
  }
}
