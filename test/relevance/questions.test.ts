/**
 * Judged questions (questions.json) asked through the real path: the engine on the bundled
 * catalog with a fixed clock (2026-05-20 12:00 Beijing time), rendered as the console shows
 * them. Lists are judged by precision and recall, exact sets where the catalog decides the
 * answer (access, code, time windows); facts by the sentence given; thresholds per class.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderText } from '../../adapters/console/render.js';
import type { Reply, ReplyItem } from '../../src/bot/reply.js';
import { ask, makeEngine, replyTo } from '../helpers.js';

type Class = 'zh' | 'en' | 'window' | 'zone' | 'access' | 'code' | 'milestone' | 'cannot' | 'smalltalk';

interface Judged {
  q: string;
  class: Class;
  /** Relevant titles (substrings): precision and recall of the first page. */
  titles?: string[];
  /** The exact set of entries the whole (paged) answer lists. */
  exact?: string[];
  /** The window is empty: the reply says so and names this first deadline after it. */
  empty?: boolean;
  after?: string;
  /** Lines the rendered reply contains. */
  text?: string[];
  /** How the first line starts (a yes/no answer). */
  starts?: string;
  /** The catalog cannot answer: "nothing in the catalog about …", at most three related items. */
  honest?: boolean;
  intent?: string;
}

const questions = JSON.parse(readFileSync(new URL('./questions.json', import.meta.url), 'utf8')) as Judged[];
const bot = makeEngine({ now: '2026-05-20T12:00:00+08:00' });

/** Every page's items, following the next-page tokens as a button would. */
async function allItems(first: Reply): Promise<ReplyItem[]> {
  const items = [...first.items];
  for (let reply = first; reply.paging && reply.paging.page < reply.paging.pages; ) {
    reply = await replyTo(bot, { type: 'page', token: reply.paging.tokens![reply.paging.page + 1]! });
    items.push(...reply.items);
  }
  return items;
}

const matches = (title: string, wanted: string) => title.includes(wanted);

/** 1 when the question is answered as judged, else 0; lists give precision and recall. */
async function judge(j: Judged): Promise<{ ok: boolean; precision?: number; recall?: number; why: string }> {
  const reply = await ask(bot, j.q);
  const text = renderText(reply);
  if (j.intent) return { ok: reply.intent === j.intent && reply.items.length === 0, why: `${reply.intent}: ${reply.text[0]}` };
  if (j.honest) {
    const ok = /^(?:目录中没有关于|Nothing in the catalog about)/.test(reply.text[0] ?? '') && reply.items.length <= 3;
    return { ok, why: reply.text[0] ?? '' };
  }
  if (j.starts && !(reply.text[0] ?? '').startsWith(j.starts)) return { ok: false, why: reply.text[0] ?? '' };
  for (const t of j.text ?? []) if (!text.includes(t)) return { ok: false, why: `missing "${t}" in ${text.slice(0, 300)}` };
  if (j.empty) {
    const ok = reply.items.length === 0 && /(?:目录中没有|none in the catalog)/.test(reply.text[0] ?? '') && reply.text.some((l) => l.includes(j.after!));
    return { ok, why: reply.text.join(' / ') };
  }
  if (j.exact) {
    const titles = (await allItems(reply)).map((i) => i.title);
    const found = j.exact.every((e) => titles.some((t) => matches(t, e)));
    const extra = titles.filter((t) => !j.exact!.some((e) => matches(t, e)));
    return { ok: found && extra.length === 0, why: `got ${titles.join(' | ')}` };
  }
  if (j.titles) {
    const top = reply.items.slice(0, 5).map((i) => i.title);
    const relevant = top.filter((t) => j.titles!.some((e) => matches(t, e))).length;
    const wanted = Math.min(j.titles.length, 5);
    const hit = j.titles.filter((e) => top.some((t) => matches(t, e))).length;
    return { ok: hit > 0, precision: top.length ? relevant / top.length : 0, recall: Math.min(1, hit / wanted), why: `got ${top.join(' | ')}` };
  }
  return { ok: true, why: '' };
}

/** Minimum share answered as judged, and for topic lists mean precision and recall of the first page. */
const TARGET: Record<Class, { rate: number; precision?: number; recall?: number }> = {
  // Precision of topic lists and the cannot-answer rate rest on CatalogSearch's precision
  // cutoff (search-quality work of issue 9); the floors are today's measured figures.
  zh: { rate: 0.9, precision: 0.6, recall: 0.85 },
  en: { rate: 0.9, precision: 0.5, recall: 0.85 },
  window: { rate: 0.95 },
  zone: { rate: 0.95 },
  access: { rate: 0.95 },
  code: { rate: 0.95 },
  milestone: { rate: 0.9 },
  cannot: { rate: 0.9 },
  smalltalk: { rate: 0.95 },
};

describe('judged questions', () => {
  it('has at least 20 questions in each class', () => {
    for (const cls of Object.keys(TARGET)) expect(questions.filter((q) => q.class === cls).length, cls).toBeGreaterThanOrEqual(20);
  });

  for (const cls of Object.keys(TARGET) as Class[]) {
    it(`${cls} questions meet their thresholds`, async () => {
      const set = questions.filter((q) => q.class === cls);
      const results: Array<{ q: Judged } & Awaited<ReturnType<typeof judge>>> = [];
      for (const q of set) results.push({ q, ...(await judge(q)) });
      const misses = results.filter((r) => !r.ok);
      const rate = 1 - misses.length / set.length;
      const target = TARGET[cls];
      expect(rate, `misses:\n${misses.map((m) => `${m.q.q} → ${m.why}`).join('\n')}`).toBeGreaterThanOrEqual(target.rate);
      const scored = results.filter((r) => r.precision !== undefined);
      if (target.precision !== undefined) {
        const precision = scored.reduce((s, r) => s + r.precision!, 0) / scored.length;
        const recall = scored.reduce((s, r) => s + r.recall!, 0) / scored.length;
        const low = scored.filter((r) => r.precision! < 0.5 || r.recall! < 1).map((r) => `${r.q.q} P=${r.precision!.toFixed(2)} R=${r.recall!.toFixed(2)} ${r.why}`);
        expect(precision, `precision; weakest:\n${low.join('\n')}`).toBeGreaterThanOrEqual(target.precision);
        expect(recall, `recall; weakest:\n${low.join('\n')}`).toBeGreaterThanOrEqual(target.recall!);
      }
    });
  }
});
