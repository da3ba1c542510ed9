/**
 * The curated zh↔en glossary (curated/glossary.json): each concept lists Chinese and
 * English terms. Documents are tagged with the concepts they mention, and a query is
 * expanded with the concepts it mentions, so "心电" finds an entry that only says
 * "electrocardiogram" and "anesthesia" finds "麻醉".
 */
import { readFileSync } from 'node:fs';
import { lazyZod } from '../lazy-zod.js';
import { GLOSSARY_FILE } from '../paths.js';
import { splitSeams } from './tokenize.js';

const CONCEPT_ID = /^[a-z0-9_-]+$/;

export interface GlossaryData {
  concepts: Array<{ id: string; zh: string[]; en: string[] }>;
}

/**
 * The glossary file checked: by hand first (zod costs ~100 ms to import cold, and a well-formed
 * glossary is read at every start); a file the hand check refuses goes through zod, for its
 * wording. The hand check passes exactly what the schema passes (the same shape, extra keys dropped).
 */
function checkGlossary(raw: unknown): GlossaryData {
  const list = (value: unknown): value is string[] => Array.isArray(value) && value.every((t) => typeof t === 'string');
  if (raw !== null && typeof raw === 'object' && Array.isArray((raw as { concepts?: unknown }).concepts)) {
    const concepts: GlossaryData['concepts'] = [];
    for (const c of (raw as { concepts: unknown[] }).concepts) {
      if (c === null || typeof c !== 'object') break;
      const { id, zh, en } = c as Record<string, unknown>;
      if (typeof id !== 'string' || !CONCEPT_ID.test(id) || !list(zh) || !list(en)) break;
      concepts.push({ id, zh: [...zh], en: [...en] });
    }
    if (concepts.length === (raw as { concepts: unknown[] }).concepts.length) return { concepts };
  }
  const z = lazyZod();
  const schema = z.object({ concepts: z.array(z.object({ id: z.string().regex(CONCEPT_ID), zh: z.array(z.string()), en: z.array(z.string()) })) });
  return schema.parse(raw);
}

export const GLOSSARY_PATH = GLOSSARY_FILE;

/** The token a concept is indexed under: one Latin word the tokenizer keeps whole. */
export function conceptToken(id: string): string {
  return `zzc${id.replace(/[^a-z0-9]/g, '')}`;
}

/** A place a concept is named: the concept, the term as matched (normalized), its size in words. */
export interface GlossaryMatch {
  id: string;
  term: string;
  size: number;
}

/** Each concept of `matches` with the size of the longest term that named it. */
export function weightOf(matches: readonly GlossaryMatch[]): Map<string, number> {
  const found = new Map<string, number>();
  for (const { id, size } of matches) found.set(id, Math.max(found.get(id) ?? 0, size));
  return found;
}

export class Glossary {
  private readonly zh: RegExp | undefined;
  /** English terms by their words ("chest x ray"); matched as word n-grams. */
  private readonly en = new Map<string, string[]>();
  private readonly zhTerms = new Map<string, string[]>();
  /** Every leading part of an English term ("chest", "chest x"), to stop extending early. */
  private readonly enPrefixes = new Set<string>();
  /** The words of the English terms long enough to correct a typo towards, by length. */
  private readonly vocabulary = new Map<number, string[]>();
  private readonly vocabularyWords = new Set<string>();
  /** Answers of `correct`, by lower-cased word ('' for none). */
  private readonly corrections = new Map<string, string>();

  constructor(data: GlossaryData) {
    for (const concept of data.concepts) {
      for (const t of concept.zh) add(this.zhTerms, zhKey(t), concept.id);
      for (const t of concept.en) add(this.en, enKey(t), concept.id);
    }
    this.zh = alternation([...this.zhTerms.keys()]);
    for (const key of this.en.keys()) {
      const words = key.split(' ');
      for (let n = 1; n <= words.length; n++) this.enPrefixes.add(words.slice(0, n).join(' '));
      for (const w of words) {
        if (w.length < MIN_TYPO_LENGTH || /\d/.test(w)) continue;
        if (this.vocabularyWords.has(w)) continue;
        this.vocabularyWords.add(w);
        const list = this.vocabulary.get(w.length) ?? [];
        list.push(w);
        this.vocabulary.set(w.length, list);
      }
    }
  }

  /**
   * The glossary word a misspelt word most likely means ("anesthsia" → anesthesia,
   * "reinforcment" → reinforcement): the nearest within one edit (two from 8 letters),
   * or undefined. The caller asks only about words the catalog does not have.
   */
  correct(word: string): string | undefined {
    const w = word.toLowerCase();
    if (w.length < MIN_TYPO_LENGTH || !/^[a-z]+$/.test(w) || this.vocabularyWords.has(w)) return undefined;
    // The glossary never changes: a word's answer (a scan of every glossary word of about its length) is kept.
    const known = this.corrections.get(w);
    if (known !== undefined) return known || undefined;
    const found = this.nearest(w);
    if (this.corrections.size >= MAX_CORRECTIONS) this.corrections.clear();
    this.corrections.set(w, found ?? '');
    return found;
  }

  private nearest(w: string): string | undefined {
    const max = w.length >= 8 ? 2 : 1;
    let best: string | undefined;
    let bestDistance = max + 1;
    for (let len = w.length - max; len <= w.length + max; len++) {
      for (const candidate of this.vocabulary.get(len) ?? []) {
        // A typo rarely changes both of the first two letters: most candidates end here.
        if (candidate.charCodeAt(0) !== w.charCodeAt(0) && candidate.charCodeAt(1) !== w.charCodeAt(1)) continue;
        const d = editDistance(w, candidate, Math.min(max, bestDistance));
        if (d <= max && (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best))) {
          best = candidate;
          bestDistance = d;
        }
      }
    }
    return bestDistance <= max ? best : undefined;
  }

  static load(path: string | URL = GLOSSARY_PATH): Glossary {
    return Glossary.fromText(readFileSync(path, 'utf8'));
  }

  /** The glossary of a glossary file's text (as read once by whoever also keys a cache on it). */
  static fromText(text: string): Glossary {
    return new Glossary(checkGlossary(JSON.parse(text)));
  }

  static empty(): Glossary {
    return new Glossary({ concepts: [] });
  }

  /** Concept ids mentioned in `text`, each once. */
  concepts(text: string): string[] {
    return [...this.weighted(text).keys()];
  }

  /**
   * Concepts mentioned in `text` with the size of the longest term that named each
   * (in words; Chinese counts two characters a word): "human llm collaboration" is
   * stronger evidence than "llm".
   */
  weighted(text: string): Map<string, number> {
    return weightOf(this.matches(text));
  }

  /**
   * Each place a concept is named in `text`: the concept, the term as written (its
   * normalized form) and its size, in text order per language. Search turns each into one
   * query unit, met by the concept or by the term's own words.
   */
  matches(text: string): GlossaryMatch[] {
    const out: GlossaryMatch[] = [];
    const note = (ids: string[] | undefined, term: string, size: number) => {
      for (const id of ids ?? []) out.push({ id, term, size });
    };
    if (this.zh && HAN.test(text)) {
      for (const m of zhKey(text).matchAll(this.zh)) note(this.zhTerms.get(m[0]), m[0], Math.max(1, [...m[0]].length / 2));
    }
    const words = enKey(text).split(' ');
    for (let i = 0; i < words.length; i++) {
      let phrase = '';
      for (let n = 1; i + n <= words.length; n++) {
        phrase = n === 1 ? words[i]! : `${phrase} ${words[i + n - 1]}`;
        if (!this.enPrefixes.has(phrase)) break;
        note(this.en.get(phrase), phrase, n);
      }
    }
    return out;
  }
}

const HAN = /\p{Script=Han}/u;
/** Shorter words are not corrected: too many real words lie one edit apart. */
const MIN_TYPO_LENGTH = 5;
const MAX_CORRECTIONS = 10_000;

/** Levenshtein distance, or max + 1 as soon as it must exceed `max`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[b.length]!;
}

function add(map: Map<string, string[]>, key: string, id: string): void {
  if (!key) return;
  const ids = map.get(key);
  if (!ids) map.set(key, [id]);
  else if (!ids.includes(id)) ids.push(id);
}

function zhKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

function enKey(text: string): string {
  // "HuatuoGPT2" names Huatuo: glossary terms are matched on the words of a compound too.
  return splitSeams(text.normalize('NFKC'))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** One regex for the Chinese terms, longest first so the longest term at a place wins. */
function alternation(terms: string[]): RegExp | undefined {
  if (terms.length === 0) return undefined;
  return new RegExp(
    [...terms]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'g',
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
