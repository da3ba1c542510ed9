import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { Glossary } from '../../src/search/glossary.js';
import { PostingsBuilder } from '../../src/search/builder.js';
import { Accumulator } from '../../src/search/accumulator.js';
import { SCORE_RELATIVE_ERROR } from '../../src/search/postings.js';
import { CatalogSearch } from '../../src/search/search.js';
import { tokenize } from '../../src/search/tokenize.js';
import { SEEDS } from '../helpers.js';

const docs = [
  { id: 0, title: 'Pathology segmentation benchmark', text: 'whole slide images of pathology with expert masks' },
  { id: 1, title: '病理推理分割', text: 'reasoning segmentation for pathology images' },
  { id: 2, title: 'ECG foundation model', text: 'electrocardiogram pretraining on ten million ECGs' },
  { id: 3, title: 'Sleep staging', text: 'polysomnography sleep staging with segmentation of events' },
  { id: 4, title: 'Pathologist agent', text: 'an agent that reads slides like a pathologist' },
];

function scores(query: string, options: { prefix: boolean; fuzzy: number }): Map<number, number> {
  const builder = new PostingsBuilder(['title', 'text']);
  for (const d of docs) {
    builder.add(d.id, 0, tokenize(d.title));
    builder.add(d.id, 1, tokenize(d.text));
  }
  const index = builder.build();
  const into = new Accumulator(docs.length);
  tokenize(query).forEach((term, bit) => {
    const maxDistance = options.fuzzy ? Math.min(2, Math.round(term.length * options.fuzzy)) : 0;
    index.accumulate(
      term,
      { prefix: options.prefix, maxDistance },
      [
        [0, 3],
        [1, 1],
      ],
      into,
      1 << bit,
    );
  });
  return new Map([...into.touched.subarray(0, into.count)].map((doc) => [doc, into.finalScore(doc)]));
}

describe('PostingsIndex', () => {
  it("scores like minisearch (BM25+, prefix and fuzzy weights, matched-term factor), to the impacts' precision", () => {
    const mini = new MiniSearch<(typeof docs)[number]>({ fields: ['title', 'text'], tokenize, processTerm: (t) => t });
    mini.addAll(docs);
    for (const [query, options] of [
      ['pathology segmentation', { prefix: false, fuzzy: 0 }],
      ['patho', { prefix: true, fuzzy: 0 }],
      ['segmentaton pathology', { prefix: true, fuzzy: 0.25 }],
      ['病理 分割', { prefix: false, fuzzy: 0 }],
    ] as const) {
      const expected = new Map(
        mini
          .search(query, { boost: { title: 3 }, prefix: options.prefix, fuzzy: options.fuzzy || false, weights: { prefix: 0.6, fuzzy: 0.5 } })
          .map((r) => [r.id as number, r.score]),
      );
      const actual = scores(query, options);
      expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
      // Impacts are stored to 16 bits and posting scores rounded to 2^-32 (postings.ts): each score
      // within SCORE_RELATIVE_ERROR of minisearch's, plus 2^-32 a posting.
      for (const [doc, score] of expected) expect(Math.abs(actual.get(doc)! - score)).toBeLessThanOrEqual(score * SCORE_RELATIVE_ERROR + 2 ** -28);
    }
  });
});

describe('prefix expansion', () => {
  it('does not read a numbered name as a longer word (pathnet124 after "pathnet"), but still a longer word', () => {
    const builder = new PostingsBuilder(['title']);
    const titles = ['PathNet-124 model', 'PathNet model', 'Pathnetworks model'];
    titles.forEach((t, i) => {
      builder.add(i, 0, tokenize(t));
    });
    const index = builder.build();
    const scored = (prefix: boolean) => {
      const into = new Accumulator(titles.length);
      index.accumulate('pathnet', { prefix, maxDistance: 0 }, [[0, 1]], into, 1);
      return [0, 1, 2].map((d) => into.finalScore(d));
    };
    const exact = scored(false);
    const expanded = scored(true);
    // PathNet-124 is matched by its own "pathnet" token alone, as without expansion.
    expect(expanded[0]).toBe(exact[0]);
    expect(expanded[0]).toBeGreaterThan(0);
    expect(exact[2]).toBe(0);
    expect(expanded[2]).toBeGreaterThan(0);
  });
});

describe('CatalogSearch limits', () => {
  const catalog = loadCatalog(SEEDS);
  const search = CatalogSearch.build(catalog.entries, Glossary.load());

  it('returns the same best hits, in the same order, whatever the limit', () => {
    for (const q of ['medical', 'segmentation', '模型', 'clinical language']) {
      const all = search.search(q).map((h) => h.entry.id);
      expect(all.length).toBeGreaterThan(3);
      expect(search.search(q, { limit: 3 }).map((h) => h.entry.id)).toEqual(all.slice(0, 3));
    }
  });
});
