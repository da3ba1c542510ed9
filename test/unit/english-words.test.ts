/**
 * The English word list (src/text/english-words.ts) and what reads it: typo matching in
 * search (a real word is not read as another word two edits away) and the reply language of
 * mixed text.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chooseLang } from '../../src/bot/input.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { Glossary } from '../../src/search/glossary.js';
import { CatalogSearch } from '../../src/search/search.js';
import { ENGLISH_WORDS_FILE, isEnglishWord, sortedWords } from '../../src/text/english-words.js';
import { SEEDS } from '../helpers.js';

describe('isEnglishWord', () => {
  it('knows words with their inflections and British spellings', () => {
    for (const w of ['protein', 'folding', 'dermatology', 'segmentation', 'benchmarks', 'tumour', 'anaesthesia', 'aardvark', 'zymurgy']) expect(isEnglishWord(w), w).toBe(true);
  });
  it('does not know typos, names or text that is not one lowercase word', () => {
    for (const w of ['segmentaton', 'radiolgy', 'electrocardiogrm', 'ecg', 'medgemma', 'Protein', 'protein folding', '', 'zzzzzz']) expect(isEnglishWord(w), w).toBe(false);
  });
  it('reads a list sorted in code-unit order, one lowercase word a line (the binary search needs it)', () => {
    const text = existsSync(ENGLISH_WORDS_FILE) ? readFileSync(ENGLISH_WORDS_FILE, 'latin1') : sortedWords();
    const words = text.trimEnd().split('\n');
    expect(words.length).toBeGreaterThan(200_000);
    let unsorted = 0;
    for (let i = 1; i < words.length; i++) if (!(words[i - 1]! < words[i]!)) unsorted++;
    expect(unsorted).toBe(0);
    expect(words.every((w) => /^[a-z]+$/.test(w))).toBe(true);
  });
});

describe('typo matching of real words', () => {
  const search = CatalogSearch.build(loadCatalog(SEEDS).entries, Glossary.load());
  const titles = (q: string) => search.search(q).map((h) => h.entry.title);

  it('finds nothing for real words the catalog lacks, though catalog words lie two edits away (proven, finding)', () => {
    expect(search.knows('protein') || search.knows('folding')).toBe(false);
    expect(search.knows('proven') && search.knows('finding')).toBe(true);
    expect(titles('protein folding')).toEqual([]);
  });
  it('still reads a misspelling that is no word, and a spelling variant one edit away', () => {
    expect(titles('segmentaton').some((t) => t.includes('分割'))).toBe(true);
    expect(titles('tumour').some((t) => t.includes('肿瘤'))).toBe(true);
  });
});

describe('chooseLang for mixed text', () => {
  it('answers in English when the English words are at least the Chinese ones', () => {
    expect(chooseLang('when is the 京东 final round')).toBe('en');
    expect(chooseLang('京东 final')).toBe('en');
  });
  it('answers in Chinese about English names and acronyms', () => {
    for (const q of ['MIMIC-IV 怎么申请', 'Doctor-R1 论文', 'ECG 生成', 'MedGemma 模型', 'deadline 是什么时候']) expect(chooseLang(q), q).toBe('zh');
  });
  it('keeps text without Han English and an explicit locale first', () => {
    expect(chooseLang('papers about ECG')).toBe('en');
    expect(chooseLang('papers about ECG', 'zh-CN')).toBe('zh');
  });
});
