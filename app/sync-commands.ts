/**
 * `npm run sync-commands`: each configured platform module publishes the command menus
 * built from commands/ (an explicit step, never run on start). What a module reports
 * (a menu already up to date) goes to stdout, failures to stderr.
 */
import { COMMANDS } from '../commands/index.js';
import { CliError } from '../src/cli/args.js';
import { systemClock } from '../src/clock.js';
import type { LogFn } from '../src/log.js';
import { loadConfig } from './config.js';

export async function syncCommands(): Promise<number> {
  const { platforms } = await loadConfig();
  if (platforms.length === 0) {
    throw new CliError('nothing to sync: set TELEGRAM_BOT_TOKEN and/or DISCORD_TOKEN with DISCORD_APPLICATION_ID');
  }
  let failed = false;
  for (const { module, config } of platforms) {
    const log: LogFn = (message, error) =>
      error === undefined ? process.stdout.write(`${message}\n`) : process.stderr.write(`${message}: ${(error as Error).message ?? String(error)}\n`);
    try {
      await module.publishCommands(config, COMMANDS, { log, clock: systemClock });
      process.stdout.write(`${module.name}: the menus hold the ${COMMANDS.length} commands\n`);
    } catch (error) {
      failed = true;
      process.stderr.write(`${module.name}: sync failed: ${(error as Error).message}\n`);
    }
  }
  return failed ? 1 : 0;
}
