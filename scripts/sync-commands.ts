/**
 * `npm run sync-commands`: publishes the command menus built from commands/ to each
 * configured platform (Telegram setMyCommands in English and Chinese; Discord slash
 * commands, globally or to DISCORD_GUILD_ID; see app/sync-commands.ts).
 */
import { syncCommands } from '../app/sync-commands.js';
import { runCli } from '../src/cli/args.js';

await runCli(syncCommands);
