// A random forest of regression trees, for one thing: how much each input explains of a metric (the impurity-based
// importance W&B's sweep page and scikit-learn's feature_importances_ show). Deterministic for a seed, and written so
// that an independent implementation doing the same arithmetic in the same order gets the same bits: the reference
// in test/fixtures/runsTable/importance_reference.py (numpy) is checked against it.
//
// Each tree grows on a bootstrap sample; at each node a random subset of ceil(p/3) inputs is tried (depth-first, left
// before right); a split is the threshold between two adjacent distinct values that most reduces the sum of squared
// errors. An input's importance in a tree is its share of the tree's total reduction; the forest's is the mean share.
import { SeededRandom } from '../demo/random';

export interface ForestOptions {
  trees: number;
  seed: number;
  maxDepth: number;
}

export const FOREST_DEFAULTS: ForestOptions = { trees: 100, seed: 7, maxDepth: 10 };

/** Reductions under this are rounding noise of a node that cannot be split (y is standardised first). */
const MIN_GAIN = 1e-12;

/**
 * Importances of the columns of `x` (x[feature][row]) for y, summing to 1; all 0 when y is constant or nothing
 * splits. Rows and features must be finite numbers.
 */
export function forestImportances(x: readonly Float64Array[], y: Float64Array, options: ForestOptions = FOREST_DEFAULTS): number[] {
  const features = x.length;
  const rows = y.length;
  const total = new Array<number>(features).fill(0);
  const target = standardised(y);
  if (!target || features === 0) return total;
  const random = new SeededRandom(options.seed);
  const tried = Math.max(1, Math.ceil(features / 3));
  for (let t = 0; t < options.trees; t++) {
    const sample: number[] = [];
    for (let i = 0; i < rows; i++) sample.push(Math.floor(random.next() * rows));
    const gains = new Array<number>(features).fill(0);
    grow({ x, y: target, random, tried, maxDepth: options.maxDepth, gains }, sample, 0);
    const sum = gains.reduce((a, b) => a + b, 0);
    if (sum > 0) for (let f = 0; f < features; f++) total[f]! += gains[f]! / sum;
  }
  const sum = total.reduce((a, b) => a + b, 0);
  return sum > 0 ? total.map((v) => v / sum) : total;
}

interface Growth {
  x: readonly Float64Array[];
  y: Float64Array;
  random: SeededRandom;
  tried: number;
  maxDepth: number;
  gains: number[];
}

function grow(g: Growth, items: number[], depth: number): void {
  const n = items.length;
  if (n < 2 || depth >= g.maxDepth) return;
  let sum = 0;
  let sumSq = 0;
  for (const i of items) {
    sum += g.y[i]!;
    sumSq += g.y[i]! * g.y[i]!;
  }
  const parent = sumSq - (sum * sum) / n;
  if (!(parent > MIN_GAIN)) return;
  let best = { gain: MIN_GAIN, feature: -1, threshold: 0 };
  for (const feature of pickFeatures(g.random, g.x.length, g.tried)) {
    const column = g.x[feature]!;
    const order = items.map((item, position) => ({ item, position, value: column[item]! })).sort((a, b) => a.value - b.value || a.position - b.position);
    let leftSum = 0;
    let leftSq = 0;
    for (let k = 0; k < n - 1; k++) {
      const yk = g.y[order[k]!.item]!;
      leftSum += yk;
      leftSq += yk * yk;
      const here = order[k]!.value;
      const next = order[k + 1]!.value;
      if (here === next) continue;
      const leftCount = k + 1;
      const rightCount = n - leftCount;
      const rightSum = sum - leftSum;
      const rightSq = sumSq - leftSq;
      const gain = parent - (leftSq - (leftSum * leftSum) / leftCount) - (rightSq - (rightSum * rightSum) / rightCount);
      if (gain > best.gain) best = { gain, feature, threshold: (here + next) / 2 };
    }
  }
  if (best.feature < 0) return;
  g.gains[best.feature]! += best.gain;
  const column = g.x[best.feature]!;
  grow(g, items.filter((i) => column[i]! <= best.threshold), depth + 1);
  grow(g, items.filter((i) => column[i]! > best.threshold), depth + 1);
}

/** The first `count` of a Fisher–Yates shuffle of 0..features-1. */
function pickFeatures(random: SeededRandom, features: number, count: number): number[] {
  const order = Array.from({ length: features }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random.next() * (features - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.slice(0, count);
}

/** y as z-scores (sequential sums), or undefined when it does not vary. */
function standardised(y: Float64Array): Float64Array | undefined {
  const n = y.length;
  if (n < 2) return undefined;
  let sum = 0;
  for (const v of y) sum += v;
  const mean = sum / n;
  let squares = 0;
  for (const v of y) squares += (v - mean) * (v - mean);
  const std = Math.sqrt(squares / n);
  if (!(std > 0)) return undefined;
  return Float64Array.from(y, (v) => (v - mean) / std);
}
