// Column reads over every run a search matches, for tables and charts of up to 100k runs: the runs' order and
// nesting first (a few fields each), then whole runs only for the rows on screen, and one key's values across all
// runs when a chart or a group-by needs them. A store that can answer these in its own query (SQL for mlflow.db)
// offers them as `runColumns`; any other store is read through searchRuns pages (loadedRunColumns below), so the
// filter and order still run in the store (the server for REST) and only the rest happens here.
import { collectRuns } from './query';
import { lookup } from './search/evaluate';
import { type Metric, PARENT_RUN_TAG, type Run, type SearchRunsRequest, type TrackingStore, type ViewType } from './store';

export type RunSelection = Omit<SearchRunsRequest, 'pageToken' | 'maxResults'>;

/** What ordering and nesting need of every matching run: its id and its parent's. */
export interface RunHeader {
  runId: string;
  /** The mlflow.parentRunId tag, when set. */
  parentRunId?: string;
}

export interface RunKeys {
  params: string[];
  metrics: string[];
  tags: string[];
}

/** Params, latest metrics and tags by key; run attributes by MLflow's attribute name (the ones below). */
export type ColumnEntity = 'param' | 'metric' | 'tag' | 'attribute';
export type RunAttribute = 'run_name' | 'status' | 'start_time' | 'end_time' | 'user_id';

/** One metric over a run's whole history. NaN is skipped by min and max; both are NaN when every value is NaN. */
export interface MetricSummary {
  min: number;
  max: number;
  /** The value logged at the asked step (the latest one there); absent when none was logged at it. */
  atStep?: number;
}

export interface RunColumnReads {
  /** The runs the selection matches, in its order (the store's default order when none is given); the first `limit`. */
  headers(selection: RunSelection, limit?: number): Promise<RunHeader[]>;
  /** Whole runs by id, in the order asked; ids the store no longer has are left out. */
  runs(runIds: readonly string[]): Promise<Run[]>;
  /** The param, metric and tag keys the experiments' runs have, each sorted. */
  keys(experimentIds: readonly string[], viewType?: ViewType): Promise<RunKeys>;
  /**
   * One key's value per run (a param's or tag's text, a metric's latest value, an attribute); runs without it are
   * absent (a RUNNING run has no end_time).
   */
  values(entity: ColumnEntity, key: string, runIds: readonly string[]): Promise<Map<string, string | number>>;
  /** One metric's min, max and value at `step` per run, over full histories; runs that never logged it are absent. */
  metricSummaries(key: string, runIds: readonly string[], step?: number): Promise<Map<string, MetricSummary>>;
}

/** The store's own column reads when it has them, else reads through searchRuns. */
export function runColumnsOf(store: TrackingStore): RunColumnReads {
  return store.runColumns ?? loadedRunColumns(store);
}

export function headerOf(run: Run): RunHeader {
  const parentRunId = run.data.tags.find((t) => t.key === PARENT_RUN_TAG)?.value;
  return parentRunId === undefined ? { runId: run.info.runId } : { runId: run.info.runId, parentRunId };
}

/** A run's value in one column, as `values` reads it. */
export function runValue(run: Run, entity: ColumnEntity, key: string): string | number | undefined {
  return lookup(run, entity === 'param' ? 'parameter' : entity, key) ?? undefined;
}

/** Summaries of one history (in logging order); undefined when it is empty. */
export function summarizeHistory(history: readonly Metric[], step?: number): MetricSummary | undefined {
  if (history.length === 0) return undefined;
  let min = Number.NaN;
  let max = Number.NaN;
  let atStep: Metric | undefined;
  for (const m of history) {
    if (!Number.isNaN(m.value)) {
      if (!(m.value >= min)) min = m.value;
      if (!(m.value <= max)) max = m.value;
    }
    // MLflow's "latest" rule within the step: the largest timestamp, then the largest value.
    if (step !== undefined && m.step === step && (!atStep || m.timestamp > atStep.timestamp || (m.timestamp === atStep.timestamp && m.value > atStep.value))) {
      atStep = m;
    }
  }
  return atStep ? { min, max, atStep: atStep.value } : { min, max };
}

/**
 * Column reads for any store: the search (filter and order pushed into searchRuns) reads whole runs, which are kept
 * for the row, key and value reads that follow until the next search.
 */
export function loadedRunColumns(store: TrackingStore): RunColumnReads {
  let loaded = new Map<string, Run>();
  const remember = (runs: Run[]) => {
    loaded = new Map(runs.map((run) => [run.info.runId, run]));
    return runs;
  };
  const known = async (runIds: readonly string[]): Promise<Run[]> => {
    const runs: Run[] = [];
    for (const id of runIds) {
      const run = loaded.get(id) ?? (await store.getRun(id).catch(() => undefined));
      if (run) runs.push(run);
    }
    return runs;
  };
  return {
    async headers(selection, limit) {
      return remember(await collectRuns(store, selection, limit)).map(headerOf);
    },
    runs: known,
    async keys(experimentIds, viewType) {
      const runs = await collectRuns(store, { experimentIds: [...experimentIds], ...(viewType ? { viewType } : {}) });
      const keys = { params: new Set<string>(), metrics: new Set<string>(), tags: new Set<string>() };
      for (const run of runs) {
        for (const p of run.data.params) keys.params.add(p.key);
        for (const m of run.data.metrics) keys.metrics.add(m.key);
        for (const t of run.data.tags) keys.tags.add(t.key);
      }
      return { params: [...keys.params].sort(), metrics: [...keys.metrics].sort(), tags: [...keys.tags].sort() };
    },
    async values(entity, key, runIds) {
      const values = new Map<string, string | number>();
      for (const run of await known(runIds)) {
        const value = runValue(run, entity, key);
        if (value !== undefined) values.set(run.info.runId, value);
      }
      return values;
    },
    async metricSummaries(key, runIds, step) {
      const summaries = new Map<string, MetricSummary>();
      for (const run of await known(runIds)) {
        if (!run.data.metrics.some((m) => m.key === key)) continue;
        const summary = summarizeHistory(await store.getMetricHistory(run.info.runId, key), step);
        if (summary) summaries.set(run.info.runId, summary);
      }
      return summaries;
    },
  };
}
