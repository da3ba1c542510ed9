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

export type Pruning = 'always' | 'exhaustive';

export interface RankOptions {
  /** Lists on the head side and on the body side. */
  head: readonly PostingList[];
  body: readonly PostingList[];
  /** Documents that may be returned, 1 per document (the kind filter); undefined: all. */
  accept?: Uint8Array;
  k: number;
  bodyWeight: number;
  headTier: number;
  /**
   * Undefined: prune where the cost model says it pays (pruningPays); 'always': wherever the
   * bounds allow (tests); 'exhaustive': read every posting and rank every matched document
   * (the reference for tests).
   */
  pruning?: Pruning;
}

export interface Ranked {
  docs: number[];
  keys: number[];
}

/** Bounds are compared with this much slack (floating-point rounding of the bounds' sums). */
const SLACK = 1 + 1e-9;
/** Threshold checks per query: each costs a pass over the documents seen so far. */
const MAX_CHECKS = 1;
/**
 * Reading a posting list through for only some documents costs about as much as reading it for
 * all (every posting is still read), so pruning pays only where the documents still in the race
 * are few enough to be looked up in a list by galloping search: about GALLOP_COST × (1 +
 * log2(length / documents)) per document, against one per posting read through (measured at 100k
 * entries: on lists where it was not so, the pruned ranking was slower than the exhaustive one).
 */
const GALLOP_COST = 4;
/** A threshold check and marking the live documents cost about this many passes over the documents seen. */
const CHECK_COST = 4;

/** What galloping search for `docs` documents in a list of `length` postings costs, in postings read through. */
function gallopCost(docs: number, length: number): number {
  return docs * (1 + Math.log2(length / docs + 1)) * GALLOP_COST;
}

/** Whether galloping search over `docs` documents reads less of a list of `length` postings than reading it through. */
function gallops(docs: number, length: number): boolean {
  return gallopCost(docs, length) < length;
}

/**
 * Whether pruning before lists `from..` can pay: the postings that galloping for at most `seen`
 * documents would leave unread outweigh the check's passes over those documents.
 */
function pruningPays(lists: ReadonlyArray<{ l: PostingList }>, from: number, seen: number): boolean {
  let saved = 0;
  for (let i = from; i < lists.length; i++) {
    const length = lists[i]!.l.end - lists[i]!.l.start;
    saved += Math.max(0, length - gallopCost(seen, length));
  }
  return saved > CHECK_COST * seen;
}

/** Set bits of a 32-bit mask (SWAR). */
function popcount(bits: number): number {
  let v = bits - ((bits >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/**
 * A document's key from its two sides' score sums and matched-term masks. One small
 * module-level function (not a closure per query), so V8 inlines it into the loops below:
 * the ranking computes it for every document a query touches.
 */
function keyOf(hs: number, hb: number, bs: number, bb: number, bodyWeight: number, headTier: number): number {
  const h = hb ? hs * (popcount(hb) || 1) : 0;
  const b = bb ? bs * (popcount(bb) || 1) : 0;
  return h + bodyWeight * b + (h > 0 ? headTier : 0);
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
  readonly last: { full: number; pruned: number; live: number; lists: readonly PostingList[] } = { full: 0, pruned: 0, live: 0, lists: [] };

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

    let j = 0;
    let theta = -Infinity;
    if (options.pruning !== 'exhaustive') {
      const always = options.pruning === 'always';
      let checks = 0;
      let declined = false;
      // What the lists read so far can give a document at most: the k-th key so far is below it.
      let doneH = 0;
      let doneB = 0;
      let doneBitsH = 0;
      let doneBitsB = 0;
      for (; j < n; j++) {
        const seen = H.count + Bd.count;
        const boundary = j > 0 && lists[j - 1]!.head && !lists[j]!.head;
        // Asked once (and again at the head/body boundary): with more documents seen and fewer
        // postings left, pruning that did not pay would pay still less.
        if (seen >= k && (checks < MAX_CHECKS || boundary) && sufLength[j]! >= 2 * seen && (boundary || !declined)) {
          const unread = keyOf(sufH[j]!, bitsH[j]!, sufB[j]!, bitsB[j]!, bodyWeight, headTier) * SLACK;
          if (unread < keyOf(doneH, doneBitsH, doneB, doneBitsB, bodyWeight, headTier)) {
            if (!always && !pruningPays(lists, j, seen)) declined = true;
            else {
              checks++;
              theta = this.kthOfSeen(k, accept, bodyWeight, headTier);
              if (unread < theta) break;
            }
          }
        }
        const { l, head: isHead } = lists[j]!;
        this.index.addList(l, isHead ? H : Bd);
        if (isHead) {
          doneH += l.bound;
          doneBitsH |= l.bit;
        } else {
          doneB += l.bound;
          doneBitsB |= l.bit;
        }
      }
    } else {
      for (; j < n; j++) this.index.addList(lists[j]!.l, lists[j]!.head ? H : Bd);
    }

    this.last.lists = options.head.concat(options.body);
    this.last.full = j;
    this.last.pruned = n - j;
    this.last.live = 0;
    if (j === n) {
      // Every list read in full: rank every accepted document seen (only the head side's when it
      // alone fills the top k: a description-only match ranks below every head match).
      const heads = this.headAccepted(this.cand, accept);
      return this.best(heads >= k ? heads : this.seenAccepted(this.cand, accept), k, bodyWeight, headTier);
    }

    // The rest of the lists, only for the documents that can still enter the top k.
    const { live, liveDocs } = this;
    let liveCount = this.markLive(j, theta, accept, sufH, bitsH, sufB, bitsB, bodyWeight, headTier);
    this.last.live = liveCount;
    let sorted = false;
    for (; j < n; j++) {
      const { l, head: isHead } = lists[j]!;
      const length = l.end - l.start;
      if (liveCount > 2 * k && length > 4 * liveCount) {
        // Re-prune with the k-th key among the live documents (their scores have grown).
        theta = Math.max(theta, this.kthOfLive(liveCount, k, bodyWeight, headTier));
        const hs = sufH[j]!;
        const hbits = bitsH[j]!;
        const bs = sufB[j]!;
        const bbits = bitsB[j]!;
        let kept = 0;
        for (let i = 0; i < liveCount; i++) {
          const doc = liveDocs[i]!;
          const upper = keyOf(H.scores[doc]! + hs, H.matched[doc]! | hbits, Bd.scores[doc]! + bs, Bd.matched[doc]! | bbits, bodyWeight, headTier) * SLACK;
          if (upper >= theta) liveDocs[kept++] = doc;
          else live[doc] = 0;
        }
        liveCount = kept;
      }
      const into = isHead ? H : Bd;
      if (gallops(liveCount, length)) {
        if (!sorted) {
          liveDocs.subarray(0, liveCount).sort();
          sorted = true;
        }
        this.index.addListToFew(l, into, liveDocs, liveCount);
      } else {
        this.index.addListTo(l, into, live);
      }
    }
    const cand = this.cand;
    for (let i = 0; i < liveCount; i++) {
      cand[i] = liveDocs[i]!;
      live[liveDocs[i]!] = 0;
    }
    return this.best(liveCount, k, bodyWeight, headTier);
  }

  /**
   * Writes every accepted document either side touched into `out` (each once: body-side
   * documents already touched on the head side are skipped) and returns how many.
   */
  private seenAccepted(out: Uint32Array, accept: Uint8Array | undefined): number {
    const H = this.headScores;
    const Bd = this.bodyScores;
    let m = 0;
    for (let i = 0; i < H.count; i++) {
      const doc = H.touched[i]!;
      if (accept === undefined || accept[doc] === 1) out[m++] = doc;
    }
    const headMatched = H.matched;
    for (let i = 0; i < Bd.count; i++) {
      const doc = Bd.touched[i]!;
      if (headMatched[doc] === 0 && (accept === undefined || accept[doc] === 1)) out[m++] = doc;
    }
    return m;
  }

  /**
   * Writes the accepted documents with a head score into `out` and returns how many. When
   * they are at least k, the top k is among them: their keys are all above headTier, every
   * other document's below.
   */
  private headAccepted(out: Uint32Array, accept: Uint8Array | undefined): number {
    const H = this.headScores;
    const scores = H.scores;
    let m = 0;
    for (let i = 0; i < H.count; i++) {
      const doc = H.touched[i]!;
      if ((accept === undefined || accept[doc] === 1) && scores[doc]! > 0) out[m++] = doc;
    }
    return m;
  }

  /** Marks the seen documents whose bound over the unread lists `from..` still reaches `theta`. */
  private markLive(
    from: number,
    theta: number,
    accept: Uint8Array | undefined,
    sufH: Float64Array,
    bitsH: Uint32Array,
    sufB: Float64Array,
    bitsB: Uint32Array,
    bodyWeight: number,
    headTier: number,
  ): number {
    const H = this.headScores;
    const Bd = this.bodyScores;
    const { live, liveDocs } = this;
    // With no head list unread and the k-th key in the head tier, a description-only document
    // can no longer reach it: only head-side documents are looked at.
    const seen = sufH[from] === 0 && theta >= headTier ? this.headAccepted(liveDocs, accept) : this.seenAccepted(liveDocs, accept);
    const hs = sufH[from]!;
    const hbits = bitsH[from]!;
    const bs = sufB[from]!;
    const bbits = bitsB[from]!;
    let count = 0;
    for (let i = 0; i < seen; i++) {
      const doc = liveDocs[i]!;
      const upper = keyOf(H.scores[doc]! + hs, H.matched[doc]! | hbits, Bd.scores[doc]! + bs, Bd.matched[doc]! | bbits, bodyWeight, headTier) * SLACK;
      if (upper >= theta) {
        live[doc] = 1;
        liveDocs[count++] = doc;
      }
    }
    return count;
  }

  /** The k-th largest key among the accepted documents seen so far (-Infinity if fewer than k). */
  private kthOfSeen(k: number, accept: Uint8Array | undefined, bodyWeight: number, headTier: number): number {
    const heads = this.headAccepted(this.cand, accept);
    const m = heads >= k ? heads : this.seenAccepted(this.cand, accept);
    if (m < k) return -Infinity;
    this.keysOf(this.cand, m, this.scratch, bodyWeight, headTier);
    return kthLargest(this.scratch, m, k);
  }

  private kthOfLive(count: number, k: number, bodyWeight: number, headTier: number): number {
    if (count < k) return -Infinity;
    this.keysOf(this.liveDocs, count, this.scratch, bodyWeight, headTier);
    return kthLargest(this.scratch, count, k);
  }

  /** The keys of the first `count` documents of `docs`, into `out`. */
  private keysOf(docs: Uint32Array, count: number, out: Float64Array, bodyWeight: number, headTier: number): void {
    const hs = this.headScores.scores;
    const hm = this.headScores.matched;
    const bs = this.bodyScores.scores;
    const bm = this.bodyScores.matched;
    for (let i = 0; i < count; i++) {
      const doc = docs[i]!;
      out[i] = keyOf(hs[doc]!, hm[doc]!, bs[doc]!, bm[doc]!, bodyWeight, headTier);
    }
  }

  /** The best k of the `m` candidates in `cand`, best first, equal keys by document id. */
  private best(m: number, k: number, bodyWeight: number, headTier: number): Ranked {
    const { cand, keys } = this;
    this.keysOf(cand, m, keys, bodyWeight, headTier);
    const chosen: number[] = [];
    if (m <= k) {
      for (let i = 0; i < m; i++) chosen.push(i);
    } else {
      const threshold = kthLargest(keys, m, k);
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

/**
 * The k-th largest (1-based) of the first `length` values, with a min-heap of the k best
 * seen so far: most values lose to the heap's top in one comparison, so this is one pass
 * over the values (quickselect measured about 4× slower on 80k keys). Leaves `a` as is.
 */
function kthLargest(a: Float64Array, length: number, k: number): number {
  const heap = heapOf(k);
  for (let i = 0; i < k; i++) {
    // Sift up.
    let c = i;
    const v = a[i]!;
    while (c > 0) {
      const parent = (c - 1) >> 1;
      if (heap[parent]! <= v) break;
      heap[c] = heap[parent]!;
      c = parent;
    }
    heap[c] = v;
  }
  for (let i = k; i < length; i++) {
    const v = a[i]!;
    if (v <= heap[0]!) continue;
    // Replace the top, sift down.
    let c = 0;
    for (;;) {
      let child = 2 * c + 1;
      if (child >= k) break;
      if (child + 1 < k && heap[child + 1]! < heap[child]!) child++;
      if (heap[child]! >= v) break;
      heap[c] = heap[child]!;
      c = child;
    }
    heap[c] = v;
  }
  return heap[0]!;
}

let heapBuffer = new Float64Array(0);
/** A reused buffer for kthLargest's heap (search is synchronous). */
function heapOf(k: number): Float64Array {
  if (heapBuffer.length < k) heapBuffer = new Float64Array(k);
  return heapBuffer;
}
