/**
 * Top-k ranking over posting lists with dynamic pruning (MaxScore, term at a time).
 *
 * A document's key is computed from two sides (head: title, name, tags…; body: the
 * descriptions), each side's score being the sum of its postings' scores × the number
 * of query terms it matched:  key = h + bodyWeight × b (+ headTier when h > 0), so a
 * head match always outranks a description-only one. Best first; equal keys by
 * document id.
 *
 * Pruned: lists are read best bound first (head lists, then body lists). Before a long
 * list, the k-th best key so far (a lower bound of the final k-th: scores only grow) is
 * compared with the best key a document could still reach from the unread lists alone;
 * once that is lower, no unread document can enter the top k, and the rest of the lists
 * are only applied to the documents already seen whose own bound (their score so far +
 * the unread lists' bounds) still reaches the k-th key — by galloping search when they
 * are few, so those lists are not read through. Postings' scores are multiples of 2^-32
 * (postings.ts), so sums are exact whatever the reading order, and the pruned top k is
 * the exhaustive one bit for bit (test/unit/topk.test.ts).
 */
import type { Accumulator, PostingList, PostingsIndex } from './postings.js';

export interface RankOptions {
  /** Lists on the head side and on the body side. */
  head: readonly PostingList[];
  body: readonly PostingList[];
  /** Documents that may be returned (kind filter, not already an exact hit). */
  accept: (doc: number) => boolean;
  k: number;
  bodyWeight: number;
  headTier: number;
  /** Read every posting and rank every matched document (the reference for tests). */
  exhaustive?: boolean;
}

export interface Ranked {
  docs: number[];
  keys: number[];
}

/** Bounds are compared with this much slack (floating-point rounding of the bounds' sums). */
const SLACK = 1 + 1e-9;
/** Threshold checks per query: each costs a pass over the documents seen so far. */
const MAX_CHECKS = 1;

/** Set bits of a 32-bit mask (SWAR). */
function popcount(bits: number): number {
  let v = bits - ((bits >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Reusable per-catalog buffers (search is synchronous: one query at a time). */
export class TopK {
  private readonly live: Uint8Array;
  private readonly liveDocs: Uint32Array;
  private readonly scratch: Float64Array;
  private readonly keys: Float64Array;
  private readonly cand: Uint32Array;

  constructor(
    private readonly index: PostingsIndex,
    private readonly headScores: Accumulator,
    private readonly bodyScores: Accumulator,
  ) {
    const n = index.docCount;
    this.live = new Uint8Array(n);
    this.liveDocs = new Uint32Array(n);
    this.scratch = new Float64Array(n);
    this.keys = new Float64Array(n);
    this.cand = new Uint32Array(n);
  }

  /** What the last query read: lists in full, lists only for the live documents, documents still live then. */
  readonly last = { full: 0, pruned: 0, live: 0 };

  /** The query terms a document of the last ranking matched, on either side (complete for every ranked document). */
  maskOf(doc: number): number {
    return this.headScores.matched[doc]! | this.bodyScores.matched[doc]!;
  }

  rank(options: RankOptions): Ranked {
    const { head, body, accept, k, bodyWeight, headTier } = options;
    const H = this.headScores;
    const Bd = this.bodyScores;
    H.reset();
    Bd.reset();
    if (k <= 0) return { docs: [], keys: [] };
    const key = (hs: number, hb: number, bs: number, bb: number): number => {
      const h = hb ? hs * Math.max(1, popcount(hb)) : 0;
      const b = bb ? bs * Math.max(1, popcount(bb)) : 0;
      return h + bodyWeight * b + (h > 0 ? headTier : 0);
    };
    const docKey = (doc: number) => key(H.scores[doc]!, H.matched[doc]!, Bd.scores[doc]!, Bd.matched[doc]!);

    const lists = [...head].sort((a, b) => b.bound - a.bound).map((l) => ({ l, head: true }));
    for (const l of [...body].sort((a, b) => b.bound - a.bound)) lists.push({ l, head: false });
    const n = lists.length;
    // Suffix bounds: what lists j.. can add at most, per side.
    const sufH = new Float64Array(n + 1);
    const sufB = new Float64Array(n + 1);
    const bitsH = new Uint32Array(n + 1);
    const bitsB = new Uint32Array(n + 1);
    const sufLength = new Float64Array(n + 1);
    for (let j = n - 1; j >= 0; j--) {
      const { l, head: isHead } = lists[j]!;
      sufH[j] = sufH[j + 1]! + (isHead ? l.bound : 0);
      sufB[j] = sufB[j + 1]! + (isHead ? 0 : l.bound);
      bitsH[j] = bitsH[j + 1]! | (isHead ? l.bit : 0);
      bitsB[j] = bitsB[j + 1]! | (isHead ? 0 : l.bit);
      sufLength[j] = sufLength[j + 1]! + (l.end - l.start);
    }
    const add = (j: number) => {
      const { l, head: isHead } = lists[j]!;
      this.index.addList(l, isHead ? H : Bd);
    };

    let j = 0;
    let theta = -Infinity;
    if (!options.exhaustive) {
      let checks = 0;
      // What the lists read so far can give a document at most: the k-th key so far is below it.
      let doneH = 0;
      let doneB = 0;
      let doneBitsH = 0;
      let doneBitsB = 0;
      for (; j < n; j++) {
        const seen = H.count + Bd.count;
        const boundary = j > 0 && lists[j - 1]!.head && !lists[j]!.head;
        if (seen >= k && (checks < MAX_CHECKS || boundary) && sufLength[j]! >= 2 * seen) {
          const unread = key(sufH[j]!, bitsH[j]!, sufB[j]!, bitsB[j]!) * SLACK;
          if (unread < key(doneH, doneBitsH, doneB, doneBitsB)) {
            checks++;
            theta = this.kthOfSeen(k, accept, docKey);
            if (unread < theta) break;
          }
        }
        add(j);
        const { l, head: isHead } = lists[j]!;
        if (isHead) {
          doneH += l.bound;
          doneBitsH |= l.bit;
        } else {
          doneB += l.bound;
          doneBitsB |= l.bit;
        }
      }
    } else {
      for (; j < n; j++) add(j);
    }

    // The rest of the lists, only for the documents that can still enter the top k.
    const upper = (doc: number, from: number) =>
      key(H.scores[doc]! + sufH[from]!, H.matched[doc]! | bitsH[from]!, Bd.scores[doc]! + sufB[from]!, Bd.matched[doc]! | bitsB[from]!) * SLACK;
    const { live, liveDocs } = this;
    let liveCount = 0;
    if (j < n) {
      this.forSeen((doc) => {
        if (accept(doc) && upper(doc, j) >= theta) {
          live[doc] = 1;
          liveDocs[liveCount++] = doc;
        }
      });
    }
    this.last.full = j;
    this.last.pruned = n - j;
    this.last.live = 0;
    if (j === n) {
      // Every list read in full: rank every accepted document seen.
      let m = 0;
      this.forSeen((doc) => {
        if (accept(doc)) this.cand[m++] = doc;
      });
      return this.best(m, k, docKey);
    }

    this.last.live = liveCount;
    let sorted = false;
    for (; j < n; j++) {
      const { l, head: isHead } = lists[j]!;
      const length = l.end - l.start;
      if (liveCount > 2 * k && length > 4 * liveCount) {
        // Re-prune with the k-th key among the live documents (their scores have grown).
        theta = Math.max(theta, this.kthOf(liveDocs, liveCount, k, docKey));
        let kept = 0;
        for (let i = 0; i < liveCount; i++) {
          const doc = liveDocs[i]!;
          if (upper(doc, j) >= theta) liveDocs[kept++] = doc;
          else live[doc] = 0;
        }
        liveCount = kept;
      }
      const into = isHead ? H : Bd;
      // Galloping costs about log2(length / live) reads per live document.
      if (liveCount * (1 + Math.log2(length / liveCount + 1)) * 2 < length) {
        if (!sorted) {
          liveDocs.subarray(0, liveCount).sort();
          sorted = true;
        }
        this.index.addListToFew(l, into, liveDocs, liveCount);
      } else {
        this.index.addListTo(l, into, live);
      }
    }
    for (let i = 0; i < liveCount; i++) {
      this.cand[i] = liveDocs[i]!;
      live[liveDocs[i]!] = 0;
    }
    return this.best(liveCount, k, docKey);
  }

  /** Calls `f` once for every document either side touched. */
  private forSeen(f: (doc: number) => void): void {
    const H = this.headScores;
    const Bd = this.bodyScores;
    for (let i = 0; i < H.count; i++) f(H.touched[i]!);
    for (let i = 0; i < Bd.count; i++) {
      const doc = Bd.touched[i]!;
      if (H.matched[doc] === 0) f(doc);
    }
  }

  /** The k-th largest key among the accepted documents seen so far (-Infinity if fewer than k). */
  private kthOfSeen(k: number, accept: (doc: number) => boolean, docKey: (doc: number) => number): number {
    let m = 0;
    const s = this.scratch;
    this.forSeen((doc) => {
      if (accept(doc)) s[m++] = docKey(doc);
    });
    return m < k ? -Infinity : kthLargest(s, m, k);
  }

  private kthOf(docs: Uint32Array, count: number, k: number, docKey: (doc: number) => number): number {
    if (count < k) return -Infinity;
    const s = this.scratch;
    for (let i = 0; i < count; i++) s[i] = docKey(docs[i]!);
    return kthLargest(s, count, k);
  }

  /** The best k of the `m` candidates in `cand`, best first, equal keys by document id. */
  private best(m: number, k: number, docKey: (doc: number) => number): Ranked {
    const { cand, keys, scratch } = this;
    for (let i = 0; i < m; i++) keys[i] = docKey(cand[i]!);
    const chosen: number[] = [];
    if (m <= k) {
      for (let i = 0; i < m; i++) chosen.push(i);
    } else {
      scratch.set(keys.subarray(0, m));
      const threshold = kthLargest(scratch, m, k);
      const ties: number[] = [];
      for (let i = 0; i < m; i++) {
        if (keys[i]! > threshold) chosen.push(i);
        else if (keys[i] === threshold) ties.push(i);
      }
      ties.sort((a, b) => cand[a]! - cand[b]!);
      for (const i of ties) {
        if (chosen.length >= k) break;
        chosen.push(i);
      }
    }
    chosen.sort((a, b) => keys[b]! - keys[a]! || cand[a]! - cand[b]!);
    return { docs: chosen.map((i) => cand[i]!), keys: chosen.map((i) => keys[i]!) };
  }
}

/** The k-th largest (1-based) of the first `length` values; reorders them (quickselect). */
function kthLargest(a: Float64Array, length: number, k: number): number {
  let lo = 0;
  let hi = length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! > pivot) i++;
      while (a[j]! < pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return a[target]!;
}
