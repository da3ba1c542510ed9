/** The Telegram receiver on an in-process double (double.ts) against the contract engine. */
import type { Message } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT, buttonsOf, EN, GROUP, openDouble, titlesOf, ZH, type Call, type Double } from './double.js';

const sends = (calls: readonly Call[]) => calls.filter((c) => c.method === 'sendMessage');
const refTitles = async (d: Double, text: string, lang: 'en' | 'zh', page?: number) =>
  (await d.contract.reference(page ? { type: 'text', text: `${text} page:${page}` } : { type: 'text', text }, lang)).items.map((i) => i.title);

describe('Telegram receiver', () => {
  let d: Double;
  beforeAll(async () => {
    d = await openDouble({
      wrap: (engine) => ({
        commands: () => engine.commands(),
        handle: (event, actor, place) => {
          if ((event.type === 'text' && event.text === 'boom') || (event.type === 'page' && event.token === 'boom')) throw new Error('engine exploded');
          return engine.handle(event, actor, place);
        },
      }),
    });
  });
  afterAll(async () => {
    await d?.close();
  });

  it("answers a private message with the engine's reply, as HTML, in reply to it", async () => {
    const update = d.privateText('papers about ECG');
    const calls = await d.receive(update);
    const [send] = sends(calls);
    expect(titlesOf(calls)).toEqual(await refTitles(d, 'papers about ECG', 'en'));
    expect(titlesOf(calls).length).toBeGreaterThan(0);
    expect(send!.payload).toMatchObject({ chat_id: EN.id, parse_mode: 'HTML', reply_parameters: { message_id: update.message!.message_id } });
    const zh = await d.receive(d.privateText('有没有关于心理健康的论文', ZH));
    expect(titlesOf(zh)).toEqual(await refTitles(d, '有没有关于心理健康的论文', 'zh'));
  });

  it('in a group, answers a mention, a reply to itself and its own commands; ignores the rest and /cmd@OtherBot', async () => {
    expect(await d.receive(d.groupText('we should read papers about ECG'))).toEqual([]);
    expect(await d.receive(d.groupText('/paper@OtherBot ecg'))).toEqual([]);
    const ref = await refTitles(d, '/paper ecg', 'en');
    expect(titlesOf(await d.receive(d.groupText('/paper@CatalogBot ecg')))).toEqual(ref);
    expect(titlesOf(await d.receive(d.groupText('/paper ecg')))).toEqual(ref);
    expect(titlesOf(await d.receive(d.groupText('@CatalogBot papers about ECG')))).toEqual(await refTitles(d, 'papers about ECG', 'en'));
    const botMessage = { message_id: 5, date: 1, chat: { id: GROUP, type: 'supergroup', title: 'Group' }, from: { id: BOT.id, is_bot: true, first_name: 'Catalog' } } as Message;
    expect(titlesOf(await d.receive(d.groupText('papers about ECG', { replyTo: botMessage })))).toEqual(await refTitles(d, 'papers about ECG', 'en'));
  });

  it('lets a group admin subscribe (getChatMember) and refuses a plain member', async () => {
    const refused = await d.receive(d.groupText('/subscribe cfp 7'));
    expect(refused.find((c) => c.method === 'getChatMember')!.payload).toMatchObject({ chat_id: GROUP, user_id: EN.id });
    expect(sends(refused)[0]!.payload.text).toMatch(/^Only people who manage this channel or group/);
    expect(await d.contract.store.subscriptionsOf(`telegram:${GROUP}`)).toEqual([]);
    d.members.set(`${GROUP}:${EN.id}`, 'administrator');
    const granted = await d.receive(d.groupText('/subscribe cfp 7'));
    expect(sends(granted)[0]!.payload.text).toMatch(/^✅ Subscribed/);
    expect(await d.contract.store.subscriptionsOf(`telegram:${GROUP}`)).toHaveLength(1);
    // A private chat is its user's own: no lookup.
    const own = await d.receive(d.privateText('/subscriptions'));
    expect(own.map((c) => c.method)).toEqual(['sendMessage']);
  });

  it("pages with the engine's tokens: a button edits its message in place and is answered", async () => {
    const first = await d.receive(d.privateText('/search medical'));
    const shown = sends(first).at(-1)!;
    const [next] = buttonsOf(shown);
    expect(next).toBeTruthy();
    const pressed = await d.receive(d.press(next!, shown.result as Message));
    const edit = pressed.find((c) => c.method === 'editMessageText')!;
    expect(edit.payload).toMatchObject({ chat_id: EN.id, message_id: (shown.result as Message).message_id });
    expect(titlesOf([edit])).toEqual(await refTitles(d, '/search medical', 'en', 2));
    expect(buttonsOf(edit)).toHaveLength(2);
    expect(pressed.filter((c) => c.method === 'answerCallbackQuery').map((c) => c.payload.text)).toEqual([undefined]);
    expect(sends(pressed)).toEqual([]);
  });

  it("answers a stale button with the engine's words, editing nothing", async () => {
    const shown = sends(await d.receive(d.privateText('/search medical'))).at(-1)!;
    const pressed = await d.receive(d.press('m:2:zzzz', shown.result as Message, ZH));
    expect(pressed.map((c) => c.method)).toEqual(['answerCallbackQuery']);
    expect(pressed[0]!.payload.text).toBe('这个按钮已失效,请重新提问。');
  });

  it('answers inline queries with articles from the suggestions, paged by next_offset', async () => {
    const [first] = await d.receive(d.inline('medical'));
    expect(first!.method).toBe('answerInlineQuery');
    const results = first!.payload.results as Array<{ type: string; title: string; id: string; description: string }>;
    expect(results).toHaveLength(20);
    expect(results.every((r) => r.type === 'article')).toBe(true);
    expect(first!.payload.next_offset).toBe('20');
    const [second] = await d.receive(d.inline('medical', '20'));
    const titles = (second!.payload.results as typeof results).map((r) => r.title);
    expect(titles.some((t) => results.some((r) => r.title === t))).toBe(false);
    // The description shows the deadline field (found by its key).
    const [dated] = await d.receive(d.inline('EMNLP'));
    const emnlp = (dated!.payload.results as typeof results)[0]!;
    expect(emnlp.description).toMatch(/^\[[^\]]+\] .*\d{4}-\d{2}-\d{2}/);
    const [empty] = await d.receive(d.inline('  '));
    expect(empty!.payload).toMatchObject({ results: [], next_offset: '', button: { start_parameter: 'inline' } });
  });

  it('never answers its own messages or those sent through its inline mode', async () => {
    const self = { id: BOT.id, is_bot: true, first_name: 'Catalog', username: 'CatalogBot' };
    expect(await d.receive(d.groupText('/paper ecg', { from: self }))).toEqual([]);
    const via = d.privateText('@CatalogBot papers about ECG');
    via.message!.via_bot = self;
    expect(await d.receive(via)).toEqual([]);
  });

  it('apologises when handling fails: a message with a reply, a button with its answer', async () => {
    d.logs.length = 0;
    const sorry = 'Sorry, something went wrong with that message. Please try again.';
    expect(sends(await d.receive(d.privateText('boom')))[0]!.payload.text).toBe(sorry);
    const shown = sends(await d.receive(d.privateText('/search medical'))).at(-1)!;
    const pressed = await d.receive(d.press('boom', shown.result as Message));
    expect(pressed.map((c) => [c.method, c.payload.text])).toEqual([['answerCallbackQuery', sorry]]);
    expect(d.logs.join('\n').match(/engine exploded/g)).toHaveLength(2);
  });
});
