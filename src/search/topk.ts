/**
 * Top-k ranking over posting lists with dynamic pruning (MaxScore, term at a time).
 *
 * A document's key is computed from two sides (head: title, name, tags…; body: the
 * descriptions), each side's score being the sum of its postings' scores × the number
 * of query terms it matched:  key = h + bodyWeight × b (+ headTier when h > 0), so a
 * head match always outranks a description-only one. Best first; equal keys by
 * document id.
 *
 * Pruned, first at the tier boundary: lists are read best bound first (head lists, then body
 * lists); once the head lists are read, if k accepted documents matched there, the top k is
 * among them, so the body lists are read only for them (rankHeads). Head lists with many
 * postings are read without listing the touched documents (addListDense; a pass over the
 * documents lists them). Within a tier, before a long
 * list, the k-th best key so far (a lower bound of the final k-th: scores only grow) is
 * compared with the best key a document could still reach from the unread lists alone;
 * once that is lower, no unread document can enter the top k, and the rest of the lists
 * are only applied to the documents already seen whose own bound (their score so far +
 * the unread lists' bounds) still reaches the k-th key — by galloping search when they
 * are few, so those lists are not read through. Postings' scores are multiples of 2^-32
 * (postings.ts), so sums are exact whatever the reading order, and the pruned top k is
 * the exhaustive one bit for bit (test/unit/topk.test.ts).
 */
import type { Accumulator } from './accumulator.js';
import type { PostingList, PostingsIndex } from './postings.js';
import { kthLargest, sortBest } from './select.js';

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

/**
 * Whether a key bound `upper` reaches `theta`, with SLACK on the score, never on the head tier's
 * constant: 1e-9 of a key above the tier (~1e12) is ~1,000, more than any score, and let every
 * head document through every cut. A bound in the tier reaches a theta below it, never one in it
 * from below.
 */
function reaches(upper: number, theta: number, headTier: number): boolean {
  if (theta < headTier) return upper * SLACK >= theta;
  return upper >= headTier && (upper - headTier) * SLACK >= theta - headTier;
}
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
/**
 * Head lists holding at least a DENSE_SHARE-th as many postings as there are documents are read
 * without listing the documents they touch (PostingsIndex.addListDense): a pass over every
 * document then costs less than a test and append per posting.
 */
const DENSE_SHARE = 2;
/** Below a FEW_HEADS-th of the documents, head documents are few: see rankHeads. */
const FEW_HEADS = 8;
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

/** Set bits of every 16-bit value (64 KB: stays in cache, and measured faster than SWAR here). */
const BITS16 = new Uint8Array(1 << 16);
for (let i = 1; i < BITS16.length; i++) BITS16[i] = BITS16[i >> 1]! + (i & 1);

/** Set bits of a 32-bit mask. */
function popcount(bits: number): number {
  return BITS16[bits & 0xffff]! + BITS16[bits >>> 16]!;
}

/**
 * A document's key from its two sides' score sums and matched-term masks (a side with no
 * bit set has a score of 0). One small module-level function, without branches but the
 * tier's (measured 2.5× faster than with a test per side), so V8 inlines it into the loops
 * below: the ranking computes it for every document a query touches.
 */
function keyOf(hs: number, hb: number, bs: number, bb: number, bodyWeight: number, headTier: number): number {
  const h = hs * popcount(hb);
  return h + bodyWeight * (bs * popcount(bb)) + (h > 0 ? headTier : 0);
}

/** Reusable per-catalog buffers (search is synchronous: one query at a time). */
export class TopK {
  private readonly live: Uint32Array;
  private readonly liveDocs: Uint32Array;
  private readonly scratch: Float64Array;
  private readonly cand: Uint32Array;
  private readonly picked: Uint32Array;

  constructor(
    private readonly index: PostingsIndex,
    private readonly headScores: Accumulator,
    private readonly bodyScores: Accumulator,
  ) {
    const n = index.docCount;
    this.live = new Uint32Array(n);
    this.liveDocs = new Uint32Array(n);
    this.scratch = new Float64Array(n);
    this.cand = new Uint32Array(n);
    this.picked = new Uint32Array(n);
  }

  /** What the last query read: lists in full, lists only for the live documents, documents still live then. */
  readonly last: { full: number; pruned: number; live: number; lists: readonly PostingList[] } = { full: 0, pruned: 0, live: 0, lists: [] };

  /** Records that the last query read no list (its search needed no ranking). */
  readNothing(): void {
    Object.assign(this.last, { full: 0, pruned: 0, live: 0, lists: [] });
  }

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

    this.last.lists = options.head.concat(options.body);
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
      if (!always && sufLength[0]! - sufLength[head.length]! >= this.index.docCount / DENSE_SHARE) {
        // Long head lists: read through without listing the documents they touch, then listed by
        // one pass over the documents (Accumulator.collect).
        for (; j < head.length; j++) this.index.addListDense(lists[j]!.l, H);
        H.collect();
        doneH = sufH[0]! - sufH[j]!;
        doneBitsH = bitsH[0]!;
      }
      for (; j < n; j++) {
        if (j === head.length && j > 0) {
          // The head lists are read: with k accepted documents matched there, the top k is among
          // them (a description-only document ranks below every head match), so the body lists
          // are read only for them.
          const heads = this.headAccepted(this.cand, accept);
          if (heads >= k) return this.rankHeads(lists, j, heads, k, bodyWeight, headTier);
        }
        const seen = H.count + Bd.count;
        const boundary = j > 0 && lists[j - 1]!.head && !lists[j]!.head;
        // Asked once (and again at the head/body boundary): with more documents seen and fewer
        // postings left, pruning that did not pay would pay still less.
        if (seen >= k && (checks < MAX_CHECKS || boundary) && sufLength[j]! >= 2 * seen && (boundary || !declined)) {
          const unread = keyOf(sufH[j]!, bitsH[j]!, sufB[j]!, bitsB[j]!, bodyWeight, headTier);
          if (!reaches(unread, keyOf(doneH, doneBitsH, doneB, doneBitsB, bodyWeight, headTier), headTier)) {
            if (!always && !pruningPays(lists, j, seen)) declined = true;
            else {
              checks++;
              theta = this.kthOfSeen(k, accept, bodyWeight, headTier);
              if (!reaches(unread, theta, headTier)) break;
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
          const upper = keyOf(H.scores[doc]! + hs, H.matched[doc]! | hbits, Bd.scores[doc]! + bs, Bd.matched[doc]! | bbits, bodyWeight, headTier);
          if (reaches(upper, theta, headTier)) liveDocs[kept++] = doc;
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
   * The top k among the `heads` accepted head-side documents in `cand` (lists `from..` are
   * body lists, read for documents matched on the head side: by galloping search when those
   * are few enough, else through).
   */
  private rankHeads(lists: ReadonlyArray<{ l: PostingList }>, from: number, heads: number, k: number, bodyWeight: number, headTier: number): Ranked {
    let sorted = false;
    for (let j = from; j < lists.length; j++) {
      const { l } = lists[j]!;
      if (gallops(heads, l.end - l.start)) {
        if (!sorted) {
          this.liveDocs.set(this.cand.subarray(0, heads));
          this.liveDocs.subarray(0, heads).sort();
          sorted = true;
        }
        this.index.addListToFew(l, this.bodyScores, this.liveDocs, heads);
      } else {
        // Read through. With few head documents, only their postings are added (a test per
        // posting, mostly not taken, costs less than a random write for every posting: measured
        // 3.8 → 2.6 ns a posting at 100k entries); with many, every posting is added with no test
        // (the scores it adds to documents not matched on the head side are never ranked).
        if (this.headScores.count * FEW_HEADS < this.index.docCount) this.index.addListTo(l, this.bodyScores, this.headScores.matched);
        else {
          this.index.addListDense(l, this.bodyScores);
          this.bodyScores.touchedUnlisted();
        }
      }
    }
    this.last.full = from;
    this.last.pruned = lists.length - from;
    this.last.live = heads;
    return this.best(heads, k, bodyWeight, headTier);
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
    let m = 0;
    for (let i = 0; i < H.count; i++) {
      const doc = H.touched[i]!;
      if (accept === undefined || accept[doc] === 1) out[m++] = doc;
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
      const upper = keyOf(H.scores[doc]! + hs, H.matched[doc]! | hbits, Bd.scores[doc]! + bs, Bd.matched[doc]! | bbits, bodyWeight, headTier);
      if (reaches(upper, theta, headTier)) {
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
    return kthLargest(this.scratch, this.candidateKeys(m, k, bodyWeight, headTier), k);
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

  /**
   * Narrows the `m` candidates in `cand` to those whose key reaches an estimate of the k-th
   * (the matching order statistic of every `step`-th candidate's key): when at least k do,
   * the top k are among them (their keys reach the k-th), so they replace the candidates, with
   * their keys in `scratch`, and their number is returned; else -1 (nothing changed). The exact
   * threshold is then found among about 2k candidates instead of all `m`.
   */
  private narrow(m: number, k: number, bodyWeight: number, headTier: number): number {
    const { cand, scratch, picked } = this;
    const hs = this.headScores.scores;
    const hm = this.headScores.matched;
    const bs = this.bodyScores.scores;
    const bm = this.bodyScores.matched;
    const step = Math.floor(m / (SAMPLE_SIZE * k));
    const sample = sampleOf(Math.ceil(m / step));
    let size = 0;
    for (let i = 0; i < m; i += step) {
      const doc = cand[i]!;
      sample[size++] = keyOf(hs[doc]!, hm[doc]!, bs[doc]!, bm[doc]!, bodyWeight, headTier);
    }
    // Each sampled key stands for `step` candidates: about 2k are expected to reach the estimate.
    const estimate = kthLargest(sample, size, Math.min(size, Math.ceil((2 * k) / step)));
    let kept = 0;
    for (let i = 0; i < m; i++) {
      const doc = cand[i]!;
      const key = keyOf(hs[doc]!, hm[doc]!, bs[doc]!, bm[doc]!, bodyWeight, headTier);
      if (key >= estimate) {
        scratch[kept] = key;
        picked[kept++] = doc;
      }
    }
    if (kept < k) return -1;
    cand.set(picked.subarray(0, kept));
    return kept;
  }

  /**
   * The keys of the `m` candidates in `cand`, into `scratch`: over SAMPLED × k candidates, of only
   * those narrowed to (narrow), which then replace them. Returns how many candidates there are.
   */
  private candidateKeys(m: number, k: number, bodyWeight: number, headTier: number): number {
    const narrowed = m > SAMPLED * k ? this.narrow(m, k, bodyWeight, headTier) : -1;
    if (narrowed >= 0) return narrowed;
    this.keysOf(this.cand, m, this.scratch, bodyWeight, headTier);
    return m;
  }

  /**
   * The best k of the `all` candidates in `cand`, best first, equal keys by document id: the
   * candidates' keys (one pass; over SAMPLED × k candidates, narrowed first to those reaching a
   * sampled estimate of the k-th key, see narrow), the k-th largest of them (kthLargest), the
   * candidates above it and the first of those equal to it (by document id), sorted by
   * sortBest. Measured at 100k entries, where many documents share a key: a third of the time
   * of keeping the k best (key, document) pairs in a heap.
   */
  private best(all: number, k: number, bodyWeight: number, headTier: number): Ranked {
    const { cand, scratch } = this;
    const m = this.candidateKeys(all, k, bodyWeight, headTier);
    const chosen = chosenOf(Math.min(k, m));
    let n = 0;
    if (m <= k) {
      for (let i = 0; i < m; i++) {
        chosen.keys[i] = scratch[i]!;
        chosen.docs[i] = cand[i]!;
      }
      n = m;
    } else {
      const threshold = kthLargest(scratch, m, k);
      let ties = 0;
      for (let i = 0; i < m; i++) {
        if (scratch[i]! > threshold) {
          chosen.keys[n] = scratch[i]!;
          chosen.docs[n++] = cand[i]!;
        } else if (scratch[i] === threshold) this.liveDocs[ties++] = cand[i]!;
      }
      // Of the documents at the threshold, the first by id fill the k places left.
      const tied = this.liveDocs.subarray(0, ties).sort();
      for (let t = 0; n < k; t++) {
        chosen.keys[n] = threshold;
        chosen.docs[n++] = tied[t]!;
      }
    }
    sortBest(chosen.keys, chosen.docs, 0, n);
    const docs: number[] = new Array(n);
    const keys: number[] = new Array(n);
    for (let i = 0; i < n; i++) {
      docs[i] = chosen.docs[i]!;
      keys[i] = chosen.keys[i]!;
    }
    return { docs, keys };
  }
}

/** Candidates beyond SAMPLED × k are narrowed by a sampled estimate of the k-th key first (TopK.narrow). */
const SAMPLED = 16;
/** The sample holds about SAMPLE_SIZE × k keys. */
const SAMPLE_SIZE = 4;
let sampleBuffer = new Float64Array(0);
/** A reused buffer for TopK.narrow's sample (search is synchronous). */
function sampleOf(size: number): Float64Array {
  if (sampleBuffer.length < size) sampleBuffer = new Float64Array(size);
  return sampleBuffer;
}

let chosenBuffer = { keys: new Float64Array(0), docs: new Uint32Array(0) };
/** Reused arrays for best()'s chosen pairs (search is synchronous). */
function chosenOf(k: number): { keys: Float64Array; docs: Uint32Array } {
  if (chosenBuffer.keys.length < k) chosenBuffer = { keys: new Float64Array(k), docs: new Uint32Array(k) };
  return chosenBuffer;
}
