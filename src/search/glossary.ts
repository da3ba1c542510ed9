/**
 * The curated zh↔en glossary (curated/glossary.json): each concept lists Chinese and
 * English terms. Documents are tagged with the concepts they mention, and a query is
 * expanded with the concepts it mentions, so "心电" finds an entry that only says
 * "electrocardiogram" and "anesthesia" finds "麻醉".
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const glossarySchema = z.object({
  concepts: z.array(
    z.object({ id: z.string().regex(/^[a-z0-9_-]+$/), zh: z.array(z.string()), en: z.array(z.string()) }),
  ),
});
export type GlossaryData = z.infer<typeof glossarySchema>;

export const GLOSSARY_PATH = new URL('../../curated/glossary.json', import.meta.url);

/** The token a concept is indexed under: one Latin word the tokenizer keeps whole. */
export function conceptToken(id: string): string {
  return `zzc${id.replace(/[^a-z0-9]/g, '')}`;
}

export class Glossary {
  private readonly zh: RegExp | undefined;
  private readonly en: RegExp | undefined;
  private readonly byTerm = new Map<string, string[]>();

  constructor(data: GlossaryData) {
    const zhTerms: string[] = [];
    const enTerms: string[] = [];
    for (const concept of data.concepts) {
      for (const t of concept.zh) this.add(zhKey(t), concept.id, zhTerms);
      for (const t of concept.en) this.add(enKey(t), concept.id, enTerms);
    }
    this.zh = alternation(zhTerms, false);
    this.en = alternation(enTerms, true);
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
    const note = (term: string, size: number) =>
      this.byTerm.get(term)?.forEach((id) => found.set(id, Math.max(found.get(id) ?? 0, size)));
    if (this.zh) for (const m of zhKey(text).matchAll(this.zh)) note(m[0], Math.max(1, [...m[0]].length / 2));
    if (this.en) for (const m of ` ${enKey(text)} `.matchAll(this.en)) note(m[1]!, m[1]!.split(' ').length);
    return found;
  }

  private add(key: string, id: string, list: string[]): void {
    if (!key) return;
    const ids = this.byTerm.get(key);
    if (ids) {
      if (!ids.includes(id)) ids.push(id);
    } else {
      this.byTerm.set(key, [id]);
      list.push(key);
    }
  }
}

function zhKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

function enKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

function alternation(terms: string[], words: boolean): RegExp | undefined {
  if (terms.length === 0) return undefined;
  const sorted = [...terms].sort((a, b) => b.length - a.length).map(escape);
  // English terms match whole words: the text is padded and split on spaces.
  return words ? new RegExp(`(?<= )(${sorted.join('|')})(?= )`, 'g') : new RegExp(sorted.join('|'), 'g');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
