/**
 * Discord as a platform module: slash commands, autocomplete, embeds with Discord
 * timestamps, link and page buttons. The composition root registers it:
 *
 *   const config = platformModule.config.fromEnv(process.env);   // undefined without DISCORD_TOKEN
 *   platformModule.createReceiver(config, services).start(engine);
 *   platformModule.createSender(config, services).send('discord:<channel id>', reply);
 *   await platformModule.publishCommands(config, COMMANDS, services); // `npm run sync-commands`
 */
import type { PlatformModule } from '../../src/platform.js';
import { discordAddress } from './address.js';
import { discordConfigFromEnv, discordConfigSchema, type DiscordConfig } from './config.js';
import { PLATFORM_LIMITS } from './limits.js';
import { DiscordReceiver } from './receiver.js';
import { DiscordSender } from './sender.js';
import { syncDiscordCommands } from './sync.js';

export const platformModule: PlatformModule<DiscordConfig> = {
  name: 'discord',
  config: { schema: discordConfigSchema, fromEnv: discordConfigFromEnv, secrets: (config) => [config.token] },
  limits: PLATFORM_LIMITS,
  address: discordAddress,
  words: { manager: { en: 'a Discord member with Manage Server', zh: '拥有「管理服务器」权限的 Discord 成员' } },
  createSender: (config) => new DiscordSender(config),
  createReceiver: (config, services) => new DiscordReceiver(config, services),
  publishCommands: async (config, commands, { log }) => {
    const { changed, scope } = await syncDiscordCommands(config, commands);
    log(`discord: ${changed ? 'registered' : 'unchanged'}: the slash commands (${scope})`);
  },
};
