/**
 * Personal settings, follows and reminders on Telegram end to end: the module's real grammY
 * receiver and sender against the fake Bot API, the real engine and SQLite store, passes at
 * fixed instants of a fake clock. /settings sets the zone used by the next reply; a follow is
 * reminded once per lead in the private chat (early ones silent), also across a restart; the
 * reminder's buttons change what comes next ("remind me tomorrow" adds the next day's); a
 * person who never started the bot gets the deep link; a deadline moved by a catalog reload is
 * told once by the announcer's next pass.
 */
import type { InlineKeyboardButton, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformModule, telegramConfigFromEnv, type TelegramReceiver } from '../../adapters/telegram/index.js';
import { startAnnouncer } from '../../src/announce/announcer.js';
import { systemClock } from '../../src/clock.js';
import type { Engine } from '../../src/engine/engine.js';
import { Dispatcher } from '../../src/runtime/dispatcher.js';
import type { Sender } from '../../src/platform.js';
import type { SqliteStore } from '../../src/store/sqlite.js';
import { FakeTelegramApi, type BotMessageRecord } from '../fakes/telegram/index.js';
import { ALPHA, BEIJING_LEADS, Clock, DAY, TOKYO_LEADS, fileStore, justBefore, moveAlpha, pass, personalBot, raceAtLeads, seeds, tempDb } from './personal-helpers.js';

const GROUP = -1001234567890;
const user = (id: number, first_name: string): User => ({ id, is_bot: false, first_name, language_code: 'en' });
const AMY = user(7100001, 'Amy');
const BEN = user(7100002, 'Ben');
const CAT = user(7100003, 'Cat');
const DAN = user(7100004, 'Dan');
const EVE = user(7100005, 'Eve');
const FAY = user(7100006, 'Fay');
const GUS = user(7100007, 'Gus');

let fake: FakeTelegramApi;
let receiver: TelegramReceiver;
let sender: Sender;
let clock: Clock;
let file: string;
let dir: string;
let store: SqliteStore;
let engine: Engine;

async function startReceiver(): Promise<void> {
  const config = telegramConfigFromEnv({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot })!;
  const services = { clock: systemClock, log: () => undefined };
  receiver = platformModule.createReceiver(config, services) as TelegramReceiver;
  sender ??= platformModule.createSender(config, services);
  await receiver.start(new Dispatcher(engine).access);
}

beforeAll(async () => {
  fake = await FakeTelegramApi.start();
  clock = new Clock('2027-02-20T10:00:00+08:00');
  file = tempDb();
  dir = seeds();
  store = fileStore(file, clock);
  engine = personalBot(clock, store, dir);
  await startReceiver();
});

afterAll(async () => {
  await receiver?.stop();
  await sender?.close();
  await fake?.close();
  await store?.close();
});

/** Pushes an update, waits until the bot has handled it, returns what it sent to `chatId`. */
async function exchange(chatId: number, push: () => { update_id: number }): Promise<BotMessageRecord[]> {
  const before = fake.messages(chatId).length;
  const update = push();
  await fake.waitForCall('getUpdates', (p) => Number(p.offset) > update.update_id);
  return fake.messages(chatId).slice(before);
}
const privately = (from: User, text: string) => exchange(from.id, () => fake.privateText(text, { from }));
const keyboard = (r: BotMessageRecord | undefined) => (r?.message.reply_markup?.inline_keyboard ?? []) as InlineKeyboardButton[][];
const buttons = (r: BotMessageRecord | undefined) => keyboard(r).flat();

/** A pass at `iso` through the Telegram sender; returns the new messages in each person's chat. */
async function passAt(iso: string, people: User[]): Promise<Map<number, BotMessageRecord[]>> {
  const before = new Map(people.map((p) => [p.id, fake.messages(p.id).length]));
  clock.set(iso);
  await pass(engine, store, { telegram: sender }, clock);
  return new Map(people.map((p) => [p.id, fake.messages(p.id).slice(before.get(p.id))]));
}
const heading = (r: BotMessageRecord) => r.text.split('\n')[0];
const silentOf = (r: BotMessageRecord) =>
  fake
    .callsTo('sendMessage')
    .find(
      (c) => (c.response as { result?: { message_id?: number; chat?: { id?: number } } } | undefined)?.result?.message_id === r.messageId && Number(c.payload.chat_id) === r.chatId,
    )?.payload.disable_notification === true;

describe('personal settings, follows and reminders on Telegram (fake Bot API)', () => {
  it('/settings Tokyo in the private chat is stored, and the next /deadline shows Tokyo time next to the source zone and Beijing time', async () => {
    const set = await privately(AMY, '/settings Tokyo');
    expect(set.map((m) => m.text).join('\n')).toMatch(/Asia\/Tokyo/);
    expect(await store.settingsOf(`telegram:${AMY.id}`)).toMatchObject({ zone: 'Asia/Tokyo' });
    const [answer] = await privately(AMY, '/deadline Alpha Conf');
    expect(answer!.text).toContain('Deadline: 2027-03-11 00:59 Tokyo (UTC+9) = 2027-03-10 23:59 UTC+8 (Beijing time)');
    // Its "remind me" button is there, under the item.
    expect(buttons(answer).map((b) => b.text)).toContain('Remind me');
  });

  it('a follow is reminded at 7, 1 and 0 days in Tokyo, once each in the private chat (early ones silent), also after a restart', async () => {
    const [followed] = await privately(AMY, '/follow Alpha Conf');
    expect(followed!.text).toContain('Following "Alpha Conf 2027 征稿"');
    expect(followed!.text).toContain('at 09:00 Asia/Tokyo');

    expect((await passAt(justBefore(TOKYO_LEADS.seven), [AMY])).get(AMY.id)).toEqual([]);
    const seven = (await passAt(TOKYO_LEADS.seven, [AMY])).get(AMY.id)!;
    expect(seven.map(heading)).toEqual(['⏰ Deadline reminder: 7 days left']);
    expect(seven[0]!.chatId).toBe(AMY.id);
    expect(silentOf(seven[0]!)).toBe(true);
    expect(buttons(seven[0]).map((b) => b.text)).toEqual(['Remind me tomorrow', 'Only on the last day', 'Stop for this item']);
    // The same pass again sends nothing.
    expect((await passAt(TOKYO_LEADS.seven, [AMY])).get(AMY.id)).toEqual([]);

    // A restart: a new store and engine on the same database file.
    await receiver.stop();
    await store.close();
    store = fileStore(file, clock);
    engine = personalBot(clock, store, dir);
    await startReceiver();
    expect((await passAt(TOKYO_LEADS.seven, [AMY])).get(AMY.id)).toEqual([]);

    expect((await passAt(justBefore(TOKYO_LEADS.one), [AMY])).get(AMY.id)).toEqual([]);
    const one = (await passAt(TOKYO_LEADS.one, [AMY])).get(AMY.id)!;
    expect(one.map(heading)).toEqual(['⏰ Deadline reminder: 1 day left']);
    expect(silentOf(one[0]!)).toBe(true);
    expect((await passAt(TOKYO_LEADS.one, [AMY])).get(AMY.id)).toEqual([]);
    // The last one rings, an hour before the deadline (09:00 of the last Tokyo day would be after it).
    expect((await passAt(justBefore(TOKYO_LEADS.zero), [AMY])).get(AMY.id)).toEqual([]);
    const zero = (await passAt(TOKYO_LEADS.zero, [AMY])).get(AMY.id)!;
    expect(zero.map(heading)).toEqual(['⏰ Closes today']);
    expect(silentOf(zero[0]!)).toBe(false);
    expect((await passAt(TOKYO_LEADS.zero, [AMY])).get(AMY.id)).toEqual([]);
    expect(fake.messages(AMY.id).filter((m) => m.text.startsWith('⏰'))).toHaveLength(3);
  });

  it('"only on the last day" and "stop", pressed under a reminder, change what the next passes send', async () => {
    clock.set('2027-02-21T10:00:00+08:00');
    for (const who of [BEN, CAT]) expect((await privately(who, '/follow Alpha Conf'))[0]!.text).toContain('at 09:00 Asia/Shanghai');
    const seven = await passAt(BEIJING_LEADS.seven, [BEN, CAT]);
    for (const who of [BEN, CAT]) expect(seven.get(who.id)!.map(heading)).toEqual(['⏰ Deadline reminder: 7 days left']);
    const press = (who: User, label: string) => {
      const reminder = seven.get(who.id)![0]!;
      const button = buttons(reminder).find((b) => b.text === label) as { callback_data?: string } | undefined;
      expect(button?.callback_data, label).toBeTruthy();
      return exchange(who.id, () => fake.callback(button!.callback_data!, { message: reminder, from: who }));
    };
    expect((await press(BEN, 'Only on the last day')).map((m) => m.text)).toEqual(['OK, I will remind you of "Alpha Conf 2027 征稿" only on the last day.']);
    expect((await press(CAT, 'Stop for this item')).map((m) => m.text)).toEqual(['OK, no more reminders for "Alpha Conf 2027 征稿".']);
    expect((await store.subscriptionsOf(`telegram:${BEN.id}`)).map((s) => s.leads)).toEqual([[0]]);
    expect(await store.subscriptionsOf(`telegram:${CAT.id}`)).toEqual([]);

    const one = await passAt(BEIJING_LEADS.one, [BEN, CAT]);
    expect([one.get(BEN.id), one.get(CAT.id)]).toEqual([[], []]);
    const zero = await passAt(BEIJING_LEADS.zero, [BEN, CAT]);
    expect(zero.get(BEN.id)!.map(heading)).toEqual(['⏰ Closes today']);
    expect(silentOf(zero.get(BEN.id)![0]!)).toBe(false);
    expect(zero.get(CAT.id)).toEqual([]);
    expect((await passAt(BEIJING_LEADS.zero, [BEN, CAT])).get(BEN.id)).toEqual([]);
  });

  it('a person who never started the bot: the refused reminder pauses the follow; following again in a group offers the deep link', async () => {
    clock.set('2027-02-22T10:00:00+08:00');
    const inGroup = () => exchange(GROUP, () => fake.groupText('/follow Alpha Conf', { chatId: GROUP, from: DAN }));
    const [first] = await inGroup();
    expect(first!.text).toContain('open a private chat with me first');
    const link = { text: 'Open a private chat', url: `https://t.me/${fake.botInfo.username}?start=follow_${ALPHA}` };
    expect(buttons(first)).toContainEqual(link);
    expect((await store.subscriptionsOf(`telegram:${DAN.id}`)).map((s) => s.active)).toEqual([true]);

    fake.failNext('sendMessage', { error_code: 403, description: "Forbidden: bot can't initiate conversation with a user", match: (p) => Number(p.chat_id) === DAN.id });
    const refused = fake.callsTo('sendMessage').length;
    expect((await passAt(BEIJING_LEADS.seven, [DAN])).get(DAN.id)).toEqual([]);
    const tried = fake
      .callsTo('sendMessage')
      .slice(refused)
      .filter((c) => Number(c.payload.chat_id) === DAN.id);
    expect(tried.map((c) => c.status)).toEqual([403]);
    expect((await store.subscriptionsOf(`telegram:${DAN.id}`)).map((s) => s.active)).toEqual([false]);
    // Paused: the next lead is not tried.
    expect((await passAt(BEIJING_LEADS.one, [DAN])).get(DAN.id)).toEqual([]);
    expect(
      fake
        .callsTo('sendMessage')
        .slice(refused)
        .filter((c) => Number(c.payload.chat_id) === DAN.id),
    ).toHaveLength(1);

    const [again] = await inGroup();
    expect(again!.text.split('\n')[0]).toBe('✅ Following "Alpha Conf 2027 征稿".');
    expect(again!.text).toContain('open a private chat with me first');
    expect(buttons(again)).toContainEqual(link);
    expect((await store.subscriptionsOf(`telegram:${DAN.id}`)).map((s) => s.active)).toEqual([true]);
  });

  it('two instances racing on one database send each reminder to the private chat once', async () => {
    clock.set('2027-02-23T10:00:00+08:00');
    expect((await privately(EVE, '/follow Alpha Conf'))[0]!.text).toContain('Following');
    await raceAtLeads({ engine, store }, file, dir, { telegram: sender }, clock, (raced) => expect(raced).toBeGreaterThanOrEqual(1));
    expect(
      fake
        .messages(EVE.id)
        .filter((m) => m.text.startsWith('⏰'))
        .map(heading),
    ).toEqual(['⏰ Deadline reminder: 7 days left', '⏰ Deadline reminder: 1 day left', '⏰ Closes today']);
    expect(fake.callsTo('sendMessage').filter((c) => Number(c.payload.chat_id) === EVE.id && c.payload.disable_notification === true)).toHaveLength(2);
  });
  it('a followed deadline moved by a catalog reload: the announcer\'s next pass sends one "deadline changed" to the private chat, the ones after nothing', async () => {
    // Eve was reminded of the old date (last: "closes today" at 2027-03-10 09:00 Beijing).
    clock.set('2027-03-10T12:00:00+08:00');
    // The long-running announcer (its timers never fire on the fake clock: passes by runNow).
    const announcer = startAnnouncer({ store, core: engine.services, senders: [sender], clock, intervalMs: 1000 * DAY, firstDelayMs: 1000 * DAY, log: () => undefined });
    try {
      const start = fake.messages(EVE.id).length;
      await announcer.runNow(); // the old catalog: nothing due
      expect(fake.messages(EVE.id).slice(start)).toEqual([]);
      expect([...moveAlpha(engine, dir, '2027-04-30 23:59')]).toEqual([ALPHA]);
      clock.set('2027-03-10T12:05:00+08:00');
      const before = fake.messages(EVE.id).length;
      await announcer.runNow();
      const changed = fake.messages(EVE.id).slice(before);
      expect(changed.map(heading)).toEqual(['📅 Deadline changed: was 2027-03-10 23:59 Beijing time, now 2027-04-30 23:59 Beijing time']);
      expect(changed[0]!.chatId).toBe(EVE.id);
      const after = fake.messages(EVE.id).length;
      for (const iso of ['2027-03-10T12:10:00+08:00', '2027-03-11T12:10:00+08:00']) {
        clock.set(iso);
        await announcer.runNow();
      }
      expect(fake.messages(EVE.id).slice(after)).toEqual([]);
    } finally {
      await announcer.stop();
    }
    expect(fake.messages(EVE.id).filter((m) => m.text.startsWith('📅'))).toHaveLength(1);
  });

  it('"remind me tomorrow" pressed under a reminder: the next day at 09:00 brings a reminder the follow would not have had', async () => {
    clock.set('2027-03-11T10:00:00+08:00');
    for (const who of [FAY, GUS]) expect((await privately(who, '/follow Alpha Conf'))[0]!.text).toContain('at 09:00 Asia/Shanghai');
    const seven = await passAt('2027-04-23T09:00:00+08:00', [FAY, GUS]);
    for (const who of [FAY, GUS]) expect(seven.get(who.id)!.map(heading)).toEqual(['⏰ Deadline reminder: 7 days left']);
    const reminder = seven.get(FAY.id)![0]!;
    const button = buttons(reminder).find((b) => b.text === 'Remind me tomorrow') as { callback_data?: string } | undefined;
    expect(button?.callback_data).toBeTruthy();
    const answer = await exchange(FAY.id, () => fake.callback(button!.callback_data!, { message: reminder, from: FAY }));
    expect(answer.map((m) => m.text)).toEqual(['OK, I will remind you of "Alpha Conf 2027 征稿" again tomorrow (2027-04-24 09:00 Asia/Shanghai).']);
    expect((await store.subscriptionsOf(`telegram:${FAY.id}`)).map((s) => s.leads)).toEqual([[7, 6, 1, 0]]);

    const early = await passAt(justBefore('2027-04-24T09:00:00+08:00'), [FAY, GUS]);
    expect([early.get(FAY.id), early.get(GUS.id)]).toEqual([[], []]);
    const next = await passAt('2027-04-24T09:00:00+08:00', [FAY, GUS]);
    expect(next.get(FAY.id)!.map(heading)).toEqual(['⏰ Deadline reminder: 6 days left']);
    expect(next.get(GUS.id)).toEqual([]);
    expect((await passAt('2027-04-24T09:00:00+08:00', [FAY, GUS])).get(FAY.id)).toEqual([]);
  });
});
