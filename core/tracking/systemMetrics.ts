// System metrics (CPU, memory, GPU, disk, network of the machine a run ran on) sit apart from what the run's code
// logs, and are sampled against time, not training steps. MLflow 2.8+ logs them as ordinary metrics named
// `system/<name>` (mlflow/system_metrics/system_metrics_monitor.py: `system/cpu_utilization_percentage`,
// `system/gpu_0_utilization_percentage`, …); W&B writes them as stats records in the run's `.wandb` (`cpu`,
// `memory_percent`, `gpu.0.gpu`, …), which a store offers through `systemMetrics`. The plot shows both as one
// "System" group, named without the prefix.
import type { Metric, Run, TrackingStore } from './store';

export const MLFLOW_SYSTEM_PREFIX = 'system/';

/** A store whose system metrics live outside its metrics (W&B stats records). */
export interface SystemMetricReads {
  /** The system metric names one run has, sorted. */
  keys(runId: string): Promise<string[]>;
  /** One system metric's samples in time order; step is the sample's index. */
  history(runId: string, name: string): Promise<Metric[]>;
}

export interface MetricGroups {
  /** What the run's code logged: the metric plot's first group. */
  metrics: string[];
  /** System metric names (MLflow's without `system/`), sorted. */
  system: string[];
}

/** Splits metric keys into the two groups; `storeSystem` are names the store keeps apart (W&B stats). */
export function groupMetricKeys(metricKeys: Iterable<string>, storeSystem: Iterable<string> = []): MetricGroups {
  const metrics = new Set<string>();
  const system = new Set<string>(storeSystem);
  for (const key of metricKeys) {
    if (key.startsWith(MLFLOW_SYSTEM_PREFIX) && key.length > MLFLOW_SYSTEM_PREFIX.length) system.add(key.slice(MLFLOW_SYSTEM_PREFIX.length));
    else metrics.add(key);
  }
  return { metrics: [...metrics].sort(), system: [...system].sort() };
}

/**
 * The charts a System group opens with: CPU, memory, then each GPU's utilisation and memory — the charts W&B and
 * MLflow's UIs lead with — in W&B's and MLflow's names. Other names (disk, network, process) are one click away.
 */
const DEFAULT_SYSTEM_PATTERNS = [
  /^cpu$|^cpu_utilization_percentage$/,
  /^memory_percent$|^memory$|^system_memory_usage_percentage$/,
  /^gpu\.\d+\.gpu$|^gpu_\d+_utilization_percentage$/,
  /^gpu\.\d+\.memoryAllocated$|^gpu_\d+_memory_usage_percentage$/,
];

export function defaultSystemMetrics(names: readonly string[]): string[] {
  const chosen = DEFAULT_SYSTEM_PATTERNS.flatMap((pattern) => names.filter((name) => pattern.test(name)));
  return chosen.length > 0 ? [...new Set(chosen)] : names.slice(0, 2);
}

/** A run's system metric names: the store's own, and its `system/` metrics. */
export async function systemMetricKeys(store: TrackingStore, run: Run): Promise<string[]> {
  const own = store.systemMetrics ? await store.systemMetrics.keys(run.info.runId) : [];
  return groupMetricKeys(
    run.data.metrics.map((m) => m.key),
    own,
  ).system;
}

/** One system metric's history: from the store's own system metrics when it has that name, else `system/<name>`. */
export async function systemMetricHistory(store: TrackingStore, runId: string, name: string): Promise<Metric[]> {
  if (store.systemMetrics && (await store.systemMetrics.keys(runId)).includes(name)) return store.systemMetrics.history(runId, name);
  return store.getMetricHistory(runId, MLFLOW_SYSTEM_PREFIX + name);
}
