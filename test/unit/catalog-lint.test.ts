/** The lint report: each problem once, errors before warnings, words and fix, a one-line summary; over-long fields. */
import { describe, expect, it } from 'vitest';
import { buildCatalog, loadCatalog } from '../../src/catalog/load.js';
import { formatProblem, lintOrder, lintSummary } from '../../src/catalog/report.js';
import type { Problem } from '../../src/catalog/schema.js';

const problem = (p: Partial<Problem>): Problem => ({ severity: 'warning', file: 'a.txt', line: 1, reason: 'r', ...p });

describe('lint report', () => {
  it('lists each problem once, errors first, then by file and line', () => {
    const ordered = lintOrder([
      problem({ file: 'b.txt', line: 2 }),
      problem({ file: 'a.txt', line: 9, severity: 'error', reason: 'no title' }),
      problem({ file: 'a.txt', line: 3 }),
      problem({ file: 'a.txt', line: 3 }),
    ]);
    expect(ordered.map((p) => `${p.severity} ${p.file}:${p.line}`)).toEqual(['error a.txt:9', 'warning a.txt:3', 'warning b.txt:2']);
  });

  it('prints file:line, the words and what to change, and a summary line', () => {
    const p = problem({ reason: 'paper has a deadline', words: 'deadline of 2026-02-01 (AoE)', fix: 'remove it' });
    expect(formatProblem(p)).toBe('a.txt:1: warning: paper has a deadline\n    words: “deadline of 2026-02-01 (AoE)”\n    fix: remove it');
    expect(lintSummary([p, problem({ severity: 'error' })], 2, 1)).toBe('1 error, 1 warning in 2 files (1 entry)');
  });

  it('flags a 10,000-character title once, quoting its start', () => {
    const title = '超长标题'.repeat(2500);
    const c = buildCatalog([{ name: 'long.txt', content: `数据资源TextBenchmarkSmall开放访问 ${title}\nA dataset.\n` }]);
    const flagged = c.problems.filter((p) => p.reason.startsWith('title is 10000 characters long'));
    expect(flagged).toHaveLength(1);
    expect(flagged[0]).toMatchObject({ file: 'long.txt', line: 1, words: `${title.slice(0, 40)}…` });
  });

  it('says what to change for every problem of the tricky seeds, and the words for each but the glued-line notice', () => {
    const tricky = loadCatalog(new URL('../fixtures/tricky-seeds/', import.meta.url).pathname);
    const report = lintOrder(tricky.problems).map(formatProblem);
    expect(report.length).toBeGreaterThan(10);
    for (const text of report) expect(text).toMatch(/\n {4}fix: \S/);
    expect(report.filter((t) => !t.includes('words: “')).every((t) => t.includes('glued'))).toBe(true);
  });
});
