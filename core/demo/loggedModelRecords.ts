// The demo's logged models behind the fraud-detection runs (the registry's versions name them `models:/m-…`), and
// writers of MLflow 3 logged models as MLflow stores them: the logged_models, logged_model_metrics, logged_model_params and
// logged_model_tags tables with the run → model link in `inputs` (RUN_OUTPUT → MODEL_OUTPUT); and in mlruns/,
// <exp>/models/m-<hex>/ (meta.yaml with the status number, metrics lines `timestamp value step run_id dataset_name
// dataset_digest`, params/, tags/) with the run's outputs/<m-id>/meta.yaml.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LoggedModel } from '../loggedModels/loggedModel';
import { LOGGED_MODEL_STATUS_BY_NUMBER } from '../loggedModels/loggedModel';
import type { SqlDatabase } from '../sqlite/driver';
import type { DemoTracking } from './trainingRuns';

/** MLflow's model ids are `m-` and a uuid4's hex; the demo derives one from the run so the registry can name it. */
export function demoLoggedModelId(runId: string): string {
  return `m-${[...runId].reverse().join('')}`;
}

export function writeLoggedModelsToDb(db: SqlDatabase, models: readonly LoggedModel[]): void {
  const model = db.prepare(
    `INSERT INTO logged_models (model_id, experiment_id, name, artifact_location, creation_timestamp_ms,
       last_updated_timestamp_ms, status, lifecycle_stage, model_type, source_run_id, status_message)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)`,
  );
  const metric = db.prepare(
    `INSERT INTO logged_model_metrics (model_id, metric_name, metric_timestamp_ms, metric_step, metric_value, experiment_id,
       run_id, dataset_uuid, dataset_name, dataset_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const param = db.prepare('INSERT INTO logged_model_params (model_id, experiment_id, param_key, param_value) VALUES (?, ?, ?, ?)');
  const tag = db.prepare('INSERT INTO logged_model_tags (model_id, experiment_id, tag_key, tag_value) VALUES (?, ?, ?, ?)');
  const output = db.prepare(
    "INSERT INTO inputs (input_uuid, source_type, source_id, destination_type, destination_id, step) VALUES (?, 'RUN_OUTPUT', ?, 'MODEL_OUTPUT', ?, 0)",
  );
  for (const m of models) {
    const experimentId = Number(m.experimentId);
    model.run(
      m.modelId, experimentId, m.name, m.artifactLocation, m.creationTimestampMs, m.lastUpdatedTimestampMs ?? m.creationTimestampMs,
      LOGGED_MODEL_STATUS_BY_NUMBER.indexOf(m.status), m.modelType, m.sourceRunId, m.statusMessage,
    );
    for (const x of m.metrics) {
      const datasetUuid = x.datasetDigest === null ? null : `${x.datasetDigest}${'0'.repeat(24)}`.slice(0, 32);
      metric.run(m.modelId, x.key, x.timestamp, x.step, x.value, experimentId, x.runId, datasetUuid, x.datasetName, x.datasetDigest);
    }
    for (const [key, value] of Object.entries(m.params)) param.run(m.modelId, experimentId, key, value);
    for (const [key, value] of Object.entries(m.tags)) tag.run(m.modelId, experimentId, key, value);
    if (m.sourceRunId) output.run(m.modelId.slice(2), m.sourceRunId, m.modelId);
  }
}

export function writeLoggedModelsToMlruns(root: string, models: readonly LoggedModel[]): void {
  for (const m of models) {
    const dir = join(root, m.experimentId, 'models', m.modelId);
    write(
      join(dir, 'meta.yaml'),
      [
        `artifact_location: ${pathToFileURL(join(dir, 'artifacts')).href}`,
        `creation_timestamp: ${m.creationTimestampMs}`,
        `experiment_id: '${m.experimentId}'`,
        `last_updated_timestamp: ${m.lastUpdatedTimestampMs ?? m.creationTimestampMs}`,
        `model_id: ${m.modelId}`,
        `model_type: ${m.modelType ?? 'null'}`,
        `name: ${m.name}`,
        `source_run_id: ${m.sourceRunId ?? 'null'}`,
        `status: ${LOGGED_MODEL_STATUS_BY_NUMBER.indexOf(m.status)}`,
        `status_message: ${m.statusMessage ?? 'null'}`,
        '',
      ].join('\n'),
    );
    const lines = new Map<string, string[]>();
    for (const x of m.metrics) {
      const dataset = x.datasetName === null ? '' : ` ${x.datasetName} ${x.datasetDigest ?? ''}`;
      lines.set(x.key, [...(lines.get(x.key) ?? []), `${x.timestamp} ${x.value} ${x.step} ${x.runId ?? ''}${dataset}\n`]);
    }
    for (const [key, list] of lines) write(join(dir, 'metrics', key), list.join(''));
    for (const [key, value] of Object.entries(m.params)) write(join(dir, 'params', key), value);
    for (const [key, value] of Object.entries(m.tags)) write(join(dir, 'tags', key), value);
    if (m.sourceRunId) {
      write(
        join(root, m.experimentId, m.sourceRunId, 'outputs', m.modelId, 'meta.yaml'),
        `destination_id: ${m.modelId}\ndestination_type: MODEL_OUTPUT\nsource_id: ${m.modelId}\nsource_type: RUN_OUTPUT\nstep: 0\ntags: {}\n`,
      );
    }
  }
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
/** Logged models for the fraud-detection runs: the metrics they were registered on, with the dataset behind each. */
export function demoLoggedModels(tracking: DemoTracking): LoggedModel[] {
  return [...new Set(tracking.modelRunIds)].map((runId) => {
    const run = tracking.runs.find((r) => r.runId === runId)!;
    const final = (key: string) => run.metrics.filter((m) => m.key === key).at(-1);
    const metrics = ['accuracy', 'f1_score', 'val_loss'].flatMap((key) => {
      const point = final(key);
      return point ? [{ key, value: point.value, step: point.step, timestamp: point.timestamp, runId, datasetName: 'validation', datasetDigest: 'a1b2c3d4' }] : [];
    });
    const modelId = demoLoggedModelId(runId);
    return {
      modelId,
      name: 'model',
      experimentId: run.experimentId,
      sourceRunId: runId,
      status: 'LOGGED_MODEL_READY',
      statusMessage: null,
      creationTimestampMs: run.endTime ?? run.startTime,
      lastUpdatedTimestampMs: run.endTime ?? run.startTime,
      artifactLocation: `mlflow-artifacts:/${run.experimentId}/models/${modelId}/artifacts`,
      modelType: null,
      metrics,
      params: Object.fromEntries(Object.entries(run.params).slice(0, 5)),
      tags: { 'mlflow.user': run.user, 'mlflow.source.name': 'train.py', 'mlflow.source.type': 'LOCAL' },
    };
  });
}
