import { describe, expect, it } from 'vitest';
import { Glossary } from '../../src/search/glossary.js';
import { splitSeams, tokenize, words } from '../../src/search/tokenize.js';

describe('tokenizer: names as papers write them and as people retype them', () => {
  it('splits CamelCase at its seams and keeps the whole and the joins', () => {
    expect(tokenize('MedSynVQA')).toEqual(['med', 'syn', 'vqa', 'medsynvqa', 'medsyn', 'synvqa']);
    expect(tokenize('M3CoTBench')).toEqual(['m3cot', 'bench', 'm3cotbench']);
    // Acronyms with a lowercase letter stay whole.
    expect(tokenize('PaLM')).toEqual(['palm']);
  });

  it('splits a word from a trailing number, and joins a short number to the word before it', () => {
    expect(tokenize('med palm2')).toEqual(['med', 'palm', '2', 'palm2']);
    expect(tokenize('medpalm 2')).toEqual(['medpalm', '2', 'medpalm2']);
    expect(tokenize('Med-PaLM 2')).toEqual(['med', 'palm', 'medpalm', '2', 'medpalm2', 'palm2']);
    // Short names with a digit and years stay as written.
    expect(tokenize('R1 qa2 v2')).toEqual(['r1', 'qa2', 'v2']);
    expect(tokenize('ICLR 2026')).toEqual(['iclr', '2026']);
  });

  it('gives documents and queries the same tokens for every spelling of a name', () => {
    const doc = new Set(tokenize('Nature Medicine paper on Med-PaLM 2 and expert-level QA'));
    for (const q of ['Med-PaLM 2', 'med palm2', 'medpalm 2', 'MedPaLM2']) {
      expect(tokenize(q).some((t) => t.startsWith('medpalm') || t === 'palm2') && tokenize(q).filter((t) => doc.has(t)).length, q).toBeGreaterThan(0);
    }
  });

  it('groups tokens by the word or Chinese run they came from', () => {
    expect(words('MedSynVQA 病理')).toEqual([
      { kind: 'latin', whole: 'medsynvqa', parts: ['med', 'syn', 'vqa'], tokens: ['med', 'syn', 'vqa', 'medsynvqa', 'medsyn', 'synvqa'] },
      { kind: 'han', run: '病理', tokens: ['病理'] },
    ]);
    expect(words('the of')).toEqual([]);
  });

  it('spaces CamelCase seams for word-level glossary matching', () => {
    expect(splitSeams('HuatuoGPT2-SFT')).toBe('Huatuo GPT 2-SFT');
  });
});

describe('glossary', () => {
  const glossary = Glossary.load();

  it('knows transliterations and aliases in both directions', () => {
    expect(glossary.concepts('华佗')).toEqual(glossary.concepts('Huatuo'));
    expect(glossary.concepts('HuatuoGPT2-SFT-GPT4-140K')).toContain(glossary.concepts('华佗')[0]);
    expect(glossary.concepts('谷歌')).toEqual(glossary.concepts('Google'));
  });

  it('knows Taiwan words once converted to simplified characters', () => {
    expect(glossary.concepts('资料集')).toEqual(glossary.concepts('数据集'));
    expect(glossary.concepts('超音波')).toEqual(glossary.concepts('超声'));
    expect(glossary.concepts('磁振造影')).toEqual(glossary.concepts('MRI'));
  });

  it('corrects a misspelt word to the nearest glossary word, and leaves real words alone', () => {
    expect(glossary.correct('anesthsia')).toBe('anesthesia');
    expect(glossary.correct('reinforcment')).toBe('reinforcement');
    expect(glossary.correct('segmentaion')).toBe('segmentation');
    expect(glossary.correct('segmentation')).toBeUndefined();
    expect(glossary.correct('quantum')).toBeUndefined();
    // Too short to correct safely.
    expect(glossary.correct('ecq')).toBeUndefined();
  });

  it('reports where each concept is named', () => {
    expect(glossary.matches('magnetic resonance imaging 心电图').map((m) => m.term)).toEqual(expect.arrayContaining(['心电图', 'magnetic resonance imaging']));
  });
});
