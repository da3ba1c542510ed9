/**
 * Any text a person may type gets a reply: words of every kind the question reader knows,
 * joined in random order with stray characters, never make the engine throw or stay silent.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ask, makeEngine } from '../helpers.js';

const WORDS = [
  'remind me about',
  '提醒我',
  "I'm in",
  '我在',
  'set my time zone to',
  'reply in English',
  '用中文回答',
  'or',
  '或',
  'but not',
  '除了',
  '以外',
  'give me 3',
  '推荐三篇',
  'top 5',
  'papers',
  '论文',
  'datasets',
  '数据集',
  'open',
  '开放',
  'closed',
  '已经结束了',
  'deadline',
  '截止',
  'when',
  '什么时候',
  'in Tokyo time',
  '东京时间',
  'zone:UTC+25',
  'zone:',
  'ECG',
  '心电',
  'EMNLP',
  'NLPCC',
  'protein',
  'segmentaton',
  '2026',
  'next month',
  '下个月',
  'how many',
  '多少',
  'with code',
  '有代码的',
  'where is',
  '在哪里开',
  '?',
  '!',
  '的',
  ' ',
  '',
  '/paper',
  '/follow',
  'more',
];

describe('any text', () => {
  const bot = makeEngine({ now: '2026-05-20T12:00:00+08:00' });
  it('gets a reply with some text, whatever words it joins', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 8 }), async (parts) => {
        const text = parts.join(' ');
        const reply = await ask(bot, text);
        expect(reply.text.length + reply.items.length, text).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
