/**
 * CatalogSearch: bilingual search over the catalog, on a typed-array inverted index
 * (postings.ts) scored with minisearch's BM25+.
 *
 * Ranking, in tiers: an exact title or name match ("Doctor-R1", "doctor r1"); then
 * entries matched in the short fields (title, name, tags, venue, details), ordered by
 * their score with a description match adding a little; then entries matched only in
 * their descriptions. Title-side and description scores are kept apart so that a
 * description match never outranks a title match.
 *
 * Query terms: Chinese bigrams match exactly (a lone character as a prefix); Latin
 * terms of 4+ characters match as prefixes, and fuzzily only when the term is not in
 * the catalog's vocabulary (a typo; one edit at most when it is an English word). Glossary concepts in the query also match
 * entries tagged with the same concept in the other language.
 */
import { ACCESS, type Access, type Entry, KINDS, type Kind } from '../catalog/schema.js';
import { bodyDoc, headDoc } from './documents.js';
import { conceptToken, type Glossary, type GlossaryMatch, weightOf } from './glossary.js';
import { PostingsBuilder } from './builder.js';
import { Accumulator } from './accumulator.js';
import { PostingsIndex, type PostingList, type SavedPostings } from './postings.js';
import { isEnglishWord } from '../text/english-words.js';
import { toSimplified } from '../text/simplify.js';
import { type Candidate, lacksForGood, type QueryUnit, queryUnits, selectRelated, selectResults } from './coverage.js';
import { type Pruning, TopK } from './topk.js';
import { compactName, isHanToken, tokenize } from './tokenize.js';
import { lazyArray } from './lazy-array.js';

export interface SearchHit {
  /** The entry's place in the catalog. */
  doc: number;
  /** The entry itself, read (decoded, for a restored catalog) when this is read. */
  readonly entry: Entry;
  score: number;
  tier: 'exact' | 'head' | 'body';
}

/** A hit whose entry is read when asked for (a reply often shows one page of up to 500 hits). */
class Hit implements SearchHit {
  constructor(
    private readonly entries: readonly Entry[],
    readonly doc: number,
    readonly score: number,
    readonly tier: SearchHit['tier'],
  ) {}

  get entry(): Entry {
    return this.entries[this.doc]!;
  }
}

export interface SearchRequest {
  kinds?: readonly Kind[];
  /** At most this many hits, best first (default MAX_RESULTS). */
  limit?: number;
  /**
   * How the ranking prunes (topk.ts): by default where its cost model says pruning pays;
   * 'always' wherever the bounds allow; 'exhaustive': never, every matched document ranked.
   * The tests compare the first two with the third.
   */
  pruning?: Pruning;
  /** Rankings to reuse and add to (one per message: see RankingMemo); none: rank afresh. */
  memo?: RankingMemo;
}

/**
 * The last few rankings of one message: it may rank the same query several times
 * (search() by kind, then related() for the honest "nothing found"). The engine gives each
 * message its own (CatalogServices.pinned), so no message is answered from another's work.
 */
export class RankingMemo {
  readonly kept: Array<{ key: string; candidates: Candidate[]; units: QueryUnit[] }> = [];
}

/** A search returns at most this many hits: more is never read, and ordering all costs time. */
export const MAX_RESULTS = 500;
/**
 * A number is never a typo or the start of another: "PathNet-12" is not PathNet-13 or
 * PathNet-124, "gpt4" not gpt4o. A term with a digit is matched as written, and one ending in
 * a digit is not read as a prefix.
 */
const HAS_DIGIT = /\d/;
const ENDS_IN_DIGIT = /\d$/;

/** related() gives at most this many entries unless asked otherwise. */
const RELATED_LIMIT = 3;

/** The indexed fields: the short ones (head) are searched as titles, text and textConcepts as descriptions. */
const FIELDS = ['title', 'acronym', 'tags', 'venue', 'details', 'kind', 'concepts', 'text', 'textConcepts'] as const;
type Field = (typeof FIELDS)[number];
const HEAD_BOOST: Partial<Record<Field, number>> = { title: 3, acronym: 4, tags: 2, venue: 1.5, details: 1, kind: 0.5 };
const CONCEPT_BOOST = { head: 1.5, body: 0.7 };
/** A description match counts for less than a match in the title, name or tags. */
const BODY_WEIGHT = 0.35;
/** Head matches sort before description-only matches: their keys are lifted by this. */
const HEAD_TIER = 1e12;
/** Query terms beyond this many are ignored (each has a bit in a 32-bit mask). */
const MAX_TERMS = 30;
/** Rankings a RankingMemo keeps (the oldest is dropped). */
const KEPT_RANKINGS = 4;
/** Kind filters kept (one flag byte per entry each); the oldest is dropped. */
const KEPT_KIND_FILTERS = 8;

export interface SavedSearch {
  postings: SavedPostings;
  /** The exact-name table (see ExactNames); rebuilt from the entries when missing. */
  names?: SavedNames;
  /** Each entry's kind as its place in KINDS (the kind filter reads no entry); rebuilt when missing. */
  kinds?: Uint8Array;
  /** Each entry's access as 1 + its place in ACCESS, 0 for none (the access filter reads no entry); rebuilt when missing. */
  access?: Uint8Array;
}

/** Hashes of compact titles and names, sorted, with the entry each belongs to. */
export interface SavedNames {
  hashes: Uint32Array;
  docs: Uint32Array;
}

export class CatalogSearch {
  private readonly index: PostingsIndex;
  /** Hash of a compact title or name → entries, as sorted typed arrays (no 100k title strings kept twice). */
  private readonly exact: SavedNames;
  /** Each document's kind, as its place in KINDS. */
  private readonly kinds: Uint8Array;
  /** Each document's access, as 1 + its place in ACCESS (0: none given). */
  private readonly access: Uint8Array;
  private readonly headFields: Array<readonly [number, number]>;
  private readonly field: (name: Field) => number;
  private topK: TopK | undefined;
  /** Per kind set asked for, which documents it accepts (see kindFilter). */
  private readonly kindFlags = new Map<string, Uint8Array>();
  /** The lists of the rankings made since forgetRankings, the last KEPT_RANKINGS at most (the bench's floor of a whole message). */
  private readonly rankedLists: Array<readonly PostingList[]> = [];

  private constructor(
    readonly entries: readonly Entry[],
    private readonly glossary: Glossary,
    saved?: SavedSearch,
  ) {
    let built: { names: SavedNames; kinds: Uint8Array; access: Uint8Array } | undefined;
    if (saved) {
      this.index = PostingsIndex.restore(saved.postings);
    } else {
      // One pass over the entries (a lean build decodes each entry at every read).
      const builder = new PostingsBuilder(FIELDS);
      const kinds = new Uint8Array(entries.length);
      const access = new Uint8Array(entries.length);
      const pairs: number[] = [];
      entries.forEach((entry, i) => {
        const head = headDoc(entry, i, glossary);
        const body = bodyDoc(entry, i, glossary);
        const values: Record<Field, string> = { ...head, text: body.text, textConcepts: body.concepts };
        for (const [f, name] of FIELDS.entries()) builder.add(i, f, tokenize(values[name]));
        kinds[i] = KINDS.indexOf(entry.kind);
        access[i] = accessCode(entry.access);
        for (const name of names(entry)) pairs.push(hashName(name), i);
      });
      this.index = builder.build();
      built = { names: sortedNames(pairs), kinds, access };
    }
    this.field = (name) => this.index.fieldIndex(name);
    this.headFields = Object.entries(HEAD_BOOST).map(([name, boost]) => [this.field(name as Field), boost] as const);
    this.exact = saved?.names && saved.names.hashes.length === saved.names.docs.length ? saved.names : (built?.names ?? exactNames(entries));
    this.kinds = saved?.kinds && saved.kinds.length === entries.length ? saved.kinds : (built?.kinds ?? bytesOf(entries, (e) => KINDS.indexOf(e.kind)));
    this.access = saved?.access && saved.access.length === entries.length ? saved.access : (built?.access ?? bytesOf(entries, (e) => accessCode(e.access)));
  }

  static build(entries: readonly Entry[], glossary: Glossary): CatalogSearch {
    return new CatalogSearch(entries, glossary);
  }

  static restore(entries: readonly Entry[], glossary: Glossary, saved: SavedSearch): CatalogSearch {
    if (saved.postings?.docCount !== entries.length) throw new Error('the saved index does not belong to this catalog');
    return new CatalogSearch(entries, glossary, saved);
  }

  save(): SavedSearch {
    return { postings: this.index.save(), names: this.exact, kinds: this.kinds, access: this.access };
  }

  /** Builds ahead of time what the first typo would otherwise build (PostingsIndex.prepare). */
  prepare(): void {
    this.index.prepare();
  }

  /** How the last search's ranking read its posting lists (for tests and the bench). */
  get lastRanking(): { full: number; pruned: number; live: number } | undefined {
    if (!this.topK) return undefined;
    const { full, pruned, live } = this.topK.last;
    return { full, pruned, live };
  }

  /**
   * Reads every posting the last ranking's lists hold, doing nothing else (the bench's
   * floor: what merely touching the query's postings costs). Returns the postings read.
   */
  readLastPostings(): number {
    return this.topK ? this.index.readThrough(this.topK.last.lists) : 0;
  }

  /** Starts a new record of the rankings made (see readRankedPostings). */
  forgetRankings(): void {
    this.rankedLists.length = 0;
  }

  /**
   * Reads every posting of the lists ranked since forgetRankings (every ranking a whole message
   * made: search by kind, related…; a ranking reused from the message's memo reads none), doing
   * nothing else. Returns the postings read.
   */
  readRankedPostings(): number {
    let n = 0;
    for (const lists of this.rankedLists) n += this.index.readThrough(lists);
    return n;
  }

  /** Whether the query is an entry's title or name, written with or without spaces and hyphens (as search's exact hits). */
  names(query: string): boolean {
    return this.named(this.normalize(query)).length > 0;
  }

  /** The entries whose title or name the (normalized) query is, compacted (search's exact hits). */
  private named(query: string): number[] {
    const compact = compactName(query);
    return namedBy(this.exact, hashName(compact)).filter((i) => names(this.entries[i]!).includes(compact));
  }

  /** Whether the catalog has this term (tells a typo from a rare word). */
  knows(term: string): boolean {
    return this.index.has(term);
  }

  /**
   * Entries strongly related to a query that `search` found nothing for (at most
   * `limit`, default 3: ones meeting at least half of the query's units), for "nothing in
   * the catalog about …; related: …". Empty when nothing is strongly related.
   */
  related(query: string, request: SearchRequest = {}): SearchHit[] {
    return this.find(query, { ...request, limit: request.limit ?? RELATED_LIMIT }, 'related');
  }

  /** The entries answering `query`, best first, stopping where relevance drops (coverage.ts). */
  search(query: string, request: SearchRequest = {}): SearchHit[] {
    return this.find(query, request, 'search');
  }

  /**
   * The entries of these kinds (every kind when none is given), with this access when one is
   * given, in catalog order: chosen from the kind and access arrays, and decoded only where read
   * (a bare "/dataset" shows one page of thousands).
   */
  ofKinds(kinds: readonly Kind[] | undefined, access?: Access): Entry[] {
    const flags = kinds ? this.kindFilter(new Set(kinds)) : undefined;
    const code = access ? accessCode(access) : 0;
    const docs = new Uint32Array(this.kinds.length);
    let count = 0;
    for (let i = 0; i < docs.length; i++) {
      if ((flags === undefined || flags[i] === 1) && (code === 0 || this.access[i] === code)) docs[count++] = i;
    }
    return lazyArray(count, (k) => this.entries[docs[k]!]!);
  }

  /**
   * The documents of the given kinds as a flag per document (1 = accepted), kept per kind
   * set: the ranking reads it for every document a query touches.
   */
  private kindFilter(kinds: ReadonlySet<Kind>): Uint8Array {
    const key = [...kinds].sort().join(',');
    let flags = this.kindFlags.get(key);
    if (!flags) {
      const wanted = KINDS.map((k) => (kinds.has(k) ? 1 : 0));
      flags = new Uint8Array(this.kinds.length);
      for (let i = 0; i < flags.length; i++) flags[i] = wanted[this.kinds[i]!]!;
      if (this.kindFlags.size >= KEPT_KIND_FILTERS) this.kindFlags.delete(this.kindFlags.keys().next().value!);
      this.kindFlags.set(key, flags);
    }
    return flags;
  }

  private find(rawQuery: string, request: SearchRequest, mode: 'search' | 'related'): SearchHit[] {
    const query = this.normalize(rawQuery);
    const limit = request.limit ?? MAX_RESULTS;
    const kinds = request.kinds && request.kinds.length > 0 ? new Set(request.kinds) : undefined;
    const flags = kinds ? this.kindFilter(kinds) : undefined;
    const accept = (i: number) => flags === undefined || flags[i] === 1;
    const hits: SearchHit[] = [];
    const seen = new Set<number>();
    const push = (i: number, score: number, tier: SearchHit['tier']) => {
      if (hits.length >= limit || seen.has(i) || !accept(i)) return;
      seen.add(i);
      hits.push(new Hit(this.entries, i, score, tier));
    };

    const exact = new Set<number>();
    if (mode === 'search')
      for (const i of this.named(query)) {
        if (accept(i)) {
          exact.add(i);
          push(i, Infinity, 'exact');
        }
      }

    const terms = [...new Set(tokenize(query))];
    const named = this.glossary.matches(query);
    const concepts = [...weightOf(named)].map(([id, size]) => ({ token: conceptToken(id), size }));
    if (terms.length === 0 && concepts.length === 0) return hits;

    // One message may rank the same query several times (search() by kind, then related() for the
    // honest "nothing found"): the last few rankings are kept and reused.
    const key = `${query}\u0000${kinds ? [...kinds].sort().join(',') : ''}\u0000${request.pruning ?? ''}`;
    const kept = request.memo?.kept;
    let ranked = kept?.find((r) => r.key === key);
    if (!ranked) {
      const headLists: PostingList[] = [];
      const bodyLists: PostingList[] = [];
      const text: Array<readonly [number, number]> = [[this.field('text'), 1]];
      let bit = 0;
      for (const term of terms.slice(0, MAX_TERMS - concepts.length)) {
        const lookup = {
          prefix: isHanToken(term) ? [...term].length === 1 : !ENDS_IN_DIGIT.test(term) && (term.length >= 4 || (terms.length === 1 && term.length >= 3)),
          maxDistance: this.typoDistance(term),
        };
        this.index.lists(term, lookup, this.headFields, 1 << bit, headLists);
        this.index.lists(term, lookup, text, 1 << bit, bodyLists);
        bit++;
      }
      const noExpansion = { prefix: false, maxDistance: 0 };
      for (const { token, size } of concepts.slice(0, MAX_TERMS - bit)) {
        this.index.lists(token, noExpansion, [[this.field('concepts'), CONCEPT_BOOST.head * size]], 1 << bit, headLists);
        this.index.lists(token, noExpansion, [[this.field('textConcepts'), CONCEPT_BOOST.body * size]], 1 << bit, bodyLists);
        bit++;
      }
      const units = this.units(
        query,
        named,
        terms,
        concepts.map((c) => c.token),
      );
      // A unit no document can meet (a word the catalog lacks): the search finds nothing whatever
      // the ranking (selectResults), so none is made; related() still ranks.
      if (mode === 'search' && lacksForGood(units, reachable(headLists, bodyLists))) {
        this.topK?.readNothing();
        return hits;
      }
      const candidates: Candidate[] = [];
      this.rank(headLists, bodyLists, flags, MAX_RESULTS, request.pruning, (doc, score, tier) =>
        candidates.push({ doc, score, tier: tier === 'exact' ? 'head' : tier, mask: this.topK!.maskOf(doc) }),
      );
      ranked = { key, candidates, units };
      this.rankedLists.push(this.topK!.last.lists);
      if (this.rankedLists.length > KEPT_RANKINGS) this.rankedLists.shift();
      if (kept) {
        kept.unshift(ranked);
        kept.length = Math.min(kept.length, KEPT_RANKINGS);
      }
    }
    const { candidates, units } = ranked;
    const chosen = mode === 'search' ? selectResults(units, candidates, this.index.docCount, exact) : selectRelated(units, candidates, this.index.docCount, limit);
    for (const c of chosen) push(c.doc, c.score, c.tier);
    return hits;
  }

  /**
   * The query as searched: traditional Chinese read as simplified (論文 → 论文), and a
   * Latin word (letters only) the catalog does not have, but one edit from a glossary word, read as that
   * word ("anesthsia" → anesthesia), so a typo still names its concept.
   */
  private normalize(raw: string): string {
    return toSimplified(raw).replace(/(?<![A-Za-z0-9])[A-Za-z]{5,}(?![A-Za-z0-9])/g, (word) => {
      if (this.index.has(word.toLowerCase())) return word;
      return this.glossary.correct(word) ?? word;
    });
  }

  /**
   * How many edits a query term may be from a catalog term it is read as: none for Chinese,
   * short terms, terms with a digit and terms the catalog has; for an unknown word, up to a quarter of its length
   * (at most 2), but only 1 when it is an English word (tumour → tumor, anaesthesia →
   * anesthesia): a real word two edits from a catalog word is another word ("protein" is not
   * "proven", "dermatology" not "hematology"), and the question is about something the catalog
   * lacks.
   */
  private typoDistance(term: string): number {
    if (isHanToken(term) || term.length < 4 || HAS_DIGIT.test(term) || this.index.has(term)) return 0;
    const typo = Math.min(2, Math.round(term.length * 0.25));
    return isEnglishWord(term) ? Math.min(1, typo) : typo;
  }

  /** The query's meaningful units (coverage.ts), with the bits the loop above gave each term and concept. */
  private units(query: string, named: GlossaryMatch[], terms: readonly string[], conceptTokens: readonly string[]) {
    const bits = new Map<string, number>();
    // Same assignment as the lookup loop: terms first (capped), then concepts.
    const termCount = Math.min(terms.length, MAX_TERMS - conceptTokens.length);
    for (const [k, t] of terms.slice(0, termCount).entries()) bits.set(t, 1 << k);
    for (const [k, t] of conceptTokens.slice(0, MAX_TERMS - termCount).entries()) bits.set(t, 1 << (termCount + k));
    return queryUnits(query, named, {
      bit: (token) => bits.get(token),
      conceptBit: (id) => bits.get(conceptToken(id)),
      knows: (term) => this.index.has(term),
    });
  }

  /**
   * The best `limit` matched documents, pushed in order: title side first (head score +
   * BODY_WEIGHT × body score), then description-only. Top-k with pruning (topk.ts).
   */
  private rank(
    head: PostingList[],
    body: PostingList[],
    accept: Uint8Array | undefined,
    limit: number,
    pruning: Pruning | undefined,
    push: (i: number, score: number, tier: SearchHit['tier']) => void,
  ): void {
    // Reused across queries (search is synchronous): no large allocation per message.
    const n = this.index.docCount;
    this.topK ??= new TopK(this.index, new Accumulator(n), new Accumulator(n));
    const ranked = this.topK.rank({ head, body, ...(accept ? { accept } : {}), k: limit, bodyWeight: BODY_WEIGHT, headTier: HEAD_TIER, ...(pruning ? { pruning } : {}) });
    ranked.docs.forEach((doc, r) => {
      const key = ranked.keys[r]!;
      const tier = key >= HEAD_TIER ? 'head' : 'body';
      push(doc, tier === 'head' ? key - HEAD_TIER : key, tier);
    });
  }
}

/** The query-term bits some list holds postings for (what any document's match mask is within). */
function reachable(head: readonly PostingList[], body: readonly PostingList[]): number {
  let bits = 0;
  for (const l of head) if (l.end > l.start) bits |= l.bit;
  for (const l of body) if (l.end > l.start) bits |= l.bit;
  return bits;
}

/** An access as saved: 1 + its place in ACCESS, 0 for none. */
const accessCode = (access: Access | undefined): number => (access ? ACCESS.indexOf(access) + 1 : 0);

/** One byte per entry (its kind's or its access's code), for the filters that read no entry. */
function bytesOf(entries: readonly Entry[], code: (e: Entry) => number): Uint8Array {
  const bytes = new Uint8Array(entries.length);
  entries.forEach((e, i) => {
    bytes[i] = code(e);
  });
  return bytes;
}

/** The (hash, entry) pairs of every entry's compact names, sorted by hash, then entry. */
function exactNames(entries: readonly Entry[]): SavedNames {
  const pairs: number[] = [];
  entries.forEach((entry, i) => {
    for (const name of names(entry)) pairs.push(hashName(name), i);
  });
  return sortedNames(pairs);
}

/** (hash, entry) pairs, flat, as the sorted table. */
function sortedNames(pairs: number[]): SavedNames {
  const order = Array.from({ length: pairs.length / 2 }, (_, k) => k).sort((a, b) => pairs[2 * a]! - pairs[2 * b]! || pairs[2 * a + 1]! - pairs[2 * b + 1]!);
  const hashes = new Uint32Array(order.length);
  const docs = new Uint32Array(order.length);
  order.forEach((k, at) => {
    hashes[at] = pairs[2 * k]!;
    docs[at] = pairs[2 * k + 1]!;
  });
  return { hashes, docs };
}

/** The entries with a name of this hash (binary search; a hash collision is checked by the caller). */
function namedBy(table: SavedNames, hash: number): number[] {
  const { hashes, docs } = table;
  let lo = 0;
  let hi = hashes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (hashes[mid]! < hash) lo = mid + 1;
    else hi = mid;
  }
  const out: number[] = [];
  for (let i = lo; i < hashes.length && hashes[i] === hash; i++) if (out[out.length - 1] !== docs[i]) out.push(docs[i]!);
  return out;
}

/** 32-bit FNV-1a of a compact name (collisions are checked against the entry's names). */
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
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
