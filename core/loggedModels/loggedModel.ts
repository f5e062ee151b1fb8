// MLflow 3's LoggedModel (mlflow/entities/logged_model.py): a model logged by a run (`mlflow.<flavor>.log_model`)
// with its own id `m-<32 hex>`, status, params, tags and metrics that may name the dataset they were computed on.
// One interface over the three stores, as for runs and traces.
import type { Page, StoreKind, StoreWarning } from '../tracking/store';

/** service.proto LoggedModelStatus; the SQL and file stores keep its number (0–3). */
export type LoggedModelStatus = 'LOGGED_MODEL_STATUS_UNSPECIFIED' | 'LOGGED_MODEL_PENDING' | 'LOGGED_MODEL_READY' | 'LOGGED_MODEL_UPLOAD_FAILED';

export const LOGGED_MODEL_STATUS_BY_NUMBER: readonly LoggedModelStatus[] = [
  'LOGGED_MODEL_STATUS_UNSPECIFIED',
  'LOGGED_MODEL_PENDING',
  'LOGGED_MODEL_READY',
  'LOGGED_MODEL_UPLOAD_FAILED',
];

export function loggedModelStatus(value: unknown): LoggedModelStatus {
  if (typeof value === 'number' || (typeof value === 'string' && /^\d$/.test(value))) return LOGGED_MODEL_STATUS_BY_NUMBER[Number(value)] ?? 'LOGGED_MODEL_STATUS_UNSPECIFIED';
  return typeof value === 'string' && (LOGGED_MODEL_STATUS_BY_NUMBER as readonly string[]).includes(value)
    ? (value as LoggedModelStatus)
    : 'LOGGED_MODEL_STATUS_UNSPECIFIED';
}

export interface LoggedModelMetric {
  key: string;
  value: number;
  step: number;
  timestamp: number;
  runId: string | null;
  /** The evaluation dataset the value was computed on, when the run logged it with one. */
  datasetName: string | null;
  datasetDigest: string | null;
}

export interface LoggedModel {
  modelId: string;
  name: string;
  experimentId: string;
  sourceRunId: string | null;
  status: LoggedModelStatus;
  statusMessage: string | null;
  creationTimestampMs: number;
  lastUpdatedTimestampMs: number | null;
  /** As recorded; it names the machine that logged the model and is only shown. */
  artifactLocation: string;
  modelType: string | null;
  metrics: LoggedModelMetric[];
  params: Record<string, string>;
  tags: Record<string, string>;
}

export interface SearchLoggedModelsRequest {
  experimentIds: string[];
  maxResults?: number;
  pageToken?: string;
}

export const SEARCH_LOGGED_MODELS_DEFAULT_MAX_RESULTS = 100;

export interface LoggedModelStore {
  readonly kind: StoreKind;
  readonly location: string;
  readonly warnings: readonly StoreWarning[];
  /** Active models of the experiments, newest first (creation time DESC, then model id). */
  searchLoggedModels(request: SearchLoggedModelsRequest): Promise<Page<LoggedModel>>;
  /** Throws StoreError NOT_FOUND when there is no such model. */
  getLoggedModel(modelId: string): Promise<LoggedModel>;
  /** The models a run produced: its source_run_id, or the run's recorded outputs. */
  modelsOfRun(runId: string, experimentId: string): Promise<LoggedModel[]>;
  close(): Promise<void>;
}

/** MLflow's order for search_logged_models without order_by: newest first. */
export function compareLoggedModels(a: LoggedModel, b: LoggedModel): number {
  return b.creationTimestampMs - a.creationTimestampMs || (a.modelId < b.modelId ? -1 : a.modelId > b.modelId ? 1 : 0);
}

const MODEL_ID = /(?:^models:\/|\/models\/)(m-[0-9a-f]{32})(?:\/|$)/;

/**
 * The logged model behind a registered model version: its model_id when the store records it, else the
 * `models:/m-…` source MLflow 3 registers, else a source path inside `<experiment>/models/m-…/artifacts`.
 */
export function loggedModelIdOf(version: { modelId: string | null; source: string; storageLocation?: string | null }): string | null {
  if (version.modelId) return version.modelId;
  for (const uri of [version.source, version.storageLocation ?? '']) {
    const match = MODEL_ID.exec(uri);
    if (match) return match[1]!;
  }
  return null;
}
