/** The console as a platform module: a chat in this terminal, and its announcements. */
import type { PlatformModule } from '../../src/platform.js';
import { consoleConfigFromEnv, consoleConfigSchema, type ConsoleConfig } from './config.js';
import { CONSOLE_CODEC, CONSOLE_LIMITS } from './limits.js';
import { ConsoleReceiver } from './receiver.js';
import { ConsoleSender } from './sender.js';

export const platformModule: PlatformModule<ConsoleConfig> = {
  name: 'console',
  config: {
    get schema() {
      return consoleConfigSchema();
    },
    fromEnv: consoleConfigFromEnv,
    secrets: () => [],
  },
  limits: CONSOLE_LIMITS,
  address: CONSOLE_CODEC,
  words: { manager: { zh: '使用本终端的人', en: 'the user of this terminal' } },
  createSender: (config) => new ConsoleSender(config.output),
  createReceiver: (config) => new ConsoleReceiver(config),
  // The console's menu is /help, built from the declarations on every ask.
  publishCommands: async () => {},
};
