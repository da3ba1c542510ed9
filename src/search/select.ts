/**
 * Ordering (key, document) pairs best first on typed arrays, for the top-k ranking
 * (topk.ts): a higher key first, equal keys by document id; and the k-th largest key.
 * No comparator calls and no allocation per query (buffers are reused: search is synchronous).
 */
/** Whether (key a, document da) ranks below (key b, document db): a lower key, or an equal key and a later document. */
function worse(a: number, da: number, b: number, db: number): boolean {
  return a < b || (a === b && da > db);
}

/**
 * Sorts the pairs [from, to) of (keys, docs) best first (quicksort with insertion sort for
 * short ranges, on the typed arrays themselves: no comparator calls, no allocation).
 */
export function sortBest(keys: Float64Array, docs: Uint32Array, from: number, to: number): void {
  while (to - from > 16) {
    // Median of three as the pivot.
    const mid = (from + to) >>> 1;
    let a = from;
    let b = mid;
    let c = to - 1;
    if (worse(keys[a]!, docs[a]!, keys[b]!, docs[b]!)) [a, b] = [b, a];
    if (worse(keys[b]!, docs[b]!, keys[c]!, docs[c]!)) [b, c] = [c, b];
    if (worse(keys[a]!, docs[a]!, keys[b]!, docs[b]!)) [a, b] = [b, a];
    const pk = keys[b]!;
    const pd = docs[b]!;
    let i = from;
    let j = to - 1;
    while (i <= j) {
      while (worse(pk, pd, keys[i]!, docs[i]!)) i++;
      while (worse(keys[j]!, docs[j]!, pk, pd)) j--;
      if (i <= j) {
        swap(keys, docs, i, j);
        i++;
        j--;
      }
    }
    // Recurse into the shorter side, loop on the longer.
    if (j - from < to - i) {
      sortBest(keys, docs, from, j + 1);
      from = i;
    } else {
      sortBest(keys, docs, i, to);
      to = j + 1;
    }
  }
  for (let i = from + 1; i < to; i++) {
    const key = keys[i]!;
    const doc = docs[i]!;
    let j = i - 1;
    while (j >= from && worse(keys[j]!, docs[j]!, key, doc)) {
      keys[j + 1] = keys[j]!;
      docs[j + 1] = docs[j]!;
      j--;
    }
    keys[j + 1] = key;
    docs[j + 1] = doc;
  }
}

function swap(keys: Float64Array, docs: Uint32Array, i: number, j: number): void {
  const key = keys[i]!;
  keys[i] = keys[j]!;
  keys[j] = key;
  const doc = docs[i]!;
  docs[i] = docs[j]!;
  docs[j] = doc;
}

/**
 * The k-th largest (1-based) of the first `length` values, with a min-heap of the k best
 * seen so far: most values lose to the heap's top in one comparison, so this is one pass
 * over the values (quickselect measured about 4× slower on 80k keys). Leaves `a` as is.
 */
export function kthLargest(a: Float64Array, length: number, k: number): number {
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
