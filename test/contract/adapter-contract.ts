/**
 * The contract every platform passes (console, Telegram, Discord through their fakes).
 * A harness starts the platform's receiver with the production path (the dispatcher's
 * access over the engine, from openContractEngine()), drives it the way a user would and
 * reads back what the platform showed; the suite compares that with the engine's own
 * answer to the same event (`contract.reference`). Every command is covered, the manage
 * commands with the right both granted and refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { announceMessages } from '../../src/announce/messages.js';
import type { Lang, Reply } from '../../src/bot/reply.js';
import type { ContractEngine } from './engine-for-tests.js';

export interface Transcript {
  /** Everything the platform showed for the reply, as plain text. */
  text: string;
  /** Item titles in the order shown. */
  titles: string[];
}

type Args = Record<string, string | undefined>;

export interface ContractHarness {
  /** The engine the platform's receiver was started with, from openContractEngine() in test/contract/engine-for-tests.ts (reference answers come from its `reference`). */
  contract: ContractEngine;
  /** Command names the platform's menu or help shows. */
  commandNames(): Promise<string[]>;
  /** Users type text the engine reads (console, Telegram); Discord: slash commands only. */
  freeText: boolean;
  /** A user writes free text or a "/command args" line. */
  ask(text: string, lang: Lang): Promise<Transcript>;
  /** A platform command with its options (Discord: a slash command with these options; Telegram/console: "/name value…"). */
  command(name: string, args: Args, lang: Lang): Promise<Transcript>;
  /** Presses the platform's next-page button (or "more" on the console). */
  nextPage(): Promise<Transcript>;
  /** A message the bot itself wrote arrives; resolves with what the bot sent in answer (nothing). */
  fromSelf(text: string): Promise<Transcript | undefined>;
  /** Whether the platform reports the next actor as one who manages the place. */
  setManager(granted: boolean): void;
  /** Asks a manage command in a group/server channel (where rights matter). */
  commandInGroup(name: string, args: Args, lang: Lang): Promise<Transcript>;
  close(): Promise<void>;
}

const titles = (reply: Reply) => reply.items.map((i) => i.title);
const MANAGE = COMMANDS.filter((c) => c.requires?.includes('manage'))
  .map((c) => c.name)
  .sort();

export function adapterContract(name: string, open: () => Promise<ContractHarness>): void {
  describe(`adapter contract: ${name}`, () => {
    let h: ContractHarness;
    let reference: ContractEngine['reference'];
    beforeAll(async () => {
      h = await open();
      reference = h.contract.reference;
    });
    afterAll(async () => {
      await h?.close();
    });

    it('offers exactly the declared commands', async () => {
      expect((await h.commandNames()).sort()).toEqual(COMMANDS.map((c) => c.name).sort());
    });

    for (const [text, lang] of [
      ['papers about ECG', 'en'],
      ['有没有关于心理健康的论文', 'zh'],
      ['how do I get access to MIMIC-IV-Note', 'en'],
      ['EMNLP 什么时候截止', 'zh'],
    ] as const) {
      it(`answers "${text}" as the engine does`, async (ctx) => {
        if (!h.freeText) return ctx.skip();
        const shown = await h.ask(text, lang);
        const ref = await reference({ type: 'text', text }, lang);
        expect(ref.items.length).toBeGreaterThan(0);
        expect(shown.titles).toEqual(titles(ref));
      });
    }

    it('answers each command that needs no right in both languages', async () => {
      for (const command of COMMANDS.filter((c) => !c.requires?.length)) {
        for (const lang of ['en', 'zh'] as const) {
          const args: Args = command.options.some((o) => o.required) ? { query: lang === 'zh' ? '病理' : 'pathology' } : {};
          const shown = await h.command(command.name, args, lang);
          expect(shown.text.length, `/${command.name} ${lang}`).toBeGreaterThan(0);
          if (lang === 'zh') expect(shown.text).toMatch(/\p{Script=Han}/u);
          const ref = await reference({ type: 'command', name: command.name, args }, lang);
          expect(shown.titles, `/${command.name} ${lang}`).toEqual(titles(ref));
        }
      }
    });

    describe('the manage commands', () => {
      it('covers every command that requires a right', () => {
        expect(MANAGE).toEqual(['subscribe', 'subscriptions', 'unsubscribe']);
      });

      it('refuses them in a group to an actor who does not manage it, and changes nothing', async () => {
        const before = (await h.contract.store.activeSubscriptions()).length;
        h.setManager(false);
        for (const lang of ['en', 'zh'] as const) {
          for (const [command, args] of [
            ['subscribe', { filter: 'competition' }],
            ['subscriptions', {}],
            ['unsubscribe', { id: 'all' }],
          ] as const) {
            const shown = await h.commandInGroup(command, args, lang);
            const ref = await reference({ type: 'command', name: command, args }, lang, { canManage: false, group: true });
            expect(ref.text).toEqual([announceMessages(lang).notManager]);
            expect(shown.text, `/${command} ${lang}`).toContain(announceMessages(lang).notManager);
          }
        }
        expect((await h.contract.store.activeSubscriptions()).length).toBe(before);
      });

      it('subscribes, lists and unsubscribes for an actor who manages the group', async () => {
        h.setManager(true);
        const A = announceMessages('en');
        const before = new Set((await h.contract.store.activeSubscriptions()).map((s) => s.id));
        const subscribed = await h.commandInGroup('subscribe', { filter: 'competition' }, 'en');
        const added = (await h.contract.store.activeSubscriptions()).filter((s) => !before.has(s.id));
        expect(added).toHaveLength(1);
        const sub = added[0]!;
        expect(subscribed.text).toContain(A.subscribed(sub.id));
        expect(subscribed.text).not.toContain(A.notManager);

        const listed = await h.commandInGroup('subscriptions', {}, 'en');
        expect(listed.text).toContain(A.list(1));
        expect(listed.text).toContain(`#${sub.id}`);

        const removed = await h.commandInGroup('unsubscribe', { id: sub.id }, 'en');
        expect(removed.text).toContain(A.unsubscribed(sub.id));
        expect((await h.contract.store.subscriptionsOf(sub.conversation)).map((s) => s.id)).not.toContain(sub.id);
        const none = await h.commandInGroup('subscriptions', {}, 'en');
        expect(none.text).toContain(A.none);
      });
    });

    it('pages through a long answer and comes back with the next items', async () => {
      const args = { query: 'medical' };
      const first = await h.command('search', args, 'en');
      const ref1 = await reference({ type: 'command', name: 'search', args }, 'en');
      expect(ref1.paging?.pages).toBeGreaterThan(1);
      expect(first.titles).toEqual(titles(ref1));
      const ref2 = await reference({ type: 'page', token: ref1.paging!.tokens![2]! }, 'en');
      const second = await h.nextPage();
      expect(second.titles).toEqual(titles(ref2));
      expect(second.titles).not.toEqual(first.titles);
    });

    it('keeps every argument on the next page (/deadline in a zone)', async () => {
      const args = { zone: 'Tokyo' };
      const first = await h.command('deadline', args, 'en');
      const ref1 = await reference({ type: 'command', name: 'deadline', args }, 'en');
      expect(ref1.paging?.pages).toBeGreaterThan(1);
      expect(first.titles).toEqual(titles(ref1));
      const ref2 = await reference({ type: 'page', token: ref1.paging!.tokens![2]! }, 'en');
      // The token the platform carries keeps the zone: page 2's times are Tokyo's too.
      expect(ref2.paging).toMatchObject({ page: 2, args: { zone: 'Tokyo' } });
      expect(ref2.items.flatMap((i) => i.fields.map((f) => f.value)).join('\n')).toContain('Tokyo');
      const second = await h.nextPage();
      expect(second.titles).toEqual(titles(ref2));
      expect(second.titles).not.toEqual(first.titles);
    });

    it('continues the last paged answer for "更多" and "more" through the engine\'s memory', async (ctx) => {
      if (!h.freeText) return ctx.skip();
      const args = { query: 'medical' };
      const ref1 = await reference({ type: 'command', name: 'search', args }, 'en');
      const ref2 = await reference({ type: 'page', token: ref1.paging!.tokens![2]! }, 'en');
      const ref3 = await reference({ type: 'page', token: ref2.paging!.tokens![3]! }, 'en');
      expect(ref1.paging?.pages).toBeGreaterThan(2);
      expect((await h.ask('/search medical', 'en')).titles).toEqual(titles(ref1));
      // The same user in the same place (Telegram: the same private chat).
      expect((await h.ask('更多', 'en')).titles).toEqual(titles(ref2));
      expect((await h.ask('more', 'en')).titles).toEqual(titles(ref3));
      // An answer without pages ends what "more" continues.
      await h.ask('/help', 'en');
      const none = await h.ask('more', 'en');
      expect(none.titles).toEqual([]);
      expect(none.text).toContain('nothing more');
    });

    it('reads "page:N" after free text and after a command, in any language', async (ctx) => {
      if (!h.freeText) return ctx.skip();
      const ref = await reference({ type: 'text', text: 'medical page:2' }, 'en');
      expect(ref.paging?.page).toBe(2);
      expect((await h.ask('medical page:2', 'en')).titles).toEqual(titles(ref));
      const paper = await reference({ type: 'text', text: '/论文 医学 第2页' }, 'zh');
      expect(paper.paging?.page).toBe(2);
      expect((await h.ask('/论文 医学 第2页', 'zh')).titles).toEqual(titles(paper));
    });

    it('never answers itself', async () => {
      expect(await h.fromSelf('/paper ecg')).toBeUndefined();
    });
  });
}
