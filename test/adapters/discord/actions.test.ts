/**
 * Item actions on Discord: buttons whose custom_id is the engine's token, within the 5 rows
 * and 5 buttons a message allows next to link and page buttons; a press answered as a
 * message of its own (private when the reply is ephemeral), never by editing the list;
 * every actor's direct address.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { composeReply } from '../../../adapters/discord/messages.js';
import type { Reply, ReplyItem } from '../../../src/bot/reply.js';
import { openContractEngine, type ContractEngine } from '../../contract/engine-for-tests.js';
import { type ActionSpec, withActions } from '../with-actions.js';
import { button, handler, shown, slash } from './interactions.js';

type Button = { style: number; custom_id?: string; url?: string; label?: string };
const buttonsOf = (message: { components: { components: unknown[] }[] }) => message.components.map((row) => row.components as Button[]);

function itemWith(n: number, links: number, actions: number): ReplyItem {
  return {
    id: `item-${n}`,
    kind: 'cfp',
    kindLabel: 'CFP',
    title: `Conference ${n}`,
    tags: [],
    fields: [{ key: 'links', label: 'Links', value: '', facts: { urls: Array.from({ length: links }, (_, k) => `https://example.org/${n}/${k}`) } }],
    actions: Array.from({ length: actions }, (_, k) => ({
      key: k === 0 ? 'follow' : 'snooze',
      label: k === 0 ? 'Remind me' : `Later ${k}`,
      command: 'deadline',
      args: {},
      token: `t:${n}:${k}`,
    })),
  };
}

describe('action buttons in messages', () => {
  it('put each action under its item, custom_id the token, numbered when there are several items', () => {
    const [message] = composeReply({ intent: 'search', lang: 'en', text: [], items: [itemWith(1, 1, 2), itemWith(2, 0, 1)] });
    expect(buttonsOf(message!)).toEqual([
      [expect.objectContaining({ style: 5, url: 'https://example.org/1/0' })],
      [
        expect.objectContaining({ style: 3, custom_id: 't:1:0', label: '1 · Remind me' }),
        expect.objectContaining({ style: 2, custom_id: 't:1:1', label: '1 · Later 1' }),
        expect.objectContaining({ style: 3, custom_id: 't:2:0', label: '2 · Remind me' }),
      ],
    ]);
    const [single] = composeReply({ intent: 'reminder', lang: 'en', text: [], items: [itemWith(1, 0, 1)] });
    expect(buttonsOf(single!)).toEqual([[expect.objectContaining({ custom_id: 't:1:0', label: 'Remind me' })]]);
  });

  it('leave out an action without a token or with one over 100 characters', () => {
    const item = itemWith(1, 0, 3);
    delete item.actions![1]!.token;
    item.actions![2]!.token = 'x'.repeat(101);
    const [message] = composeReply({ intent: 'search', lang: 'en', text: [], items: [item] });
    expect(
      buttonsOf(message!)
        .flat()
        .map((b) => b.custom_id),
    ).toEqual(['t:1:0']);
  });

  it('carry a custom_id once per message (Discord refuses duplicates), a page token included', () => {
    const items = [itemWith(1, 0, 1), itemWith(2, 0, 1)];
    items[1]!.actions![0]!.token = 't:1:0';
    items.push({ ...itemWith(3, 0, 1), actions: [{ key: 'follow', label: 'Same as the page', command: 'search', args: {}, token: 'page-2' }] });
    const reply: Reply = {
      intent: 'search',
      lang: 'en',
      text: [],
      items,
      paging: { page: 1, pages: 2, total: 6, pageSize: 3, command: 'search', args: {}, tokens: { 2: 'page-2' } },
    };
    const [message] = composeReply(reply);
    expect(
      buttonsOf(message!)
        .flat()
        .map((b) => b.custom_id),
    ).toEqual(['t:1:0', 'page-2']);
  });

  it('stay within 5 rows of 5 buttons with links and the page row, continuing in the next message', () => {
    const items = Array.from({ length: 5 }, (_, n) => itemWith(n + 1, 7, 2));
    items.push(itemWith(6, 30, 6));
    const reply: Reply = {
      intent: 'search',
      lang: 'en',
      text: [],
      items,
      paging: { page: 1, pages: 2, total: 12, pageSize: 6, command: 'search', args: {}, tokens: { 2: 'page-2' } },
    };
    const messages = composeReply(reply);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.components.length).toBeLessThanOrEqual(5);
      for (const row of m.components) expect(row.components.length).toBeLessThanOrEqual(5);
    }
    const ids = messages.flatMap((m) =>
      buttonsOf(m)
        .flat()
        .flatMap((b) => b.custom_id ?? []),
    );
    // Every action once (the sixth item keeps 5, one row), the page button last.
    const expected = [...items.slice(0, 5).flatMap((_, n) => [`t:${n + 1}:0`, `t:${n + 1}:1`]), ...[0, 1, 2, 3, 4].map((k) => `t:6:${k}`), 'page-2'];
    expect(ids).toEqual(expected);
    // The sixth item's links leave its action row: 3 rows of links at most.
    const sixth = messages.find((m) => m.embeds.some((e) => e.title?.includes('Conference 6')))!;
    expect(buttonsOf(sixth).filter((row) => row.every((b) => b.url)).length).toBeLessThanOrEqual(3);
  });
});

describe('pressing an action', () => {
  let contract: ContractEngine;
  let engine: ReturnType<typeof withActions>;
  let specs: ActionSpec[] = [];
  let h: ReturnType<typeof handler>;
  beforeAll(async () => {
    contract = await openContractEngine();
    engine = withActions(contract.engine, () => specs);
    h = handler(engine);
  });
  afterAll(async () => {
    await contract?.close();
  });
  beforeEach(() => {
    specs = [];
    engine.seen.length = 0;
  });

  it('runs its command and answers with a new message, leaving the list it is on', async () => {
    const i = button('p:1:deadline:EMNLP');
    await h.handle(i);
    const ref = await contract.reference({ type: 'command', name: 'deadline', args: { query: 'EMNLP' } }, 'en');
    expect(ref.paging).toBeUndefined();
    // The entry's .ics follows, as for the command.
    expect(shown(i)).toMatchObject({ titles: ref.items.map((x) => x.title), ephemeral: false, methods: ['reply', 'followUp'] });
    expect(engine.seen.at(-1)!.actor.directAddress).toBe('discord:dm:1300000000000000002');
  });

  it('answers privately when the reply is ephemeral (a refusal)', async () => {
    const i = button('p:1:subscribe:|filter=cfp', { dm: true });
    await h.handle(i);
    expect(shown(i)).toMatchObject({ ephemeral: true, methods: ['reply'] });
  });

  it('still turns the page in place for a page button', async () => {
    const i = button('p:2:search:medical');
    await h.handle(i);
    expect(shown(i).methods).toEqual(['update']);
  });

  it('gives every actor their DMs as the direct address, in a server and in a DM', async () => {
    await h.handle(slash('help', {}, { user: '1300000000000000009' }));
    await h.handle(slash('help', {}, { dm: true }));
    expect(engine.seen.map((s) => s.actor.directAddress)).toEqual(['discord:dm:1300000000000000009', 'discord:dm:1300000000000000002']);
  });
});
