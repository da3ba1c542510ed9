/** The one page-token codec: self-contained tokens within a platform's byte limit, memory tokens otherwise. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePageToken, encodeMemory, encodeSelf, type PageTarget } from '../../src/engine/page-token.js';
import { PagingMemory } from '../../src/engine/paging-memory.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/).filter((n) => n !== 'query');
const value = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 });

describe('page tokens', () => {
  it('round-trip every target that fits, at 64 and 100 bytes, and never exceed the limit', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('search', 'paper', 'deadline', '论文'),
        fc.option(value, { nil: undefined }),
        fc.dictionary(name, value, { maxKeys: 3 }),
        fc.integer({ min: 1, max: 9999 }),
        fc.constantFrom(64, 100),
        (command, query, extra, page, max) => {
          const target: PageTarget = { command, args: { ...(query ? { query } : {}), ...extra } };
          const token = encodeSelf(target, page, max);
          if (token === undefined) return;
          expect(bytes(token)).toBeLessThanOrEqual(max);
          expect(decodePageToken(token)).toEqual({ kind: 'self', page, target });
        },
      ),
    );
  });

  it('carries Chinese text at three bytes a character, and | = % escaped', () => {
    const zh: PageTarget = { command: 'paper', args: { query: '心理健康' } };
    const token = encodeSelf(zh, 2, 64)!;
    expect(token).toBe('p:2:paper:心理健康');
    expect(bytes(token)).toBe('p:2:paper:'.length + 12);
    const odd: PageTarget = { command: 'deadline', args: { query: 'a|b=c%d', zone: 'UTC+8|x=%' } };
    const escaped = encodeSelf(odd, 3, 100)!;
    expect(escaped).toBe('p:3:deadline:a%7Cb%3Dc%25d|zone=UTC+8%7Cx%3D%25');
    expect(decodePageToken(escaped)).toEqual({ kind: 'self', page: 3, target: odd });
  });

  it('gives up on a target over the limit: 64 bytes (Telegram) is tighter than 100 (Discord)', () => {
    const target: PageTarget = { command: 'search', args: { query: '医学影像分割与病理报告生成' } };
    // 'p:2:search:' is 11 bytes, the query 13 × 3 = 39: 50 bytes.
    expect(encodeSelf(target, 2, 64)).toBeDefined();
    const longer: PageTarget = { command: 'deadline', args: { query: '医学影像分割与病理报告生成', zone: 'Asia/Shanghai' } };
    expect(encodeSelf(longer, 2, 64)).toBeUndefined();
    expect(bytes(encodeSelf(longer, 2, 100)!)).toBeLessThanOrEqual(100);
  });

  it("keeps a long target in the place's memory and finds it by slot, only in that place", () => {
    const memory = new PagingMemory({ now: () => 0 });
    const target: PageTarget = { command: 'deadline', args: { query: 'x'.repeat(90), zone: 'Tokyo' } };
    const slot = memory.keep('telegram:1', target);
    expect(memory.keep('telegram:1', target)).toBe(slot);
    const token = encodeMemory(slot, 2);
    expect(bytes(token)).toBeLessThanOrEqual(64);
    expect(decodePageToken(token)).toEqual({ kind: 'memory', page: 2, slot });
    expect(memory.kept('telegram:1', slot)).toEqual(target);
    expect(memory.kept('telegram:2', slot)).toBeUndefined();
  });

  it('reads stale or forged tokens as nothing', () => {
    let now = 0;
    const memory = new PagingMemory({ ttlMs: 1000, now: () => now });
    const slot = memory.keep('a', { command: 'search', args: { query: 'ecg' } });
    now = 1001;
    expect(memory.kept('a', slot)).toBeUndefined();
    for (const bad of [
      '',
      'p:0:search:ecg',
      'p:10000:search:ecg',
      'x:2:search:ecg',
      'p:2:search',
      'p:2:se arch:ecg',
      'p:2:search:ecg|Zone=x',
      'p:2:search:ecg|=x',
      'm:2:UPPER',
      'page:2',
    ]) {
      expect(decodePageToken(bad), bad).toBeUndefined();
    }
  });
});
