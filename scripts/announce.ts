/**
 * `npm run announce -- [--now ISO] [--dry-run] [--seeds DIR]`: one announcement pass,
 * then exit (cron deployments, and checking what would be sent).
 *
 * Opens the store (openStore: DATABASE_URL or the SQLite file), builds the bot, and sends
 * through each configured platform module's sender (app/announce.ts). Subscriptions made in
 * the console print here. `--dry-run` claims nothing and prints every post that would go out.
 * Prints a one-line summary; exits 0 (transient failures are retried by the next pass).
 * `--now` moves the pass in time; posts due before a subscription was made are never planned.
 * The pass looks back since the last complete pass recorded in the store + 1 day (14 days when
 * none is), and a pass that is not a dry run records itself (see DESIGN.md, Announcements).
 */
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { announceOnce } from '../app/announce.js';
import { CliError, parseOrCliError, runCli } from '../src/cli/args.js';

await runCli(async () => {
  const { values } = parseOrCliError(() =>
    parseArgs({
      args: process.argv.slice(2),
      options: { now: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, seeds: { type: 'string' } },
    }),
  );
  let now: DateTime | undefined;
  if (values.now !== undefined) {
    now = DateTime.fromISO(values.now, { setZone: true });
    if (!now.isValid) throw new CliError(`--now expects an ISO-8601 time such as 2026-05-20T09:00:00+08:00, got "${values.now}"`);
  }
  return announceOnce({ dryRun: values['dry-run'] ?? false, ...(now ? { now } : {}), ...(values.seeds ? { seeds: values.seeds } : {}) });
});
