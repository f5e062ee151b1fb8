// The notebook renderer's contract: the four MIME payloads the `%mlops` magics write (python/mlops_workbench/
// bundles.py builds them from the CLI's JSON) and the messages between the renderer and the extension host
// (extension/notebook/rendererMessaging.ts).
import type { VersionCard } from '../../core/registry/versionCard';

export const RENDERER_ID = 'mlops-workbench.renderer';

export const MIME = {
  runs: 'application/vnd.mlops.runs+json',
  metrics: 'application/vnd.mlops.metrics+json',
  drift: 'application/vnd.mlops.drift+json',
  modelVersion: 'application/vnd.mlops.model-version+json',
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

/** Renderer → host. requestId pairs a reply with the card that asked. */
export type RendererToHost =
  | { type: 'revealRun'; runId: string }
  | { type: 'promote'; requestId: string; model: string; version: string; stage: 'Staging' | 'Production' }
  | { type: 'setAlias'; requestId: string; model: string; version: string };

/** Host → renderer. */
export type HostToRenderer =
  | { type: 'cardUpdated'; requestId: string; card: ModelVersionPayload; message: string }
  | { type: 'actionEnded'; requestId: string; message: string; failed: boolean };
