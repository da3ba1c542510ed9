/**
 * "MedQA 和 CBLUE 哪个需要申请", "which closes first, EMNLP or NLPCC": one of several named items
 * asked for. Read when a "which" said of one (哪个, "which one", not 哪些) comes with two to five
 * topics joined by 和/还是/and/or/vs or a list mark; the answer (bot/compare.ts) resolves each
 * topic to its entry, and falls back to a plain question when one does not name one.
 */
import type { Question } from './types.js';
import { questionWords } from './words.js';

/** A list mark between items: 、 , ; (a comma before "or" joins nothing more). */
const LIST_MARK = /[、,,;;]/;
const MAX_ITEMS = 5;

/**
 * The items compared in `rest` (the question less the words already read), each cleaned by
 * `clean`, and `rest` without the order words; undefined when the question compares nothing.
 */
export function readComparison(original: string, rest: string, clean: (text: string) => string): { compare: NonNullable<Question['compare']>; rest: string } | undefined {
  const W = questionWords();
  W.compareWhich.lastIndex = 0;
  if (!W.compareWhich.test(original)) return undefined;
  let order: 'earliest' | 'latest' | undefined;
  const text = rest
    .replace(W.compareEarlier, () => {
      order ??= 'earliest';
      return ' ';
    })
    .replace(W.compareLater, () => {
      order ??= 'latest';
      return ' ';
    });
  const items = text
    .split(W.compareJoin)
    .flatMap((part) => part.split(LIST_MARK))
    .map(clean)
    .filter(Boolean);
  if (items.length < 2 || items.length > MAX_ITEMS || new Set(items.map((i) => i.toLowerCase())).size !== items.length) return undefined;
  return { compare: { items, ...(order ? { order } : {}) }, rest: text };
}
