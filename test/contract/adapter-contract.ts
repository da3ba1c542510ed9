/**
 * The contract every adapter passes (console now; Telegram and Discord run the same
 * suite through their fakes). A harness drives the adapter the way a user would and
 * reads back what the platform showed; the suite compares that with the core's own
 * answer to the same question.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import type { BotCore } from '../../src/bot/core.js';
import type { Lang } from '../../src/bot/types.js';

export interface Transcript {
  /** Everything the platform showed for the reply, as plain text. */
  text: string;
  /** Item titles in the order shown. */
  titles: string[];
}

export interface ContractHarness {
  /** The core the adapter dispatches to (the reference answers come from it). */
  core: BotCore;
  /** Command names the platform's menu or help shows. */
  commandNames(): Promise<string[]>;
  /**
   * Whether users type text the core reads ("more", "page:2", "/论文 …"): console and
   * Telegram; Discord has slash commands only (no message content intent).
   */
  freeText: boolean;
  /** A user writes free text or a "/command args" line. */
  ask(text: string, lang: Lang): Promise<Transcript>;
  /** A user invokes a command with a query through the platform's command mechanism. */
  command(name: string, query: string | undefined, lang: Lang): Promise<Transcript>;
  /** The user asks for the next page of the last paged reply (button, "more", …). */
  nextPage(): Promise<Transcript>;
  /** A message the bot itself wrote arrives; resolves with what the bot sent in answer (nothing). */
  fromSelf(text: string): Promise<Transcript | undefined>;
  close(): Promise<void>;
}

export function adapterContract(name: string, open: () => Promise<ContractHarness>): void {
  describe(`adapter contract: ${name}`, () => {
    let h: ContractHarness;
    beforeAll(async () => {
      h = await open();
    });
    afterAll(async () => {
      await h?.close();
    });

    const reference = (text: string, lang: Lang) => {
      const reply = h.core.handle({ platform: 'reference', conversation: 'ref', text, locale: lang })!;
      return reply.items.map((i) => i.title);
    };

    it('offers exactly the declared commands', async () => {
      expect((await h.commandNames()).sort()).toEqual(COMMANDS.map((c) => c.name).sort());
    });

    for (const [text, lang] of [
      ['papers about ECG', 'en'],
      ['有没有关于心理健康的论文', 'zh'],
      ['how do I get access to MIMIC-IV-Note', 'en'],
      ['EMNLP 什么时候截止', 'zh'],
    ] as const) {
      it(`answers "${text}" as the core does`, async () => {
        const shown = await h.ask(text, lang);
        expect(shown.titles).toEqual(reference(text, lang));
        expect(shown.titles.length).toBeGreaterThan(0);
      });
    }

    it('answers each command in both languages', async () => {
      for (const command of COMMANDS.filter((c) => !c.requires?.includes('manage'))) {
        for (const lang of ['en', 'zh'] as const) {
          const query = command.options.some((o) => o.required) ? (lang === 'zh' ? '病理' : 'pathology') : undefined;
          const shown = await h.command(command.name, query, lang);
          expect(shown.text.length, `/${command.name} ${lang}`).toBeGreaterThan(0);
          if (lang === 'zh') expect(shown.text).toMatch(/\p{Script=Han}/u);
          const ref = h.core.handle({ platform: 'reference', conversation: 'ref', command: command.name, args: { query }, locale: lang })!;
          expect(shown.titles).toEqual(ref.items.map((i) => i.title));
        }
      }
    });

    it('pages through a long answer and comes back with the next items', async () => {
      const first = await h.command('search', 'medical', 'en');
      const ref1 = h.core.handle({ platform: 'reference', conversation: 'ref', command: 'search', args: { query: 'medical' }, locale: 'en' })!;
      const ref2 = h.core.handle({ platform: 'reference', conversation: 'ref', command: 'search', args: { query: 'medical' }, locale: 'en', page: 2 })!;
      expect(ref1.paging?.pages).toBeGreaterThan(1);
      expect(first.titles).toEqual(ref1.items.map((i) => i.title));
      const second = await h.nextPage();
      expect(second.titles).toEqual(ref2.items.map((i) => i.title));
    });

    it('continues the last paged answer for "更多" and "more" through the core\'s memory', async (ctx) => {
      if (!h.freeText) return ctx.skip();
      const ref = (page: number) =>
        h.core.handle({ platform: 'reference', conversation: 'ref', command: 'search', args: { query: 'medical' }, locale: 'en', page })!;
      expect(ref(1).paging?.pages).toBeGreaterThan(2);
      expect((await h.ask('/search medical', 'en')).titles).toEqual(ref(1).items.map((i) => i.title));
      // The same user in the same conversation (Telegram: the same private chat).
      const second = await h.ask('更多', 'en');
      expect(second.titles).toEqual(ref(2).items.map((i) => i.title));
      expect((await h.ask('more', 'en')).titles).toEqual(ref(3).items.map((i) => i.title));
      // An answer without pages ends what "more" continues.
      await h.ask('/help', 'en');
      const none = await h.ask('more', 'en');
      expect(none.titles).toEqual([]);
      expect(none.text).toContain('nothing more');
    });

    it('reads "page:N" after free text and after a command, in any language', async (ctx) => {
      if (!h.freeText) return ctx.skip();
      const ref = h.core.handle({ platform: 'reference', conversation: 'ref', text: 'medical', locale: 'en', page: 2 })!;
      expect(ref.paging?.page).toBe(2);
      expect((await h.ask('medical page:2', 'en')).titles).toEqual(ref.items.map((i) => i.title));
      const paper = h.core.handle({ platform: 'reference', conversation: 'ref', command: 'paper', args: { query: '医学' }, locale: 'zh', page: 2 })!;
      expect(paper.paging?.page).toBe(2);
      expect((await h.ask('/论文 医学 第2页', 'zh')).titles).toEqual(paper.items.map((i) => i.title));
    });

    it('never answers itself', async () => {
      expect(await h.fromSelf('/paper ecg')).toBeUndefined();
    });
  });
}
