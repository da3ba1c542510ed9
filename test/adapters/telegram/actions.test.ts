/** Item actions on Telegram (the in-process double): buttons, presses, deep links, direct addresses. */
import type { InlineKeyboardButton, Message } from 'grammy/types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ActionSpec, withActions } from '../with-actions.js';
import { EN, GROUP, openDouble, titlesOf, ZH, type Call, type Double } from './double.js';

const REMIND: ActionSpec = { key: 'follow', label: 'Remind me', command: 'deadline', args: { query: 'EMNLP' } };
const SUBSCRIBE: ActionSpec = { key: 'mute', label: 'Subscribe', command: 'subscribe', args: { filter: 'cfp' } };

const sends = (calls: readonly Call[]) => calls.filter((c) => c.method === 'sendMessage');
const keyboardOf = (call: Call | undefined) =>
  ((call?.payload.reply_markup as { inline_keyboard?: InlineKeyboardButton[][] } | undefined)?.inline_keyboard ?? []) as InlineKeyboardButton[][];

describe('Telegram item actions', () => {
  let d: Double;
  let engine: ReturnType<typeof withActions>;
  let specs: ActionSpec[] = [];
  let intent: string | undefined;
  beforeAll(async () => {
    d = await openDouble({
      wrap: (e) =>
        (engine = withActions(
          e,
          () => specs,
          () => intent,
        )),
    });
  });
  afterAll(async () => {
    await d?.close();
  });
  beforeEach(() => {
    specs = [REMIND];
    intent = undefined;
    engine.seen.length = 0;
  });

  it('puts one row of action buttons per item under the page buttons, callback_data the token', async () => {
    const shown = sends(await d.receive(d.privateText('/search medical'))).at(-1)!;
    const [pages, ...actions] = keyboardOf(shown);
    expect(pages!.map((b) => b.text)).toEqual([expect.stringMatching(/^Next \(2\/\d+\) ▶$/)]);
    const titles = titlesOf([shown]);
    expect(actions).toHaveLength(titles.length);
    expect(actions).toEqual(titles.map((_, i) => [{ text: `${i + 1} · Remind me`, callback_data: 'p:1:deadline:EMNLP' }]));
    // A private chat needs no deep link.
    expect(actions.flat().some((b) => 'url' in b)).toBe(false);
  });

  it('leaves out an action without a token (over 64 bytes)', async () => {
    specs = [REMIND, { ...REMIND, key: 'snooze', args: { query: 'x'.repeat(80) } }];
    const shown = sends(await d.receive(d.privateText('/deadline EMNLP'))).at(-1)!;
    expect(keyboardOf(shown)).toEqual([[{ text: 'Remind me', callback_data: 'p:1:deadline:EMNLP' }]]);
  });

  it('a press runs the command and answers with a new message under the pressed one, which keeps its list', async () => {
    const shown = sends(await d.receive(d.privateText('/search medical'))).at(-1)!;
    const token = keyboardOf(shown)[1]![0]!;
    const pressed = await d.receive(d.press((token as { callback_data: string }).callback_data, shown.result as Message));
    // The answer, then the new message and the entry's .ics after it.
    expect(pressed.map((c) => c.method)).toEqual(['answerCallbackQuery', 'sendMessage', 'sendDocument']);
    const reference = await d.contract.reference({ type: 'command', name: 'deadline', args: { query: 'EMNLP' } }, 'en');
    expect(reference.paging).toBeUndefined();
    expect(titlesOf(pressed)).toEqual(reference.items.map((i) => i.title));
    expect(sends(pressed)[0]!.payload).toMatchObject({ chat_id: EN.id, reply_parameters: { message_id: (shown.result as Message).message_id } });
    expect(engine.seen.at(-1)!.actor.directAddress).toBe(`telegram:${EN.id}`);
  });

  it('answers a press with a short private reply as the callback answer (a refusal in a group)', async () => {
    specs = [SUBSCRIBE];
    const shown = sends(await d.receive(d.groupText('/deadline EMNLP'))).at(-1)!;
    const button = keyboardOf(shown)
      .flat()
      .find((b) => b.text === 'Subscribe') as { callback_data: string };
    specs = [];
    const pressed = await d.receive(d.press(button.callback_data, shown.result as Message, ZH));
    expect(pressed.map((c) => c.method)).toEqual(['getChatMember', 'answerCallbackQuery']);
    expect(pressed[1]!.payload.text).toMatch(/^只有/);
  });

  it('in a group, a follow action also gets the deep link that opens the private chat', async () => {
    const shown = sends(await d.receive(d.groupText('/deadline EMNLP'))).at(-1)!;
    const reference = await d.contract.reference({ type: 'command', name: 'deadline', args: { query: 'EMNLP' } }, 'en');
    expect(keyboardOf(shown)).toEqual([
      [
        { text: 'Remind me', callback_data: 'p:1:deadline:EMNLP' },
        { text: 'Open a private chat', url: `https://t.me/CatalogBot?start=follow_${reference.items[0]!.id}` },
      ],
    ]);
    // Other actions get none.
    specs = [SUBSCRIBE];
    expect(
      keyboardOf(sends(await d.receive(d.groupText('/deadline EMNLP'))).at(-1)!)
        .flat()
        .some((b) => 'url' in b),
    ).toBe(false);
    // A follow's reply in a group gets it too, in the reply's language; elsewhere none.
    specs = [];
    intent = 'follow';
    const follow = await d.receive(d.groupText('/deadline EMNLP', { from: ZH }));
    expect(keyboardOf(sends(follow).at(-1))).toEqual([[{ text: '私聊开启提醒', url: `https://t.me/CatalogBot?start=follow_${reference.items[0]!.id}` }]]);
    expect(keyboardOf(sends(await d.receive(d.privateText('/deadline EMNLP', ZH))).at(-1))).toEqual([]);
  });

  it('gives every person their private chat as the direct address; a post as a chat has none', async () => {
    specs = [];
    await d.receive(d.groupText('/help'));
    expect(engine.seen.at(-1)!.actor.directAddress).toBe(`telegram:${EN.id}`);
    expect(engine.seen.at(-1)!.place.address).toBe(`telegram:${GROUP}`);
    const anonymous = d.groupText('/help');
    anonymous.message!.sender_chat = { id: GROUP, type: 'supergroup', title: 'Group' };
    await d.receive(anonymous);
    expect(engine.seen.at(-1)!.actor.directAddress).toBeUndefined();
    await d.receive(d.inline('medical', '', ZH));
    expect(engine.seen.at(-1)!.actor.directAddress).toBe(`telegram:${ZH.id}`);
  });
});
