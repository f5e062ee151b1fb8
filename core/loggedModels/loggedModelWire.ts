// MLflow's REST JSON for logged models (service.proto LoggedModel: info + data, read from a server) and the flat
// shape `mlops logged-models --json` prints (one object per model with its metrics, params and tags maps).
import { fromWireDouble, wireDouble } from '../tracking/rest/wire';
import { type LoggedModel, loggedModelStatus } from './loggedModel';

interface WireKeyValue {
  key?: string;
  value?: string;
}

export interface WireLoggedModel {
  info?: {
    model_id?: string;
    experiment_id?: string;
    name?: string;
    creation_timestamp_ms?: number | string;
    last_updated_timestamp_ms?: number | string;
    artifact_uri?: string;
    status?: string;
    model_type?: string;
    source_run_id?: string;
    status_message?: string;
    tags?: WireKeyValue[];
  };
  data?: {
    params?: WireKeyValue[];
    metrics?: Array<{
      key?: string;
      value?: number | string;
      timestamp?: number | string;
      step?: number | string;
      run_id?: string;
      dataset_name?: string;
      dataset_digest?: string;
    }>;
  };
}

export function loggedModelFromWire(wire: WireLoggedModel): LoggedModel | undefined {
  const info = wire.info;
  if (!info?.model_id) return undefined;
  return {
    modelId: info.model_id,
    name: info.name ?? '',
    experimentId: info.experiment_id ?? '',
    sourceRunId: info.source_run_id || null,
    status: loggedModelStatus(info.status),
    statusMessage: info.status_message || null,
    creationTimestampMs: Number(info.creation_timestamp_ms ?? 0),
    lastUpdatedTimestampMs: info.last_updated_timestamp_ms === undefined ? null : Number(info.last_updated_timestamp_ms),
    artifactLocation: info.artifact_uri ?? '',
    modelType: info.model_type || null,
    metrics: (wire.data?.metrics ?? []).map((m) => ({
      key: m.key ?? '',
      value: fromWireDouble(m.value),
      step: Number(m.step ?? 0),
      timestamp: Number(m.timestamp ?? 0),
      runId: m.run_id || null,
      datasetName: m.dataset_name || null,
      datasetDigest: m.dataset_digest || null,
    })),
    params: pairs(wire.data?.params),
    tags: pairs(info.tags),
  };
}

function pairs(list: WireKeyValue[] | undefined): Record<string, string> {
  return Object.fromEntries((list ?? []).filter((kv) => kv.key !== undefined).map((kv) => [kv.key!, kv.value ?? '']));
}

/** The CLI's JSON for one model. */
export interface LoggedModelJson {
  model_id: string;
  name: string;
  experiment_id: string;
  source_run_id: string | null;
  status: string;
  creation_timestamp_ms: number;
  metrics: Array<{ key: string; value: number | string; step: number; dataset_name: string | null }>;
  params: Record<string, string>;
  tags: Record<string, string>;
}

export function loggedModelToJson(model: LoggedModel): LoggedModelJson {
  return {
    model_id: model.modelId,
    name: model.name,
    experiment_id: model.experimentId,
    source_run_id: model.sourceRunId,
    status: model.status,
    creation_timestamp_ms: model.creationTimestampMs,
    metrics: model.metrics.map((m) => ({ key: m.key, value: wireDouble(m.value), step: m.step, dataset_name: m.datasetName })),
    params: model.params,
    tags: model.tags,
  };
}
