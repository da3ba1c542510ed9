import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { Glossary } from '../../src/search/glossary.js';
import { decodeCache, encodeCache } from '../../src/search/cache.js';
import { CatalogSearch } from '../../src/search/search.js';
import { compactName, tokenize } from '../../src/search/tokenize.js';
import { SEEDS } from '../helpers.js';

const catalog = loadCatalog(SEEDS);
const search = CatalogSearch.build(catalog.entries, Glossary.load());
const top = (q: string, n = 5, kinds?: Parameters<CatalogSearch['search']>[1]) =>
  search
    .search(q, kinds)
    .slice(0, n)
    .map((h) => h.entry.title);

describe('tokenizer', () => {
  it('turns Chinese runs into bigrams so a short query matches a long title', () => {
    expect(tokenize('病理推理分割')).toEqual(['病理', '理推', '推理', '理分', '分割']);
    expect(tokenize('病')).toEqual(['病']);
  });

  it('splits compounds and keeps their joins', () => {
    expect(tokenize('Doctor-R1')).toEqual(['doctor', 'r1', 'doctorr1']);
    expect(tokenize('doctor r1')).toEqual(['doctor', 'r1']);
    expect(tokenize('MedGemma')).toEqual(['med', 'gemma', 'medgemma']);
    expect(compactName('Doctor-R1')).toBe(compactName('doctor r1'));
  });

  it('drops English stop words and tolerates symbols and emoji', () => {
    expect(tokenize('papers about the ECG 🙂 <b>&amp;')).toEqual(['papers', 'ecg', 'b', 'amp']);
  });
});

describe('search', () => {
  it('finds a Chinese word inside a longer Chinese title', () => {
    expect(top('病理')).toContain('PathChat-SegR1:通过 SO-GRPO 实现病理推理分割');
  });

  it('finds names written with or without hyphens and spaces, first', () => {
    for (const q of ['doctor r1', 'Doctor-R1', 'DoctorR1', 'doctor-r1']) {
      expect(top(q, 1), q).toEqual(['Doctor-R1:通过体验式 Agent 强化学习掌握临床问诊']);
    }
    expect(top('mimic iv note', 1)).toEqual(['MIMIC-IV-Note v2.2 临床笔记数据集']);
  });

  it('puts an exact title or name match first', () => {
    const hits = search.search('EMNLP');
    expect(hits[0]).toMatchObject({ tier: 'exact', entry: { title: 'EMNLP 2026 征稿' } });
  });

  it('matches prefixes and typos of longer Latin words', () => {
    expect(top('anesthesiolo')).toContain('AnesSuite:面向 LLM 麻醉学推理的综合基准与数据集套件');
    expect(top('electrocardiogrm')).toEqual(expect.arrayContaining(['ECG 基础模型基准:跨临床任务的现实检验']));
  });

  it('reads a version number as written: never a typo of another, nor the start of a longer one', () => {
    // doctorr2 is one edit from doctorr1 (Doctor-R1): another version.
    expect(top('Doctor-R2')).toEqual([]);
    expect(top('DoctorR2')).toEqual([]);
    // A typo in the word before a number is still one (DoctorR1 is not "doctor" + 1).
    expect(top('DoctorR1', 1)).toEqual(['Doctor-R1:通过体验式 Agent 强化学习掌握临床问诊']);
  });

  it('does not match short words fuzzily', () => {
    // "ecq" is not "ecg": no fuzzy matching under 4 characters.
    expect(top('ecq')).toEqual([]);
  });

  it('crosses languages through the glossary', () => {
    expect(top('心电')).toEqual(expect.arrayContaining(['ECG 基础模型基准:跨临床任务的现实检验']));
    expect(top('anesthesia')).toContain('AnesSuite:面向 LLM 麻醉学推理的综合基准与数据集套件');
    expect(top('mental health')).toEqual(expect.arrayContaining(['CounselBench:心理健康问答中大语言模型的大规模专家评测与对抗基准']));
  });

  it('ranks title and tag matches above description-only matches', () => {
    const hits = search.search('segmentation');
    const firstBody = hits.findIndex((h) => h.tier === 'body');
    const lastHead = hits.map((h) => h.tier).lastIndexOf('head');
    expect(firstBody).toBeGreaterThan(0);
    expect(lastHead).toBeLessThan(firstBody);
  });

  it('filters by kind', () => {
    const kinds = new Set(search.search('medical', { kinds: ['dataset'] }).map((h) => h.entry.kind));
    expect([...kinds]).toEqual(['dataset']);
  });

  it('survives a restart from a saved index with the same answers', () => {
    const file = encodeCache({ catalog, search: search.save() });
    const cached = decodeCache(file);
    expect(cached.catalog.entries).toEqual(catalog.entries);
    const restored = CatalogSearch.restore(cached.catalog.entries, Glossary.load(), cached.search);
    for (const q of ['病理', 'doctor r1', 'anesthesia', 'pathalogy']) {
      expect(restored.search(q).map((h) => h.entry.id)).toEqual(search.search(q).map((h) => h.entry.id));
    }
  });
});
