/**
 * The Discord adapter (discord.js): slash commands generated from commands/,
 * autocomplete, embeds with Discord timestamps, link and paging buttons.
 *
 *   const config = discordConfigFromEnv(process.env);   // undefined without DISCORD_TOKEN
 *   if (config) await new DiscordAdapter(config, core, { log }).start((r) => core.respond(r));
 *   await syncDiscordCommands(config, COMMANDS);          // `npm run sync-commands`
 */
export { DiscordAdapter, type DiscordAdapterOptions } from './adapter.js';
export { DiscordRestSender } from './rest-sender.js';
export { discordConfigFromEnv, type DiscordConfig } from './config.js';
export { slashCommands } from './commands.js';
export { decodePageId, encodePageId } from './components.js';
export { composeReply, plainText, type OutgoingMessage } from './messages.js';
export { parseItemTitle } from './embeds.js';
export { syncDiscordCommands } from './sync.js';
