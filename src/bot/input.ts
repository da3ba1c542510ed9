/** Cleaning what a user typed, and telling which language they wrote in. */
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
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\uFFFD]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...text];
  if (chars.length <= MAX_QUERY_CHARS) return { text, truncated: false };
  return { text: chars.slice(0, MAX_QUERY_CHARS).join('').trim(), truncated: true };
}

/** The reply language: an explicit locale wins, else Chinese when the text has Han characters. */
export function chooseLang(text: string, locale?: string): Lang {
  if (locale) {
    const l = locale.toLowerCase();
    if (l.startsWith('zh')) return 'zh';
    if (l.startsWith('en')) return 'en';
  }
  return /\p{Script=Han}/u.test(text) ? 'zh' : 'en';
}
