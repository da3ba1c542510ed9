/**
 * PostingsIndex: the inverted index behind CatalogSearch, held in typed arrays.
 *
 * Why not minisearch's own index: it keeps every posting in nested Maps, which
 * measured about 130 MB (titles) + 155 MB (descriptions) of heap at 50k entries and
 * 40-700 ms per query on common words. Here a posting costs 5 bytes (doc id + term
 * frequency) and a query adds into one Float64Array. Scoring is minisearch's BM25+
 * (same k, b, d, and the same prefix and fuzzy weights), so the ranking is the one
 * minisearch gives; typo lookup uses minisearch's SearchableMap (a radix tree with a
 * bounded edit-distance walk) over the Latin terms.
 *
 * Terms are kept sorted: an exact term is a binary search, a prefix is a range.
 */
import SearchableMap from 'minisearch/SearchableMap';

const K = 1.2;
const B = 0.7;
const D = 0.5;
export const PREFIX_WEIGHT = 0.6;
export const FUZZY_WEIGHT = 0.5;
/** A prefix such as "med" could expand to thousands of names; the shortest are kept. */
const MAX_EXPANSIONS = 64;
const LATIN = /^[a-z]/;

export interface SavedPostings {
  fields: string[];
  docCount: number;
  averages: number[];
  /** Sorted terms joined by "\n". */
  terms: string;
  offsets: Uint32Array[];
  docs: Uint32Array[];
  freqs: Uint8Array[];
  lengths: Uint16Array[];
}

/** One query term, expanded to the index's terms. */
export interface TermLookup {
  prefix: boolean;
  /** Maximum edit distance for a typo; 0 for none. */
  maxDistance: number;
}

/** Where scores are added: one accumulator per index side (title side, description side). */
export class Accumulator {
  readonly scores: Float64Array;
  /** Bit i set: query term i matched this document. */
  readonly matched: Uint32Array;
  /**
   * The documents the query touched, in the order first touched: the first `count`
   * slots. Preallocated: a JS array emptied with `length = 0` loses its storage past
   * ~10k elements in V8 and every query regrew it (measured 45 → 17 ms on long queries
   * at 100k entries).
   */
  readonly touched: Uint32Array;
  count = 0;

  constructor(docCount: number) {
    this.scores = new Float64Array(docCount);
    this.matched = new Uint32Array(docCount);
    this.touched = new Uint32Array(docCount);
  }

  /** The touched documents (a view, valid until the next reset). */
  docs(): Uint32Array {
    return this.touched.subarray(0, this.count);
  }

  /** Clears what the last query wrote, so the arrays are reused instead of reallocated. */
  reset(): void {
    const { touched, scores, matched } = this;
    for (let i = 0; i < this.count; i++) {
      const doc = touched[i]!;
      scores[doc] = 0;
      matched[doc] = 0;
    }
    this.count = 0;
  }

  /** minisearch multiplies a document's score by the number of query terms it matched. */
  finalScore(doc: number): number {
    let bits = this.matched[doc]!;
    let n = 0;
    while (bits) {
      bits &= bits - 1;
      n++;
    }
    return this.scores[doc]! * Math.max(1, n);
  }
}

export class PostingsIndex {
  private readonly terms: string[];
  /** The radix tree of Latin terms for typo lookup (built up front: no first typo pays for it). */
  private readonly fuzzyMap = new SearchableMap<number>();

  private constructor(private readonly data: SavedPostings) {
    this.terms = data.terms ? data.terms.split('\n') : [];
    this.terms.forEach((t, i) => {
      if (LATIN.test(t) && t.length >= 3) this.fuzzyMap.set(t, i);
    });
  }

  static restore(saved: SavedPostings): PostingsIndex {
    return new PostingsIndex(saved);
  }

  save(): SavedPostings {
    return this.data;
  }

  get docCount(): number {
    return this.data.docCount;
  }

  get termCount(): number {
    return this.terms.length;
  }

  fieldIndex(name: string): number {
    const i = this.data.fields.indexOf(name);
    if (i < 0) throw new Error(`no field "${name}" in the index`);
    return i;
  }

  /** The term's position in the sorted terms, or -1. */
  termId(term: string): number {
    const i = this.lowerBound(term);
    return this.terms[i] === term ? i : -1;
  }

  has(term: string): boolean {
    return this.termId(term) >= 0;
  }

  /**
   * Adds the scores of one query term (and its prefix and typo expansions) in the
   * given fields to `into`, marking `bit` for every document it matches.
   */
  accumulate(term: string, lookup: TermLookup, fields: ReadonlyArray<readonly [field: number, boost: number]>, into: Accumulator, bit: number): void {
    for (const [id, weight] of this.expand(term, lookup)) {
      for (const [field, boost] of fields) this.addPostings(id, field, weight * boost, into, bit);
    }
  }

  /** Term ids with their weights: the term itself (1), prefix and typo expansions (less). */
  private expand(term: string, lookup: TermLookup): Array<[number, number]> {
    const out = new Map<number, number>();
    const exact = this.termId(term);
    if (exact >= 0) out.set(exact, 1);
    if (lookup.prefix) {
      const range: number[] = [];
      for (let i = this.lowerBound(term); i < this.terms.length && this.terms[i]!.startsWith(term); i++) {
        if (i !== exact) range.push(i);
      }
      if (range.length > MAX_EXPANSIONS) range.sort((a, b) => this.terms[a]!.length - this.terms[b]!.length).length = MAX_EXPANSIONS;
      for (const i of range) {
        const derived = this.terms[i]!;
        const distance = derived.length - term.length;
        out.set(i, (PREFIX_WEIGHT * derived.length) / (derived.length + 0.3 * distance));
      }
    }
    if (lookup.maxDistance > 0) {
      for (const [derived, [id, distance]] of this.fuzzyMap.fuzzyGet(term, lookup.maxDistance)) {
        if (distance === 0 || out.has(id)) continue;
        out.set(id, (FUZZY_WEIGHT * derived.length) / (derived.length + distance));
      }
    }
    return [...out];
  }

  private addPostings(term: number, field: number, weight: number, into: Accumulator, bit: number): void {
    const { offsets, docs, freqs, lengths, averages, docCount } = this.data;
    const start = offsets[field]![term]!;
    const end = offsets[field]![term + 1]!;
    const df = end - start;
    if (df === 0) return;
    const idf = Math.log(1 + (docCount - df + 0.5) / (df + 0.5));
    const avg = averages[field]! || 1;
    const fieldDocs = docs[field]!;
    const fieldFreqs = freqs[field]!;
    const fieldLengths = lengths[field]!;
    const { scores, matched, touched } = into;
    let count = into.count;
    for (let p = start; p < end; p++) {
      const doc = fieldDocs[p]!;
      const tf = fieldFreqs[p]!;
      const score = idf * (D + (tf * (K + 1)) / (tf + K * (1 - B + (B * fieldLengths[doc]!) / avg)));
      if (matched[doc] === 0) touched[count++] = doc;
      scores[doc]! += weight * score;
      matched[doc]! |= bit;
    }
    into.count = count;
  }

  private lowerBound(term: string): number {
    let lo = 0;
    let hi = this.terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.terms[mid]! < term) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Collects documents field by field (in increasing document order), then packs the arrays. */
export class PostingsBuilder {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  /** Per field: flat (term id, doc, frequency) triples in document order. */
  private readonly triples: number[][];
  private readonly lengths: number[][];
  private docCount = 0;

  constructor(private readonly fields: readonly string[]) {
    this.triples = fields.map(() => []);
    this.lengths = fields.map(() => []);
  }

  add(doc: number, field: number, tokens: readonly string[]): void {
    this.docCount = Math.max(this.docCount, doc + 1);
    const counts = new Map<string, number>();
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    // Like minisearch, a field's length is its number of distinct terms.
    this.lengths[field]![doc] = Math.min(counts.size, 0xffff);
    const out = this.triples[field]!;
    for (const [t, n] of counts) {
      let id = this.ids.get(t);
      if (id === undefined) {
        id = this.names.length;
        this.ids.set(t, id);
        this.names.push(t);
      }
      out.push(id, doc, Math.min(n, 0xff));
    }
  }

  build(): PostingsIndex {
    const order = this.names.map((_, i) => i).sort((a, b) => (this.names[a]! < this.names[b]! ? -1 : 1));
    const rank = new Uint32Array(order.length);
    order.forEach((id, position) => (rank[id] = position));
    const termCount = order.length;
    const saved: SavedPostings = {
      fields: [...this.fields],
      docCount: this.docCount,
      averages: [],
      terms: order.map((id) => this.names[id]).join('\n'),
      offsets: [],
      docs: [],
      freqs: [],
      lengths: [],
    };
    this.fields.forEach((_, f) => {
      const triples = this.triples[f]!;
      const postings = triples.length / 3;
      const offsets = new Uint32Array(termCount + 1);
      for (let p = 0; p < triples.length; p += 3) offsets[rank[triples[p]!]! + 1]!++;
      for (let t = 0; t < termCount; t++) offsets[t + 1]! += offsets[t]!;
      const next = offsets.slice(0, termCount);
      const docs = new Uint32Array(postings);
      const freqs = new Uint8Array(postings);
      for (let p = 0; p < triples.length; p += 3) {
        const slot = next[rank[triples[p]!]!]!++;
        docs[slot] = triples[p + 1]!;
        freqs[slot] = triples[p + 2]!;
      }
      const lengths = Uint16Array.from({ length: this.docCount }, (_, d) => this.lengths[f]![d] ?? 0);
      saved.offsets.push(offsets);
      saved.docs.push(docs);
      saved.freqs.push(freqs);
      saved.lengths.push(lengths);
      saved.averages.push(this.docCount ? lengths.reduce((s, n) => s + n, 0) / this.docCount : 0);
      this.triples[f] = [];
    });
    return PostingsIndex.restore(saved);
  }
}
