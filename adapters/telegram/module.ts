/**
 * The Telegram platform module: its settings, rates, addresses and words, and the
 * sender, receiver and command menu built from them. The composition root registers it.
 */
import type { PlatformModule } from '../../src/platform.js';
import { telegramAddress } from './address.js';
import { publishCommandMenus } from './commands.js';
import { telegramConfigFromEnv, telegramConfigSchema, telegramSecrets, type TelegramConfig } from './config.js';
import { telegramLimits } from './limits.js';
import { TelegramReceiver } from './receiver.js';
import { TelegramSender, telegramApi } from './sender.js';

export const platformModule: PlatformModule<TelegramConfig> = {
  name: 'telegram',
  config: { schema: telegramConfigSchema, fromEnv: telegramConfigFromEnv, secrets: telegramSecrets },
  limits: telegramLimits,
  address: telegramAddress,
  words: {
    manager: {
      en: 'on Telegram, the group’s owner or an administrator',
      zh: 'Telegram 上为群主或管理员',
    },
  },
  createSender: (config, services) => new TelegramSender(telegramApi(config, services)),
  createReceiver: (config, services) => new TelegramReceiver(config, services),
  publishCommands: (config, commands, services) => publishCommandMenus(telegramApi(config, services), commands),
};
