// Candidate vs the version now in the target stage, as the promotion view shows them side by side: the latest
// metrics of both runs with better/worse marked, and the params that differ.
import type { BeatRule } from './policy';

export type MetricVerdict = 'better' | 'worse' | 'equal' | 'candidate-only' | 'current-only';

export interface MetricComparison {
  key: string;
  candidate?: number;
  current?: number;
  /** Which way is better for this metric: the policy's must_beat_current direction, else the metric's name. */
  direction: 'higher' | 'lower';
  verdict: MetricVerdict;
}

export interface ParamComparison {
  key: string;
  candidate?: string;
  current?: string;
  changed: boolean;
}

// Losses and errors shrink as a model improves; everything else (accuracy, f1, auc, precision…) grows.
const LOWER_IS_BETTER = /(loss|error|err$|mse|mae|rmse|mape|perplexity|latency|brier)/i;

export function metricDirection(key: string, rules: readonly BeatRule[] = []): 'higher' | 'lower' {
  return rules.find((rule) => rule.metric === key)?.direction ?? (LOWER_IS_BETTER.test(key) ? 'lower' : 'higher');
}

/** Every metric either run logged, sorted by name. NaN never counts as better or worse. */
export function compareMetrics(candidate: Record<string, number>, current: Record<string, number>, rules: readonly BeatRule[] = []): MetricComparison[] {
  const keys = [...new Set([...Object.keys(candidate), ...Object.keys(current)])].sort();
  return keys.map((key) => {
    const a = candidate[key];
    const b = current[key];
    const direction = metricDirection(key, rules);
    const base = { key, direction, ...(a === undefined ? {} : { candidate: a }), ...(b === undefined ? {} : { current: b }) };
    if (b === undefined) return { ...base, verdict: 'candidate-only' };
    if (a === undefined) return { ...base, verdict: 'current-only' };
    if (a === b || Number.isNaN(a) || Number.isNaN(b)) return { ...base, verdict: 'equal' };
    const higher = a > b;
    return { ...base, verdict: higher === (direction === 'higher') ? 'better' : 'worse' };
  });
}

/** Every param either run logged, sorted by name; `changed` when the values differ or one side lacks it. */
export function compareParams(candidate: Record<string, string>, current: Record<string, string>): ParamComparison[] {
  const keys = [...new Set([...Object.keys(candidate), ...Object.keys(current)])].sort();
  return keys.map((key) => {
    const a = candidate[key];
    const b = current[key];
    return { key, ...(a === undefined ? {} : { candidate: a }), ...(b === undefined ? {} : { current: b }), changed: a !== b };
  });
}
