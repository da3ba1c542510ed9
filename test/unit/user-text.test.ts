/** The core's one reader of user text: /commands, @mentions, "more" with its paging memory, page:N. */
import { describe, expect, it } from 'vitest';
import { MORE, PagingMemory } from '../../src/bot/more.js';
import { mentions, parseSlash, splitPageArg, withoutMention } from '../../src/bot/slash.js';
import type { BotRequest, Paging } from '../../src/bot/types.js';
import { makeBot } from '../helpers.js';

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

  it('gives the next page of the conversation\'s last paged answer, or a named one', () => {
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

describe('BotCore reads user text', () => {
  const core = makeBot();
  const group = (text: string, extra: Partial<BotRequest> = {}): BotRequest => ({
    platform: 'test',
    conversation: 'test:group',
    text,
    botName: 'CatalogBot',
    inGroup: true,
    ...extra,
  });

  it('in a group answers our commands and aliases, anything addressed to it, and nothing else', async () => {
    expect(core.wants(group('/论文 心电'))).toBe(true);
    expect(core.wants(group('/paper ecg'))).toBe(true);
    expect(core.wants(group('/paper@catalogbot ecg'))).toBe(true);
    expect(core.wants(group('/weather@CatalogBot'))).toBe(true);
    expect(core.wants(group('@CatalogBot papers about ECG'))).toBe(true);
    expect(core.wants(group('papers about ECG', { addressed: true }))).toBe(true);
    expect(core.wants(group('/paper@OtherBot ecg'))).toBe(false);
    expect(core.wants(group('/paper@OtherBot ecg', { addressed: true }))).toBe(false);
    expect(core.wants(group('/weather tomorrow'))).toBe(false);
    expect(core.wants(group('papers about ECG'))).toBe(false);
    expect(core.wants(group('更多'))).toBe(false);
    await expect(core.respond(group('/weather tomorrow'))).resolves.toBeUndefined();
    expect(core.handle(group('/weather@CatalogBot'))?.intent).toBe('unknown-command');
    // A private chat: everything but another bot's command.
    expect(core.wants({ platform: 'test', conversation: 'test:dm', text: '/weather', botName: 'CatalogBot' })).toBe(true);
    expect(core.wants({ platform: 'test', conversation: 'test:dm', text: '/paper@OtherBot ecg', botName: 'CatalogBot' })).toBe(false);
  });

  it('strips its mention and names the command a line asks for (rights are checked before it runs)', () => {
    const ref = core.handle({ platform: 'ref', conversation: 'ref', text: 'papers about ECG', locale: 'en' })!;
    const mentioned = core.handle(group('@CatalogBot papers about ECG', { locale: 'en' }))!;
    expect(mentioned.items.map((i) => i.title)).toEqual(ref.items.map((i) => i.title));
    expect(core.commandOf(group('/subscribe@CatalogBot competition'))?.requires?.includes('manage')).toBe(true);
    expect(core.commandOf(group('/论文 心电'))?.name).toBe('paper');
    expect(core.commandOf({ platform: 'discord', conversation: 'd', command: 'subscribe' })?.name).toBe('subscribe');
  });

  it('continues the conversation\'s last paged answer for "more", "更多" and "page:N" alone', () => {
    const bot = makeBot();
    const ask = (text: string, conversation = 'test:1', extra: Partial<BotRequest> = {}) =>
      bot.handle({ platform: 'test', conversation, text, locale: 'en', ...extra })!;
    const ref = (page: number) => bot.handle({ platform: 'ref', conversation: 'ref', command: 'search', args: { query: 'medical' }, locale: 'en', page })!;
    const titles = (r: { items: { title: string }[] }) => r.items.map((i) => i.title);
    expect(ask('more').intent).toBe('more');
    expect(titles(ask('/search medical'))).toEqual(titles(ref(1)));
    const second = ask('更多');
    expect(titles(second)).toEqual(titles(ref(2)));
    expect(second.continues).toBe(true);
    expect(second.paging?.page).toBe(2);
    expect(titles(ask('page:4'))).toEqual(titles(ref(4)));
    expect(titles(ask('next'))).toEqual(titles(ref(5)));
    // Another conversation has its own memory.
    expect(ask('more', 'test:2').intent).toBe('more');
    // "ecg page:2" is free text at page 2; a page passed as data (a button) wins over the text's.
    expect(ask('medical page:2').paging?.page).toBe(2);
    expect(ask('medical page:2', 'test:1', { page: 3 }).paging?.page).toBe(3);
    expect(ask('medical page:2').continues).toBeUndefined();
    // An answer without pages ends what "more" continues.
    ask('/help');
    expect(ask('more').intent).toBe('more');
  });
});
