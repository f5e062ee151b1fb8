// The one interface every tracking store implements (MLflow's AbstractStore, read side): callers hold a
// TrackingStore and never learn whether the runs come from mlruns/, mlflow.db or a tracking server.
// Field names follow MLflow's entities (mlflow/entities/run_info.py, metric.py) in camelCase; the wire and CLI JSON
// use MLflow's snake_case (see rest/wire.ts).
import type { ConsoleOutput } from '../wandb/consoleOutput';
import type { RunColumnReads } from './runColumns';
import type { SystemMetricReads } from './systemMetrics';

export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
export type LifecycleStage = 'active' | 'deleted';
/** MLflow's ViewType: ACTIVE_ONLY, DELETED_ONLY, ALL. */
export type ViewType = 'active' | 'deleted' | 'all';

export interface ExperimentTag {
  key: string;
  value: string;
}

export interface Experiment {
  experimentId: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: LifecycleStage;
  /** Milliseconds since epoch; absent in MLflow 1.x stores. */
  creationTime?: number;
  lastUpdateTime?: number;
  tags: ExperimentTag[];
}

export interface RunInfo {
  runId: string;
  /** '' when the store has none (MLflow 1.x without an mlflow.runName tag). */
  runName: string;
  experimentId: string;
  userId: string;
  status: RunStatus;
  startTime: number;
  /** null while the run is RUNNING. */
  endTime: number | null;
  artifactUri: string;
  lifecycleStage: LifecycleStage;
}

/** One logged value. `value` may be NaN, Infinity or -Infinity, as MLflow allows. */
export interface Metric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

export interface Param {
  key: string;
  value: string;
}

export interface RunTag {
  key: string;
  value: string;
}

export interface RunData {
  /** The latest value per key: max by (step, timestamp, value). */
  metrics: Metric[];
  params: Param[];
  tags: RunTag[];
}

/** The dataset fields MLflow's search grammar can filter on (`datasets.name/digest/context`). */
export interface DatasetInput {
  name: string;
  digest: string;
  context?: string;
}

export interface Run {
  info: RunInfo;
  data: RunData;
  inputs?: { datasetInputs: DatasetInput[] };
}

export interface SearchRunsRequest {
  experimentIds: string[];
  /** MLflow filter string, e.g. `metrics.acc > 0.9 and params.model = 'lr'`. */
  filter?: string;
  /** MLflow order_by clauses, e.g. `metrics.acc DESC`. */
  orderBy?: string[];
  /** Page size; MLflow's default is 1000. */
  maxResults?: number;
  pageToken?: string;
  viewType?: ViewType;
}

export interface SearchExperimentsRequest {
  viewType?: ViewType;
  maxResults?: number;
  pageToken?: string;
}

export interface Page<T> {
  items: T[];
  /** Present when more items follow; pass it back as pageToken. */
  nextPageToken?: string;
}

/** A problem with one file (or URL) that was skipped while the rest loaded. */
export interface StoreWarning {
  path: string;
  line?: number;
  message: string;
}

export type StoreKind = 'file' | 'sqlite' | 'rest' | 'wandb';

/** MLflow marks child runs (sweeps, nested `start_run(nested=True)`) with this tag (mlflow/utils/mlflow_tags.py). */
export const PARENT_RUN_TAG = 'mlflow.parentRunId';

export interface TrackingStore {
  readonly kind: StoreKind;
  /** The folder, database file or base URL the store reads. */
  readonly location: string;
  /** Problems found by the last read, each naming its file; the caller shows them. */
  readonly warnings: readonly StoreWarning[];
  searchExperiments(request?: SearchExperimentsRequest): Promise<Page<Experiment>>;
  getExperiment(experimentId: string): Promise<Experiment | undefined>;
  searchRuns(request: SearchRunsRequest): Promise<Page<Run>>;
  /** Throws StoreError when the run does not exist. */
  getRun(runId: string): Promise<Run>;
  /** Every logged value of one metric, in logging order. */
  getMetricHistory(runId: string, key: string): Promise<Metric[]>;
  /**
   * Drops cached reads. With paths (from a file watcher) only what they touch is re-read; without, everything is
   * re-checked. Stores without a cache ignore it.
   */
  invalidate(paths?: string[]): void;
  close(): Promise<void>;
  /** Column reads over whole searches in the store's own query (runColumns.ts); without it they go through searchRuns. */
  readonly runColumns?: RunColumnReads;
  /** System metrics kept apart from the run's metrics (W&B stats records); MLflow's are `system/` metrics. */
  readonly systemMetrics?: SystemMetricReads;
  /** The console output the tracking tool recorded for a run (W&B: output.log or output records). */
  getConsoleOutput?(runId: string): Promise<ConsoleOutput>;
}

/** MLflow's default and maximum page sizes for search_runs (mlflow/store/tracking/__init__.py). */
export const SEARCH_MAX_RESULTS_DEFAULT = 1000;
export const SEARCH_MAX_RESULTS_THRESHOLD = 50000;

/** An error a user can act on: it names the store location (file, database or URL). */
export class StoreError extends Error {
  override name = 'StoreError';
  constructor(
    message: string,
    readonly location: string,
    /** TIMEOUT: a server that did not answer in time; TOO_LARGE: an answer over the size a client reads. */
    readonly code: 'NOT_FOUND' | 'INVALID_PARAMETER' | 'UNAVAILABLE' | 'CORRUPT' | 'AUTH' | 'TIMEOUT' | 'TOO_LARGE' = 'UNAVAILABLE',
  ) {
    super(message);
  }
}

/** The run statuses in MLflow's proto enum order (RunStatus: RUNNING=1 … KILLED=5), used by file stores. */
export const RUN_STATUS_BY_NUMBER: Record<number, RunStatus> = {
  1: 'RUNNING',
  2: 'SCHEDULED',
  3: 'FINISHED',
  4: 'FAILED',
  5: 'KILLED',
};

export function matchesViewType(stage: LifecycleStage, viewType: ViewType = 'active'): boolean {
  if (viewType === 'all') return true;
  return viewType === 'active' ? stage === 'active' : stage === 'deleted';
}
