import { describe, expect, it } from 'vitest';
import { toSimplified } from '../../src/text/simplify.js';

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
