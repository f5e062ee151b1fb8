// Ascending sort of finite doubles by LSD radix on their IEEE-754 bits. V8's TypedArray#sort takes ~300 ms per
// million values, numpy ~15 ms; the drift tests sort every numeric column twice, so this is where the speed is.
// The bit trick (flip all bits of negatives, the sign bit of positives) makes unsigned order equal float order.
// One pass over the input makes the keys and the histograms of all digits at once; a digit that is the same for
// every value (common in the high bits) costs no pass. Keys travel as interleaved (low, high) word pairs, so a
// scatter touches one cache line per key instead of two. Data read from CSV is mostly decimals with a few places
// (prices, distances): those sort as 31-bit integers k with value = k / 10^f, three passes of four bytes each.

const RADIX_BITS = 11;
const BUCKETS = 1 << RADIX_BITS;
const MASK = BUCKETS - 1;
const PASSES = 6;

/** Sorts `values` (all finite) in place and returns it. */
export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < 256) return values.sort();
  const decimals = decimalScale(values);
  if (decimals && sortDecimals(values, decimals.scale, decimals.low)) return values;
  return sortBits(values);
}

const MAX_DECIMALS = 6;
const SPAN_LIMIT = 2 ** 31;

/**
 * The smallest 10^f (f ≤ 6) such that every value is the double nearest some integer k / 10^f, with the k spanning
 * less than 2^31; undefined when there is none. Most non-decimal data fails on its first values.
 */
function decimalScale(values: Float64Array): { scale: number; low: number } | undefined {
  let decimals = 0;
  let scale = 1;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    while (Math.round(v * scale) / scale !== v) {
      if (decimals === MAX_DECIMALS) return undefined;
      decimals++;
      scale *= 10;
    }
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const low = Math.round(min * scale);
  const high = Math.round(max * scale);
  return high - low < SPAN_LIMIT && Math.abs(low) < 2 ** 52 && Math.abs(high) < 2 ** 52 ? { scale, low } : undefined;
}

/**
 * Integer keys k - low, radix sorted, then k / scale: exact, as k / 10^f is one correctly rounded division of two
 * exact doubles, the same double the value was checked to be. False (values untouched) if a value does not fit.
 */
function sortDecimals(values: Float64Array, scale: number, low: number): boolean {
  const n = values.length;
  let keys = new Int32Array(n);
  let spare = new Int32Array(n);
  const counts = new Int32Array(3 * BUCKETS);
  for (let i = 0; i < n; i++) {
    const k = Math.round(values[i]! * scale);
    if (k / scale !== values[i] || k < low || k - low >= SPAN_LIMIT) return false;
    const key = k - low;
    keys[i] = key;
    counts[key & MASK]!++;
    counts[BUCKETS + ((key >>> 11) & MASK)]!++;
    counts[2 * BUCKETS + (key >>> 22)]!++;
  }
  for (let pass = 0; pass < 3; pass++) {
    const shift = pass * RADIX_BITS;
    const base = pass * BUCKETS;
    if (counts[base + ((keys[0]! >>> shift) & MASK)] === n) continue;
    let sum = 0;
    for (let b = base; b < base + BUCKETS; b++) {
      const c = counts[b]!;
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      spare[counts[base + ((key >>> shift) & MASK)]!++] = key;
    }
    [keys, spare] = [spare, keys];
  }
  for (let i = 0; i < n; i++) values[i] = (keys[i]! + low) / scale;
  return true;
}

/** LSD radix over all 64 bits, for values that are not short decimals. */
function sortBits(values: Float64Array): Float64Array {
  const n = values.length;
  // Int32Array, not Uint32Array: values ≥ 2^31 read from a Uint32Array are heap numbers in V8 and slow every pass
  // several-fold; the bits are the same either way.
  const words = new Int32Array(values.buffer, values.byteOffset, n * 2);
  let keys = new Int32Array(2 * n);
  let spare = new Int32Array(2 * n);
  const counts = new Int32Array(PASSES * BUCKETS);
  for (let i = 0; i < 2 * n; i += 2) {
    let l = words[i]!;
    let h = words[i + 1]!;
    if (h < 0) {
      h = ~h;
      l = ~l;
    } else h |= 0x80000000;
    keys[i] = l;
    keys[i + 1] = h;
    counts[l & MASK]!++;
    counts[BUCKETS + ((l >>> 11) & MASK)]!++;
    counts[2 * BUCKETS + (l >>> 22)]!++;
    counts[3 * BUCKETS + (h & MASK)]!++;
    counts[4 * BUCKETS + ((h >>> 11) & MASK)]!++;
    counts[5 * BUCKETS + (h >>> 22)]!++;
  }
  for (let pass = 0; pass < PASSES; pass++) {
    const word = pass < 3 ? 0 : 1;
    const shift = (pass % 3) * RADIX_BITS;
    const base = pass * BUCKETS;
    if (counts[base + ((keys[word]! >>> shift) & MASK)] === n) continue;
    let sum = 0;
    for (let b = base; b < base + BUCKETS; b++) {
      const c = counts[b]!;
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < 2 * n; i += 2) {
      const at = 2 * counts[base + ((keys[i + word]! >>> shift) & MASK)]!++;
      spare[at] = keys[i]!;
      spare[at + 1] = keys[i + 1]!;
    }
    [keys, spare] = [spare, keys];
  }
  for (let i = 0; i < 2 * n; i += 2) {
    const h = keys[i + 1]!;
    if (h < 0) {
      words[i + 1] = h & 0x7fffffff;
      words[i] = keys[i]!;
    } else {
      words[i + 1] = ~h;
      words[i] = ~keys[i]!;
    }
  }
  return values;
}
