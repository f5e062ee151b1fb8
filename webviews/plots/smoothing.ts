// Exponential moving average as TensorBoard's scalar dashboard smooths (debiased, so the first points are not pulled
// toward zero). Gaps (null) stay gaps and do not reset the average.

export function smoothEma(values: ReadonlyArray<number | null>, weight: number): Array<number | null> {
  if (weight <= 0) return [...values];
  let last = 0;
  let count = 0;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return null;
    last = last * weight + (1 - weight) * v;
    count++;
    const debias = 1 - weight ** count;
    return last / debias;
  });
}
