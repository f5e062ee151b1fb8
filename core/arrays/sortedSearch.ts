// Binary search over anything sorted, by index, so typed arrays, object lists and offset tables share one loop.

/** The first index in [0, length) for which `before(i)` is false, given `before` is true for a prefix only. */
export function firstIndexNotBefore(length: number, before: (index: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (before(mid)) low = mid + 1;
    else high = mid;
  }
  return low;
}
