// The drift tests themselves, each the computation Evidently's legacy stattests module runs through scipy:
// chisquare_stattest.py, z_stattest.py, wasserstein_distance_norm.py, jensenshannon.py, psi.py (ks.ts has KS).
import { fillZeroShares, type Shares } from './binning';
import type { CountTable } from './countTable';
import { chiSquareSf, normalSf } from './specialFunctions';

/** scipy.stats.chisquare(f_obs, f_exp): Pearson's statistic and its chi-square(k − 1) survival. */
export function chiSquare(observed: ArrayLike<number>, expected: ArrayLike<number>): { statistic: number; pValue: number } {
  let statistic = 0;
  for (let i = 0; i < observed.length; i++) {
    const diff = observed[i]! - expected[i]!;
    statistic += (diff * diff) / expected[i]!;
  }
  return { statistic, pValue: chiSquareSf(statistic, observed.length - 1) };
}

/**
 * Evidently's chi-square drift p-value: expected counts are the reference counts scaled to the current size; a
 * category absent from the reference has zero expectation, so the statistic is infinite and p = 0.
 */
export function chiSquareDrift(table: CountTable): number {
  const scale = table.nCurrent / table.nReference;
  const expected = table.reference.map((r) => r * scale);
  return chiSquare(table.current, expected).pValue;
}

function minKeyIndex(table: CountTable): number {
  let best = 0;
  for (let i = 1; i < table.keys.length; i++) {
    const less = table.numericKeys
      ? table.numericKeys[i]! < table.numericKeys[best]!
      : table.keys[i]! < table.keys[best]!;
    if (less) best = i;
  }
  return best;
}

/**
 * Evidently's two-proportion z-test: the first of the sorted keys counts as 0, every other value as 1; p is
 * 2·(1 − Φ(|z|)) with the pooled proportion; one shared single value gives p = 1.
 */
export function zTestDrift(table: CountTable): number {
  const refKeys = table.reference.filter((c) => c > 0).length;
  const curKeys = table.current.filter((c) => c > 0).length;
  if (refKeys === 1 && curKeys === 1 && table.reference.findIndex((c) => c > 0) === table.current.findIndex((c) => c > 0)) {
    return 1;
  }
  const first = minKeyIndex(table);
  const n1 = table.nReference;
  const n2 = table.nCurrent;
  const p1 = (n1 - table.reference[first]!) / n1;
  const p2 = (n2 - table.current[first]!) / n2;
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return 2 * normalSf(Math.abs(z));
}

/** scipy.stats.wasserstein_distance of two ascending-sorted samples: ∫|U − V| over the merged support. */
export function wassersteinDistance(u: Float64Array, v: Float64Array): number {
  let i = 0;
  let j = 0;
  let total = 0;
  let previous = Math.min(u[0]!, v[0]!);
  while (i < u.length || j < v.length) {
    const value = j >= v.length || (i < u.length && u[i]! <= v[j]!) ? u[i]! : v[j]!;
    total += Math.abs(i / u.length - j / v.length) * (value - previous);
    while (i < u.length && u[i] === value) i++;
    while (j < v.length && v[j] === value) j++;
    previous = value;
  }
  return total;
}

/** numpy.std (ddof = 0), two passes. */
export function populationStd(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i]! - mean;
    squares += d * d;
  }
  return Math.sqrt(squares / values.length);
}

/** Evidently's normed Wasserstein: the distance over the reference std, the std floored at 0.001. */
export function wassersteinNormed(ref: Float64Array, cur: Float64Array): number {
  return wassersteinDistance(ref, cur) / Math.max(populationStd(ref), 0.001);
}

function relativeEntropy(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Number.POSITIVE_INFINITY;
}

/** scipy.spatial.distance.jensenshannon(p, q) with the natural log: both vectors are normalised first. */
export function jensenShannon(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let sumP = 0;
  let sumQ = 0;
  for (let i = 0; i < p.length; i++) {
    sumP += p[i]!;
    sumQ += q[i]!;
  }
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i]! / sumP;
    const b = q[i]! / sumQ;
    const m = (a + b) / 2;
    js += relativeEntropy(a, m) + relativeEntropy(b, m);
  }
  return Math.sqrt(js / 2);
}

/** Evidently's PSI: Σ (ref − cur)·ln(ref/cur) over shares with zeros filled. */
export function populationStabilityIndex(shares: Shares): number {
  const ref = fillZeroShares(shares.reference);
  const cur = fillZeroShares(shares.current);
  let psi = 0;
  for (let i = 0; i < ref.length; i++) psi += (ref[i]! - cur[i]!) * Math.log(ref[i]! / cur[i]!);
  return psi;
}
