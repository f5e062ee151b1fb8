// The retrain rule MLOps teams write for scheduled drift checks (Evidently's should_retrain): retrain when a batch's
// share of drifted columns is above X, when the last N batches in a row drifted, or when the Production model's
// metric observed now is below its registered value by more than Y. Each part that fires is named.
import type { DriftReport } from '../drift/datasetDrift';

export interface RetrainRule {
  /** Fires when the latest batch's share of drifted columns is above this. */
  driftShareAbove?: number | undefined;
  /** Fires when this many batches in a row, ending with the latest, show dataset drift. */
  consecutiveDriftingBatches?: number | undefined;
  /** Fires when `observed` is below the Production version's registered `metric` by more than `maxDrop`. */
  metric?: { model: string; name: string; maxDrop: number; observed: number } | undefined;
}

export interface RetrainDecision {
  retrain: boolean;
  /** One line per part that fired. */
  fired: string[];
}

export function decideRetrain(rule: RetrainRule, batches: { name: string; report: DriftReport }[], registered?: number): RetrainDecision {
  const fired: string[] = [];
  const last = batches.at(-1);
  if (last && rule.driftShareAbove !== undefined && last.report.share_of_drifted_columns > rule.driftShareAbove) {
    fired.push(`drift share: batch ${last.name} has ${last.report.share_of_drifted_columns.toFixed(3)} of columns drifted, above ${rule.driftShareAbove}`);
  }
  const n = rule.consecutiveDriftingBatches;
  if (n !== undefined && n > 0 && batches.length >= n && batches.slice(-n).every((b) => b.report.dataset_drift)) {
    fired.push(`consecutive drift: the last ${n} batches (${batches.at(-n)!.name} … ${last!.name}) all show dataset drift`);
  }
  if (rule.metric && registered !== undefined && registered - rule.metric.observed > rule.metric.maxDrop) {
    const m = rule.metric;
    fired.push(`model metric: ${m.model} Production ${m.name} ${m.observed} is ${(registered - m.observed).toFixed(4)} below its registered ${registered} (more than ${m.maxDrop})`);
  }
  return { retrain: fired.length > 0, fired };
}

/** drift.yaml `retrain: {drift_share_above, consecutive_drifting_batches, model, metric, max_metric_drop}`. */
export function parseRetrainRule(value: unknown, where: string): Omit<RetrainRule, 'metric'> & { metric?: { model: string; name: string; maxDrop: number } } {
  const fail = (what: string): never => {
    throw new Error(`${where}: retrain ${what}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('must be a mapping such as {drift_share_above: 0.3}');
  const entry = value as Record<string, unknown>;
  const known = ['drift_share_above', 'consecutive_drifting_batches', 'model', 'metric', 'max_metric_drop'];
  for (const key of Object.keys(entry)) if (!known.includes(key)) fail(`has unknown key '${key}'; expected ${known.join(', ')}`);
  const num = (key: string) => {
    const v = entry[key];
    if (v === undefined) return undefined;
    return typeof v === 'number' && v >= 0 ? v : fail(`${key} must be a number ≥ 0`);
  };
  const model = entry.model;
  const metric = entry.metric;
  const drop = num('max_metric_drop');
  const parts = [model, metric, drop].filter((v) => v !== undefined).length;
  if (parts !== 0 && parts !== 3) fail('needs model, metric and max_metric_drop together');
  return {
    driftShareAbove: num('drift_share_above'),
    consecutiveDriftingBatches: num('consecutive_drifting_batches'),
    metric: parts === 3 ? { model: String(model), name: String(metric), maxDrop: drop! } : undefined,
  };
}
