/**
 * Property-based checks of the date rules (fast-check): version strings and model names
 * placed next to deadline words never make a milestone; full dates bound to a
 * milestone word always do, at the instant written.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readMilestones } from '../../src/time/milestones.js';
import { BEIJING } from '../../src/time/zones.js';

const read = (text: string) => readMilestones(text, { year: 2026, fallbackZone: BEIJING, from: 'description' });

const num = (max: number) => fc.integer({ min: 0, max }).map(String);
const MODELS = ['Claude', 'GPT', 'gpt', 'Gemini', 'Llama', 'Qwen', 'ChatGLM', 'Baichuan', 'o', 'DeepSeek', 'Mistral'];
const version = fc.oneof(
  fc.tuple(fc.constantFrom(...MODELS), fc.constantFrom('-', ' ', '- ', ''), num(12), num(31)).map(([m, sep, a, b]) => `${m}${sep}${a}.${b}`),
  fc.tuple(num(12), num(31), fc.constantFrom('-turbo', '-opus', '-mini', ' Sonnet')).map(([a, b, s]) => `${a}.${b}${s}`),
  fc.tuple(fc.constantFrom('v', 'V', 'version ', 'phase ', 'stage ', 'round ', '版本 ', 'v '), num(12), num(31)).map(([p, a, b]) => `${p}${a}.${b}`),
  fc.tuple(num(9), num(31)).map(([a, b]) => `${a}.${b} resources`),
  // A number range is a range of amounts: it has a unit (a bare "6.1-6.30 初赛" is a date range).
  fc.tuple(num(12), num(31), num(12), num(31), fc.constantFrom(' years', ' months', '%', ' points', ' 万例', ' 倍')).map(([a, b, c, d, u]) => `${a}.${b}-${c}.${d}${u}`),
  fc.tuple(num(99), num(99)).map(([a, b]) => `${a}-${b}`),
);
const DEADLINE_WORDS = [
  'deadline',
  'due',
  'due to',
  'closes',
  'closed-source',
  'deadline-aware',
  'submission-free',
  'submission',
  'until',
  '截止',
  '截稿',
  '投稿',
  '报名',
  '初赛',
  '决赛',
  '发布',
  '提交',
  'phase',
  'final',
  'notification',
  'camera-ready',
];
const glue = fc.constantFrom(' ', ', ', ': ', ' the ', ' 为 ', '', ' (', ' and ');

describe('version numbers and model names near deadline words', () => {
  it('never yield a milestone, in either order', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DEADLINE_WORDS), glue, version, fc.boolean(), (word, g, v, before) => {
        const text = before ? `${word}${g}${v}` : `${v}${g}${word}`;
        expect(read(text)).toEqual([]);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('full dates bound to a milestone word', () => {
  it('always become a milestone at the written instant', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('papers due', 'submission deadline', 'deadline:', '截止', '投稿截止'),
        fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom('AoE', 'UTC-12', 'UTC+8', '北京时间', 'PT'),
        (word, date, zone) => {
          const day = date.toISOString().slice(0, 10);
          const [m] = read(`${word} ${day} ${zone}`);
          expect(m).toMatchObject({ type: 'deadline', zoneAssumed: false, timeAssumed: true });
          expect(m!.at.slice(0, 19)).toBe(`${day}T23:59:59`);
        },
      ),
      { numRuns: 300 },
    );
  });
});
