/**
 * The Telegram adapter's pure pieces: configuration from the environment, page
 * buttons, rendering, group addressing, language and the command menu.
 */
import type { Message } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { commandMenu, commandMenus } from '../../adapters/telegram/commands.js';
import { telegramConfigFromEnv, webhookPathOf, webhookSecretOf } from '../../adapters/telegram/config.js';
import { addressedToBot } from '../../adapters/telegram/groups.js';
import { localeOf } from '../../adapters/telegram/language.js';
import { pageKeyboard } from '../../adapters/telegram/paging.js';
import { cutPlain, escapeHtml, linkify, renderReply } from '../../adapters/telegram/render.js';
import type { CommandDefinition } from '../../src/bot/types.js';
import type { Reply } from '../../src/bot/reply.js';
import { parseTelegramHtml } from '../fakes/telegram/index.js';

const TOKEN = '123456789:AAHfakeTokenForConfigTests_abcdefgh';

describe('telegramConfigFromEnv', () => {
  it('is undefined without a token (the console stays the default)', () => {
    expect(telegramConfigFromEnv({})).toBeUndefined();
    expect(telegramConfigFromEnv({ TELEGRAM_BOT_TOKEN: '  ' })).toBeUndefined();
  });

  it('reads long polling, another API root, and webhook settings', () => {
    expect(telegramConfigFromEnv({ TELEGRAM_BOT_TOKEN: TOKEN })).toEqual({ token: TOKEN });
    expect(telegramConfigFromEnv({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/' })).toEqual({
      token: TOKEN,
      apiRoot: 'http://127.0.0.1:8081',
    });
    const hook = telegramConfigFromEnv({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/tg/hook',
      TELEGRAM_WEBHOOK_SECRET: 's3cret_-X',
      TELEGRAM_WEBHOOK_PORT: '8443',
      TELEGRAM_WEBHOOK_HOST: '127.0.0.1',
    })!;
    expect(hook).toEqual({
      token: TOKEN,
      webhookUrl: 'https://bot.example.org/tg/hook',
      webhookSecret: 's3cret_-X',
      webhookPort: 8443,
      webhookHost: '127.0.0.1',
    });
    expect(webhookPathOf(hook)).toBe('/tg/hook');
    const derived = telegramConfigFromEnv({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_URL: 'https://bot.example.org', PORT: '3000' })!;
    expect(derived.webhookPort).toBe(3000);
    expect(webhookSecretOf(derived)).toMatch(/^[0-9a-f]{64}$/);
    expect(webhookSecretOf(derived)).toBe(webhookSecretOf({ token: TOKEN }));
    expect(webhookSecretOf(derived)).not.toContain(TOKEN.split(':')[1]);
  });

  it('throws one clear line naming the variable for a bad value', () => {
    const bad: Array<[Record<string, string>, RegExp]> = [
      [{ TELEGRAM_BOT_TOKEN: 'not-a-token' }, /^TELEGRAM_BOT_TOKEN /],
      [{ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: 'localhost 8081' }, /^TELEGRAM_API_ROOT is not a URL/],
      [{ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: 'ftp://example.org' }, /^TELEGRAM_API_ROOT must be an http/],
      [{ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_URL: 'http://bot.example.org/hook' }, /^TELEGRAM_WEBHOOK_URL must be an https/],
      [{ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_URL: 'bot.example.org' }, /^TELEGRAM_WEBHOOK_URL is not a URL/],
      [{ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_URL: 'https://a.org', TELEGRAM_WEBHOOK_SECRET: 'has space' }, /^TELEGRAM_WEBHOOK_SECRET /],
      [{ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_URL: 'https://a.org', TELEGRAM_WEBHOOK_PORT: '70000' }, /^TELEGRAM_WEBHOOK_PORT /],
      [{ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: 'abc' }, /^TELEGRAM_WEBHOOK_SECRET is set but TELEGRAM_WEBHOOK_URL is not/],
    ];
    for (const [env, message] of bad) {
      let error: unknown;
      try {
        telegramConfigFromEnv(env);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(env)).toBeInstanceOf(Error);
      const text = (error as Error).message;
      expect(text).toMatch(message);
      expect(text).not.toContain('\n');
      expect(text).not.toContain(TOKEN);
    }
  });
});

describe('page buttons', () => {
  it("carry the engine's tokens for the previous and next page", () => {
    const paging = { page: 2, pages: 5, total: 25, pageSize: 5, command: 'paper', args: { query: 'ecg' }, tokens: { 1: 'T1', 3: 'T3', 5: 'T5' } };
    expect(pageKeyboard(paging, 'zh')!.inline_keyboard).toEqual([
      [
        { text: '◀ 上一页 (1/5)', callback_data: 'T1' },
        { text: '下一页 (3/5) ▶', callback_data: 'T3' },
      ],
    ]);
    expect(pageKeyboard({ ...paging, page: 5, tokens: { 4: 'T4' } }, 'en')!.inline_keyboard[0]!.map((b) => b.text)).toEqual(['◀ Prev (4/5)']);
    expect(pageKeyboard({ ...paging, page: 1, pages: 1 }, 'en')).toBeUndefined();
    // No token, no button.
    expect(pageKeyboard({ ...paging, tokens: {} }, 'en')).toBeUndefined();
  });
});

describe('rendering', () => {
  const strict = (html: string) => parseTelegramHtml(html, { strictAmpersand: true });

  it('escapes &, <, > and " with one function', () => {
    expect(escapeHtml(`a < b && c > "d" @everyone`)).toBe('a &lt; b &amp;&amp; c &gt; &quot;d&quot; @everyone');
  });

  it('turns URLs into links and leaves sentence punctuation outside', () => {
    expect(linkify('see https://x.org/a?b=1&c=2, or (https://en.wikipedia.org/wiki/A_(b)).')).toBe(
      'see <a href="https://x.org/a?b=1&amp;c=2">https://x.org/a?b=1&amp;c=2</a>, or (<a href="https://en.wikipedia.org/wiki/A_(b)">https://en.wikipedia.org/wiki/A_(b)</a>).',
    );
    expect(linkify('http://localhost <x>')).toBe('http://localhost &lt;x&gt;');
  });

  it('renders headings, numbered bold titles, fields, italic summaries and the footer as valid Telegram HTML', () => {
    const reply: Reply = {
      intent: 'search',
      lang: 'en',
      text: ['2 results for "<x>":'],
      items: [
        {
          id: 'a',
          kind: 'paper',
          kindLabel: 'Paper',
          title: 'A & <B>',
          tags: [],
          fields: [
            { key: 'deadline', label: 'Deadline', value: '2026-05-25 23:59 AoE (in 3 days)' },
            { key: 'next-step', label: '→', value: 'Next step: open https://physionet.org/x' },
          ],
          summary: 'Summary "quoted"',
        },
      ],
      footer: ['Type "more"'],
      paging: { page: 2, pages: 3, total: 11, pageSize: 5, command: 'search', args: { query: '<x>' } },
    };
    const [html, ...rest] = renderReply(reply);
    expect(rest).toEqual([]);
    expect(html).toBe(
      [
        '2 results for &quot;&lt;x&gt;&quot;:',
        '',
        '<b>6. [Paper] A &amp; &lt;B&gt;</b>',
        'Deadline: 2026-05-25 23:59 AoE (in 3 days)',
        '→ Next step: open <a href="https://physionet.org/x">https://physionet.org/x</a>',
        '<i>Summary &quot;quoted&quot;</i>',
        '',
        'Type &quot;more&quot;',
      ].join('\n'),
    );
    expect(strict(html!).ok).toBe(true);
  });

  it('cuts long answers into messages of at most 4096 characters, between items, lines, then characters', () => {
    const item = (i: number, summary: string) => ({ id: String(i), kind: 'paper' as const, kindLabel: 'Paper', title: `T${i} <&>`, tags: [], fields: [], summary });
    const many: Reply = { intent: 'search', lang: 'en', text: ['h'], items: Array.from({ length: 12 }, (_, i) => item(i, '&'.repeat(500))) };
    const chunks = renderReply(many);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(4096);
      expect(strict(c).ok).toBe(true);
      // Items are never split while they fit.
      expect(c.match(/<b>/g)?.length).toBe(c.match(/<\/i>/g)?.length);
    }
    const huge: Reply = { intent: 'x', lang: 'zh', text: ['标题'], items: [item(1, '心电<图>&'.repeat(2000))] };
    const parts = renderReply(huge);
    for (const c of parts) {
      expect(c.length).toBeLessThanOrEqual(4096);
      expect(strict(c).ok).toBe(true);
    }
    const text = parts.map((c) => (strict(c) as { text: string }).text).join('');
    expect(text.replace(/\s/g, '')).toBe(`标题1.[Paper]T1<&>${'心电<图>&'.repeat(2000)}`);
    expect(cutPlain('😀'.repeat(5), 5)).toEqual(['😀😀', '😀😀', '😀']);
  });
});

describe('groups and language', () => {
  const me = { id: 42, username: 'CatalogBot' };
  const msg = (text: string, extra: Partial<Message> = {}) => ({ message_id: 1, date: 0, chat: { id: -1, type: 'supergroup', title: 'g' }, text, ...extra }) as Message;

  it("marks a reply to the bot and its mention entities as addressed; the text is the core's to read", () => {
    const mention = (at: number, length: number): Partial<Message> => ({ entities: [{ type: 'mention', offset: at, length }] });
    expect(addressedToBot(msg('hey @CatalogBot papers about ECG', mention(4, 11)), me)).toBe(true);
    expect(addressedToBot(msg('hey @catalogbot papers', mention(4, 11)), me)).toBe(true);
    expect(addressedToBot(msg('hey @CatalogBotFan papers', mention(4, 14)), me)).toBe(false);
    expect(addressedToBot(msg('papers about ECG'), me)).toBe(false);
    // Commands are not read here: /paper, /论文 and /paper@CatalogBot all go to the core, which decides.
    expect(addressedToBot(msg('/paper ecg'), me)).toBe(false);
    expect(addressedToBot(msg('thanks', { reply_to_message: msg('x', { from: { id: 42, is_bot: true, first_name: 'b' } }) as never }), me)).toBe(true);
    expect(addressedToBot(msg('thanks', { reply_to_message: msg('x', { from: { id: 7, is_bot: false, first_name: 'u' } }) as never }), me)).toBe(false);
    expect(addressedToBot(msg('Alice, look', { entities: [{ type: 'text_mention', offset: 0, length: 5, user: { id: 42, is_bot: true, first_name: 'b' } }] }), me)).toBe(true);
  });

  it('maps language_code to zh/en, else leaves it to the message', () => {
    expect(['zh', 'zh-hans', 'zh-Hant', 'zh-TW', 'en', 'en-GB', 'de', '', undefined].map(localeOf)).toEqual(['zh', 'zh', 'zh', 'zh', 'en', 'en', undefined, undefined, undefined]);
  });
});

describe('command menu', () => {
  it('is built from the declarations in both languages', () => {
    const [en, zh] = commandMenus(COMMANDS);
    expect(en).toEqual({ commands: COMMANDS.map((c) => ({ command: c.name, description: c.description.en })) });
    expect(zh).toEqual({ languageCode: 'zh', commands: COMMANDS.map((c) => ({ command: c.name, description: c.description.zh })) });
  });

  it('refuses a name Telegram would reject and cuts a long description', () => {
    const base: CommandDefinition = {
      name: 'x',
      description: { en: 'd'.repeat(300), zh: '长'.repeat(300) },
      options: [],
      handler: () => ({ intent: 'x', lang: 'en', text: [], items: [] }),
    };
    const [cmd] = commandMenu([base], 'zh');
    expect([...cmd!.description]).toHaveLength(256);
    expect(() => commandMenu([{ ...base, name: 'Paper-Search' }], 'en')).toThrow(/\/Paper-Search cannot be a Telegram command/);
  });
});
