/**
 * `npm run sync-commands`: publishes the command menus built from commands/ to each
 * configured platform (Telegram setMyCommands in English and Chinese; Discord slash
 * commands, globally or to DISCORD_GUILD_ID). An explicit step, never run on start.
 * Discord is left untouched when its commands are already up to date.
 */
import { COMMANDS } from '../commands/index.js';
import { syncDiscordCommands } from '../adapters/discord/index.js';
import { syncTelegramCommands } from '../adapters/telegram/index.js';
import { loadConfig } from '../src/config/env.js';
import { CliError, runCli } from '../src/cli/args.js';

await runCli(async () => {
  const { telegram, discord } = loadConfig();
  if (!telegram && !discord) {
    throw new CliError('nothing to sync: set TELEGRAM_BOT_TOKEN and/or DISCORD_TOKEN with DISCORD_APPLICATION_ID');
  }
  let failed = false;
  if (telegram) {
    try {
      await syncTelegramCommands(telegram, COMMANDS);
      process.stdout.write(`telegram: published ${COMMANDS.length} commands (English and Chinese menus)\n`);
    } catch (error) {
      failed = true;
      process.stderr.write(`telegram: sync failed: ${(error as Error).message}\n`);
    }
  }
  if (discord) {
    try {
      const { changed, scope } = await syncDiscordCommands(discord, COMMANDS);
      const where = scope === 'global' ? 'globally' : `to guild ${scope}`;
      process.stdout.write(changed ? `discord: registered ${COMMANDS.length} commands ${where}\n` : `discord: commands ${where} already up to date, nothing changed\n`);
    } catch (error) {
      failed = true;
      process.stderr.write(`discord: sync failed: ${(error as Error).message}\n`);
    }
  }
  return failed ? 1 : 0;
});
