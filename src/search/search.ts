/**
 * CatalogSearch: bilingual search over the catalog, built on two minisearch indexes.
 *
 * Ranking, in tiers: an exact title or name match ("Doctor-R1", "doctor r1"); then
 * entries matched in the short fields (title, name, tags, venue, details), ordered by
 * their score with a description match adding a little; then entries matched only in
 * their descriptions. Head and body are two indexes so
 * that typo and prefix expansion over the small head vocabulary stays cheap.
 *
 * Query terms: Chinese bigrams match exactly (a lone character as a prefix); Latin
 * terms of 4+ characters match as prefixes, and fuzzily only when the term is not in
 * the catalog's vocabulary (a typo). Glossary concepts in the query also match
 * entries tagged with the same concept in the other language.
 */
import MiniSearch, { type AsPlainObject, type Query, type SearchOptions } from 'minisearch';
import type { Entry, Kind } from '../catalog/schema.js';
import { BODY_FIELDS, bodyDoc, HEAD_FIELDS, headDoc, type BodyDoc, type HeadDoc } from './documents.js';
import { conceptToken, type Glossary } from './glossary.js';
import { compactName, isHanToken, tokenize } from './tokenize.js';

export interface SearchHit {
  entry: Entry;
  score: number;
  tier: 'exact' | 'head' | 'body';
}

export interface SearchRequest {
  kinds?: readonly Kind[];
}

const HEAD_BOOST = { title: 3, acronym: 4, tags: 2, venue: 1.5, details: 1, kind: 0.5, concepts: 1.5 };
const BODY_BOOST = { text: 1, concepts: 0.7 };
/** A description match counts for less than a match in the title, name or tags. */
const BODY_WEIGHT = 0.35;

/** Index-time tokenizing also records the catalog's vocabulary (to tell a typo from a word). */
function options<T>(fields: readonly string[], boost: Record<string, number>, vocabulary?: Set<string>) {
  return {
    fields: [...fields],
    idField: 'id',
    tokenize: vocabulary
      ? (text: string) => {
          const tokens = tokenize(text);
          for (const t of tokens) vocabulary.add(t);
          return tokens;
        }
      : tokenize,
    processTerm: (term: string) => term,
    searchOptions: { boost, combineWith: 'OR' as const, tokenize },
  } satisfies Partial<import('minisearch').Options<T>>;
}

export interface SavedSearch {
  head: AsPlainObject;
  body: AsPlainObject;
  vocabulary: string[];
}

export class CatalogSearch {
  private readonly head: MiniSearch<HeadDoc>;
  private readonly body: MiniSearch<BodyDoc>;
  private readonly vocabulary: Set<string>;
  private readonly exact = new Map<string, number[]>();

  private constructor(
    readonly entries: readonly Entry[],
    private readonly glossary: Glossary,
    saved?: SavedSearch,
  ) {
    if (saved) {
      this.vocabulary = new Set(saved.vocabulary);
      this.head = MiniSearch.loadJS<HeadDoc>(saved.head, options<HeadDoc>(HEAD_FIELDS, HEAD_BOOST));
      this.body = MiniSearch.loadJS<BodyDoc>(saved.body, options<BodyDoc>(BODY_FIELDS, BODY_BOOST));
    } else {
      this.vocabulary = new Set();
      this.head = new MiniSearch<HeadDoc>(options<HeadDoc>(HEAD_FIELDS, HEAD_BOOST, this.vocabulary));
      this.body = new MiniSearch<BodyDoc>(options<BodyDoc>(BODY_FIELDS, BODY_BOOST, this.vocabulary));
      entries.forEach((entry, i) => {
        this.head.add(headDoc(entry, i, glossary));
        this.body.add(bodyDoc(entry, i, glossary));
      });
    }
    entries.forEach((entry, i) => {
      for (const name of names(entry)) {
        const list = this.exact.get(name);
        if (list) list.push(i);
        else this.exact.set(name, [i]);
      }
    });
  }

  static build(entries: readonly Entry[], glossary: Glossary): CatalogSearch {
    return new CatalogSearch(entries, glossary);
  }

  static restore(entries: readonly Entry[], glossary: Glossary, saved: SavedSearch): CatalogSearch {
    return new CatalogSearch(entries, glossary, saved);
  }

  save(): SavedSearch {
    return { head: this.head.toJSON(), body: this.body.toJSON(), vocabulary: [...this.vocabulary] };
  }

  search(query: string, request: SearchRequest = {}): SearchHit[] {
    const kinds = request.kinds && request.kinds.length > 0 ? new Set(request.kinds) : undefined;
    const accept = (i: number) => !kinds || kinds.has(this.entries[i]!.kind);
    const hits: SearchHit[] = [];
    const seen = new Set<number>();
    const push = (i: number, score: number, tier: SearchHit['tier']) => {
      if (seen.has(i) || !accept(i)) return;
      seen.add(i);
      hits.push({ entry: this.entries[i]!, score, tier });
    };

    for (const i of this.exact.get(compactName(query)) ?? []) push(i, Infinity, 'exact');

    const terms = tokenize(query);
    const concepts = [...this.glossary.weighted(query)].map(([id, size]) => ({ token: conceptToken(id), size }));
    if (terms.length === 0 && concepts.length === 0) return hits;
    const filter = kinds ? (r: { id: number }) => accept(r.id) : undefined;

    const scores = new Map<number, { head: number; body: number }>();
    for (const r of this.head.search(this.query(terms, concepts, true), { filter })) {
      scores.set(r.id, { head: r.score, body: 0 });
    }
    for (const r of this.body.search(this.query(terms, concepts, false), { filter })) {
      const s = scores.get(r.id);
      if (s) s.body = r.score;
      else scores.set(r.id, { head: 0, body: r.score });
    }
    const ranked = [...scores].map(([i, s]) => ({ i, score: s.head + BODY_WEIGHT * s.body, head: s.head > 0 }));
    // Tiers: a match in the short fields first, then description-only matches.
    ranked.sort((a, b) => Number(b.head) - Number(a.head) || b.score - a.score);
    for (const r of ranked) push(r.i, r.score, r.head ? 'head' : 'body');
    return hits;
  }

  private query(terms: string[], concepts: Array<{ token: string; size: number }>, head: boolean): Query {
    const termOptions: SearchOptions = {
      prefix: (term) => (isHanToken(term) ? [...term].length === 1 : term.length >= 4 || (terms.length === 1 && term.length >= 3)),
      fuzzy: (term) => (!isHanToken(term) && term.length >= 4 && !this.vocabulary.has(term) ? 0.25 : false),
      maxFuzzy: 2,
      weights: { fuzzy: 0.5, prefix: 0.6 },
    };
    const queries: Query[] = [];
    if (terms.length > 0) {
      queries.push({ ...termOptions, queries: [terms.join(' ')], fields: head ? [...HEAD_FIELDS].filter((f) => f !== 'concepts') : ['text'] });
    }
    const conceptBoost = head ? HEAD_BOOST.concepts : BODY_BOOST.concepts;
    for (const { token, size } of concepts) {
      queries.push({ queries: [token], fields: ['concepts'], prefix: false, fuzzy: false, boost: { concepts: conceptBoost * size } });
    }
    return { combineWith: 'OR', queries };
  }
}

/** The compact forms of an entry's title and names that count as an exact match. */
function names(entry: Entry): string[] {
  const out = new Set<string>([compactName(entry.title)]);
  if (entry.acronym) {
    out.add(compactName(entry.acronym));
    const withoutYear = entry.acronym.replace(/\s+(19|20)\d{2}$/, '');
    out.add(compactName(withoutYear));
  }
  out.delete('');
  return [...out];
}
