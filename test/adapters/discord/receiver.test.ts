/**
 * The Discord receiver's interaction handler with plain interaction objects, against
 * the production-path engine (test/contract/engine-for-tests.ts): what Discord would
 * have been asked to show, read back from the recorded calls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Suggestion } from '../../../src/engine/types.js';
import type { EngineAccess } from '../../../src/engine/access.js';
import { openContractEngine, type ContractEngine } from '../../contract/engine-for-tests.js';
import { actionTokens, autocomplete, BOT, button, buttonIds, CHANNEL, handler, pageIds, shown, slash } from './interactions.js';

let contract: ContractEngine;
let h: ReturnType<typeof handler>;

beforeAll(async () => {
  contract = await openContractEngine();
  h = handler(contract.engine);
});
afterAll(async () => {
  await contract?.close();
});

const titles = (reply: { items: { title: string }[] }) => reply.items.map((i) => i.title);

describe('slash commands', () => {
  it('reply with what the engine answers, in the asker’s language, pinging no one', async () => {
    const i = slash('paper', { query: 'ECG' });
    await h.handle(i);
    const ref = await contract.reference({ type: 'command', name: 'paper', args: { query: 'ECG' } }, 'en');
    expect(shown(i)).toMatchObject({ titles: titles(ref), ephemeral: false, methods: ['reply'] });
    expect(titles(ref).length).toBeGreaterThan(0);
    expect(i.calls[0]!.payload.allowedMentions).toEqual({ parse: [] });

    const zh = slash('paper', { query: '心电' }, { locale: 'zh-CN' });
    await h.handle(zh);
    expect(shown(zh).text).toMatch(/\p{Script=Han}/u);
    expect(shown(zh).titles).toEqual(titles(await contract.reference({ type: 'command', name: 'paper', args: { query: '心电' } }, 'zh')));
  });

  it('answer an unknown command ephemerally', async () => {
    const i = slash('nosuch', {});
    await h.handle(i);
    expect(shown(i)).toMatchObject({ ephemeral: true, methods: ['reply'] });
    expect(shown(i).text).toContain('There is no /nosuch command');
  });

  it('answer a failing engine with an ephemeral apology and log it', async () => {
    const failing = handler({ handle: async () => Promise.reject(new Error('boom')), commands: () => [] });
    const i = slash('paper', { query: 'x' }, { locale: 'zh-CN' });
    await failing.handle(i);
    expect(shown(i)).toMatchObject({ ephemeral: true, methods: ['reply'] });
    expect(shown(i).text).toContain('抱歉');
    expect(failing.logged).toEqual(['discord: /paper failed']);
  });

  it('defer when the answer has not come within the threshold, then edit (on the injected clock)', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = handler({ handle: async (...a) => held.then(() => contract.engine.handle(...a)), commands: () => contract.engine.commands() }, 150);
    const i = slash('help', {});
    const done = slow.handle(i);
    await slow.clock.advance(149);
    expect(i.calls.map((c) => c.method)).toEqual([]);
    await slow.clock.advance(1);
    expect(i.calls.map((c) => c.method)).toEqual(['deferReply']);
    release();
    await done;
    expect(shown(i).methods).toEqual(['deferReply', 'editReply']);
    expect(shown(i).text).toContain('/search');
  });

  it('never answer the bot’s own interactions', async () => {
    const own = slash('help', {}, { user: BOT });
    await h.handle(own);
    expect(own.calls).toEqual([]);
    const typing = autocomplete('search', 'query', 'medical', { user: BOT });
    await h.handle(typing);
    expect(typing.calls).toEqual([]);
  });
});

describe('Manage Server for /subscribe', () => {
  it('refuses a member without it, ephemerally, and keeps nothing', async () => {
    const i = slash('subscribe', { filter: 'cfp', leads: '7' });
    await h.handle(i);
    expect(shown(i)).toMatchObject({ ephemeral: true });
    expect(shown(i).text).toMatch(/Only people who manage this channel/);
    expect(await contract.store.subscriptionsOf(`discord:${CHANNEL}`)).toEqual([]);
  });

  it('refuses a direct message even to a manager: a DM holds no settings', async () => {
    const i = slash('subscribe', { filter: 'cfp' }, { dm: true, manage: true });
    await h.handle(i);
    expect(shown(i)).toMatchObject({ ephemeral: true });
    expect(shown(i).text).toMatch(/only be set up in a server channel/);
  });

  it('subscribes the channel for a member with it', async () => {
    const i = slash('subscribe', { filter: 'cfp', leads: '7' }, { manage: true });
    await h.handle(i);
    expect(shown(i)).toMatchObject({ ephemeral: false });
    expect(shown(i).text).toMatch(/Subscribed \(id \w+\)/);
    expect(await contract.store.subscriptionsOf(`discord:${CHANNEL}`)).toHaveLength(1);
  });
});

describe('page buttons', () => {
  it('carry every argument: /deadline zone:Tokyo pages in Tokyo time', async () => {
    const first = slash('deadline', { zone: 'Tokyo' });
    await h.handle(first);
    const ref = await contract.reference({ type: 'command', name: 'deadline', args: { zone: 'Tokyo' } }, 'en');
    expect(ref.paging?.pages).toBeGreaterThan(1);
    expect(shown(first).titles).toEqual(titles(ref));
    // Items with a date ahead carry a "remind me" button: those are the reply's actions, the rest page.
    const actions = actionTokens(ref);
    expect(actions.size).toBeGreaterThan(0);
    expect(
      buttonIds(first)
        .filter((id) => actions.has(id))
        .sort(),
    ).toEqual([...actions].sort());
    const [next, ...rest] = pageIds(first, ref);
    expect(rest).toEqual([]);
    expect(next).toBe(ref.paging!.tokens![2]);
    expect(next!.length).toBeLessThanOrEqual(100);

    const press = button(next!);
    await h.handle(press);
    const ref2 = await contract.reference({ type: 'page', token: ref.paging!.tokens![2]! }, 'en');
    expect(ref2.paging?.page).toBe(2);
    expect(shown(press)).toMatchObject({ titles: titles(ref2), ephemeral: false, methods: ['update'] });
    const deadline = ref2.items[0]!.fields.find((f) => f.key === 'deadline')!;
    expect(shown(press).text).toContain(deadline.value); // the engine's Tokyo wording under the timestamp
    expect(pageIds(press, ref2)).toContain(ref2.paging!.tokens![1]); // back to page 1, zone kept
  });

  it('answer a stale button only to the presser, leaving the shared message', async () => {
    const press = button('page:search:2:medical');
    await h.handle(press);
    expect(shown(press)).toMatchObject({ ephemeral: true, methods: ['reply'] });
    expect(shown(press).text).toContain('This button has expired');
  });
});

describe('autocomplete', () => {
  it('offers the engine’s suggestions for the option, at most 25', async () => {
    const i = autocomplete('search', 'query', 'medical');
    await h.handle(i);
    const [call] = i.calls;
    expect(call?.method).toBe('respond');
    expect(call!.payload).toHaveLength(25); // "medical" matches far more
  });

  it('cuts choices to Discord’s limits: 25 of them, names and values of at most 100', async () => {
    const long = 'A very long title '.repeat(10);
    const suggestions: Suggestion[] = Array.from({ length: 30 }, (_, n) => ({ id: `e${n}`, title: `${n} ${long}`, value: `${n} ${long}`, item: {} as Suggestion['item'] }));
    const asked: unknown[] = [];
    const engine: EngineAccess = {
      handle: async (event) => {
        asked.push(event);
        return { type: 'suggestions', suggestions };
      },
      commands: () => contract.engine.commands(),
    };
    const i = autocomplete('paper', 'query', 'ecg');
    await handler(engine).handle(i);
    expect(asked).toEqual([{ type: 'suggest', command: 'paper', option: 'query', query: 'ecg', limit: 25 }]);
    const choices = i.calls[0]!.payload as { name: string; value: string }[];
    expect(choices).toHaveLength(25);
    for (const c of choices) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeGreaterThan(0);
    }
  });

  it('answers an empty list when the engine has nothing', async () => {
    const i = autocomplete('dataset', 'query', '');
    await h.handle(i);
    expect(i.calls).toEqual([{ method: 'respond', payload: [] }]);
  });
});
