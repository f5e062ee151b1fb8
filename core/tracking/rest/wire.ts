// MLflow's REST JSON (mlflow/protos/service.proto rendered by protobuf's JSON mapping as MLflow's server does):
// snake_case fields, enums by name, int64 as numbers, empty fields omitted, and doubles that are not finite as the
// strings "NaN", "Infinity", "-Infinity". Used to read a tracking server and to print the CLI's JSON.
import type { DatasetInput, Experiment, LifecycleStage, Metric, Run, RunStatus, ViewType } from '../store';

export interface WireKeyValue {
  key: string;
  value?: string;
}

export interface WireMetric {
  key: string;
  value: number | string;
  timestamp: number;
  step?: number;
}

export interface WireExperiment {
  experiment_id: string;
  name?: string;
  artifact_location?: string;
  lifecycle_stage?: string;
  creation_time?: number;
  last_update_time?: number;
  tags?: WireKeyValue[];
}

export interface WireRunInfo {
  run_id?: string;
  run_uuid?: string;
  run_name?: string;
  experiment_id?: string;
  user_id?: string;
  status?: string;
  start_time?: number;
  end_time?: number;
  artifact_uri?: string;
  lifecycle_stage?: string;
}

export interface WireDatasetInput {
  tags?: WireKeyValue[];
  dataset?: { name?: string; digest?: string };
}

export interface WireRun {
  info: WireRunInfo;
  data?: { metrics?: WireMetric[]; params?: WireKeyValue[]; tags?: WireKeyValue[] };
  inputs?: { dataset_inputs?: WireDatasetInput[] };
}

/** service.proto ViewType names. */
export const WIRE_VIEW_TYPE: Record<ViewType, string> = {
  active: 'ACTIVE_ONLY',
  deleted: 'DELETED_ONLY',
  all: 'ALL',
};

export function wireDouble(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  return value;
}

export function fromWireDouble(value: number | string | undefined): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  return Number(value ?? 0);
}

export function metricToWire(metric: Metric): WireMetric {
  return { key: metric.key, value: wireDouble(metric.value), timestamp: metric.timestamp, step: metric.step };
}

export function metricFromWire(metric: WireMetric): Metric {
  return {
    key: metric.key,
    value: fromWireDouble(metric.value),
    timestamp: Number(metric.timestamp ?? 0),
    step: Number(metric.step ?? 0),
  };
}

export function experimentToWire(experiment: Experiment): WireExperiment {
  const wire: WireExperiment = {
    experiment_id: experiment.experimentId,
    name: experiment.name,
    artifact_location: experiment.artifactLocation,
    lifecycle_stage: experiment.lifecycleStage,
  };
  if (experiment.creationTime !== undefined) wire.creation_time = experiment.creationTime;
  if (experiment.lastUpdateTime !== undefined) wire.last_update_time = experiment.lastUpdateTime;
  if (experiment.tags.length > 0) wire.tags = experiment.tags.map((t) => ({ key: t.key, value: t.value }));
  return wire;
}

export function experimentFromWire(wire: WireExperiment): Experiment {
  const experiment: Experiment = {
    experimentId: String(wire.experiment_id),
    name: wire.name ?? '',
    artifactLocation: wire.artifact_location ?? '',
    lifecycleStage: stage(wire.lifecycle_stage),
    tags: (wire.tags ?? []).map((t) => ({ key: t.key, value: t.value ?? '' })),
  };
  if (wire.creation_time !== undefined) experiment.creationTime = Number(wire.creation_time);
  if (wire.last_update_time !== undefined) experiment.lastUpdateTime = Number(wire.last_update_time);
  return experiment;
}

/** A Run as MLflow's REST API returns it (run_uuid kept beside run_id, as MLflow still sends both). */
export function runToWire(run: Run): WireRun {
  const info: WireRunInfo = {
    run_id: run.info.runId,
    run_uuid: run.info.runId,
    run_name: run.info.runName,
    experiment_id: run.info.experimentId,
    user_id: run.info.userId,
    status: run.info.status,
    start_time: run.info.startTime,
    artifact_uri: run.info.artifactUri,
    lifecycle_stage: run.info.lifecycleStage,
  };
  if (run.info.endTime !== null) info.end_time = run.info.endTime;
  const wire: WireRun = { info, data: {} };
  const data = wire.data!;
  if (run.data.metrics.length > 0) data.metrics = run.data.metrics.map(metricToWire);
  if (run.data.params.length > 0) data.params = run.data.params.map((p) => ({ key: p.key, value: p.value }));
  if (run.data.tags.length > 0) data.tags = run.data.tags.map((t) => ({ key: t.key, value: t.value }));
  const inputs = run.inputs?.datasetInputs ?? [];
  if (inputs.length > 0) wire.inputs = { dataset_inputs: inputs.map(datasetInputToWire) };
  return wire;
}

function datasetInputToWire(input: DatasetInput): WireDatasetInput {
  const wire: WireDatasetInput = { dataset: { name: input.name, digest: input.digest } };
  if (input.context !== undefined) wire.tags = [{ key: 'mlflow.data.context', value: input.context }];
  return wire;
}

export function runFromWire(wire: WireRun): Run {
  const info = wire.info;
  const run: Run = {
    info: {
      runId: info.run_id ?? info.run_uuid ?? '',
      runName: info.run_name ?? '',
      experimentId: String(info.experiment_id ?? ''),
      userId: info.user_id ?? '',
      status: (info.status ?? 'RUNNING') as RunStatus,
      startTime: Number(info.start_time ?? 0),
      endTime: info.end_time === undefined || info.end_time === null ? null : Number(info.end_time),
      artifactUri: info.artifact_uri ?? '',
      lifecycleStage: stage(info.lifecycle_stage),
    },
    data: {
      metrics: (wire.data?.metrics ?? []).map(metricFromWire),
      params: (wire.data?.params ?? []).map((p) => ({ key: p.key, value: p.value ?? '' })),
      tags: (wire.data?.tags ?? []).map((t) => ({ key: t.key, value: t.value ?? '' })),
    },
  };
  const inputs = wire.inputs?.dataset_inputs ?? [];
  if (inputs.length > 0) {
    run.inputs = {
      datasetInputs: inputs.map((input) => {
        const dataset: DatasetInput = { name: input.dataset?.name ?? '', digest: input.dataset?.digest ?? '' };
        const context = input.tags?.find((t) => t.key === 'mlflow.data.context')?.value;
        if (context !== undefined) dataset.context = context;
        return dataset;
      }),
    };
  }
  return run;
}

function stage(value: string | undefined): LifecycleStage {
  return value === 'deleted' ? 'deleted' : 'active';
}
