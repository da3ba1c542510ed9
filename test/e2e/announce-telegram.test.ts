/**
 * Announcements end to end on Telegram: the real grammY receiver and sender against the fake Bot
 * API. Only chat admins (getChatMember, or an anonymous admin) may subscribe; a pass
 * posts once; a kicked bot deactivates the chat; a group upgraded to a supergroup is followed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformModule, telegramConfigFromEnv } from '../../adapters/telegram/index.js';
import { runPass } from '../../src/announce/pass.js';
import { Pacer } from '../../src/announce/pacing.js';
import { createBot } from '../../app/bot.js';
import { systemClock } from '../../src/clock.js';
import type { CatalogServices } from '../../src/engine/services.js';
import { Dispatcher } from '../../src/runtime/dispatcher.js';
import type { Receiver, Sender } from '../../src/platform.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.js';
import { FakeTelegramApi, TEST_USERS } from '../fakes/telegram/index.js';
import { timedCatalog, type Timed } from './announce-helpers.js';

const GROUP = -1001234567890;
const LOST_GROUP = -1001111111111;
const BASIC_GROUP = -4242;
const SUPERGROUP = -1004242424242;

let fake: FakeTelegramApi;
let receiver: Receiver;
let sender: Sender;
let store: SqliteStore;
let core: CatalogServices;
let timed: Timed;

beforeAll(async () => {
  fake = await FakeTelegramApi.start();
  timed = timedCatalog();
  store = openSqliteStore(':memory:');
  const bot = createBot({ seeds: timed.seeds, store, flood: false });
  core = bot.core;
  const config = telegramConfigFromEnv({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot })!;
  const services = { clock: systemClock, log: () => undefined };
  receiver = platformModule.createReceiver(config, services);
  sender = platformModule.createSender(config, services);
  await receiver.start(new Dispatcher(bot.engine).access);
});

afterAll(async () => {
  await receiver?.stop();
  await fake?.close();
  await store?.close();
});

async function say(chatId: number, text: string, opts: Parameters<FakeTelegramApi['groupText']>[1] = {}): Promise<string> {
  const before = fake.messages(chatId).length;
  const update = fake.groupText(text, { chatId, ...opts });
  await fake.waitForCall('getUpdates', (p) => Number(p.offset) > update.update_id);
  return fake
    .messages(chatId)
    .slice(before)
    .map((m) => m.text)
    .join('\n');
}

const pass = (now: number) => runPass({ store, core, senders: { telegram: sender }, now, instanceId: 'e2e', pacer: Pacer.unlimited() });

describe('Telegram subscriptions and announcements', () => {
  it('refuses a plain member, checking getChatMember', async () => {
    const answer = await say(GROUP, '/subscribe cfp 7');
    expect(answer).toMatch(/^Only people who manage this channel or group/);
    expect(fake.callsTo('getChatMember').at(-1)?.payload).toMatchObject({ chat_id: GROUP, user_id: TEST_USERS.en.id });
    expect(await store.subscriptionsOf(`telegram:${GROUP}`)).toEqual([]);
  });

  it('lets an administrator and an anonymous admin subscribe', async () => {
    fake.setChatMember(GROUP, TEST_USERS.en.id, 'administrator');
    expect(await say(GROUP, '/subscribe cfp 7')).toMatch(/^✅ Subscribed \(id \w+\)\.\nWhat: kinds Call for papers/);
    const calls = fake.callsTo('getChatMember').length;
    expect(await say(LOST_GROUP, '/subscribe cfp 7', { anonymousAdmin: true })).toMatch(/^✅ Subscribed/);
    expect(fake.callsTo('getChatMember')).toHaveLength(calls); // sender_chat is the group: no lookup needed
    fake.setChatMember(BASIC_GROUP, TEST_USERS.en.id, 'creator');
    expect(await say(BASIC_GROUP, '/subscribe cfp 7')).toMatch(/^✅ Subscribed/);
  });

  it('posts the due announcement once per chat, deactivates a chat the bot was kicked from, follows a migrated group', async () => {
    fake.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was kicked from the supergroup chat', match: (p) => Number(p.chat_id) === LOST_GROUP });
    fake.failNext('sendMessage', { error_code: 400, parameters: { migrate_to_chat_id: SUPERGROUP }, match: (p) => Number(p.chat_id) === BASIC_GROUP });
    const before = fake.messages(GROUP).length;
    const summary = await pass(timed.sevenDaysBefore);
    expect(summary).toMatchObject({ sent: 2, deactivated: 1, moved: 1, failed: 1 });
    const posted = fake.messages(GROUP).slice(before);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.text).toContain('Deadline reminder: 7 days left');
    expect(posted[0]!.text).toContain('Alpha Conf 征稿');
    expect(posted[0]!.text).toContain('https://alpha.example.org/cfp');
    expect(fake.messages(SUPERGROUP).map((m) => m.text.split('\n')[0])).toEqual(['⏰ Deadline reminder: 7 days left']);
    expect((await store.subscriptionsOf(`telegram:${LOST_GROUP}`))[0]).toMatchObject({ active: false });
    expect(await store.subscriptionsOf(`telegram:${SUPERGROUP}`)).toHaveLength(1);

    // The next pass (and a second instance's) sends nothing again.
    const again = await pass(timed.sevenDaysBefore + 60_000);
    expect(again.sent).toBe(0);
    expect(fake.messages(GROUP).slice(before)).toHaveLength(1);
  });

  it('stops after /unsubscribe all', async () => {
    expect(await say(GROUP, '/unsubscribe all')).toBe('Removed all 1 subscription of this channel.');
    expect(await say(GROUP, '/subscriptions')).toBe('This channel has no subscriptions. Use /subscribe to get deadline reminders.');
  });
});
