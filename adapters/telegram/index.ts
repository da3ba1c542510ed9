/**
 * The Telegram adapter of catalog-bot (grammY). scripts/start.ts starts it when
 * TELEGRAM_BOT_TOKEN is set; scripts/sync-commands.ts publishes the command menu.
 */
export { TelegramAdapter, type TelegramAdapterOptions } from './adapter.js';
export { ALLOWED_UPDATES } from './webhook.js';
export { telegramConfigFromEnv, type TelegramConfig } from './config.js';
export { syncTelegramCommands, commandMenu, commandMenus } from './commands.js';
export { renderReply, escapeHtml, MAX_MESSAGE_CHARS } from './render.js';
export { encodePage, decodePage, CALLBACK_DATA_MAX_BYTES } from './paging.js';
