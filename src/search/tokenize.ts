/**
 * One tokenizer for documents and queries, so both sides always agree:
 * - Chinese (Han) runs become overlapping character bigrams ("病理推理" → 病理 理推 推理);
 *   a lone Han character stays a unigram. Chosen by measurement (DESIGN.md, against
 *   Intl.Segmenter and jieba): whole-run tokens never match a shorter query, and
 *   segmenters split unknown domain words into single characters.
 * - Latin words are lowercased; a compound written with hyphens, dots, CamelCase or a
 *   letter–digit seam ("Doctor-R1", "MIMIC-IV-Note", "MedSynVQA", "CoTBench", "palm2")
 *   yields its parts and their joins, so "doctor r1", "doctorr1" and "Doctor-R1" meet.
 * - A short number after a word joins it ("Med-PaLM 2" → medpalm2, palm2), so
 *   "med palm2", "medpalm 2" and "Med-PaLM 2" share a token.
 * - English stop words are dropped.
 *
 * `words` gives the same tokens grouped by the word or Chinese run they came from: the
 * query's meaningful units (search.ts counts how many of them an entry covers).
 */

const STOP_WORDS = new Set(
  'a an and are as at be by for from has have how i in into is it its of on or our that the their this to via was we were what which with within without do does can you me my about any some'.split(
    ' ',
  ),
);

const RUN = /(\p{Script=Han}+)|([\p{L}\p{N}]+(?:[-_.'/+][\p{L}\p{N}]+)*)/gu;

/** One word or Chinese run of a text, with the tokens it yields. */
export type Word = { kind: 'latin'; whole: string; parts: string[]; tokens: string[] } | { kind: 'han'; run: string; tokens: string[] };

export function tokenize(text: string): string[] {
  const out: string[] = [];
  scan(text, (word) => {
    for (const t of word.tokens) out.push(t);
  });
  return out;
}

/** The tokens of `text`, grouped by word (stop words yield a word with no tokens and are left out). */
export function words(text: string): Word[] {
  const out: Word[] = [];
  scan(text, (word) => {
    if (word.tokens.length > 0) out.push(word);
  });
  return out;
}

/** A number this short after a word is part of its name ("Med-PaLM 2", "GPT 4"), not a year. */
const NAME_NUMBER = /^\d{1,2}$/;
const BLANK = /^[ \t]+$/;

function scan(text: string, emit: (word: Word) => void): void {
  const normalized = text.normalize('NFKC');
  let previous: { whole: string; last: string; end: number } | undefined;
  for (const m of normalized.matchAll(RUN)) {
    if (m[1]) {
      emit({ kind: 'han', run: m[1], tokens: hanTokens(m[1]) });
      previous = undefined;
      continue;
    }
    const word = m[2]!;
    const start = m.index!;
    const latin = latinWord(word);
    if (previous && NAME_NUMBER.test(word) && BLANK.test(normalized.slice(previous.end, start))) {
      latin.tokens.push(previous.whole + word);
      if (previous.last !== previous.whole) latin.tokens.push(previous.last + word);
    }
    emit(latin);
    previous = NAME_NUMBER.test(word) ? undefined : { whole: latin.whole, last: latin.parts.at(-1) ?? latin.whole, end: start + word.length };
  }
}

function hanTokens(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return [chars[0]!];
  const out: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/** Plain words (no compound parts to find): the common case, kept fast. */
const SIMPLE_WORD = /^(?:[A-Za-z]?[a-z]*|[a-z]{0,2}\d*|\d+[a-z]*)$/;
/** CamelCase seams: "MedSyn|VQA", "Path|Chat", "CoT|Bench", "c|MedQA"; "PaLM", "VQA" stay whole. */
const CAMEL = /(?<=[a-z])(?=[A-Z][a-z])|(?<=[a-z]{2})(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z]{2,})/;
/** A letter–digit seam after a real word: "palm|2", "gpt|4"; "r1", "qa2" and "v2" stay whole. */
const DIGIT_SEAM = /(?<=[a-z]{3})(?=\d)/;

function latinWord(word: string): Word & { kind: 'latin' } {
  if (SIMPLE_WORD.test(word)) {
    const lower = word.toLowerCase();
    return { kind: 'latin', whole: lower, parts: [lower], tokens: STOP_WORDS.has(lower) ? [] : [lower] };
  }
  const parts = word
    .split(/[-_.'/+]/)
    .flatMap((p) => p.split(CAMEL))
    .flatMap((p) => p.toLowerCase().split(DIGIT_SEAM))
    .filter(Boolean);
  const whole = parts.join('');
  if (parts.length === 1) return { kind: 'latin', whole, parts, tokens: STOP_WORDS.has(whole) ? [] : [whole] };
  const tokens = parts.filter((p) => !STOP_WORDS.has(p));
  tokens.push(whole);
  if (parts.length > 2) for (let i = 0; i < parts.length - 1; i++) tokens.push(parts[i]! + parts[i + 1]!);
  return { kind: 'latin', whole, parts, tokens };
}

const SEAMS = /(?<=[a-z])(?=[A-Z][a-z])|(?<=[a-z]{2})(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z]{2,})|(?<=[A-Za-z]{3})(?=\d)/g;

/** Spaces at CamelCase and letter–digit seams ("HuatuoGPT2" → "Huatuo GPT 2"), for word-level matching. */
export function splitSeams(text: string): string {
  return text.replace(SEAMS, ' ');
}

export function isHanToken(token: string): boolean {
  return /^\p{Script=Han}/u.test(token);
}

/** A compact form for exact-name comparison: "Doctor-R1" = "doctor r1" = "DoctorR1". */
export function compactName(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}
