/**
 * The one binary search: the first index in [0, length) at which `isAfter` holds, or `length` when it holds
 * nowhere. `isAfter` must be false up to some index and true from there on (a sorted list asked "is this past
 * what I look for?"). O(log length) calls of `isAfter`.
 */
export function firstIndexWhere(length: number, isAfter: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (isAfter(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
