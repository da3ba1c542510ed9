/**
 * The pruned top-k ranking (topk.ts) against the exhaustive one: the same hits, scores,
 * tiers and order, on the judged relevance set, a synthetic catalog, and random
 * catalogs and queries (fast-check) built from a tiny vocabulary so scores tie often. Both
 * the ranking as searches run it (pruned where its cost model says it pays) and one pruned
 * wherever the bounds allow are compared.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeSyntheticCatalog, QUERIES } from '../../scripts/bench/synthetic.js';
import { loadCatalog } from '../../src/catalog/load.js';
import type { Entry, Kind } from '../../src/catalog/schema.js';
import { PostingsBuilder } from '../../src/search/builder.js';
import { Glossary } from '../../src/search/glossary.js';
import { Accumulator } from '../../src/search/accumulator.js';
import type { PostingList } from '../../src/search/postings.js';
import { CatalogSearch, type SearchRequest } from '../../src/search/search.js';
import { TopK } from '../../src/search/topk.js';
import { SEEDS } from '../helpers.js';

const glossary = Glossary.load();
const view = (search: CatalogSearch, q: string, request: SearchRequest) => search.search(q, request).map((h) => `${h.entry.id} ${h.tier} ${h.score}`);

function expectSame(search: CatalogSearch, q: string, request: SearchRequest): void {
  const exhaustive = view(search, q, { ...request, pruning: 'exhaustive' });
  expect(view(search, q, request), `${q} ${JSON.stringify(request)}`).toEqual(exhaustive);
  expect(view(search, q, { ...request, pruning: 'always' }), `${q} ${JSON.stringify(request)}, always pruned`).toEqual(exhaustive);
}

describe('pruned top-k equals the exhaustive ranking', () => {
  it('on the relevance set, for several k and kind filters', () => {
    const queries = JSON.parse(readFileSync(new URL('../relevance/queries.json', import.meta.url), 'utf8')) as Array<{ q: string }>;
    const search = CatalogSearch.build(loadCatalog(SEEDS).entries, glossary);
    for (const { q } of queries) {
      for (const limit of [1, 3, 5, 20, 500]) expectSame(search, q, { limit });
      expectSame(search, q, { limit: 5, kinds: ['paper'] });
      expectSame(search, q, { limit: 2, kinds: ['dataset', 'competition'] });
    }
  });

  it('on a synthetic catalog of 3,000 entries with the bench queries', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topk-'));
    try {
      writeSyntheticCatalog(dir, 3000);
      const search = CatalogSearch.build(loadCatalog(dir).entries, glossary);
      let prunedQueries = 0;
      for (const q of QUERIES) {
        search.search(q, { limit: 5, pruning: 'always' });
        if ((search.lastRanking?.pruned ?? 0) > 0) prunedQueries++;
        for (const limit of [1, 5, 500]) expectSame(search, q, { limit });
        expectSame(search, q, { limit: 10, kinds: ['dataset'] });
      }
      // The comparison is not vacuous: pruned wherever it can be, queries stop reading lists in full. (search() ranks the best
      // MAX_RESULTS for the coverage cut of coverage.ts whatever its limit, so fewer of the bench
      // queries prune at 3,000 entries than with k = limit: 8 when this was written.)
      expect(prunedQueries).toBeGreaterThanOrEqual(5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on random catalogs and queries, ties included', () => {
    const words = ['model', 'models', 'modeling', 'clinical', 'clinic', 'sleep', 'segmentation', 'segment', 'ecg', 'med', 'medical', '病理', '心电', '模型', '分割', '病'];
    const kinds: Kind[] = ['paper', 'dataset', 'competition', 'cfp', 'course'];
    const text = (min: number, max: number) => fc.array(fc.constantFrom(...words), { minLength: min, maxLength: max }).map((w) => w.join(' '));
    const entry = fc.record({
      kind: fc.constantFrom(...kinds),
      title: text(1, 4),
      tags: fc.array(text(1, 2), { maxLength: 2 }),
      descriptions: fc.array(text(0, 12), { maxLength: 2 }),
    });
    const query = fc.oneof(
      text(1, 5),
      fc.tuple(fc.constantFrom(...words), fc.nat(3)).map(([w, cut]) => w.slice(0, Math.max(1, w.length - cut))),
      fc.constantFrom('segmentaton', 'clinicl models', 'medicl'),
    );
    fc.assert(
      fc.property(
        fc.array(entry, { minLength: 1, maxLength: 250 }),
        fc.array(query, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 12 }),
        fc.option(fc.subarray(kinds, { minLength: 1 }), { nil: undefined }),
        (drafts, queries, limit, filter) => {
          const entries = drafts.map((d, i) => ({ id: `e${i}`, details: {}, ...d, title: `${d.title} ${i % 7}` }) as unknown as Entry);
          const search = CatalogSearch.build(entries, glossary);
          for (const q of queries) expectSame(search, q, filter ? { limit, kinds: filter } : { limit });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('ranking directly, with k small against many matches (sampled threshold, tier cut, dense reading)', () => {
    // search() always ranks 500, so its catalogs above never have 16 × k matches: here TopK ranks
    // a built index itself, for k from 1 to 12 over 300 to 2,000 documents of a six-word vocabulary.
    const words = ['a', 'b', 'c', 'd', 'e', 'f'];
    const field = fc.array(fc.constantFrom(...words), { maxLength: 5 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(field, field), { minLength: 300, maxLength: 2000, size: 'max' }),
        fc.uniqueArray(fc.constantFrom(...words), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 12 }),
        fc.boolean(),
        (docs, query, k, filtered) => {
          const builder = new PostingsBuilder(['head', 'body']);
          docs.forEach(([head, body], d) => {
            builder.add(d, 0, head);
            builder.add(d, 1, body);
          });
          const index = builder.build();
          const head: PostingList[] = [];
          const body: PostingList[] = [];
          query.forEach((term, bit) => {
            index.lists(term, { prefix: false, maxDistance: 0 }, [[0, 3]], 1 << bit, head);
            index.lists(term, { prefix: false, maxDistance: 0 }, [[1, 1]], 1 << bit, body);
          });
          const accept = filtered ? Uint8Array.from(docs, (_, d) => (d % 3 === 0 ? 0 : 1)) : undefined;
          const topK = new TopK(index, new Accumulator(index.docCount), new Accumulator(index.docCount));
          const rank = (pruning?: 'always' | 'exhaustive') =>
            topK.rank({ head, body, ...(accept ? { accept } : {}), k, bodyWeight: 0.35, headTier: 1e12, ...(pruning ? { pruning } : {}) });
          const exhaustive = rank('exhaustive');
          expect(rank()).toEqual(exhaustive);
          expect(rank('always')).toEqual(exhaustive);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("the bench's floor", () => {
  it('reads every list a message ranked: each ranking since forgetRankings, none for a ranking reused or not made', () => {
    const search = CatalogSearch.build(loadCatalog(SEEDS).entries, glossary);
    search.forgetRankings();
    search.search('pathology');
    const first = search.readLastPostings();
    expect(first).toBeGreaterThan(0);
    expect(search.readRankedPostings()).toBe(first);
    search.search('ECG', { kinds: ['paper'] });
    const second = search.readLastPostings();
    expect(second).toBeGreaterThan(0);
    expect(search.readRankedPostings()).toBe(first + second);
    // A word the catalog lacks: the search ranks nothing, related() still ranks.
    search.forgetRankings();
    search.search('pathology zzqxv');
    expect(search.readLastPostings()).toBe(0);
    expect(search.readRankedPostings()).toBe(0);
    search.related('pathology zzqxv');
    expect(search.readRankedPostings()).toBe(search.readLastPostings());
    expect(search.readRankedPostings()).toBeGreaterThan(0);
  });
});
