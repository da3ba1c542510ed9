/** Cleaning what a user typed, and telling which language they wrote in. */
import { isEnglishWord } from '../text/english-words.js';
import { toSimplified } from '../text/simplify.js';
import type { Lang } from './reply.js';

/** Longest text that is searched; the rest of a very long message is ignored (and said so). */
const MAX_QUERY_CHARS = 200;

export interface CleanInput {
  text: string;
  truncated: boolean;
}

export function cleanInput(raw: string | undefined): CleanInput {
  // Traditional Chinese first (論文 → 论文, 資料集 → 资料集), before anything else reads the text.
  let text = toSimplified((raw ?? '').toWellFormed());
  text = text
    // Compatibility forms as their plain ones: full-width ＥＣＧ and ２０２６ are ECG and 2026.
    .normalize('NFKC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\uFFFD]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...text];
  if (chars.length <= MAX_QUERY_CHARS) return { text, truncated: false };
  return { text: chars.slice(0, MAX_QUERY_CHARS).join('').trim(), truncated: true };
}

/**
 * The reply language: an explicit locale wins; else English for text without Han characters,
 * and for mixed text whose English words are at least as many as its Chinese words (two
 * characters a word): "when is the 京东 final round" asks in English about a Chinese name,
 * "MIMIC-IV 怎么申请" in Chinese about an English one. Names (AnesSuite, Doctor-R1, ECG) are
 * not English words (src/text/english-words.ts).
 */
export function chooseLang(text: string, locale?: string): Lang {
  if (locale) {
    const l = locale.toLowerCase();
    if (l.startsWith('zh')) return 'zh';
    if (l.startsWith('en')) return 'en';
  }
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  if (han === 0) return 'en';
  let english = 0;
  for (const [token] of text.matchAll(/[A-Za-z0-9'-]+/g)) {
    if (/^[A-Za-z][a-z]*$/.test(token) && isEnglishWord(token.toLowerCase())) english++;
  }
  return english > 0 && english >= han / 2 ? 'en' : 'zh';
}
