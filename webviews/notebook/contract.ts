// The notebook renderer's contract: the MIME payloads the `%mlops` magics write (python/mlops_workbench/
// bundles.py builds them from the CLI's JSON), MLflow's own trace MIME type, and the messages between the renderer
// and the extension host (extension/notebook/rendererMessaging.ts). A trace output embeds the trace explorer, whose
// own contract (webviews/traceExplorer/contract.ts) travels inside `explorer` messages.
import type { VersionCard } from '../../core/registry/versionCard';
import type { ExplorerToHost, HostToExplorer } from '../traceExplorer/contract';

export const RENDERER_ID = 'mlops-workbench.renderer';

export const MIME = {
  runs: 'application/vnd.mlops.runs+json',
  metrics: 'application/vnd.mlops.metrics+json',
  drift: 'application/vnd.mlops.drift+json',
  modelVersion: 'application/vnd.mlops.model-version+json',
  /** `%mlops traces`: the CLI's `mlops traces --json` ({"traces": [TraceInfoV3], "next_page_token"}). */
  traces: 'application/vnd.mlops.traces+json',
  /** `%mlops trace ID`: the CLI's `mlops trace ID --json` ({"trace": {"trace_info", "data"}}). */
  trace: 'application/vnd.mlops.trace+json',
  /** What mlflow's own notebook display writes for a trace (core/traces/notebookTrace.ts reads every form). */
  mlflowTrace: 'application/databricks.mlflow.trace',
} as const;

export interface RunRow {
  run_id: string;
  run_name: string | null;
  experiment_id: string;
  status: string;
  start_time: number | null;
  end_time: number | null;
  metrics: Record<string, number>;
  params: Record<string, string>;
}

export interface RunsPayload {
  runs: RunRow[];
}

export interface MetricSeries {
  run_id: string;
  key: string;
  points: Array<{ step: number; value: number; timestamp: number }>;
}

export interface MetricsPayload {
  series: MetricSeries[];
}

export interface DriftColumn {
  name: string;
  column_type: 'num' | 'cat';
  stattest: string;
  threshold: number;
  drift_score: number;
  drift_detected: boolean;
}

export interface DriftPayload {
  reference: string;
  current: string;
  dataset_drift: boolean;
  share_of_drifted_columns: number;
  number_of_drifted_columns: number;
  number_of_columns: number;
  columns: DriftColumn[];
}

export type ModelVersionPayload = VersionCard;

/** Renderer → host. requestId pairs a reply with the card that asked; outputId pairs a trace output with its explorer. */
export type RendererToHost =
  | { type: 'revealRun'; runId: string }
  /** A trace output appeared: its MIME text (a whole trace, or ids to read from the notebook folder's store). */
  | { type: 'traceOutput'; outputId: string; text: string }
  | { type: 'explorer'; outputId: string; message: ExplorerToHost }
  | { type: 'traceOutputDisposed'; outputId: string }
  /** Open a trace of the notebook folder's store in the explorer panel (a row of `%mlops traces`). */
  | { type: 'openTrace'; traceId: string }
  | { type: 'promote'; requestId: string; model: string; version: string; stage: 'Staging' | 'Production' }
  | { type: 'setAlias'; requestId: string; model: string; version: string };

/** Host → renderer. */
export type HostToRenderer =
  | { type: 'explorer'; outputId: string; message: HostToExplorer }
  | { type: 'cardUpdated'; requestId: string; card: ModelVersionPayload; message: string }
  | { type: 'actionEnded'; requestId: string; message: string; failed: boolean };
