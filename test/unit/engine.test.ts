/** The engine's one entry: rights before the handler, the flood limit, its own messages, suggestions, page events, errors. */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { announceMessages } from '../../src/announce/messages.js';
import { loadSearchableCatalog } from '../../src/catalog/searchable.js';
import { messages, slowDown } from '../../src/bot/messages.js';
import type { CommandDefinition } from '../../src/bot/types.js';
import type { Reply } from '../../src/bot/reply.js';
import { Engine, STALE_BUTTON, type EngineOptions } from '../../src/engine/engine.js';
import type { Actor, InboundEvent, Outcome, Place } from '../../src/engine/types.js';
import { FakeClock } from '../fake-clock.js';
import { SEEDS } from '../helpers.js';

const loaded = loadSearchableCatalog(SEEDS);
const NOW = DateTime.fromISO('2026-05-20T12:00:00+08:00', { setZone: true });
const engineWith = (options: Partial<EngineOptions> = {}) =>
  new Engine({ catalog: loaded.catalog, search: loaded.search, commands: COMMANDS, now: () => NOW, flood: false, ...options });

const dm: Place = { address: 'test:dm', platform: 'test', group: false };
const group: Place = { address: 'test:group', platform: 'test', group: true };
const actor = (canManage: boolean | (() => Promise<boolean>), extra: Partial<Actor> = {}): Actor => ({
  id: 'u1',
  locale: 'en',
  canManage: typeof canManage === 'function' ? canManage : async () => canManage,
  ...extra,
});

function replyOf(outcome: Outcome): Reply {
  if (outcome.type !== 'reply') throw new Error(`expected a reply, got ${outcome.type}`);
  return outcome.reply;
}

/** A command that requires the right and counts its runs. */
function guarded(): { command: CommandDefinition; runs: number } {
  const state = { runs: 0, command: undefined as unknown as CommandDefinition };
  state.command = {
    name: 'lock',
    description: { en: 'Locks the place', zh: '锁定' },
    options: [],
    requires: ['manage'],
    handler: async (_args, ctx) => {
      state.runs++;
      return { intent: 'lock', lang: ctx.lang, text: ['locked'], items: [] };
    },
  };
  return state;
}

describe('rights declared by a command', () => {
  it('runs the handler when the actor manages the place, asking only then', async () => {
    const g = guarded();
    const engine = engineWith({ commands: [...COMMANDS, g.command] });
    let asked = 0;
    const manager = actor(async () => {
      asked++;
      return true;
    });
    expect(replyOf(await engine.handle({ type: 'command', name: 'lock', args: {} }, manager, group)).text).toEqual(['locked']);
    expect(g.runs).toBe(1);
    await engine.handle({ type: 'text', text: '/paper ecg' }, manager, group);
    expect(asked).toBe(1);
  });

  it('refuses before the handler runs when the actor does not manage it, or the check fails', async () => {
    const g = guarded();
    const engine = engineWith({ commands: [...COMMANDS, g.command] });
    for (const who of [actor(false), actor(async () => Promise.reject(new Error('API down')))]) {
      const reply = replyOf(await engine.handle({ type: 'text', text: '/lock' }, who, group));
      expect(reply).toMatchObject({ text: [announceMessages('en').notManager], ephemeral: true });
    }
    expect(g.runs).toBe(0);
  });

  it('refuses in a place that cannot hold settings without asking the actor', async () => {
    const g = guarded();
    const engine = engineWith({ commands: [...COMMANDS, g.command] });
    let asked = 0;
    const reply = replyOf(
      await engine.handle(
        { type: 'command', name: 'lock', args: {} },
        actor(
          async () => {
            asked++;
            return true;
          },
          { locale: 'zh-CN' },
        ),
        { ...dm, noSettings: true },
      ),
    );
    expect(reply.text).toEqual([announceMessages('zh').serverOnly]);
    expect(asked).toBe(0);
    expect(g.runs).toBe(0);
  });

  it('guards the declared manage commands: /subscriptions is refused to a non-manager', async () => {
    const engine = engineWith();
    for (const name of COMMANDS.filter((c) => c.requires?.includes('manage')).map((c) => c.name)) {
      expect(replyOf(await engine.handle({ type: 'command', name, args: {} }, actor(false), group)).text, name).toEqual([announceMessages('en').notManager]);
      // Granted, but `npm run ask` has no store: the command says so itself.
      expect(replyOf(await engine.handle({ type: 'command', name, args: {} }, actor(true), group)).text, name).toEqual([announceMessages('en').noStore]);
    }
  });
});

describe('the flood limit', () => {
  it('warns once over the burst, then says nothing until the bucket refills on the clock', async () => {
    const clock = new FakeClock();
    const engine = engineWith({ clock, flood: { burst: 2, perSecond: 1 } });
    const who = actor(true);
    const send = () => engine.handle({ type: 'text', text: '/help' }, who, dm);
    expect(replyOf(await send()).intent).toBe('help');
    expect(replyOf(await send()).intent).toBe('help');
    expect(replyOf(await send())).toMatchObject({ intent: 'flood', text: [slowDown('en')] });
    expect(await send()).toEqual({ type: 'none' });
    // Another actor has a bucket of their own.
    expect(replyOf(await engine.handle({ type: 'text', text: '/help' }, actor(true, { id: 'u2' }), dm)).intent).toBe('help');
    await clock.advance(1000);
    expect(replyOf(await send()).intent).toBe('help');
  });

  it("spares the bot's operator (the console's user, piping a file of questions in)", async () => {
    const engine = engineWith({ clock: new FakeClock(), flood: { burst: 2, perSecond: 1 } });
    const operator = actor(true, { operator: true });
    for (let i = 0; i < 10; i++) expect(replyOf(await engine.handle({ type: 'text', text: '/help' }, operator, dm)).intent).toBe('help');
  });
});

describe('events the engine does not answer', () => {
  it('never answers the bot itself, whatever the event', async () => {
    const engine = engineWith();
    const self = actor(true, { isSelf: true });
    for (const event of [
      { type: 'text', text: '/help' },
      { type: 'more' },
      { type: 'command', name: 'paper', args: { query: 'ecg' } },
      { type: 'suggest', query: 'ecg' },
    ] satisfies InboundEvent[]) {
      expect(await engine.handle(event, self, dm)).toEqual({ type: 'none' });
    }
  });
});

describe('suggestions', () => {
  const engine = engineWith();
  const suggest = async (query: string, command?: string) => {
    const outcome = await engine.handle({ type: 'suggest', query, ...(command ? { command, option: 'query' } : {}) }, actor(false), dm);
    if (outcome.type !== 'suggestions') throw new Error(outcome.type);
    return outcome;
  };

  it('search what each command declares in `suggests`', async () => {
    const byId = new Map(loaded.catalog.entries.map((e) => [e.id, e]));
    const paper = await suggest('medical', 'paper');
    expect(paper.suggestions.length).toBeGreaterThan(0);
    expect(paper.suggestions.every((s) => byId.get(s.id)!.kind === 'paper')).toBe(true);
    const dataset = await suggest('medical', 'dataset');
    expect(dataset.suggestions.every((s) => byId.get(s.id)!.kind === 'dataset')).toBe(true);
    const deadline = await suggest('2026', 'deadline');
    expect(deadline.suggestions.length).toBeGreaterThan(0);
    expect(deadline.suggestions.every((s) => byId.get(s.id)!.milestones.length > 0)).toBe(true);
    const all = await suggest('medical', 'search');
    expect(new Set(all.suggestions.map((s) => byId.get(s.id)!.kind)).size).toBeGreaterThan(1);
    // An inline query (no command) searches everything, as /search does.
    expect((await suggest('medical')).suggestions.map((s) => s.id)).toEqual(all.suggestions.map((s) => s.id));
  });

  it('offer nothing for an option without autocomplete, an unknown command or blank text', async () => {
    expect((await suggest('medical', 'subscribe')).suggestions).toEqual([]);
    expect((await suggest('medical', 'nope')).suggestions).toEqual([]);
    expect((await suggest('   ')).suggestions).toEqual([]);
  });

  it('page by offset', async () => {
    const outcome = await engine.handle({ type: 'suggest', query: 'medical', limit: 3 }, actor(false), dm);
    if (outcome.type !== 'suggestions') throw new Error(outcome.type);
    expect(outcome.suggestions).toHaveLength(3);
    const next = await engine.handle({ type: 'suggest', query: 'medical', limit: 3, offset: outcome.nextOffset! }, actor(false), dm);
    if (next.type !== 'suggestions') throw new Error(next.type);
    expect(next.suggestions[0]!.id).not.toBe(outcome.suggestions[0]!.id);
  });
});

describe('page events', () => {
  it('reproduce the page with every argument (/deadline in a zone, page 2 keeps the zone)', async () => {
    const engine = engineWith();
    const first = replyOf(await engine.handle({ type: 'command', name: 'deadline', args: { zone: 'Tokyo' } }, actor(false), dm));
    expect(first.paging).toMatchObject({ page: 1, args: { zone: 'Tokyo' } });
    const token = first.paging!.tokens![2]!;
    expect(token).toMatch(/^p:2:deadline:/);
    // Any place, any time later: the token carries the whole target.
    const second = replyOf(await engineWith().handle({ type: 'page', token }, actor(false), group));
    expect(second.paging).toMatchObject({ page: 2, args: { zone: 'Tokyo' } });
    expect(second.text.join('\n')).toContain('Tokyo');
    expect(second.items.map((i) => i.id)).not.toEqual(first.items.map((i) => i.id));
    expect(second.paging!.tokens![1]).toBeDefined();
  });

  it("fall back to the place's paging memory when the target does not fit the platform's bytes", async () => {
    const engine = engineWith();
    const tight: Place = { ...dm, pageTokenBytes: 16 };
    const first = replyOf(await engine.handle({ type: 'command', name: 'search', args: { query: '医学 medical' } }, actor(false), tight));
    const token = first.paging!.tokens![2]!;
    expect(token).toMatch(/^m:2:/);
    expect(Buffer.byteLength(token)).toBeLessThanOrEqual(16);
    const second = replyOf(await engine.handle({ type: 'page', token }, actor(false), tight));
    expect(second.paging).toMatchObject({ page: 2, args: { query: '医学 medical' } });
    // The slot is the place's own: elsewhere (or after a restart) the button has expired.
    expect(replyOf(await engine.handle({ type: 'page', token }, actor(false), group)).text).toEqual([STALE_BUTTON.en]);
    expect(replyOf(await engineWith().handle({ type: 'page', token }, actor(false), tight)).text).toEqual([STALE_BUTTON.en]);
    expect(replyOf(await engine.handle({ type: 'page', token: 'garbage' }, actor(false), tight))).toMatchObject({ intent: 'stale', ephemeral: true });
  });

  it('continue in the language of the answer they continue, whatever "more" is written in', async () => {
    const engine = engineWith();
    const noLocale = actor(false, { locale: undefined });
    const first = replyOf(await engine.handle({ type: 'text', text: '有哪些论文' }, noLocale, dm));
    expect(first).toMatchObject({ lang: 'zh', paging: { page: 1 } });
    // Typed "more" (or the platform's "more" event): page 2, still in Chinese.
    const typed = replyOf(await engine.handle({ type: 'text', text: 'more' }, noLocale, dm));
    expect(typed).toMatchObject({ lang: 'zh', paging: { page: 2 }, continues: true });
    const pressed = replyOf(await engine.handle({ type: 'more' }, noLocale, dm));
    expect(pressed).toMatchObject({ lang: 'zh', paging: { page: 3 } });
    // A new English question is answered in English, and its "更多" stays English.
    expect(replyOf(await engine.handle({ type: 'text', text: 'papers' }, noLocale, dm)).lang).toBe('en');
    expect(replyOf(await engine.handle({ type: 'text', text: '更多' }, noLocale, dm))).toMatchObject({ lang: 'en', paging: { page: 2 } });
  });
});

describe('errors', () => {
  it('an async handler that rejects gives the polite error, and changes nothing after', async () => {
    const broken: CommandDefinition = {
      name: 'broken',
      description: { en: 'fails', zh: '失败' },
      options: [],
      handler: async () => {
        await Promise.resolve();
        throw new Error('store down');
      },
    };
    const logged: string[] = [];
    const engine = engineWith({ commands: [...COMMANDS, broken], log: (m) => logged.push(m) });
    await engine.handle({ type: 'text', text: '/search medical' }, actor(false), dm);
    const reply = replyOf(await engine.handle({ type: 'text', text: '/broken' }, actor(false), dm));
    expect(reply).toMatchObject({ intent: 'error', text: [messages('en').error], ephemeral: true });
    expect(logged).toEqual(['handler failed']);
    // The failed answer did not end what "more" continues.
    expect(replyOf(await engine.handle({ type: 'more' }, actor(false), dm)).paging?.page).toBe(2);
  });
});

describe('hot reload', () => {
  it('swaps the catalog for new requests while one under way keeps the catalog it started with', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const seen: number[] = [];
    const count: CommandDefinition = {
      name: 'count',
      description: { en: 'counts entries', zh: '计数' },
      options: [],
      handler: async (_args, ctx) => {
        seen.push(ctx.core.entries.length);
        await gate;
        seen.push(ctx.core.entries.length);
        return { intent: 'count', lang: ctx.lang, text: [String(ctx.core.entries.length)], items: [] };
      },
    };
    const engine = engineWith({ commands: [...COMMANDS, count] });
    const full = loaded.catalog.entries.length;
    const under = engine.handle({ type: 'text', text: '/count' }, actor(false), dm);
    engine.services.replaceCatalog({ ...loaded.catalog, entries: loaded.catalog.entries.slice(0, 3) }, loaded.search);
    const fresh = engine.handle({ type: 'text', text: '/count' }, actor(false), dm);
    release();
    expect(replyOf(await under).text).toEqual([String(full)]);
    expect(replyOf(await fresh).text).toEqual(['3']);
    expect(seen).toEqual([full, 3, full, 3]);
  });
});
