/**
 * The project's judged relevance set (queries.json): a query is a hit when one of its
 * expected titles is in the top 5. Hit rates are asserted per class of query.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { Glossary } from '../../src/search/glossary.js';
import { CatalogSearch } from '../../src/search/search.js';
import { SEEDS } from '../helpers.js';

interface Judged {
  q: string;
  class: 'en' | 'zh' | 'acronym' | 'typo' | 'cross' | 'mixed';
  expect: string[];
}

const queries = JSON.parse(readFileSync(new URL('./queries.json', import.meta.url), 'utf8')) as Judged[];
const catalog = loadCatalog(SEEDS);
const search = CatalogSearch.build(catalog.entries, Glossary.load());

/** Minimum hit@5 per class. */
const TARGET: Record<Judged['class'], number> = { en: 0.95, zh: 0.95, acronym: 0.95, typo: 0.9, cross: 0.9, mixed: 0.95 };

describe('relevance set', () => {
  it('has at least 80 judged queries, each expecting titles that exist', () => {
    expect(queries.length).toBeGreaterThanOrEqual(80);
    for (const q of queries) {
      for (const e of q.expect) expect(catalog.entries.some((x) => x.title.includes(e)), `${q.q} → ${e}`).toBe(true);
    }
  });

  for (const cls of Object.keys(TARGET) as Judged['class'][]) {
    it(`hit@5 for ${cls} queries meets ${TARGET[cls]}`, () => {
      const set = queries.filter((q) => q.class === cls);
      expect(set.length).toBeGreaterThanOrEqual(12);
      const misses = set.filter((q) => {
        const titles = search.search(q.q).slice(0, 5).map((h) => h.entry.title);
        return !q.expect.some((e) => titles.some((t) => t.includes(e)));
      });
      const rate = 1 - misses.length / set.length;
      expect(rate, `misses: ${misses.map((m) => m.q).join(' | ')}`).toBeGreaterThanOrEqual(TARGET[cls]);
    });
  }
});
