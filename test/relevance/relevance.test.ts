/**
 * The project's judged relevance set (queries.json): a query is a hit when one of its
 * expected titles is in the top 5. Hit rates are asserted per class of query. A query
 * with one right answer may say `max`: the most results a reasonable judge accepts for
 * it (precision: the list stops where relevance drops).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { Glossary } from '../../src/search/glossary.js';
import { CatalogSearch } from '../../src/search/search.js';
import { SEEDS } from '../helpers.js';

interface Judged {
  q: string;
  class: 'en' | 'zh' | 'acronym' | 'name' | 'typo' | 'cross' | 'mixed' | 'trad';
  expect: string[];
  max?: number;
}

const queries = JSON.parse(readFileSync(new URL('./queries.json', import.meta.url), 'utf8')) as Judged[];
const catalog = loadCatalog(SEEDS);
const search = CatalogSearch.build(catalog.entries, Glossary.load());

/** Minimum hit@5 per class. */
const TARGET: Record<Judged['class'], number> = {
  en: 0.95,
  zh: 0.95,
  acronym: 0.95,
  name: 0.95,
  typo: 0.9,
  cross: 0.9,
  mixed: 0.95,
  trad: 0.95,
};
/** Minimum number of judged queries per class. */
const MIN_CLASS: Partial<Record<Judged['class'], number>> = { name: 20, typo: 20, cross: 20, trad: 20 };

describe('relevance set', () => {
  it('has at least 200 judged queries, each expecting titles that exist', () => {
    expect(queries.length).toBeGreaterThanOrEqual(200);
    for (const q of queries) {
      for (const e of q.expect)
        expect(
          catalog.entries.some((x) => x.title.includes(e)),
          `${q.q} → ${e}`,
        ).toBe(true);
    }
  });

  for (const cls of Object.keys(TARGET) as Judged['class'][]) {
    it(`hit@5 for ${cls} queries meets ${TARGET[cls]}`, () => {
      const set = queries.filter((q) => q.class === cls);
      expect(set.length).toBeGreaterThanOrEqual(MIN_CLASS[cls] ?? 12);
      const misses = set.filter((q) => {
        const titles = search
          .search(q.q)
          .slice(0, 5)
          .map((h) => h.entry.title);
        return !q.expect.some((e) => titles.some((t) => t.includes(e)));
      });
      const rate = 1 - misses.length / set.length;
      expect(rate, `misses: ${misses.map((m) => m.q).join(' | ')}`).toBeGreaterThanOrEqual(TARGET[cls]);
    });
  }

  it('stops the list where relevance drops: queries with one right answer get at most their judged number of results', () => {
    const judged = queries.filter((q) => q.max !== undefined);
    expect(judged.length).toBeGreaterThanOrEqual(50);
    const over = judged.map((q) => ({ q: q.q, max: q.max!, n: search.search(q.q).length })).filter((r) => r.n > r.max);
    expect(over, over.map((o) => `${o.q}: ${o.n} > ${o.max}`).join(' | ')).toEqual([]);
  });

  it('keeps multi-word queries short: no judged query of three or more words lists more than 12 entries', () => {
    const long = queries.filter((q) => q.q.trim().split(/\s+/).length >= 3);
    expect(long.length).toBeGreaterThanOrEqual(20);
    for (const q of long) expect(search.search(q.q).length, q.q).toBeLessThanOrEqual(12);
  });
});
