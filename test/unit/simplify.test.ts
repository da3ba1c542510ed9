import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { buildSimplifyTable, toSimplified } from '../../src/text/simplify.js';

describe('toSimplified', () => {
  it('turns traditional characters into simplified ones', () => {
    expect(toSimplified('論文')).toBe('论文');
    expect(toSimplified('這週有什麼要截止的')).toBe('这周有什么要截止的');
    expect(toSimplified('華佗')).toBe('华佗');
  });
  it('keeps the catalog’s own words (no phrase rewriting) and Latin text', () => {
    expect(toSimplified('醫學影像')).toBe('医学影像');
    expect(toSimplified('MIMIC-IV-Note v2.2')).toBe('MIMIC-IV-Note v2.2');
  });
});

describe('the table of characters a conversion starts at', () => {
  const table = buildSimplifyTable();
  const starts = new Set(table.starts);
  it('holds the traditional characters and not common simplified ones', () => {
    for (const c of '論這週麼華醫學') expect(starts.has(c)).toBe(true);
    for (const c of '病理论周医学影像数据集截止') expect(starts.has(c)).toBe(false);
  });
  it('leaves out only characters the conversion keeps as they are', () => {
    // opencc itself, as toSimplified composes it (toSimplified skips the table's characters).
    const opencc = createRequire(import.meta.url)('opencc-js/t2cn') as { Converter(o: { from: string; to: string }): (s: string) => string };
    const [tw, hk] = [opencc.Converter({ from: 'tw', to: 'cn' }), opencc.Converter({ from: 'hk', to: 'cn' })];
    const ranges: Array<[number, number]> = [
      [0x3400, 0x4dbf],
      [0x4e00, 0x9fff],
      [0xf900, 0xfaff],
      [0x20000, 0x2a6df],
    ];
    const changed: string[] = [];
    for (const [from, to] of ranges) {
      for (let c = from; c <= to; c++) {
        const ch = String.fromCodePoint(c);
        if (!starts.has(ch) && hk(tw(`${ch}${ch}`)) !== `${ch}${ch}`) changed.push(ch);
      }
    }
    expect(changed).toEqual([]);
  });
});
