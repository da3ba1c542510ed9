/**
 * Fake Telegram Bot API server for end-to-end tests with the real grammY client.
 *
 *   const fake = await FakeTelegramApi.start();             // 127.0.0.1, random port
 *   const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
 *   bot.on('message:text', (ctx) => ctx.reply('hi'));
 *   const running = bot.start({ drop_pending_updates: false });
 *   await fake.waitForCall('getUpdates');                   // the long poll is now held
 *   fake.privateText('hello', { languageCode: 'zh-hans' }); // answers the held poll at once
 *   const sent = await fake.waitForCall('sendMessage');
 *   ...
 *   await bot.stop(); await running;                        // stop the bot FIRST,
 *   await fake.close();                                     // then close the fake
 *
 * Notes
 * - waitForCall hands out each call once (oldest unconsumed match first, past or future)
 *   and resolves when the FAKE has answered; grammY may not have read the answer yet.
 *   To observe the bot's side (its handler finished), wait for the next getUpdates.
 * - getUpdates follows telegram-bot-api: a new long poll makes the one already held
 *   fail with 409 "Conflict: terminated by other getUpdates request; ..." (no 3 s throttle);
 *   updates stay queued until a later offset confirms them; offset < 0 keeps the last -offset.
 * - Update types outside allowed_updates are dropped (default set excludes chat_member,
 *   message_reaction, message_reaction_count) and listed in `droppedUpdates`.
 * - parse_mode HTML is checked by a port of TDLib's parser (same messages, UTF-8 byte
 *   offsets); unescaped `&` is rejected unless `strictHtmlAmpersand: false` (real Telegram
 *   keeps it as text). Markdown/MarkdownV2 are not checked.
 * - Text length is counted in UTF-16 units after parsing and whitespace trimming.
 */
export { FakeTelegramApi } from './server.js';
export {
  DEFAULT_GROUP_ID,
  GROUP_ANONYMOUS_BOT,
  TEST_USERS,
  type InlineAnswer,
} from './state.js';
export { parseTelegramHtml } from './html-check.js';
export { NOT_MODIFIED, QUERY_INVALID } from './methods.js';
export type {
  BotMessageRecord,
  FakeCall,
} from './types.js';
