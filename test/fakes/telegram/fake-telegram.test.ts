import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, GrammyError, InlineKeyboard, InputFile } from 'grammy';
import type { InlineQueryResultArticle, Message } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_GROUP_ID, FakeTelegramApi, GROUP_ANONYMOUS_BOT, NOT_MODIFIED, QUERY_INVALID, TEST_USERS, parseTelegramHtml } from './index.js';

const CONFLICT = 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';

const fakes: FakeTelegramApi[] = [];
const bots: Bot[] = [];

async function startFake(options?: Parameters<typeof FakeTelegramApi.start>[0]): Promise<FakeTelegramApi> {
  const fake = await FakeTelegramApi.start(options);
  fakes.push(fake);
  return fake;
}

function botFor(fake: FakeTelegramApi): Bot {
  const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
  bots.push(bot);
  return bot;
}

afterEach(async () => {
  for (const bot of bots.splice(0)) if (bot.isRunning()) await bot.stop();
  for (const fake of fakes.splice(0)) await fake.close();
});

/** Expects a Bot API call to fail with exactly this error code and description. */
async function expectApiError(promise: Promise<unknown>, code: number, description: string): Promise<GrammyError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GrammyError);
  const ge = err as GrammyError;
  expect({ code: ge.error_code, description: ge.description }).toEqual({ code, description });
  return ge;
}

describe('FakeTelegramApi with a real grammY Bot (long polling)', () => {
  it('starts polling, holds the long poll, delivers a pushed update and records the reply', async () => {
    const fake = await startFake();
    const bot = botFor(fake);
    const errors: unknown[] = [];
    bot.catch((e) => errors.push(e.error));
    const replies: Message.TextMessage[] = [];
    bot.on('message:text', async (ctx) => {
      replies.push(await ctx.reply(`echo: ${ctx.message.text}`));
    });

    const running = bot.start({ drop_pending_updates: false });
    await fake.waitForCall('getMe');
    const deleteWebhook = await fake.waitForCall('deleteWebhook');
    expect(deleteWebhook.payload).toEqual({ drop_pending_updates: false });
    const poll = await fake.waitForCall('getUpdates');
    // grammY starts from lastTriedUpdateId 0, so its first offset is 1.
    expect(poll.payload).toEqual({ offset: 1, timeout: 30, allowed_updates: [] });
    // Held: no answer yet, and it stays open until something is pushed.
    expect(poll.held).toBe(true);
    expect(poll.response).toBeUndefined();
    expect(fake.longPollHeld).toBe(true);

    const pushedAt = Date.now();
    const update = fake.privateText('hello', { from: TEST_USERS.zh });
    expect(update.update_id).toBe(100000);
    const sent = await fake.waitForCall('sendMessage');

    expect(poll.response).toEqual({ ok: true, result: [update] });
    expect(poll.respondedAt! - pushedAt).toBeLessThan(500);
    expect(sent.payload).toEqual({ chat_id: TEST_USERS.zh.id, text: 'echo: hello' });
    expect(sent.status).toBe(200);

    // The next poll (sent once the handler finished) confirms the update and is held again.
    const next = await fake.waitForCall('getUpdates');
    expect(next.payload).toEqual({ offset: update.update_id + 1, timeout: 30 });
    expect(next.held).toBe(true);

    // The grammY side got a realistic Message back. (waitForCall('sendMessage') resolves when the
    // fake has answered, which can be before grammY has read the answer: wait for the next poll.)
    expect(replies).toHaveLength(1);
    const reply = replies[0]!;
    expect(reply.message_id).toBe(update.message!.message_id + 1);
    expect(reply.from).toEqual({ id: fake.botInfo.id, is_bot: true, first_name: 'Catalog Test Bot', username: 'CatalogTestBot' });
    expect(reply.chat).toEqual({ id: TEST_USERS.zh.id, type: 'private', first_name: '小明', username: 'xiaoming_example' });
    expect(reply.text).toBe('echo: hello');
    expect(Math.abs(reply.date - Date.now() / 1000)).toBeLessThan(5);

    expect(fake.messages(TEST_USERS.zh.id).map((m) => m.text)).toEqual(['echo: hello']);

    await bot.stop();
    await running;
    const confirm = fake.callsTo('getUpdates').at(-1)!;
    expect(confirm.payload).toEqual({ offset: update.update_id + 1, limit: 1 });
    expect(confirm.response).toEqual({ ok: true, result: [] });
    expect(fake.pendingUpdates()).toEqual([]);
    expect(fake.longPollHeld).toBe(false);
    expect(errors).toEqual([]);
  });

  it('retries a 429 with retry_after through @grammyjs/auto-retry, then succeeds', async () => {
    const fake = await startFake();
    const bot = botFor(fake);
    bot.api.config.use(autoRetry());
    const errors: unknown[] = [];
    bot.catch((e) => errors.push(e.error));
    bot.on('message:text', (ctx) => ctx.reply('price list'));
    fake.failNext('sendMessage', { error_code: 429, parameters: { retry_after: 1 } });

    const running = bot.start({ drop_pending_updates: false });
    await fake.waitForCall('getUpdates');
    fake.privateText('prices?');

    const first = await fake.waitForCall('sendMessage');
    expect(first.status).toBe(429);
    expect(first.response).toEqual({
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    const second = await fake.waitForCall('sendMessage');
    expect(second.status).toBe(200);
    expect(second.at - first.at).toBeGreaterThanOrEqual(950);
    expect(second.payload).toEqual(first.payload);
    expect(fake.messages(TEST_USERS.en.id).map((m) => m.text)).toEqual(['price list']);

    await bot.stop();
    await running;
    expect(errors).toEqual([]);
  });

  it('runs a callback-button round trip (send keyboard, press, answer, edit)', async () => {
    const fake = await startFake();
    const bot = botFor(fake);
    bot.command('menu', (ctx) => ctx.reply('Pick a category', { reply_markup: new InlineKeyboard().text('Tea', 'cat:tea') }));
    bot.callbackQuery(/^cat:(.+)$/, async (ctx) => {
      await ctx.answerCallbackQuery({ text: 'Loading…' });
      await ctx.editMessageText(`<b>${ctx.match[1]}</b> selected`, { parse_mode: 'HTML' });
    });

    const running = bot.start({ drop_pending_updates: false });
    await fake.waitForCall('getUpdates');
    fake.privateText('/menu');
    const sent = await fake.waitForCall('sendMessage');
    expect((sent.response as { result: Message }).result.reply_markup).toEqual({
      inline_keyboard: [[{ text: 'Tea', callback_data: 'cat:tea' }]],
    });

    fake.callback('cat:tea');
    const answer = await fake.waitForCall('answerCallbackQuery');
    expect(answer.status).toBe(200);
    expect(fake.callbackAnswers).toEqual([{ callback_query_id: answer.payload.callback_query_id, text: 'Loading…' }]);
    const edit = await fake.waitForCall('editMessageText');
    expect(edit.status).toBe(200);

    const [record] = fake.messages(TEST_USERS.en.id);
    expect(record).toMatchObject({ text: 'tea selected', rawText: '<b>tea</b> selected', editCount: 1 });
    expect(record!.entities).toEqual([{ type: 'bold', offset: 0, length: 3 }]);
    expect(record!.message.reply_markup).toBeUndefined(); // edit without markup removes the keyboard
    expect(record!.message.edit_date).toBeTypeOf('number');

    await bot.stop();
    await running;
  });
});

describe('getUpdates semantics', () => {
  it('round-trips offsets: confirms updates below offset, honours limit and negative offsets', async () => {
    const fake = await startFake();
    const { api } = botFor(fake);
    const [a, b, c] = ['one', 'two', 'three'].map((t) => fake.privateText(t).update_id) as [number, number, number];
    expect([b - a, c - b]).toEqual([1, 1]);

    expect((await api.getUpdates({ offset: 0, timeout: 0 })).map((u) => u.update_id)).toEqual([a, b, c]);
    // Without a higher offset nothing is confirmed.
    expect(fake.pendingUpdates()).toHaveLength(3);
    expect((await api.getUpdates({ limit: 1 })).map((u) => u.message?.text)).toEqual(['one']);

    expect((await api.getUpdates({ offset: b })).map((u) => u.update_id)).toEqual([b, c]);
    expect(fake.pendingUpdates().map((u) => u.update_id)).toEqual([b, c]);

    expect(await api.getUpdates({ offset: c + 1 })).toEqual([]);
    expect(fake.pendingUpdates()).toEqual([]);

    const d = fake.privateText('four').update_id;
    const e = fake.privateText('five').update_id;
    expect((await api.getUpdates({ offset: -1 })).map((u) => u.update_id)).toEqual([e]);
    expect(fake.pendingUpdates().map((u) => u.update_id)).toEqual([e]);
    expect(d).toBe(e - 1);

    // A pushed update keeps its own id; later ids continue after the highest one.
    expect(fake.pushUpdate({ update_id: 200000, message: fake.build.privateText('x').message })).toBe(200000);
    expect(fake.privateText('y').update_id).toBe(200001);
  });

  it('answers a held long poll as soon as an update is pushed', async () => {
    const fake = await startFake();
    const { api } = botFor(fake);
    const polling = api.getUpdates({ offset: 0, timeout: 20 });
    const held = await fake.waitForCall('getUpdates');
    expect(held.held).toBe(true);
    const pushedAt = Date.now();
    const update = fake.privateText('wake up');
    const second = fake.groupText('and me'); // pushed in the same turn: same batch
    expect(await polling).toEqual([update, second]);
    expect(Date.now() - pushedAt).toBeLessThan(500);
  });

  it('terminates the older long poll with 409 Conflict and releases the held one on close()', async () => {
    const fake = await startFake();
    const { api } = botFor(fake);
    const first = api.getUpdates({ timeout: 20 });
    await fake.waitForCall('getUpdates');
    const second = api.getUpdates({ timeout: 20 });
    await expectApiError(first, 409, CONFLICT);
    const secondCall = await fake.waitForCall('getUpdates');
    expect(secondCall.held).toBe(true);
    expect(fake.longPollHeld).toBe(true);
    await fake.close();
    expect(await second).toEqual([]);
  });

  it('answers an expired long poll with an empty list', async () => {
    const fake = await startFake();
    const { api } = botFor(fake);
    const started = Date.now();
    expect(await api.getUpdates({ timeout: 1 })).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('refuses getUpdates while a webhook is set; setWebhook ends a held poll; deleteWebhook can drop updates', async () => {
    const fake = await startFake();
    const { api } = botFor(fake);
    const held = api.getUpdates({ timeout: 20 });
    await fake.waitForCall('getUpdates');
    const heldFailed = expectApiError(held, 409, 'Conflict: terminated by setWebhook request');
    await api.setWebhook('https://example.com/hook');
    await heldFailed;
    expect((await api.getWebhookInfo()).url).toBe('https://example.com/hook');
    await expectApiError(api.getUpdates(), 409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    fake.privateText('queued');
    expect((await api.getWebhookInfo()).pending_update_count).toBe(1);
    await api.deleteWebhook({ drop_pending_updates: true });
    expect(await api.getWebhookInfo()).toEqual({ url: '', has_custom_certificate: false, pending_update_count: 0 });
    expect(await api.getUpdates()).toEqual([]);
  });

  it('drops update types outside allowed_updates, like Telegram', async () => {
    const fake = await startFake();
    const { api } = botFor(fake);
    const member = fake.groupText('hi').message!;
    fake.pushUpdate({
      chat_member: {
        chat: member.chat,
        from: TEST_USERS.en,
        date: member.date,
        old_chat_member: { status: 'left', user: TEST_USERS.zh },
        new_chat_member: { status: 'member', user: TEST_USERS.zh },
      },
    });
    const got = await api.getUpdates({ allowed_updates: [] });
    expect(got.map((u) => Object.keys(u).filter((k) => k !== 'update_id'))).toEqual([['message']]);
    expect(fake.droppedUpdates).toHaveLength(1);
  });
});

describe('HTML parse mode checker', () => {
  it('accepts supported tags and escaped text, computing text and UTF-16 entities', () => {
    expect(parseTelegramHtml('<b>Tom &amp; Jerry</b> &lt;3 <i>ok</i> &#33;&#x1F600;')).toEqual({
      ok: true,
      text: 'Tom & Jerry <3 ok !😀',
      entities: [
        { type: 'bold', offset: 0, length: 11 },
        { type: 'italic', offset: 15, length: 2 },
      ],
    });
    expect(
      parseTelegramHtml(
        '<a href="https://example.com/?a=1&amp;b=2">link</a> <span class="tg-spoiler">s</span> <tg-spoiler>t</tg-spoiler> ' +
          '<pre><code class="language-ts">x</code></pre> <code>y</code> <blockquote expandable>q</blockquote> ' +
          '<u>u</u><ins>i</ins><s>s</s><strike>k</strike><del>d</del><strong>b</strong><em>e</em>' +
          '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
      ),
    ).toMatchObject({ ok: true });
    const parsed = parseTelegramHtml('<pre><code class="language-ts">x</code></pre><a href="https://e.com?a=1&amp;b=2">l</a>');
    expect(parsed).toEqual({
      ok: true,
      text: 'xl',
      entities: [
        { type: 'pre', offset: 0, length: 1, language: 'ts' },
        { type: 'text_link', offset: 1, length: 1, url: 'https://e.com?a=1&b=2' },
      ],
    });
  });

  it("rejects what Telegram rejects, with Telegram's messages and UTF-8 byte offsets", () => {
    const err = (html: string, strictAmpersand = true): string => {
      const r = parseTelegramHtml(html, { strictAmpersand });
      return r.ok ? 'ACCEPTED' : r.error;
    };
    expect(err('<foo>bar</foo>')).toBe('Unsupported start tag "foo" at byte offset 0');
    expect(err('价格 <x>')).toBe('Unsupported start tag "x" at byte offset 7');
    expect(err('a < b')).toBe('Unsupported start tag "" at byte offset 2');
    expect(err('<b>bold')).toBe("Can't find end tag corresponding to start tag b");
    expect(err('<b><i>x</b></i>')).toBe('Unmatched end tag at byte offset 7, expected "</i>", found "</b>"');
    expect(err('x</b>')).toBe('Unexpected end tag at byte offset 1');
    expect(err('<span>x</span>')).toBe('Tag "span" must have class "tg-spoiler" at byte offset 0');
    expect(err('tail <')).toBe('Unclosed start tag at byte offset 5');
    expect(err('Tom & Jerry')).toMatch(/^Character "&" at byte offset 4 is not part of an HTML entity/);
    // Real Telegram keeps a bare '&' (and '>') as text:
    expect(err('Tom & Jerry > Tom', false)).toBe('ACCEPTED');
  });

  it('is applied by sendMessage with parse_mode HTML', async () => {
    const fake = await startFake();
    const { api } = botFor(fake);
    const chat = TEST_USERS.en.id;
    await expectApiError(api.sendMessage(chat, '<foo>bar</foo>', { parse_mode: 'HTML' }), 400, `Bad Request: can't parse entities: Unsupported start tag "foo" at byte offset 0`);
    const ok = await api.sendMessage(chat, '<b>Tea &amp; Coffee</b> &lt;new&gt;', { parse_mode: 'HTML' });
    expect(ok.text).toBe('Tea & Coffee <new>');
    expect(ok.entities).toEqual([{ type: 'bold', offset: 0, length: 12 }]);
    expect(fake.lastMessage(chat)).toMatchObject({ rawText: '<b>Tea &amp; Coffee</b> &lt;new&gt;', parseMode: 'HTML' });
  });
});

describe('method validation', () => {
  it('validates sendMessage text like the real API (empty, too long, counted after parsing)', async () => {
    const fake = await startFake();
    const { api } = botFor(fake);
    const chat = TEST_USERS.en.id;
    await expectApiError(api.sendMessage(chat, ''), 400, 'Bad Request: message text is empty');
    await expectApiError(api.sendMessage(chat, ' \n '), 400, 'Bad Request: message text is empty');
    await expectApiError(api.sendMessage(chat, 'x'.repeat(4097)), 400, 'Bad Request: message is too long');
    await api.sendMessage(chat, 'x'.repeat(4096));
    // 4096 visible characters plus tags and entities is fine: the limit applies after parsing.
    await api.sendMessage(chat, `<b>${'&amp;'.repeat(4096)}</b>`, { parse_mode: 'HTML' });
    await expectApiError(api.sendMessage('@nobody', 'hi'), 400, 'Bad Request: chat not found');
    await expectApiError(api.sendMessage(chat, 'hi', { reply_parameters: { message_id: 999 } }), 400, 'Bad Request: message to be replied not found');
    expect(fake.messages(chat)).toHaveLength(2);
  });

  it('rejects callback_data over 64 bytes (counted in UTF-8 bytes)', async () => {
    const fake = await startFake();
    const { api } = botFor(fake);
    const chat = TEST_USERS.en.id;
    await expectApiError(api.sendMessage(chat, 'pick', { reply_markup: new InlineKeyboard().text('too long', '价'.repeat(22)) }), 400, 'Bad Request: BUTTON_DATA_INVALID');
    await api.sendMessage(chat, 'pick', { reply_markup: new InlineKeyboard().text('fits', 'x'.repeat(64)) });
  });

  it('validates answerInlineQuery (results count, next_offset, single answer)', async () => {
    const fake = await startFake();
    const { api } = botFor(fake);
    const q = fake.inlineQuery('tea', { offset: '' }).inline_query!;
    const article = (i: number): InlineQueryResultArticle => ({
      type: 'article',
      id: `r${i}`,
      title: `Tea ${i}`,
      input_message_content: { message_text: `<b>Tea ${i}</b>`, parse_mode: 'HTML' },
    });
    const many = Array.from({ length: 51 }, (_, i) => article(i));
    await expectApiError(api.answerInlineQuery(q.id, many), 400, 'Bad Request: RESULTS_TOO_MUCH');
    await expectApiError(api.answerInlineQuery(q.id, many.slice(0, 50), { next_offset: 'o'.repeat(65) }), 400, 'Bad Request: NEXT_OFFSET_INVALID');
    await expectApiError(api.answerInlineQuery(q.id, [article(1), article(1)]), 400, 'Bad Request: RESULT_ID_DUPLICATE');
    expect(await api.answerInlineQuery(q.id, many.slice(0, 50), { next_offset: '50' })).toBe(true);
    expect(fake.inlineAnswers).toHaveLength(1);
    expect(fake.inlineAnswers[0]).toMatchObject({ inline_query_id: q.id, next_offset: '50' });
    await expectApiError(api.answerInlineQuery(q.id, []), 400, `Bad Request: ${QUERY_INVALID}`);
    await expectApiError(api.answerCallbackQuery('12345'), 400, `Bad Request: ${QUERY_INVALID}`);
  });

  it('edits and deletes messages with Telegram errors for the edge cases', async () => {
    const fake = await startFake();
    const { api } = botFor(fake);
    const chat = TEST_USERS.en.id;
    const kb = new InlineKeyboard().text('More', 'more');
    const m = await api.sendMessage(chat, 'Page 1', { reply_markup: kb });
    expect(m.reply_markup).toEqual({ inline_keyboard: [[{ text: 'More', callback_data: 'more' }]] });
    await expectApiError(api.editMessageText(chat, m.message_id, 'Page 1', { reply_markup: kb }), 400, `Bad Request: ${NOT_MODIFIED}`);
    const edited = await api.editMessageText(chat, m.message_id, 'Page 2', { reply_markup: kb });
    expect(edited).toMatchObject({ message_id: m.message_id, text: 'Page 2' });
    expect(fake.lastMessage(chat)).toMatchObject({ text: 'Page 2', editCount: 1 });
    await expectApiError(api.editMessageText(chat, 4242, 'x'), 400, 'Bad Request: message to edit not found');

    expect(await api.deleteMessage(chat, m.message_id)).toBe(true);
    expect(fake.messages(chat)).toEqual([]);
    expect(fake.messages(chat, { includeDeleted: true })).toHaveLength(1);
    await expectApiError(api.deleteMessage(chat, m.message_id), 400, 'Bad Request: message to delete not found');
  });

  it('keeps commands per scope and language, and rejects non ISO 639-1 language codes', async () => {
    const fake = await startFake();
    const { api } = botFor(fake);
    await api.setMyCommands([{ command: 'search', description: 'Search the catalog' }]);
    await api.setMyCommands([{ command: 'search', description: '搜索目录' }], { language_code: 'zh' });
    await api.setMyCommands([{ command: 'admin', description: 'Admin tools' }], {
      scope: { type: 'chat_administrators', chat_id: DEFAULT_GROUP_ID },
    });
    expect(await api.getMyCommands()).toEqual([{ command: 'search', description: 'Search the catalog' }]);
    expect(await api.getMyCommands({ language_code: 'zh' })).toEqual([{ command: 'search', description: '搜索目录' }]);
    expect(fake.commands({ type: 'chat_administrators', chat_id: DEFAULT_GROUP_ID })).toEqual([{ command: 'admin', description: 'Admin tools' }]);
    expect(await api.getMyCommands({ language_code: 'de' })).toEqual([]);
    await expectApiError(api.setMyCommands([{ command: 'x', description: 'y' }], { language_code: 'zh-hans' as 'zh' }), 400, 'Bad Request: invalid language code specified');
    await expectApiError(api.setMyCommands([{ command: 'Search', description: 'y' }]), 400, 'Bad Request: BOT_COMMAND_INVALID');
    expect(await api.deleteMyCommands({ language_code: 'zh' })).toBe(true);
    expect(await api.getMyCommands({ language_code: 'zh' })).toEqual([]);
  });

  it('answers getChatMember from the table (default member, GroupAnonymousBot admins)', async () => {
    const fake = await startFake();
    const { api } = botFor(fake);
    fake.setChatMember(DEFAULT_GROUP_ID, TEST_USERS.en.id, 'administrator');
    fake.setChatMember(DEFAULT_GROUP_ID, GROUP_ANONYMOUS_BOT.id, 'administrator', { is_anonymous: true });
    fake.setChatMember(DEFAULT_GROUP_ID, 42, 'kicked');
    const admin = await api.getChatMember(DEFAULT_GROUP_ID, TEST_USERS.en.id);
    expect(admin).toMatchObject({ status: 'administrator', user: { id: TEST_USERS.en.id, first_name: 'Alice' } });
    expect(await api.getChatMember(DEFAULT_GROUP_ID, TEST_USERS.zh.id)).toMatchObject({ status: 'member' });
    expect(await api.getChatMember(DEFAULT_GROUP_ID, 42)).toEqual({
      status: 'kicked',
      user: { id: 42, is_bot: false, first_name: 'User 42' },
      until_date: 0,
    });
    const anon = fake.groupText('/search tea', { anonymousAdmin: true }).message!;
    expect(anon.from).toEqual(GROUP_ANONYMOUS_BOT);
    expect(anon.sender_chat).toEqual(anon.chat);
    expect(await api.getChatMember(anon.chat.id, anon.from!.id)).toMatchObject({
      status: 'administrator',
      is_anonymous: true,
      user: { username: 'GroupAnonymousBot' },
    });
  });

  it('injects failures: 403 kicked, 400 with migrate_to_chat_id, Retry-After header', async () => {
    const fake = await startFake();
    const { api } = botFor(fake);
    fake.failNext('sendMessage', {
      error_code: 403,
      description: 'Forbidden: bot was kicked from the group chat',
      match: (p) => p.chat_id === -100,
    });
    await api.sendMessage(-200, 'unaffected');
    await expectApiError(api.sendMessage(-100, 'hi'), 403, 'Forbidden: bot was kicked from the group chat');
    await api.sendMessage(-100, 'only once');

    fake.failNext('sendMessage', { error_code: 400, parameters: { migrate_to_chat_id: -1009876543210 } });
    const migrated = await expectApiError(api.sendMessage(-100, 'hi'), 400, 'Bad Request: group chat was upgraded to a supergroup chat');
    expect(migrated.parameters.migrate_to_chat_id).toBe(-1009876543210);

    fake.failNext('getMe', { error_code: 429, parameters: { retry_after: 7 } });
    const res = await fetch(`${fake.apiRoot}/bot${fake.token}/getMe`);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.json()).toEqual({
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 7',
      parameters: { retry_after: 7 },
    });
  });
});

describe('HTTP protocol', () => {
  it('answers 401 for a wrong token and 404 for an unknown method', async () => {
    const fake = await startFake();
    const wrong = await fetch(`${fake.apiRoot}/bot123:WRONG/getMe`, { method: 'POST' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
    const unknown = await fetch(`${fake.apiRoot}/bot${fake.token}/sendTelepathy`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found: method not found' });
    expect(fake.calls.map((c) => [c.method, c.status, c.tokenOk])).toEqual([
      ['getMe', 401, false],
      ['sendTelepathy', 404, true],
    ]);
    await expect(fake.waitForCall('sendMessage', undefined, 50)).rejects.toThrow(
      /waitForCall\("sendMessage"\) timed out after 50 ms\. Calls seen \(2\):\n {2}#1 getMe -> 401 \{\}\n {2}#2 sendTelepathy -> 404/,
    );
  });

  it('accepts GET with query parameters, urlencoded bodies and case-insensitive method names', async () => {
    const fake = await startFake();
    const get = await fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage?chat_id=${TEST_USERS.en.id}&text=hi%20there`);
    expect(get.status).toBe(200);
    const call = await fake.waitForCall('sendMessage');
    expect(call).toMatchObject({ httpMethod: 'GET', bodyKind: 'query', payload: { chat_id: TEST_USERS.en.id, text: 'hi there' } });

    const form = await fetch(`${fake.apiRoot}/bot${fake.token}/sendmessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        chat_id: String(TEST_USERS.en.id),
        text: 'form',
        reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'a', callback_data: 'b' }]] }),
      }),
    });
    expect(((await form.json()) as { result: Message }).result.reply_markup).toEqual({
      inline_keyboard: [[{ text: 'a', callback_data: 'b' }]],
    });
    expect((await fake.waitForCall('sendMessage')).bodyKind).toBe('urlencoded');
    const me = (await (await fetch(`${fake.apiRoot}/bot${fake.token}/GETME`)).json()) as { result: unknown };
    expect(me.result).toEqual(fake.botInfo);
  });

  it('parses multipart/form-data uploads from grammY sendDocument', async () => {
    const fake = await startFake();
    const { api } = botFor(fake);
    const chat = TEST_USERS.en.id;
    const csv = Buffer.from('sku,name\n1,Oolong\n');
    const msg = await api.sendDocument(chat, new InputFile(csv, 'catalog.csv'), {
      caption: '<b>Catalog</b> export',
      parse_mode: 'HTML',
    });
    const call = await fake.waitForCall('sendDocument');
    expect(call.bodyKind).toBe('multipart');
    expect(call.multipartFields).toEqual(expect.arrayContaining(['chat_id', 'document', 'caption', 'parse_mode']));
    expect(call.payload.document).toMatch(/^attach:\/\//);
    expect(call.files).toHaveLength(1);
    expect(call.files![0]).toMatchObject({ filename: 'catalog.csv', size: csv.length });
    expect(call.files![0]!.data.equals(csv)).toBe(true);
    expect(`attach://${call.files![0]!.field}`).toBe(call.payload.document);
    expect(call.payload.chat_id).toBe(chat);

    expect(msg.document).toMatchObject({ file_name: 'catalog.csv', mime_type: 'text/csv', file_size: csv.length });
    expect(msg.caption).toBe('Catalog export');
    expect(msg.caption_entities).toEqual([{ type: 'bold', offset: 0, length: 7 }]);
    expect(fake.lastMessage(chat)).toMatchObject({ kind: 'document', document: { file_name: 'catalog.csv' } });
    expect(await api.sendChatAction(chat, 'upload_document')).toBe(true);
  });
});

describe('update builders', () => {
  it('groupText computes bot_command and mention entities and can reply to the bot', async () => {
    const fake = await startFake();
    const { api } = botFor(fake);
    const u = fake.groupText('/search@CatalogTestBot green tea, ask @CatalogTestBot');
    expect(u.message!.chat).toEqual({ id: DEFAULT_GROUP_ID, type: 'supergroup', title: 'Catalog Test Group' });
    expect(u.message!.entities).toEqual([
      { type: 'bot_command', offset: 0, length: 22 },
      { type: 'mention', offset: 38, length: 15 },
    ]);
    const botMsg = await api.sendMessage(DEFAULT_GROUP_ID, 'Which tea?');
    expect(botMsg.message_id).toBe(u.message!.message_id + 1);
    const reply = fake.groupText('oolong', { replyToBot: true, from: TEST_USERS.zh }).message!;
    expect(reply.reply_to_message).toMatchObject({ message_id: botMsg.message_id, text: 'Which tea?' });
    expect(reply.from!.language_code).toBe('zh-hans');
    expect(reply.entities).toBeUndefined();
    const viaReply = await api.sendMessage(DEFAULT_GROUP_ID, 'Noted', {
      reply_parameters: { message_id: reply.message_id },
    });
    expect(viaReply.reply_to_message).toMatchObject({ message_id: reply.message_id, text: 'oolong' });
    expect(fake.privateText('hi', { languageCode: 'zh-hans' }).message!.from!.language_code).toBe('zh-hans');
  });
});
