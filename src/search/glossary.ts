/**
 * The curated zh↔en glossary (curated/glossary.json): each concept lists Chinese and
 * English terms. Documents are tagged with the concepts they mention, and a query is
 * expanded with the concepts it mentions, so "心电" finds an entry that only says
 * "electrocardiogram" and "anesthesia" finds "麻醉".
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { GLOSSARY_FILE } from '../paths.js';
import { splitSeams } from './tokenize.js';

const glossarySchema = z.object({
  concepts: z.array(
    z.object({ id: z.string().regex(/^[a-z0-9_-]+$/), zh: z.array(z.string()), en: z.array(z.string()) }),
  ),
});
export type GlossaryData = z.infer<typeof glossarySchema>;

export const GLOSSARY_PATH = GLOSSARY_FILE;

/** The token a concept is indexed under: one Latin word the tokenizer keeps whole. */
export function conceptToken(id: string): string {
  return `zzc${id.replace(/[^a-z0-9]/g, '')}`;
}

export class Glossary {
  private readonly zh: RegExp | undefined;
  /** English terms by their words ("chest x ray"); matched as word n-grams. */
  private readonly en = new Map<string, string[]>();
  private readonly zhTerms = new Map<string, string[]>();
  /** Every leading part of an English term ("chest", "chest x"), to stop extending early. */
  private readonly enPrefixes = new Set<string>();

  constructor(data: GlossaryData) {
    for (const concept of data.concepts) {
      for (const t of concept.zh) add(this.zhTerms, zhKey(t), concept.id);
      for (const t of concept.en) add(this.en, enKey(t), concept.id);
    }
    this.zh = alternation([...this.zhTerms.keys()]);
    for (const key of this.en.keys()) {
      const words = key.split(' ');
      for (let n = 1; n <= words.length; n++) this.enPrefixes.add(words.slice(0, n).join(' '));
    }
  }

  static load(path: string | URL = GLOSSARY_PATH): Glossary {
    const data = glossarySchema.parse(JSON.parse(readFileSync(path, 'utf8')));
    return new Glossary(data);
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
    const found = new Map<string, number>();
    for (const { id, size } of this.matches(text)) found.set(id, Math.max(found.get(id) ?? 0, size));
    return found;
  }

  /**
   * Each place a concept is named in `text`: the concept, the term as written (its
   * normalized form) and its size, in text order per language. Search turns each into one
   * query unit, met by the concept or by the term's own words.
   */
  matches(text: string): Array<{ id: string; term: string; size: number }> {
    const out: Array<{ id: string; term: string; size: number }> = [];
    const note = (ids: string[] | undefined, term: string, size: number) => ids?.forEach((id) => out.push({ id, term, size }));
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
  return splitSeams(text.normalize('NFKC')).toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/** One regex for the Chinese terms, longest first so the longest term at a place wins. */
function alternation(terms: string[]): RegExp | undefined {
  if (terms.length === 0) return undefined;
  return new RegExp([...terms].sort((a, b) => b.length - a.length).map(escape).join('|'), 'g');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
