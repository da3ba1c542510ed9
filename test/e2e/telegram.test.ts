/**
 * End to end: the Telegram module's real grammY receiver and sender against the fake
 * Bot API on 127.0.0.1 (TELEGRAM_API_ROOT-style apiRoot), over real HTTP, with the
 * engine. Each exchange pushes an update and waits for the bot's next long poll, which
 * it only sends once the update has been handled — no sleeps.
 */
import { titlesOfHtml } from '../fakes/telegram/titles.js';
import type { Update, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformModule, telegramConfigFromEnv, type TelegramConfig, type TelegramReceiver } from '../../adapters/telegram/index.js';
import { COMMANDS } from '../../commands/index.js';
import type { Lang, Reply } from '../../src/bot/reply.js';
import { systemClock, type Clock } from '../../src/clock.js';
import { loadSearchableCatalog } from '../../src/catalog/searchable.js';
import { Engine } from '../../src/engine/engine.js';
import { encodeSelf } from '../../src/engine/page-token.js';
import type { InboundEvent } from '../../src/engine/types.js';
import type { EngineAccess } from '../../src/engine/access.js';
import { Dispatcher } from '../../src/runtime/dispatcher.js';
import type { PlatformServices, Rate, Sender } from '../../src/platform.js';
import { FakeClock } from '../fake-clock.js';
import { FakeTelegramApi, TEST_USERS, type BotMessageRecord, type FakeCall, type InlineAnswer } from '../fakes/telegram/index.js';
import { at, makeEngine, SEEDS, seedDir } from '../helpers.js';

const GROUP = -1001234567890;
const OTHER_GROUP = -1009876543210;

interface Running {
  fake: FakeTelegramApi;
  engine: Engine;
  receiver: TelegramReceiver;
  sender: Sender;
  services: PlatformServices;
  config: TelegramConfig;
  logs: string[];
  /** Pushes an update, waits until the bot has handled it, returns what it sent to `chatId`. */
  exchange(chatId: number, push: () => Update): Promise<BotMessageRecord[]>;
  close(): Promise<void>;
}

const running: Running[] = [];

async function startBot(
  options: {
    seeds?: string;
    flood?: Rate;
    clock?: Clock;
    /** Wraps the engine the receiver is started with. */
    wrap?: (engine: EngineAccess) => EngineAccess;
    /** Give the receiver the getMe answer up front. */
    knownBotInfo?: boolean;
  } = {},
): Promise<Running> {
  const fake = await FakeTelegramApi.start();
  const now = at('2026-11-23T12:00:00+08:00');
  const { catalog, search } = loadSearchableCatalog(options.seeds ?? SEEDS);
  const engine = new Engine({ catalog, search, commands: COMMANDS, now: () => now, flood: options.flood ?? false, ...(options.clock ? { clock: options.clock } : {}) });
  // The way the composition root configures it: TELEGRAM_API_ROOT points grammY at the fake.
  const config = telegramConfigFromEnv({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: `${fake.apiRoot}/` })!;
  expect(config).toEqual({ token: fake.token, apiRoot: fake.apiRoot });
  const logs: string[] = [];
  const services: PlatformServices = {
    clock: systemClock,
    log: (message, error) => logs.push(`${message}${error ? `: ${error instanceof Error ? error.message : String(error)}` : ''}`),
  };
  const receiver = platformModule.createReceiver(config, services) as TelegramReceiver;
  if (options.knownBotInfo) receiver.bot.botInfo = fake.botInfo;
  const access = new Dispatcher(engine).access;
  await receiver.start(options.wrap ? options.wrap(access) : access);
  let closed = false;
  const r: Running = {
    fake,
    engine,
    receiver,
    sender: platformModule.createSender(config, services),
    services,
    config,
    logs,
    exchange: async (chatId, push) => {
      const before = fake.messages(chatId).length;
      const update = push();
      await fake.waitForCall('getUpdates', (p) => Number(p.offset) > update.update_id);
      return fake.messages(chatId).slice(before);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await receiver.stop();
      await fake.close();
    },
  };
  running.push(r);
  return r;
}

afterAll(async () => {
  for (const r of running.splice(0)) await r.close();
});

const EN: User = TEST_USERS.en; // language_code "en"
const ZH: User = TEST_USERS.zh; // language_code "zh-hans"
const userFor = (lang: Lang): User => (lang === 'zh' ? ZH : EN);

function titlesOf(records: readonly BotMessageRecord[]): string[] {
  return records.flatMap((r) => titlesOfHtml(r.rawText));
}

function visible(records: readonly BotMessageRecord[]): string {
  return records.map((r) => r.text).join('\n\n');
}

function buttons(record: BotMessageRecord | undefined): Array<{ text: string; data: string }> {
  const rows = record?.message.reply_markup?.inline_keyboard ?? [];
  return rows.flat().flatMap((b) => ('callback_data' in b && b.callback_data ? [{ text: b.text, data: b.callback_data }] : []));
}

let references = 0;
/** The engine's reply to an event from a fresh private chat: what the platform must show. */
async function reference(engine: EngineAccess, event: InboundEvent, locale: Lang): Promise<Reply> {
  const actor = { id: 'reference', locale, canManage: async () => true };
  const outcome = await engine.handle(event, actor, { address: `reference:${references++}`, platform: 'reference', group: false, pageTokenBytes: 1024 });
  if (outcome.type !== 'reply') throw new Error(`the reference answer is ${outcome.type}`);
  return outcome.reply;
}
const said = (t: string): InboundEvent => ({ type: 'text', text: t });
const invoked = (name: string, args: Record<string, string | undefined>): InboundEvent => ({ type: 'command', name, args });
/** Page `page` of a command's answer, by a self-contained token. */
const pageOf = (name: string, args: Record<string, string | undefined>, page: number): InboundEvent => ({ type: 'page', token: encodeSelf({ command: name, args }, page, 1024)! });

function refTitles(reply: Reply | undefined): string[] {
  return reply?.items.map((i) => i.title) ?? [];
}

const sendsTo = (fake: FakeTelegramApi, chatId: number): FakeCall[] => fake.callsTo('sendMessage').filter((c) => Number(c.payload.chat_id) === chatId);

describe('Telegram adapter on the fake Bot API (long polling)', () => {
  let t: Running;
  beforeAll(async () => {
    t = await startBot({
      wrap: (engine) => ({
        commands: () => engine.commands(),
        handle: (event, actor, place) => {
          if ((event.type === 'text' && event.text === 'boom please') || (event.type === 'page' && event.token.endsWith('boom please'))) {
            throw new Error('dispatch exploded');
          }
          return engine.handle(event, actor, place);
        },
      }),
    });
  });

  it('connected the way grammY does: getMe, deleteWebhook, then a held long poll for the three update types', async () => {
    const first = await t.fake.waitForCall('getUpdates', (p) => Number(p.offset) === 1);
    expect(t.fake.callsTo('getMe')).toHaveLength(1);
    expect(first.payload).toMatchObject({ timeout: 30, allowed_updates: ['message', 'callback_query', 'inline_query'] });
    expect(t.fake.callsTo('setWebhook')).toHaveLength(0);
  });

  it('answers each command in English and Chinese, by language_code', async () => {
    for (const command of COMMANDS.filter((c) => !c.requires?.includes('manage'))) {
      for (const lang of ['en', 'zh'] as const) {
        const user = userFor(lang);
        const query = command.options.some((o) => o.required) ? (lang === 'zh' ? '病理' : 'pathology') : undefined;
        const text = `/${command.name}${query ? ` ${query}` : ''}`;
        let update!: Update;
        const sent = await t.exchange(user.id, () => (update = t.fake.privateText(text, { from: user })));
        const label = `${text} (${lang})`;
        expect(sent.length, label).toBeGreaterThan(0);
        const ref = await reference(t.engine, invoked(command.name, { query }), lang);
        expect(titlesOf(sent), label).toEqual(refTitles(ref));
        expect(visible(sent), label).toContain(ref.text[0]!);
        if (lang === 'zh') expect(visible(sent), label).toMatch(/\p{Script=Han}/u);
        else expect(ref.text[0], label).not.toMatch(/\p{Script=Han}/u);
        const call = sendsTo(t.fake, user.id).at(-1)!;
        expect(call.payload).toMatchObject({
          parse_mode: 'HTML',
          reply_parameters: { message_id: update.message!.message_id, allow_sending_without_reply: true },
        });
      }
    }
  });

  it('gives each timed deadline as a date-time entity (the reader’s own zone), the written UTC time as its fallback', async () => {
    const user = userFor('en');
    const sent = await t.exchange(user.id, () => t.fake.privateText('/deadline EMNLP', { from: user }));
    const ref = await reference(t.engine, invoked('deadline', { query: 'EMNLP' }), 'en');
    const deadline = ref.items[0]!.fields.find((f) => f.key === 'deadline')!;
    const unix = Math.floor(Date.parse(deadline.facts!.at!) / 1000);
    const msg = sent.find((m) => m.entities.some((e) => e.type === 'date_time'))!;
    expect(msg.entities).toContainEqual(expect.objectContaining({ type: 'date_time', unix_time: unix, date_time_format: 'wDT' }));
    // Clients without the entity read the instant in UTC: 2026-05-25 23:59 UTC-12 is 2026-05-26 11:59 UTC.
    expect(msg.text).toContain('🕒 2026-05-26 11:59 UTC');
  });

  it('answers free text in Chinese and English, and in the message’s language when language_code is neither', async () => {
    for (const [text, user, locale] of [
      ['papers about ECG', EN, 'en'],
      ['how do I get access to MIMIC-IV-Note', EN, 'en'],
      ['有没有关于心理健康的论文', ZH, 'zh'],
      ['EMNLP 什么时候截止', ZH, 'zh'],
    ] as const) {
      const sent = await t.exchange(user.id, () => t.fake.privateText(text, { from: user }));
      const ref = await reference(t.engine, said(text), locale);
      expect(titlesOf(sent), text).toEqual(refTitles(ref));
      expect(titlesOf(sent).length, text).toBeGreaterThan(0);
    }
    const german: User = { id: 5550077, is_bot: false, first_name: 'Greta', language_code: 'de' };
    const sent = await t.exchange(german.id, () => t.fake.privateText('有没有关于心理健康的论文', { from: german }));
    expect(visible(sent).split('\n')[0]).toMatch(/\p{Script=Han}/u);
    const english = await t.exchange(german.id, () => t.fake.privateText('papers about ECG', { from: german }));
    expect(visible(english).split('\n')[0]).toMatch(/results? for "ECG"/);
  });

  it('in a group, answers a mention and a reply to itself, and stays quiet otherwise', async () => {
    const quiet = ['we should read papers about ECG', '/paper@SomeOtherBot ecg', '/weather tomorrow', 'mail me at someone@CatalogTestBotx.org'];
    for (const text of quiet) {
      const sent = await t.exchange(GROUP, () => t.fake.groupText(text, { chatId: GROUP }));
      expect(sent, text).toEqual([]);
    }
    expect(sendsTo(t.fake, GROUP)).toEqual([]);

    const mention = await t.exchange(GROUP, () => t.fake.groupText('@CatalogTestBot papers about ECG', { chatId: GROUP }));
    expect(titlesOf(mention)).toEqual(refTitles(await reference(t.engine, said('papers about ECG'), 'en')));
    expect(titlesOf(mention).length).toBeGreaterThan(0);

    const reply = await t.exchange(GROUP, () => t.fake.groupText('EMNLP 什么时候截止', { chatId: GROUP, from: ZH, replyToBot: true }));
    expect(titlesOf(reply)).toEqual(refTitles(await reference(t.engine, said('EMNLP 什么时候截止'), 'zh')));
    expect(visible(reply)).toMatch(/\p{Script=Han}/u);

    // Anything in another group, unaddressed, is still not answered.
    await t.exchange(OTHER_GROUP, () => t.fake.groupText('EMNLP deadline?', { chatId: OTHER_GROUP }));
    expect(sendsTo(t.fake, OTHER_GROUP)).toEqual([]);
  });

  it('answers a command alias in any script in a group as in a private chat (/论文 心电); the core reads it', async () => {
    const ref = refTitles(await reference(t.engine, invoked('paper', { query: '心电' }), 'zh'));
    expect(ref.length).toBeGreaterThan(0);
    const inPrivate = await t.exchange(ZH.id, () => t.fake.privateText('/论文 心电', { from: ZH }));
    expect(titlesOf(inPrivate)).toEqual(ref);
    const inGroup = await t.exchange(GROUP, () => t.fake.groupText('/论文 心电', { chatId: GROUP, from: ZH }));
    expect(titlesOf(inGroup)).toEqual(ref);
    const addressed = await t.exchange(GROUP, () => t.fake.groupText('/论文@CatalogTestBot 心电', { chatId: GROUP, from: ZH }));
    expect(titlesOf(addressed)).toEqual(ref);
    // Another bot's command, in any script, is not ours; an unknown word is answered only when addressed to us.
    for (const text of ['/论文@SomeOtherBot 心电', '/paper@SomeOtherBot ecg', '/天气 明天']) {
      expect(await t.exchange(GROUP, () => t.fake.groupText(text, { chatId: GROUP, from: ZH })), text).toEqual([]);
    }
    const unknown = await t.exchange(GROUP, () => t.fake.groupText('/weather@CatalogTestBot tomorrow', { chatId: GROUP }));
    expect(visible(unknown)).toContain('There is no /weather command');
    // In a private chat another bot's command is not ours either.
    expect(await t.exchange(EN.id, () => t.fake.privateText('/paper@SomeOtherBot ecg', { from: EN }))).toEqual([]);
  });

  it('answers /paper@CatalogTestBot ecg and a plain /paper in a group', async () => {
    const ref = refTitles(await reference(t.engine, said('/paper ecg'), 'en'));
    expect(ref.length).toBeGreaterThan(0);
    const addressed = await t.exchange(GROUP, () => t.fake.groupText('/paper@CatalogTestBot ecg', { chatId: GROUP }));
    expect(titlesOf(addressed)).toEqual(ref);
    const plain = await t.exchange(GROUP, () => t.fake.groupText('/paper ecg', { chatId: GROUP }));
    expect(titlesOf(plain)).toEqual(ref);
  });

  it('pages with inline buttons: edits the message in place and answers every callback', async () => {
    const [first] = await t.exchange(EN.id, () => t.fake.privateText('/search medical', { from: EN }));
    const ref = (page: number) => reference(t.engine, pageOf('search', { query: 'medical' }, page), 'en');
    expect(titlesOf([first!])).toEqual(refTitles(await ref(1)));
    const pages = (await ref(1)).paging!.pages;
    expect(buttons(first)).toEqual([{ text: `Next (2/${pages}) ▶`, data: 'p:2:search:medical' }]);

    const press = async (data: string, message: BotMessageRecord) => {
      const update = t.fake.callback(data, { message, from: EN });
      const answer = await t.fake.waitForCall('answerCallbackQuery', (p) => p.callback_query_id === update.callback_query!.id);
      await t.fake.waitForCall('getUpdates', (p) => Number(p.offset) > update.update_id);
      return { answer, record: t.fake.messages(EN.id).find((r) => r.messageId === message.messageId)! };
    };

    const edits = t.fake.callsTo('editMessageText').length;
    const sends = t.fake.callsTo('sendMessage').length;
    const second = await press('p:2:search:medical', first!);
    expect(second.answer.status).toBe(200);
    expect(second.answer.payload.text).toBeUndefined();
    expect(second.record.editCount).toBe(1);
    expect(titlesOf([second.record])).toEqual(refTitles(await ref(2)));
    expect(second.record.text).toContain(`(page 2/${pages})`);
    expect(buttons(second.record).map((b) => b.data)).toEqual(['p:1:search:medical', 'p:3:search:medical']);
    expect(t.fake.callsTo('editMessageText')).toHaveLength(edits + 1);
    expect(t.fake.callsTo('sendMessage')).toHaveLength(sends);

    const back = await press('p:1:search:medical', second.record);
    expect(titlesOf([back.record])).toEqual(refTitles(await ref(1)));

    // Stale or foreign data is answered with a short text, and nothing is edited.
    for (const data of ['garbage', 'p:0:search:medical', 'x:2']) {
      const stale = await press(data, back.record);
      expect(stale.answer.payload.text, data).toMatch(/expired/);
      expect(stale.record.editCount).toBe(back.record.editCount);
    }
    // Pressing the button of the page already shown: "message is not modified" is not an error.
    const again = await press('p:1:search:medical', back.record);
    expect(again.answer.status).toBe(200);
    expect(t.logs).toEqual([]);
  });

  it("pages a question too long for callback_data with the engine's memory tokens", async () => {
    // Long enough that the question cannot travel in callback_data (64 bytes), broad enough for 3+ pages.
    const text = '/search 请列出 ICLR 2026 里所有有代码的论文,我想看看都有哪些';
    const [first] = await t.exchange(EN.id, () => t.fake.privateText(text, { from: EN }));
    const ref = (page: number) => reference(t.engine, said(`${text} page:${page}`), 'en');
    const [next] = buttons(first).map((b) => b.data);
    expect(buttons(first)).toHaveLength(1);
    expect(next).toMatch(/^m:2:[0-9a-z]+$/);
    const update = t.fake.callback(next!, { message: first!, from: EN });
    await t.fake.waitForCall('answerCallbackQuery', (p) => p.callback_query_id === update.callback_query!.id);
    await t.fake.waitForCall('getUpdates', (p) => Number(p.offset) > update.update_id);
    const edited = t.fake.messages(EN.id).find((r) => r.messageId === first!.messageId)!;
    expect(titlesOf([edited])).toEqual(refTitles(await ref(2)));
    expect(buttons(edited).map((b) => b.data.replace(/:[0-9a-z]+$/, ''))).toEqual(['m:1', 'm:3']);
    for (const data of buttons(edited).map((b) => b.data)) expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
  });

  it('reads "page:N" after free text; a page button asks for its page', async () => {
    const ref = (page: number) => reference(t.engine, said(`medical page:${page}`), 'en');
    const [second] = await t.exchange(EN.id, () => t.fake.privateText('medical page:2', { from: EN }));
    expect(titlesOf([second!])).toEqual(refTitles(await ref(2)));
    expect(second!.text).toContain(`(page 2/${(await ref(1)).paging!.pages})`);
    // A question too long for callback_data, typed with a page: the button's page wins over the text's.
    const text = 'ICLR 2026 papers with code, list every one of them for me please page:2';
    const long = (page: number) => reference(t.engine, said(text.replace(/page:2$/, `page:${page}`)), 'en');
    const [first] = await t.exchange(EN.id, () => t.fake.privateText(text, { from: EN }));
    expect(titlesOf([first!])).toEqual(refTitles(await long(2)));
    const data = buttons(first).map((b) => b.data);
    expect(data.map((d) => d.replace(/:[0-9a-z]+$/, ''))).toEqual(['m:1', 'm:3']);
    const update = t.fake.callback(data[1]!, { message: first!, from: EN });
    await t.fake.waitForCall('answerCallbackQuery', (p) => p.callback_query_id === update.callback_query!.id);
    await t.fake.waitForCall('getUpdates', (p) => Number(p.offset) > update.update_id);
    const edited = t.fake.messages(EN.id).find((r) => r.messageId === first!.messageId)!;
    expect(titlesOf([edited])).toEqual(refTitles(await long(3)));
    expect(titlesOf([edited])).not.toEqual(refTitles(await long(2)));
  });

  it('shows the next page for "more", with or without replying to the paged message', async () => {
    const ref = (page: number) => reference(t.engine, pageOf('search', { query: 'medical' }, page), 'en');
    await t.exchange(EN.id, () => t.fake.privateText('/search medical', { from: EN }));
    const more = await t.exchange(EN.id, () => t.fake.privateText('more', { from: EN }));
    expect(titlesOf(more)).toEqual(refTitles(await ref(2)));
    // In a group, "更多" answering the paged message (a reply to the bot, so it is for the bot).
    const inGroup = await t.exchange(GROUP, () => t.fake.groupText('/search@CatalogTestBot medical', { chatId: GROUP }));
    expect(titlesOf(inGroup)).toEqual(refTitles(await ref(1)));
    const next = await t.exchange(GROUP, () => t.fake.groupText('更多', { chatId: GROUP, from: ZH, replyToBot: inGroup.at(-1)!.messageId }));
    expect(titlesOf(next)).toEqual(refTitles(await ref(2)));
    // The core remembers per chat: "下一页" addressed to the bot continues the group's answer, not the private one.
    const third = await t.exchange(GROUP, () => t.fake.groupText('@CatalogTestBot 下一页', { chatId: GROUP, from: ZH }));
    expect(titlesOf(third)).toEqual(refTitles(await ref(3)));
    // A continued answer is not re-asked from "更多": its buttons carry the query.
    expect(buttons(third.at(-1)).map((b) => b.data)).toEqual(['p:2:search:medical', 'p:4:search:medical']);
    // "更多" in a group addressed to no one is other people's conversation.
    expect(await t.exchange(GROUP, () => t.fake.groupText('更多', { chatId: GROUP, from: ZH }))).toEqual([]);
  });

  it('answers inline queries with at most 50 articles, paged with next_offset', async () => {
    const all = t.engine.services.search('medical').map((e) => e.title);
    expect(all.length).toBeGreaterThan(40);
    const inline = async (query: string, offset = '', from: User = EN): Promise<InlineAnswer> => {
      const update = t.fake.inlineQuery(query, { offset, from });
      await t.fake.waitForCall('answerInlineQuery', (p) => p.inline_query_id === update.inline_query!.id);
      return t.fake.inlineAnswers.find((a) => a.inline_query_id === update.inline_query!.id)!;
    };
    const seen: string[] = [];
    let offset = '';
    for (let i = 0; i < 10; i++) {
      const answer = await inline('medical', offset);
      expect(answer.results.length).toBeLessThanOrEqual(50);
      expect(answer.results.length).toBeGreaterThan(0);
      for (const r of answer.results as Array<Record<string, unknown>>) {
        expect(r.type).toBe('article');
        expect(r.input_message_content).toMatchObject({ parse_mode: 'HTML' });
        seen.push(r.title as string);
      }
      offset = answer.next_offset ?? '';
      if (!offset) break;
      expect(offset).toBe(String(seen.length));
    }
    expect(seen).toEqual(all);

    const zh = await inline('心理健康', '', ZH);
    expect(zh.results.length).toBeGreaterThan(0);
    expect((zh.results[0] as { description: string }).description).toMatch(/\[(论文|数据资源|竞赛|征稿|课程|其他)\]/);
    const empty = await inline('   ');
    expect(empty.results).toEqual([]);
    expect(t.fake.callsTo('answerInlineQuery').every((c) => c.status === 200)).toBe(true);
  });

  it('answers a 5,000-character message with a reply under 4096 characters', async () => {
    const text = 'ECG '.repeat(1250);
    expect(text).toHaveLength(5000);
    const sent = await t.exchange(EN.id, () => t.fake.privateText(text, { from: EN }));
    expect(sent.length).toBeGreaterThan(0);
    for (const r of sent) {
      expect(r.text.length).toBeLessThan(4096);
      expect(r.rawText.length).toBeLessThanOrEqual(4096);
    }
    expect(visible(sent)).toContain('message too long');
  });

  it('sends a long announcement as several messages, each within 4096 characters and valid HTML', async () => {
    const long = 'Tumour <grading> & staging @everyone '.repeat(300);
    const reply: Reply = {
      intent: 'announcement',
      lang: 'en',
      text: ['Announcement:'],
      items: [
        {
          id: 'a',
          kind: 'other',
          kindLabel: 'Other',
          title: 'A <very> long item',
          tags: [],
          fields: [{ key: 'links', label: 'Links', value: 'https://example.org/x?a=1&b=2' }],
          summary: long,
        },
        { id: 'b', kind: 'other', kindLabel: 'Other', title: 'B & co', tags: [], fields: [] },
      ],
    };
    const before = t.fake.messages(GROUP).length;
    const sent = await t.sender.send(`telegram:${GROUP}`, reply);
    const records = t.fake.messages(GROUP).slice(before);
    expect(records.length).toBeGreaterThan(2);
    expect(sent.messageId).toBe(String(records[0]!.messageId));
    for (const r of records) expect(r.rawText.length).toBeLessThanOrEqual(4096);
    expect(visible(records).replace(/\s+/g, '')).toBe(
      ['Announcement:', '1. [Other] A <very> long item', 'Links: https://example.org/x?a=1&b=2', long, '2. [Other] B & co'].join('').replace(/\s+/g, ''),
    );
    await expect(t.sender.send('discord:123', reply)).rejects.toThrow(/not a Telegram conversation/);
  });

  it('waits out a 429 with retry_after and sends the answer again', async () => {
    t.fake.failNext('sendMessage', { error_code: 429, parameters: { retry_after: 1 } });
    const sent = await t.exchange(EN.id, () => t.fake.privateText('/paper ecg', { from: EN }));
    expect(sent).toHaveLength(1);
    const [refused, retried] = sendsTo(t.fake, EN.id).slice(-2);
    expect(refused!.status).toBe(429);
    expect(retried!.status).toBe(200);
    expect(retried!.at - refused!.respondedAt!).toBeGreaterThanOrEqual(900);
    expect(retried!.payload).toEqual(refused!.payload);
  });

  it('keeps polling after a broken update and after a handler that throws', async () => {
    t.logs.length = 0;
    // A message without a chat. (The fake registers the chat of every pushed message, so the
    // chat is there for the fake but left out of the JSON the bot receives.)
    const noChat = { message_id: 424242, date: Math.floor(Date.now() / 1000), from: EN, text: 'hello' };
    Object.defineProperty(noChat, 'chat', { value: { id: EN.id, type: 'private', first_name: 'Alice' }, enumerable: false });
    await t.exchange(EN.id, () => {
      const id = t.fake.pushUpdate({ message: noChat } as unknown as Update);
      return { update_id: id } as Update;
    });
    // A message whose text is not a string.
    await t.exchange(EN.id, () => {
      const draft = t.fake.build.privateText('x', { from: EN });
      (draft.message as unknown as { text: unknown }).text = 12345;
      return { ...draft, update_id: t.fake.pushUpdate(draft) } as Update;
    });
    // The dispatch throws: the boundary logs it and apologises.
    const apology = await t.exchange(EN.id, () => t.fake.privateText('boom please', { from: EN }));
    expect(visible(apology)).toBe('Sorry, something went wrong with that message. Please try again.');
    // A page button whose handling throws is still answered, with the apology.
    const [paged] = await t.exchange(EN.id, () => t.fake.privateText('/search medical', { from: EN }));
    const press = t.fake.callback('p:2:search:boom please', { message: paged!, from: EN });
    const answer = await t.fake.waitForCall('answerCallbackQuery', (p) => p.callback_query_id === press.callback_query!.id);
    expect(answer.payload.text).toBe('Sorry, something went wrong with that message. Please try again.');
    await t.fake.waitForCall('getUpdates', (p) => Number(p.offset) > press.update_id);
    const logged = t.logs.join('\n');
    expect(logged.match(/has a malformed message/g)).toHaveLength(2);
    expect(logged.match(/dispatch exploded/g)).toHaveLength(2);

    const after = await t.exchange(EN.id, () => t.fake.privateText('/paper ecg', { from: EN }));
    expect(titlesOf(after).length).toBeGreaterThan(0);
    expect(t.receiver.bot.isRunning()).toBe(true);
  });

  it('never answers its own messages, nor messages sent through its inline mode', async () => {
    const { id, first_name, username } = t.fake.botInfo;
    const self: User = { id, is_bot: true, first_name, username };
    const own = await t.exchange(GROUP, () => {
      const draft = t.fake.build.groupText('/paper ecg', { chatId: GROUP, from: self });
      return { ...draft, update_id: t.fake.pushUpdate(draft) } as Update;
    });
    expect(own).toEqual([]);
    const viaInline = await t.exchange(EN.id, () => {
      const draft = t.fake.build.privateText('@CatalogTestBot papers about ECG', { from: EN });
      draft.message!.via_bot = self;
      return { ...draft, update_id: t.fake.pushUpdate(draft) } as Update;
    });
    expect(viaInline).toEqual([]);
  });

  it('publishes the command menu in English (default) and Chinese (language_code "zh")', async () => {
    await platformModule.publishCommands(t.config, COMMANDS, t.services);
    const calls = t.fake.callsTo('setMyCommands');
    expect(calls.map((c) => c.payload.language_code)).toEqual([undefined, 'zh']);
    expect(calls.every((c) => c.status === 200)).toBe(true);
    const en = t.fake.commands();
    const zh = t.fake.commands(undefined, 'zh');
    expect(en).toEqual(COMMANDS.map((c) => ({ command: c.name, description: c.description.en })));
    expect(zh).toEqual(COMMANDS.map((c) => ({ command: c.name, description: c.description.zh })));
    for (const c of [...en, ...zh]) {
      expect(c.command).toMatch(/^[a-z0-9_]{1,32}$/);
      expect(c.description.length).toBeLessThanOrEqual(256);
    }
    await platformModule.publishCommands(t.config, COMMANDS, t.services);
    expect(t.fake.callsTo('setMyCommands')).toHaveLength(4);
  });

  it('stops: long polling ends and the update offset is confirmed', async () => {
    const r = await startBot({ knownBotInfo: true });
    await r.exchange(EN.id, () => r.fake.privateText('/help', { from: EN }));
    expect(r.fake.callsTo('getMe')).toEqual([]);
    await r.receiver.stop();
    await r.receiver.finished();
    expect(r.receiver.bot.isRunning()).toBe(false);
    expect(r.fake.longPollHeld).toBe(false);
    expect(r.fake.callsTo('getUpdates').at(-1)!.payload).toMatchObject({ limit: 1 });
    expect(r.fake.pendingUpdates()).toEqual([]);
    await r.close();
  });
});

describe('catalog text with markup characters', () => {
  it('escapes <, & and @everyone from the catalog, which the strict HTML check accepts', async () => {
    const seeds = seedDir({
      'x.txt':
        '论文Venue <A&B> 2026 年topic Alpha <b>bold</b> & Beta @everyone:测试论文\n' +
        'Alpha <script>alert(1)</script> & co. @everyone @here see https://example.org/a?b=1&c=2 now.\n' +
        '论文Venue2026 年topic Gamma "quoted" & <tag>\n' +
        'Gamma description with <tags> & ampersands.\n',
    });
    const r = await startBot({ seeds });
    const title = 'Alpha <b>bold</b> & Beta @everyone:测试论文';
    expect(r.engine.services.entries.map((e) => e.title)).toEqual([title, 'Gamma "quoted" & <tag>']);
    const sent = await r.exchange(EN.id, () => r.fake.privateText('/paper alpha', { from: EN }));
    expect(sent).toHaveLength(1);
    expect(sendsTo(r.fake, EN.id).every((c) => c.status === 200)).toBe(true);
    const [msg] = sent;
    expect(titlesOf(sent)).toEqual([title]);
    expect(msg!.rawText).toContain('Alpha &lt;b&gt;bold&lt;/b&gt; &amp; Beta @everyone');
    expect(msg!.rawText).not.toMatch(/<script>|<b>bold/);
    expect(msg!.text).toContain(`1. [Paper] ${title}`);
    expect(msg!.text).toContain('Venue: Venue <A&B> · 2026');
    expect(msg!.text).toContain('<script>alert(1)</script> & co. @everyone @here');
    expect(msg!.entities).toContainEqual(expect.objectContaining({ type: 'text_link', url: 'https://example.org/a?b=1&c=2' }));
    expect(msg!.entities).toContainEqual(expect.objectContaining({ type: 'bold' }));

    const update = r.fake.inlineQuery('alpha', { from: EN });
    const call = await r.fake.waitForCall('answerInlineQuery', (p) => p.inline_query_id === update.inline_query!.id);
    expect(call.status).toBe(200);
    expect((r.fake.inlineAnswers.at(-1)!.results[0] as { title: string }).title).toBe(title);
    expect(r.logs).toEqual([]);
  });
});

describe('per-user rate limit', () => {
  it('says slow down once, then stays quiet until the bucket refills; a page button over the limit is answered', async () => {
    const clock = new FakeClock();
    const r = await startBot({ flood: { burst: 2, perSecond: 0.5 }, clock });
    const say = (user: User) => r.exchange(user.id, () => r.fake.privateText('/paper ecg', { from: user }));
    expect(titlesOf(await say(EN)).length).toBeGreaterThan(0);
    expect(titlesOf(await say(EN)).length).toBeGreaterThan(0);
    expect(visible(await say(EN))).toBe('Too many messages at once; please wait a few seconds.');
    expect(await say(EN)).toEqual([]);
    expect(await say(EN)).toEqual([]);
    // Someone else is not affected.
    const paged = await r.exchange(ZH.id, () => r.fake.privateText('/search medical', { from: ZH }));
    expect(visible(paged)).toMatch(/\p{Script=Han}/u);
    await clock.advance(2_000);
    expect(titlesOf(await say(EN)).length).toBeGreaterThan(0);
    // Over the limit again, with a page button: answered with the notice, nothing edited.
    const press = async () => {
      const update = r.fake.callback(buttons(paged.at(-1)).at(-1)!.data, { message: paged.at(-1)!, from: EN });
      const answer = await r.fake.waitForCall('answerCallbackQuery', (p) => p.callback_query_id === update.callback_query!.id);
      await r.fake.waitForCall('getUpdates', (p) => Number(p.offset) > update.update_id);
      return answer;
    };
    expect((await press()).payload.text).toBe('Too many messages at once; please wait a few seconds.');
    // Told once: the next press is answered without a text, and messages get nothing.
    expect((await press()).payload.text).toBeUndefined();
    expect(await say(EN)).toEqual([]);
    expect(r.fake.callsTo('editMessageText')).toEqual([]);
    await r.close();
  });
});

describe('webhook mode', () => {
  it('serves the webhook on 127.0.0.1, rejects a wrong secret token and handles the right one', async () => {
    const fake = await FakeTelegramApi.start();
    const engine = makeEngine();
    const logs: string[] = [];
    const config = {
      token: fake.token,
      apiRoot: fake.apiRoot,
      webhookUrl: 'https://bot.example.test/telegram/hook',
      webhookSecret: 'right_Secret-123',
      webhookHost: '127.0.0.1',
      webhookPort: 0,
    };
    const adapter = platformModule.createReceiver(config, { clock: systemClock, log: (m, e) => logs.push(`${m} ${String(e ?? '')}`) }) as TelegramReceiver;
    try {
      await adapter.start(new Dispatcher(engine).access);
      const setWebhook = fake.callsTo('setWebhook')[0]!;
      expect(setWebhook.payload).toMatchObject({
        url: 'https://bot.example.test/telegram/hook',
        secret_token: 'right_Secret-123',
        allowed_updates: ['message', 'callback_query', 'inline_query'],
      });
      expect(fake.callsTo('getUpdates')).toEqual([]);
      const { port } = adapter.webhookAddress()!;
      const url = `http://127.0.0.1:${port}/telegram/hook`;
      const draft = fake.build.privateText('/paper ecg', { from: EN });
      const body = JSON.stringify({ ...draft, update_id: 700001 });
      const post = (headers: Record<string, string>, target = url) => fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

      expect((await post({ 'X-Telegram-Bot-Api-Secret-Token': 'wrong' })).status).toBe(401);
      expect((await post({})).status).toBe(401);
      expect((await fetch(url)).status).toBe(405);
      expect((await post({ 'X-Telegram-Bot-Api-Secret-Token': 'right_Secret-123' }, `http://127.0.0.1:${port}/other`)).status).toBe(404);
      expect(fake.callsTo('sendMessage')).toEqual([]);

      const ok = await post({ 'X-Telegram-Bot-Api-Secret-Token': 'right_Secret-123' });
      expect(ok.status).toBe(200);
      const sent = fake.messages(EN.id);
      expect(sent).toHaveLength(1);
      expect(titlesOf(sent)).toEqual(refTitles(await reference(engine, said('/paper ecg'), 'en')));

      const bad = await fetch(url, {
        method: 'POST',
        headers: { 'X-Telegram-Bot-Api-Secret-Token': 'right_Secret-123' },
        body: '{not json',
      });
      expect(bad.status).toBe(400);
      expect(logs).toEqual([]);
    } finally {
      await adapter.stop();
      await fake.close();
    }
    expect(adapter.webhookAddress()).toBeUndefined();
  });
});
