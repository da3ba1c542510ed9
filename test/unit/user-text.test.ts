/** The engine's one reader of user text: /commands, @mentions, "more" with its paging memory, page:N. */
import { describe, expect, it } from 'vitest';
import { MORE, PagingMemory } from '../../src/engine/paging-memory.js';
import { mentions, parseSlash, splitPageArg, withoutMention } from '../../src/engine/slash.js';
import type { Paging, Reply } from '../../src/bot/reply.js';
import type { Place } from '../../src/engine/types.js';
import { ask, makeEngine, replyTo, testActor } from '../helpers.js';

describe('parseSlash', () => {
  it('reads a command in any script, with the bot it is addressed to', () => {
    expect(parseSlash('/paper@CatalogBot ecg')).toEqual({ name: 'paper', bot: 'CatalogBot', rest: 'ecg' });
    expect(parseSlash('/论文 心电')).toEqual({ name: '论文', rest: '心电' });
    expect(parseSlash('/论文@CatalogBot')).toEqual({ name: '论文', bot: 'CatalogBot', rest: '' });
    expect(parseSlash('/DEADLINE')).toEqual({ name: 'deadline', rest: '' });
    expect(parseSlash('not a command')).toBeUndefined();
    expect(parseSlash('and/or')).toBeUndefined();
  });
});

describe('splitPageArg', () => {
  it('takes a page suffix off free text and command lines, in both languages', () => {
    expect(splitPageArg('ecg page:2')).toEqual({ query: 'ecg', page: 2 });
    expect(splitPageArg('/search medical imaging p=3')).toEqual({ query: '/search medical imaging', page: 3 });
    expect(splitPageArg('心电 页:2')).toEqual({ query: '心电', page: 2 });
    expect(splitPageArg('心电 第2页')).toEqual({ query: '心电', page: 2 });
    expect(splitPageArg('page:4')).toEqual({ query: '', page: 4 });
  });

  it('leaves words that only look like it', () => {
    expect(splitPageArg('/search page turner')).toEqual({ query: '/search page turner' });
    expect(splitPageArg('ecg page:0')).toEqual({ query: 'ecg page:0' });
    expect(splitPageArg('Med-PaLM 2')).toEqual({ query: 'Med-PaLM 2' });
  });
});

describe('mentions', () => {
  it('finds and removes @bot, not a longer name or an address', () => {
    expect(mentions('hey @catalogbot papers', 'CatalogBot')).toBe(true);
    expect(mentions('thanks @CatalogBot.', 'CatalogBot')).toBe(true);
    expect(mentions('hey @CatalogBotFan papers', 'CatalogBot')).toBe(false);
    expect(mentions('mail me at someone@CatalogBot.org', 'CatalogBot')).toBe(false);
    expect(withoutMention('@catalogbot  papers about ECG', 'CatalogBot')).toBe('papers about ECG');
    expect(withoutMention('ask @CatalogBotFan', 'CatalogBot')).toBe('ask @CatalogBotFan');
  });
});

describe('PagingMemory', () => {
  const paging = (page: number, pages = 3): Paging => ({ page, pages, total: pages * 5, pageSize: 5, command: 'search', args: { query: 'ecg' } });

  it("gives the next page of the conversation's last paged answer, or a named one", () => {
    const memory = new PagingMemory();
    memory.remember('c1', paging(1));
    memory.remember('c2', paging(3));
    expect(memory.continuation('c1')).toEqual({ command: 'search', args: { query: 'ecg' }, page: 2 });
    expect(memory.continuation('c1', 3)?.page).toBe(3);
    expect(memory.continuation('c1', 4)).toBeUndefined();
    expect(memory.continuation('c2')).toBeUndefined(); // the last page was shown
    expect(memory.continuation('c3')).toBeUndefined();
    memory.forget('c1');
    expect(memory.continuation('c1')).toBeUndefined();
  });

  it('forgets after its time to live, on the injected clock, and keeps at most N conversations', () => {
    let now = 0;
    const memory = new PagingMemory({ ttlMs: 1000, maxConversations: 2, now: () => now });
    memory.remember('a', paging(1));
    now = 1000;
    expect(memory.continuation('a')?.page).toBe(2);
    now = 1001;
    expect(memory.continuation('a')).toBeUndefined();
    for (const c of ['x', 'y', 'z']) memory.remember(c, paging(1));
    expect(memory.size).toBe(2);
    expect(memory.continuation('x')).toBeUndefined();
    expect(memory.continuation('z')?.page).toBe(2);
  });

  it('knows "more" in both languages', () => {
    for (const word of ['more', 'More', 'next', '更多', '下一页', '继续']) expect(MORE.test(word), word).toBe(true);
    expect(MORE.test('more papers')).toBe(false);
  });
});

describe('the engine reads user text', () => {
  const engine = makeEngine();
  const actor = testActor('en');
  const group = (extra: Partial<Place> = {}): Place => ({ address: 'test:group', platform: 'test', group: true, botName: 'CatalogBot', ...extra });
  const dm: Place = { address: 'test:dm', platform: 'test', group: false, botName: 'CatalogBot' };
  const intentOf = async (text: string, place: Place) => {
    const outcome = await engine.handle({ type: 'text', text }, actor, place);
    return outcome.type === 'reply' ? outcome.reply.intent : outcome.type;
  };

  it('in a group answers our commands and aliases, anything addressed to it, and nothing else', async () => {
    expect(await intentOf('/论文 心电', group())).toBe('paper');
    expect(await intentOf('/paper ecg', group())).toBe('paper');
    expect(await intentOf('/paper@catalogbot ecg', group())).toBe('paper');
    expect(await intentOf('/weather@CatalogBot', group())).toBe('unknown-command');
    expect(await intentOf('@CatalogBot papers about ECG', group())).toBe('paper');
    expect(await intentOf('papers about ECG', group({ addressed: true }))).toBe('paper');
    expect(await intentOf('/paper@OtherBot ecg', group())).toBe('none');
    expect(await intentOf('/paper@OtherBot ecg', group({ addressed: true }))).toBe('none');
    expect(await intentOf('/weather tomorrow', group())).toBe('none');
    expect(await intentOf('papers about ECG', group())).toBe('none');
    expect(await intentOf('更多', group())).toBe('none');
    // A private chat: everything but another bot's command.
    expect(await intentOf('/weather', dm)).toBe('unknown-command');
    expect(await intentOf('/paper@OtherBot ecg', dm)).toBe('none');
  });

  it('strips its mention: a mention in a group answers as the question alone does', async () => {
    const ref = await ask(engine, 'papers about ECG', { locale: 'en' });
    const mentioned = await replyTo(engine, { type: 'text', text: '@CatalogBot papers about ECG' }, { locale: 'en', place: group() });
    expect(mentioned.items.map((i) => i.title)).toEqual(ref.items.map((i) => i.title));
    expect(ref.items.length).toBeGreaterThan(0);
  });

  it('continues the place\'s last paged answer for "more", "更多" and "page:N" alone', async () => {
    const bot = makeEngine();
    const say = (text: string, address = 'test:1') => replyTo(bot, { type: 'text', text }, { locale: 'en', place: { address } });
    const pages: Reply[] = [await replyTo(bot, { type: 'command', name: 'search', args: { query: 'medical' } }, { locale: 'en', place: { address: 'ref' } })];
    for (let page = 2; page <= 5; page++) {
      const next = await replyTo(bot, { type: 'more' }, { locale: 'en', place: { address: 'ref' } });
      expect(next.paging?.page).toBe(page);
      pages.push(next);
    }
    const ref = (page: number) => pages[page - 1]!;
    const titles = (r: { items: { title: string }[] }) => r.items.map((i) => i.title);
    expect((await say('more')).intent).toBe('more');
    expect(titles(await say('/search medical'))).toEqual(titles(ref(1)));
    const second = await say('更多');
    expect(titles(second)).toEqual(titles(ref(2)));
    expect(second.continues).toBe(true);
    expect(second.paging?.page).toBe(2);
    expect(titles(await say('page:4'))).toEqual(titles(ref(4)));
    expect(titles(await say('next'))).toEqual(titles(ref(5)));
    // Another place has its own memory.
    expect((await say('more', 'test:2')).intent).toBe('more');
    // "ecg page:2" is free text at page 2, not a continuation.
    const paged = await say('medical page:2');
    expect(paged.paging?.page).toBe(2);
    expect(paged.continues).toBeUndefined();
    // An answer without pages ends what "more" continues.
    await say('/help');
    expect((await say('more')).intent).toBe('more');
  });
});
