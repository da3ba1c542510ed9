/** A message ranks a query once however many times it searches it; the next message ranks afresh. */
import { describe, expect, it, vi } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { Glossary } from '../../src/search/glossary.js';
import { CatalogSearch, RankingMemo } from '../../src/search/search.js';
import { TopK } from '../../src/search/topk.js';
import { SEEDS } from '../helpers.js';

describe('RankingMemo', () => {
  const search = CatalogSearch.build(loadCatalog(SEEDS).entries, Glossary.load());

  it('reuses a ranking within one memo and never across memos', () => {
    const rank = vi.spyOn(TopK.prototype, 'rank');
    try {
      const memo = new RankingMemo();
      const first = search.search('MRI segmentation', { memo });
      search.related('MRI segmentation', { memo });
      expect(rank).toHaveBeenCalledTimes(1);
      const again = search.search('MRI segmentation', { memo: new RankingMemo() });
      expect(rank).toHaveBeenCalledTimes(2);
      search.search('MRI segmentation');
      search.search('MRI segmentation');
      expect(rank).toHaveBeenCalledTimes(4);
      expect(again.map((h) => h.entry.id)).toEqual(first.map((h) => h.entry.id));
      expect(first.length).toBeGreaterThan(0);
      // A word the catalog lacks ("knee"): the search finds nothing without ranking; related() ranks.
      const memo2 = new RankingMemo();
      expect(search.search('knee MRI segmentation', { memo: memo2 })).toEqual([]);
      expect(rank).toHaveBeenCalledTimes(4);
      search.related('knee MRI segmentation', { memo: memo2 });
      expect(rank).toHaveBeenCalledTimes(5);
    } finally {
      rank.mockRestore();
    }
  });
});
