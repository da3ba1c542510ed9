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
import type { Accumulator } from './accumulator.js';

const K = 1.2;
const B = 0.7;
const D = 0.5;
const PREFIX_WEIGHT = 0.6;
const FUZZY_WEIGHT = 0.5;
/** A prefix such as "med" could expand to thousands of names; the shortest are kept. */
const MAX_EXPANSIONS = 64;
const LATIN = /^[a-z]/;

export interface SavedPostings {
  fields: string[];
  docCount: number;
  /** Sorted terms joined by "\n". */
  terms: string;
  /** Per field: where each term's postings start (one more than the terms: the end). */
  offsets: Uint32Array[];
  /** Per field, per posting: the document, in increasing order within a term. */
  docs: Uint32Array[];
  /** Per field, per posting: its impact, in IMPACT_UNITs. */
  impacts: Uint16Array[];
  /** Per field, per term: its postings' largest impact (for top-k pruning). */
  bounds: Uint16Array[];
}

/** An impact's unit: the largest possible, K + 1, is 65535 of them. */
const IMPACT_UNIT = (K + 1) / 0xffff;
/**
 * How far a score may be from the unrounded BM25+ one, relative to it: an impact is off by at
 * most half a unit, and a posting's score is weight × idf × (D + impact), with D + impact ≥ D.
 */
export const SCORE_RELATIVE_ERROR = IMPACT_UNIT / 2 / D;

/** Per document of a field: K × (1 − B + B × length / average), BM25's length normalisation (length: distinct terms). */
export function lengthNorms(lengths: Uint16Array, average: number): Float64Array {
  const avg = average || 1;
  const out = new Float64Array(lengths.length);
  for (let d = 0; d < lengths.length; d++) out[d] = K * (1 - B + (B * lengths[d]!) / avg);
  return out;
}

/** A posting's impact in IMPACT_UNITs, from its term frequency and its document's length norm. */
export function impactOf(tf: number, norm: number): number {
  return Math.min(0xffff, Math.round((tf * (K + 1)) / (tf + norm) / IMPACT_UNIT));
}

/** Per term: the largest impact among its postings. */
export function termBounds(offsets: Uint32Array, impacts: Uint16Array): Uint16Array {
  const termCount = offsets.length - 1;
  const out = new Uint16Array(termCount);
  for (let t = 0; t < termCount; t++) {
    let best = 0;
    for (let p = offsets[t]!; p < offsets[t + 1]!; p++) if (impacts[p]! > best) best = impacts[p]!;
    out[t] = best;
  }
  return out;
}

/**
 * Scores are added in units of 2^-32: each posting's score is rounded to a multiple of
 * it, so sums are exact (while below 2^21) and do not depend on the order postings are
 * read in. That is what lets the pruned ranking (which reads lists in its own order)
 * give bit-for-bit the scores of the exhaustive one. The rounding moves a score by at
 * most 1.2e-10.
 */
const QUANTUM = 2 ** 32;
/**
 * Rounds to a multiple of 2^-32: `x + ROUNDER - ROUNDER` (for 0 ≤ x < 2^19, which every
 * posting's score is) leaves x on the grid of doubles near 1.5 × 2^20, whose spacing is
 * 2^-32 (round half to even). Measured: 5.8 ns a posting against 15.8 with
 * `Math.round(x × 2^32) / 2^32` on the 100k synthetic catalog.
 */
const ROUNDER = 1.5 * 2 ** 20;

/** One posting list a query reads: a term of one field, with its weight and score bound. */
export interface PostingList {
  field: number;
  start: number;
  end: number;
  /** A posting's score is base + scale × its impact: weight × idf × (D + impact × IMPACT_UNIT), weight being the expansion weight × the field boost. */
  base: number;
  scale: number;
  /** No posting of this list scores more (weight, idf and rounding included). */
  bound: number;
  /** The query term's bit (documents are scored × the number of query terms they match). */
  bit: number;
}

/** One query term, expanded to the index's terms. */
export interface TermLookup {
  prefix: boolean;
  /** Maximum edit distance for a typo; 0 for none. */
  maxDistance: number;
}

export class PostingsIndex {
  private readonly terms: string[];
  /**
   * The radix tree of Latin terms for typo lookup, built on the first typo (at 100k entries
   * building it is a third of a restart's index work; `prepare` builds it ahead of time).
   */
  private fuzzyTree: SearchableMap<number> | undefined;

  private constructor(private readonly data: SavedPostings) {
    this.terms = data.terms ? data.terms.split('\n') : [];
  }

  /** Builds what the first typo lookup would otherwise build (for idle time after a start). */
  prepare(): void {
    this.fuzzy();
  }

  private fuzzy(): SearchableMap<number> {
    if (!this.fuzzyTree) {
      const tree = new SearchableMap<number>();
      this.terms.forEach((t, i) => {
        if (LATIN.test(t) && t.length >= 3) tree.set(t, i);
      });
      this.fuzzyTree = tree;
    }
    return this.fuzzyTree;
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
    const lists: PostingList[] = [];
    this.lists(term, lookup, fields, bit, lists);
    for (const list of lists) this.addList(list, into);
  }

  /** The posting lists of one query term (and its expansions) in the given fields, appended to `out`. */
  lists(term: string, lookup: TermLookup, fields: ReadonlyArray<readonly [field: number, boost: number]>, bit: number, out: PostingList[]): void {
    const { offsets, bounds, docCount } = this.data;
    for (const [id, weight] of this.expand(term, lookup)) {
      for (const [field, boost] of fields) {
        const start = offsets[field]![id]!;
        const end = offsets[field]![id + 1]!;
        if (end === start) continue;
        const wi = weight * boost * idfOf(docCount, end - start);
        const base = wi * D;
        const scale = wi * IMPACT_UNIT;
        const bound = (base + scale * bounds[field]![id]!) * (1 + 1e-9) + 2 / QUANTUM;
        out.push({ field, start, end, base, scale, bound, bit });
      }
    }
  }

  /** The arrays of one field, for reading posting lists. */
  field(field: number): { docs: Uint32Array; impacts: Uint16Array } {
    return { docs: this.data.docs[field]!, impacts: this.data.impacts[field]! };
  }

  /** Adds every posting of `list` to `into` (the exhaustive way, and the pruned one's first lists). */
  addList(list: PostingList, into: Accumulator): void {
    const { docs, impacts } = this.field(list.field);
    const { scores, matched, touched } = into;
    const { start, end, base, scale, bit } = list;
    let count = into.count;
    for (let p = start; p < end; p++) {
      const doc = docs[p]!;
      if (matched[doc] === 0) touched[count++] = doc;
      scores[doc]! += base + scale * impacts[p]! + ROUNDER - ROUNDER;
      matched[doc]! |= bit;
    }
    into.count = count;
  }

  /**
   * Adds every posting of `list` to `into` without listing the documents it touches
   * (Accumulator.collect or touchedUnlisted, once every list is added): for queries whose postings
   * outnumber a good share of the documents, where the test-and-append per posting costs
   * more than one pass over the documents (measured 4.8 → 2.9 ns a posting at 100k entries).
   */
  addListDense(list: PostingList, into: Accumulator): void {
    const { docs, impacts } = this.field(list.field);
    const { scores, matched } = into;
    const { start, end, base, scale, bit } = list;
    for (let p = start; p < end; p++) {
      const doc = docs[p]!;
      scores[doc]! += base + scale * impacts[p]! + ROUNDER - ROUNDER;
      matched[doc]! |= bit;
    }
  }

  /**
   * Adds the postings of `list` only for documents whose `live` is not 0 (already touched):
   * the pruned ranking's later lists, whose other documents can no longer enter the top k.
   */
  addListTo(list: PostingList, into: Accumulator, live: Uint32Array): void {
    const { docs, impacts } = this.field(list.field);
    const { scores, matched, touched } = into;
    const { start, end, base, scale, bit } = list;
    let count = into.count;
    for (let p = start; p < end; p++) {
      const doc = docs[p]!;
      if (live[doc] === 0) continue;
      if (matched[doc] === 0) touched[count++] = doc;
      scores[doc]! += base + scale * impacts[p]! + ROUNDER - ROUNDER;
      matched[doc]! |= bit;
    }
    into.count = count;
  }

  /**
   * Like addListTo for a few live documents (sorted ids): each is found in the list by
   * galloping search, so the list is not read through.
   */
  addListToFew(list: PostingList, into: Accumulator, few: Uint32Array, fewCount: number): void {
    const { docs, impacts } = this.field(list.field);
    const { scores, matched } = into;
    const { end, base, scale, bit } = list;
    let p = list.start;
    for (let i = 0; i < fewCount && p < end; i++) {
      const target = few[i]!;
      if (docs[p]! < target) {
        // Gallop, then binary search in (lo, hi].
        let step = 1;
        let lo = p;
        while (p + step < end && docs[p + step]! < target) {
          lo = p + step;
          step *= 2;
        }
        let hi = Math.min(p + step, end - 1);
        if (docs[hi]! < target) {
          p = end;
          break;
        }
        while (lo + 1 < hi) {
          const mid = (lo + hi) >>> 1;
          if (docs[mid]! < target) lo = mid;
          else hi = mid;
        }
        p = hi;
      }
      if (docs[p] !== target) continue;
      const doc = target;
      if (matched[doc] === 0) into.touched[into.count++] = doc;
      scores[doc]! += base + scale * impacts[p]! + ROUNDER - ROUNDER;
      matched[doc]! |= bit;
      p++;
    }
  }

  /** Reads each list's doc ids and impacts and nothing else; returns the postings read (see CatalogSearch.readLastPostings). */
  readThrough(lists: readonly PostingList[]): number {
    let n = 0;
    let sum = 0;
    for (const list of lists) {
      const { docs, impacts } = this.field(list.field);
      for (let p = list.start; p < list.end; p++) sum += docs[p]! + impacts[p]!;
      n += list.end - list.start;
    }
    // The sum is kept alive so the loop is not optimised away.
    return sum >= 0 ? n : -n;
  }

  /** Term ids with their weights: the term itself (1), prefix and typo expansions (less). */
  private expand(term: string, lookup: TermLookup): Array<[number, number]> {
    const out = new Map<number, number>();
    const exact = this.termId(term);
    if (exact >= 0) out.set(exact, 1);
    if (lookup.prefix) {
      for (const i of this.shortestWithPrefix(term, exact)) {
        const derived = this.terms[i]!;
        const distance = derived.length - term.length;
        out.set(i, (PREFIX_WEIGHT * derived.length) / (derived.length + 0.3 * distance));
      }
    }
    if (lookup.maxDistance > 0) {
      for (const [derived, [id, distance]] of this.fuzzy().fuzzyGet(term, lookup.maxDistance)) {
        if (distance === 0 || out.has(id)) continue;
        out.set(id, (FUZZY_WEIGHT * derived.length) / (derived.length + distance));
      }
    }
    return [...out];
  }

  /**
   * The terms starting with `prefix` (other than `exact` and numbered names, see numbered) in term order; when there are more than
   * MAX_EXPANSIONS, the shortest, shortest first and in term order within a length (what a
   * stable sort by length and a cut give), found by counting lengths (a common prefix at 100k entries has thousands
   * of terms: sorting them cost a millisecond a query).
   */
  private shortestWithPrefix(prefix: string, exact: number): number[] {
    const first = this.lowerBound(prefix);
    // Every term with the prefix sorts before prefix + U+FFFF (no term holds that character).
    const end = this.lowerBound(`${prefix}\uffff`);
    const range: number[] = [];
    const skip = (i: number) => i === exact || numbered(this.terms[i]!, prefix.length);
    if (end - first - (exact >= 0 ? 1 : 0) <= MAX_EXPANSIONS) {
      for (let i = first; i < end; i++) if (!skip(i)) range.push(i);
      return range;
    }
    // Counting by length: the longest length still taken, and how many of it.
    const counts = new Map<number, number>();
    for (let i = first; i < end; i++) if (!skip(i)) counts.set(this.terms[i]!.length, (counts.get(this.terms[i]!.length) ?? 0) + 1);
    const lengths = [...counts.keys()].sort((a, b) => a - b);
    let taken = 0;
    let cut = 0;
    let atCut = 0;
    for (const length of lengths) {
      const n = counts.get(length)!;
      cut = length;
      atCut = Math.min(n, MAX_EXPANSIONS - taken);
      taken += atCut;
      if (taken >= MAX_EXPANSIONS) break;
    }
    for (let i = first; i < end; i++) {
      if (skip(i)) continue;
      const length = this.terms[i]!.length;
      if (length < cut || (length === cut && atCut-- > 0)) range.push(i);
    }
    return range.sort((a, b) => this.terms[a]!.length - this.terms[b]!.length);
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

/**
 * Whether `term` is its first `from` characters followed by a number ("pathnet124" after
 * "pathnet"): not an expansion of the prefix but a numbered name, another thing (PathNet-124
 * is not PathNet), and a document holding it holds the prefix itself as well (the tokenizer
 * splits a number from the letters before it).
 */
function numbered(term: string, from: number): boolean {
  for (let i = from; i < term.length; i++) if (!isDigit(term.charCodeAt(i))) return false;
  return from < term.length;
}

const isDigit = (code: number) => code >= 48 && code <= 57;

function idfOf(docCount: number, df: number): number {
  return Math.log(1 + (docCount - df + 0.5) / (df + 0.5));
}
