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
      const first = search.search('knee MRI segmentation', { memo });
      search.related('knee MRI segmentation', { memo });
      expect(rank).toHaveBeenCalledTimes(1);
      const again = search.search('knee MRI segmentation', { memo: new RankingMemo() });
      expect(rank).toHaveBeenCalledTimes(2);
      search.search('knee MRI segmentation');
      search.search('knee MRI segmentation');
      expect(rank).toHaveBeenCalledTimes(4);
      expect(again.map((h) => h.entry.id)).toEqual(first.map((h) => h.entry.id));
    } finally {
      rank.mockRestore();
    }
  });
});
