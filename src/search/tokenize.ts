/**
 * One tokenizer for documents and queries, so both sides always agree:
 * - Chinese (Han) runs become overlapping character bigrams ("病理推理" → 病理 理推 推理);
 *   a lone Han character stays a unigram. Chosen by measurement (DESIGN.md): whole-run
 *   tokens never match a shorter query, and Intl.Segmenter splits unknown domain words
 *   into single characters.
 * - Latin words are lowercased; a compound written with hyphens, dots or CamelCase
 *   ("Doctor-R1", "MIMIC-IV-Note", "PathChat") yields its parts and their joins, so
 *   "doctor r1", "doctorr1" and "Doctor-R1" meet.
 * - English stop words are dropped.
 */

const STOP_WORDS = new Set(
  'a an and are as at be by for from has have how i in into is it its of on or our that the their this to via was we were what which with within without do does can you me my about any some'.split(' '),
);

const RUN = /(\p{Script=Han}+)|([\p{L}\p{N}]+(?:[-_.'/+][\p{L}\p{N}]+)*)/gu;

export function tokenize(text: string): string[] {
  const out: string[] = [];
  const normalized = text.normalize('NFKC');
  for (const m of normalized.matchAll(RUN)) {
    if (m[1]) hanTokens(m[1], out);
    else if (m[2]) latinTokens(m[2], out);
  }
  return out;
}

function hanTokens(run: string, out: string[]): void {
  const chars = [...run];
  if (chars.length === 1) {
    out.push(chars[0]!);
    return;
  }
  for (let i = 0; i < chars.length - 1; i++) out.push(chars[i]! + chars[i + 1]!);
}

const SIMPLE_WORD = /^[A-Za-z]?[a-z0-9]*$/;

function latinTokens(word: string, out: string[]): void {
  if (SIMPLE_WORD.test(word)) {
    // The common case (plain words): no compound parts to find.
    const lower = word.toLowerCase();
    if (!STOP_WORDS.has(lower)) out.push(lower);
    return;
  }
  const parts = word
    .split(/[-_.'/+]/)
    .flatMap((p) => p.split(/(?<=[a-z])(?=[A-Z][a-z])|(?<=[a-z]{2})(?=[A-Z])/))
    .map((p) => p.toLowerCase())
    .filter(Boolean);
  const whole = parts.join('');
  if (parts.length === 1) {
    if (!STOP_WORDS.has(whole)) out.push(whole);
    return;
  }
  for (const p of parts) if (!STOP_WORDS.has(p)) out.push(p);
  out.push(whole);
  if (parts.length > 2) for (let i = 0; i < parts.length - 1; i++) out.push(parts[i]! + parts[i + 1]!);
}

export function isHanToken(token: string): boolean {
  return /^\p{Script=Han}/u.test(token);
}

/** A compact form for exact-name comparison: "Doctor-R1" = "doctor r1" = "DoctorR1". */
export function compactName(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}
