/** Lists of timed things kept sorted by instant (`ms`), searched by binary search. */

/** The index of the first item later than `ms` (items ≤ ms come before it). */
export function firstAfter(list: readonly { ms: number }[], ms: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.ms > ms) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
