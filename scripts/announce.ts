/**
 * `npm run announce -- [--now ISO] [--dry-run] [--seeds DIR]`: one announcement pass,
 * then exit (cron deployments, and checking what would be sent).
 *
 * Opens the store (openStore: DATABASE_URL or the SQLite file), builds the bot, and sends
 * through the configured platforms without receiving anything: Telegram over the Bot API
 * (no polling), Discord over REST (no gateway session). Subscriptions made in the console
 * print here. `--dry-run` claims nothing and prints every post that would go out.
 * Prints a one-line summary; exits 0 (transient failures are retried by the next pass).
 * `--now` moves the pass in time; posts due before a subscription was made are never planned.
 * The pass looks back since the last complete pass recorded in the store + 1 day (14 days when
 * none is), and a pass that is not a dry run records itself (see DESIGN.md, Announcements).
 */
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { ConsoleAdapter } from '../adapters/console/console-adapter.js';
import { renderText } from '../adapters/console/render.js';
import { DiscordRestSender } from '../adapters/discord/rest-sender.js';
import { TelegramAdapter } from '../adapters/telegram/index.js';
import type { Adapter } from '../src/adapter.js';
import { instanceIdOf, lookbackSince } from '../src/announce/announcer.js';
import { describeKey } from '../src/announce/key.js';
import { runPass } from '../src/announce/pass.js';
import { createBot, seedsDir } from '../src/app.js';
import { CliError, runCli } from '../src/cli/args.js';
import { loadConfig } from '../src/config/env.js';
import { openStore } from '../src/store/open.js';

await runCli(async () => {
  let values;
  try {
    values = parseArgs({
      args: process.argv.slice(2),
      options: { now: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, seeds: { type: 'string' } },
    }).values;
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  let now: DateTime | undefined;
  if (values.now !== undefined) {
    now = DateTime.fromISO(values.now, { setZone: true });
    if (!now.isValid) throw new CliError(`--now expects an ISO-8601 time such as 2026-05-20T09:00:00+08:00, got "${values.now}"`);
  }
  const config = loadConfig();
  const log = (message: string, error?: unknown) =>
    process.stderr.write(`${message}${error ? `: ${error instanceof Error ? error.message : String(error)}` : ''}\n`);
  const dryRun = values['dry-run'] ?? false;

  const store = await openStore(process.env);
  try {
    const fixed = now;
    const { core } = createBot({ seeds: seedsDir(values.seeds ?? config.seeds), store, log, ...(fixed ? { now: () => fixed } : {}) });
    const adapters: Adapter[] = [new ConsoleAdapter({ input: Readable.from([]), output: process.stdout })];
    if (config.telegram) adapters.push(new TelegramAdapter(config.telegram, core, { log }));
    if (config.discord) adapters.push(new DiscordRestSender(config.discord));
    if (!config.telegram && !config.discord) log('announce: no platform configured; only console subscriptions are posted (here)');

    const at = now ? now.toMillis() : Date.now();
    const last = await store.lastCompletePass();
    const summary = await runPass({
      store,
      core,
      adapters: Object.fromEntries(adapters.map((a) => [a.platform, a])),
      now: at,
      clock: Date.now,
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
    const counts = ['planned', 'sent', 'late', 'skipped', 'failed', 'deactivated', 'moved', 'raced', 'resent', 'unknown', 'unroutable'] as const;
    process.stdout.write(
      `announce${dryRun ? ' (dry run)' : ''}: ${summary.subscriptions} active subscriptions; ${counts.map((k) => `${k} ${summary[k]}`).join(', ')}\n`,
    );
    await Promise.allSettled(adapters.map((a) => a.stop()));
    return 0;
  } finally {
    await store.close();
  }
});
