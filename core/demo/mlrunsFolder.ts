// Writes runs as MLflow's FileStore lays them out (mlflow/store/tracking/file_store.py): <exp>/meta.yaml,
// <exp>/<run>/meta.yaml, metrics/<key> lines "timestamp value step", params/<key> and tags/<key> holding the value.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RUN_STATUS_BY_NUMBER, type RunStatus } from '../tracking/store';
import type { DemoRun, DemoTracking } from './trainingRuns';

// FileStore keeps RunStatus as its protobuf number.
const STATUS_NUMBER = Object.fromEntries(Object.entries(RUN_STATUS_BY_NUMBER).map(([n, s]) => [s, Number(n)])) as Record<RunStatus, number>;

export interface RunMetaFields {
  artifactUri: string;
  endTime: number | null;
  experimentId: string;
  lifecycleStage: 'active' | 'deleted';
  runId: string;
  runName: string;
  startTime: number;
  status: RunStatus;
  userId: string;
}

/** A run's meta.yaml exactly as MLflow's FileStore writes it (keys sorted, as PyYAML dumps them). */
export function runMetaYaml(run: RunMetaFields): string {
  return [
    `artifact_uri: ${run.artifactUri}`,
    `end_time: ${run.endTime ?? 'null'}`,
    "entry_point_name: ''",
    `experiment_id: '${run.experimentId}'`,
    `lifecycle_stage: ${run.lifecycleStage}`,
    `run_id: ${run.runId}`,
    `run_name: ${run.runName}`,
    `run_uuid: ${run.runId}`,
    "source_name: ''",
    'source_type: 4',
    "source_version: ''",
    `start_time: ${run.startTime}`,
    `status: ${STATUS_NUMBER[run.status]}`,
    'tags: []',
    `user_id: ${run.userId}`,
    '',
  ].join('\n');
}

export function writeMlrunsFolder(root: string, tracking: DemoTracking): void {
  for (const e of tracking.experiments) {
    const folder = join(root, e.experimentId);
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      join(folder, 'meta.yaml'),
      [
        `artifact_location: ${pathToFileURL(folder).href}`,
        `creation_time: ${e.creationTime}`,
        `experiment_id: '${e.experimentId}'`,
        `last_update_time: ${e.creationTime}`,
        'lifecycle_stage: active',
        `name: ${e.name}`,
        '',
      ].join('\n'),
    );
  }
  for (const run of tracking.runs) writeRun(join(root, run.experimentId, run.runId), run);
}

function writeRun(folder: string, run: DemoRun): void {
  mkdirSync(join(folder, 'artifacts', 'model'), { recursive: true });
  writeFileSync(join(folder, 'meta.yaml'), runMeta(folder, run));
  for (const [key, value] of Object.entries(run.params)) writeValue(join(folder, 'params', key), value);
  for (const [key, value] of Object.entries(run.tags)) writeValue(join(folder, 'tags', key), value);
  const lines = new Map<string, string[]>();
  for (const point of run.metrics) {
    const value = Number.isNaN(point.value) ? 'nan' : String(point.value);
    const list = lines.get(point.key) ?? [];
    list.push(`${point.timestamp} ${value} ${point.step}\n`);
    lines.set(point.key, list);
  }
  for (const [key, list] of lines) writeValue(join(folder, 'metrics', key), list.join(''));
  writeFileSync(join(folder, 'artifacts', 'model', 'MLmodel'), mlmodel(run));
  writeFileSync(join(folder, 'artifacts', 'confusion_matrix.txt'), 'predicted\\actual  legit  fraud\nlegit  9412  38\nfraud  21  529\n');
}

function runMeta(folder: string, run: DemoRun): string {
  return runMetaYaml({
    ...run,
    artifactUri: pathToFileURL(join(folder, 'artifacts')).href,
    lifecycleStage: 'active',
    runName: run.name,
    userId: run.user,
  });
}

function mlmodel(run: DemoRun): string {
  return [
    'artifact_path: model',
    'flavors:',
    '  python_function:',
    '    loader_module: mlflow.sklearn',
    '    python_version: 3.11.7',
    `run_id: ${run.runId}`,
    `utc_time_created: '${new Date(run.startTime).toISOString().replace('T', ' ').replace('Z', '')}'`,
    '',
  ].join('\n');
}

function writeValue(path: string, value: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, value);
}
