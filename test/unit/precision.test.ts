/**
 * Precision and the honest "nothing found": search() lists the entries that answer the
 * query and stops where relevance drops; related() offers only strongly related entries.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { lacksForGood, selectResults } from '../../src/search/coverage.js';
import { Glossary } from '../../src/search/glossary.js';
import { CatalogSearch } from '../../src/search/search.js';
import { SEEDS } from '../helpers.js';

const catalog = loadCatalog(SEEDS);
const search = CatalogSearch.build(catalog.entries, Glossary.load());
const titles = (hits: { entry: { title: string } }[]) => hits.map((h) => h.entry.title);

const SYN = '用生成器-验证器 LMM 从医学文档合成高质量视觉问答';
const PALM = '面向专家级医学问答的大语言模型';

describe('names', () => {
  it('finds a CamelCase name mentioned only in a description, as written and lowercased', () => {
    for (const q of ['MedSynVQA', 'medsynvqa', 'MedSynVQA dataset']) expect(titles(search.search(q)), q).toEqual([SYN]);
  });

  it('finds hyphen, space and digit variants of a name', () => {
    for (const q of ['Med-PaLM 2', 'med palm2', 'medpalm 2', 'Med PaLM 2', 'MedPaLM2']) {
      expect(titles(search.search(q))[0], q).toBe(PALM);
    }
  });

  it('lists only the entry a name names, not the ones sharing a word of it', () => {
    expect(titles(search.search('Health Bench'))).toEqual(['HealthBench 健康 AI 评测基准']);
  });
});

describe('query normalization', () => {
  it('reads traditional Chinese as simplified', () => {
    expect(titles(search.search('論文 心電'))).toEqual(titles(search.search('论文 心电')));
    expect(titles(search.search('華佗'))).toEqual(titles(search.search('华佗')));
    expect(titles(search.search('華佗')).every((t) => t.startsWith('Huatuo'))).toBe(true);
    expect(titles(search.search('華佗')).length).toBe(2);
  });

  it('reads a typo of a glossary word as the word', () => {
    expect(titles(search.search('anesthsia'))).toContain('AnesSuite:面向 LLM 麻醉学推理的综合基准与数据集套件');
  });
});

describe('precision', () => {
  it('does not let a filler character make a required term (做病 in 做病理)', () => {
    const found = titles(search.search('有没有做病理的数据集'));
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((t) => t.includes('病理'))).toBe(true);
  });

  it('does not let a weak bigram drive the results (脑电图相关的工作 is not 工作流)', () => {
    const found = titles(search.search('脑电图相关的工作'));
    expect(found).toContain('CerebraGloss:面向细粒度临床 EEG 解读的大型视觉语言模型指令微调');
    expect(found.some((t) => t.includes('工作流'))).toBe(false);
  });

  it('gives a multi-word query with one answer that answer, not dozens of weak matches', () => {
    expect(titles(search.search('ECG foundation model benchmark'))).toEqual(['ECG 基础模型基准:跨临床任务的现实检验']);
    expect(search.search('electrocardiogram benchmark').length).toBeLessThanOrEqual(5);
  });

  it('does not let words that ask rather than name a topic empty the list', () => {
    expect(titles(search.search('show me pathology stuff'))).toEqual(titles(search.search('pathology')));
    expect(titles(search.search('ECG papers pls'))).toEqual(titles(search.search('ECG papers')));
    expect(titles(search.search('推荐几个病理的数据集'))).toEqual(titles(search.search('病理 数据集')));
  });

  it('does not let a stray short token sink the results', () => {
    expect(titles(search.search('ECG 31m'))).toEqual(titles(search.search('ECG')));
  });

  it('still lists every entry on a single broad topic', () => {
    const ecg = search.search('ECG');
    expect(ecg.length).toBeGreaterThanOrEqual(2);
    expect(titles(ecg)).toEqual(expect.arrayContaining(['ECG 基础模型基准:跨临床任务的现实检验']));
  });
});

describe('questions the catalog cannot answer', () => {
  for (const q of ['quantum computing for stock trading', '区块链 供应链', 'knee MRI segmentation', '量子计算 股票']) {
    it(`finds nothing for "${q}"`, () => {
      expect(search.search(q)).toEqual([]);
    });
  }

  it('offers nothing related when nothing is', () => {
    expect(search.related('quantum computing for stock trading')).toEqual([]);
    expect(search.related('区块链 供应链')).toEqual([]);
    expect(search.related('blockchain')).toEqual([]);
  });

  it('offers at most three strongly related entries, each meeting most of the question', () => {
    const related = search.related('knee MRI segmentation');
    expect(related.length).toBeGreaterThan(0);
    expect(related.length).toBeLessThanOrEqual(3);
    for (const h of related) expect(h.entry.title).toMatch(/分割|segment/i);
    expect(search.related('knee MRI segmentation', { limit: 1 }).length).toBe(1);
  });

  it('respects the kinds asked for', () => {
    expect(search.related('knee MRI segmentation', { kinds: ['dataset'] })).toEqual([]);
  });
});

describe('a unit no entry can meet', () => {
  it('empties the search before any ranking, and related() still ranks', () => {
    // "knee" is in no entry: the search finds nothing (no ranking is made for it), and the
    // honest answer's related entries still come from ranking the rest of the query.
    expect(search.search('knee MRI segmentation')).toEqual([]);
    expect(search.related('knee MRI segmentation').length).toBeGreaterThan(0);
  });

  it('is decided exactly: no match mask within the reachable bits meets the unit (fast-check)', () => {
    const unit = fc.record({
      alternatives: fc.array(fc.integer({ min: 1, max: 255 }), { minLength: 1, maxLength: 3 }),
      spread: fc.integer({ min: 0, max: 255 }),
      spreadCount: fc.integer({ min: 1, max: 8 }),
      weak: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(unit, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 255 }),
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 20 }),
        (units, reachable, masks) => {
          const candidates = masks.map((m, doc) => ({ doc, score: 100 - doc, tier: 'head' as const, mask: m & reachable }));
          if (lacksForGood(units, reachable)) expect(selectResults(units, candidates, 1000)).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
