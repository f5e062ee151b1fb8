// Ascending sort of finite doubles by LSD radix on their IEEE-754 bits. V8's TypedArray#sort takes ~300 ms per
// million values, numpy ~15 ms; the drift tests sort every numeric column twice, so this is where the speed is.
// The bit trick (flip all bits of negatives, the sign bit of positives) makes unsigned order equal float order.

const RADIX_BITS = 11;
const BUCKETS = 1 << RADIX_BITS;
const MASK = BUCKETS - 1;
const PASSES_PER_WORD = Math.ceil(32 / RADIX_BITS);

// Int32Array, not Uint32Array: values ≥ 2^31 read from a Uint32Array are heap numbers in V8 and slow every pass
// several-fold; the bits are the same either way.
function toSortable(lo: Int32Array, hi: Int32Array, words: Int32Array): void {
  for (let i = 0; i < lo.length; i++) {
    const h = words[2 * i + 1]!;
    const l = words[2 * i]!;
    if (h < 0) {
      hi[i] = ~h;
      lo[i] = ~l;
    } else {
      hi[i] = h | 0x80000000;
      lo[i] = l;
    }
  }
}

function fromSortable(lo: Int32Array, hi: Int32Array, words: Int32Array): void {
  for (let i = 0; i < lo.length; i++) {
    const h = hi[i]!;
    if (h < 0) {
      words[2 * i + 1] = h & 0x7fffffff;
      words[2 * i] = lo[i]!;
    } else {
      words[2 * i + 1] = ~h;
      words[2 * i] = ~lo[i]!;
    }
  }
}

/** Sorts `values` (all finite) in place and returns it. */
export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < 256) return values.sort();
  const words = new Int32Array(values.buffer, values.byteOffset, n * 2);
  let lo = new Int32Array(n);
  let hi = new Int32Array(n);
  let lo2 = new Int32Array(n);
  let hi2 = new Int32Array(n);
  toSortable(lo, hi, words);
  const counts = new Int32Array(BUCKETS);
  for (let pass = 0; pass < 2 * PASSES_PER_WORD; pass++) {
    const fromHigh = pass >= PASSES_PER_WORD;
    const keys = fromHigh ? hi : lo;
    const shift = (pass % PASSES_PER_WORD) * RADIX_BITS;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[i]! >>> shift) & MASK]!++;
    if (counts[(keys[0]! >>> shift) & MASK] === n) continue;
    let sum = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const c = counts[b]!;
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const at = counts[(keys[i]! >>> shift) & MASK]!++;
      lo2[at] = lo[i]!;
      hi2[at] = hi[i]!;
    }
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
  }
  fromSortable(lo, hi, words);
  return values;
}
