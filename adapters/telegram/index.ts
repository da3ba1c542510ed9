/** The Telegram platform module of catalog-bot (grammY); the composition root registers it. */
export { platformModule } from './module.js';
export { TelegramReceiver } from './receiver.js';
export { telegramConfigFromEnv, type TelegramConfig } from './config.js';
