// Writes one set of experiments and runs twice: as an MLflow file store (mlruns/) and as an mlflow.db in MLflow's
// schema, each the way MLflow itself lays it out, so stores can be compared on identical data.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runMetaYaml } from '../../core/demo/mlrunsFolder';
import { openSqlite } from '../../core/sqlite/driver';
import { latestMetric } from '../../core/tracking/file/metricFile';
import { MLFLOW_SQLITE_HEAD, MLFLOW_SQLITE_SCHEMA } from '../../core/tracking/sqliteSchema';
import type { LifecycleStage, Metric, RunStatus } from '../../core/tracking/store';

export interface GeneratedExperiment {
  experimentId: string;
  name: string;
  lifecycleStage: LifecycleStage;
  creationTime: number;
}

export interface GeneratedRun {
  runId: string;
  experimentId: string;
  runName: string;
  status: RunStatus;
  startTime: number;
  endTime: number | null;
  userId: string;
  lifecycleStage: LifecycleStage;
  /** Full histories, in logging order. */
  metrics: Record<string, Array<Omit<Metric, 'key'>>>;
  params: Record<string, string>;
  tags: Record<string, string>;
  /** Dataset inputs (MLflow >= 2.4), with the mlflow.data.context input tag when given. */
  datasets?: Array<{ name: string; digest: string; context?: string }>;
}

export interface GeneratedData {
  experiments: GeneratedExperiment[];
  runs: GeneratedRun[];
}

/** Python's repr of a float in metric files: nan, inf, -inf. */
function pyFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  return String(value);
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

export function writeMlruns(root: string, data: GeneratedData): void {
  const folderOf = new Map<string, string>();
  for (const experiment of data.experiments) {
    const dir =
      experiment.lifecycleStage === 'deleted'
        ? join(root, '.trash', experiment.experimentId)
        : join(root, experiment.experimentId);
    folderOf.set(experiment.experimentId, dir);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'meta.yaml'),
      [
        `artifact_location: ${pathToFileURL(dir).href}`,
        `creation_time: ${experiment.creationTime}`,
        `experiment_id: '${experiment.experimentId}'`,
        `last_update_time: ${experiment.creationTime}`,
        `lifecycle_stage: ${experiment.lifecycleStage}`,
        `name: ${experiment.name}`,
        '',
      ].join('\n'),
    );
  }
  for (const run of data.runs) {
    const dir = join(folderOf.get(run.experimentId)!, run.runId);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'meta.yaml'),
      runMetaYaml({ ...run, artifactUri: `file:///C:/Users/someone/mlruns/${run.experimentId}/${run.runId}/artifacts` }),
    );
    for (const [key, history] of Object.entries(run.metrics)) {
      const path = join(dir, 'metrics', key);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, history.map((m) => `${m.timestamp} ${pyFloat(m.value)} ${m.step}\n`).join(''));
    }
    for (const dataset of run.datasets ?? []) {
      const datasetId = `${dataset.name}-${dataset.digest}`;
      write(
        join(folderOf.get(run.experimentId)!, 'datasets', datasetId, 'meta.yaml'),
        `digest: ${dataset.digest}\nname: ${dataset.name}\nsource: '{}'\nsource_type: local\n`,
      );
      const tags = dataset.context === undefined ? 'tags: {}\n' : `tags:\n  mlflow.data.context: ${dataset.context}\n`;
      write(
        join(dir, 'inputs', `${datasetId}-in`, 'meta.yaml'),
        `destination_id: ${datasetId}\ndestination_type: RUN\nsource_id: ${datasetId}\nsource_type: DATASET\n${tags}`,
      );
    }
    for (const [folder, values] of [
      ['params', run.params],
      ['tags', { ...run.tags, 'mlflow.runName': run.runName }],
    ] as const) {
      for (const [key, value] of Object.entries(values)) {
        const path = join(dir, folder, key);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, value);
      }
    }
  }
}

const SQL_FLOAT_MAX = 1.7976931348623157e308;

/** MLflow's SQL encoding of a metric value: NaN as 0 with is_nan, ±inf clamped to ±max float. */
function sqlValue(value: number): [number, number] {
  if (Number.isNaN(value)) return [0, 1];
  if (value === Number.POSITIVE_INFINITY) return [SQL_FLOAT_MAX, 0];
  if (value === Number.NEGATIVE_INFINITY) return [-SQL_FLOAT_MAX, 0];
  return [value, 0];
}

export function writeMlflowDb(path: string, data: GeneratedData): void {
  mkdirSync(dirname(path), { recursive: true });
  const db = openSqlite(path);
  try {
    for (const statement of MLFLOW_SQLITE_SCHEMA) db.exec(statement);
    db.transaction(() => {
      db.prepare('INSERT INTO alembic_version (version_num) VALUES (?)').run(MLFLOW_SQLITE_HEAD);
      const experiment = db.prepare(
        'INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (?, ?, ?, ?, ?, ?)',
      );
      for (const e of data.experiments) {
        experiment.run(Number(e.experimentId), e.name, `mlflow-artifacts:/${e.experimentId}`, e.lifecycleStage, e.creationTime, e.creationTime);
      }
      const run = db.prepare(
        'INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time, source_version, lifecycle_stage, artifact_uri, experiment_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const metric = db.prepare('INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, ?, ?)');
      const latest = db.prepare(
        'INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, ?, ?, ?, ?)',
      );
      const param = db.prepare('INSERT INTO params (key, value, run_uuid) VALUES (?, ?, ?)');
      const tag = db.prepare('INSERT INTO tags (key, value, run_uuid) VALUES (?, ?, ?)');
      const dataset = db.prepare(
        "INSERT OR IGNORE INTO datasets (dataset_uuid, experiment_id, name, digest, dataset_source_type, dataset_source) VALUES (?, ?, ?, ?, 'local', '{}')",
      );
      const input = db.prepare(
        "INSERT INTO inputs (input_uuid, source_type, source_id, destination_type, destination_id) VALUES (?, 'DATASET', ?, 'RUN', ?)",
      );
      const inputTag = db.prepare("INSERT INTO input_tags (input_uuid, name, value) VALUES (?, 'mlflow.data.context', ?)");
      for (const r of data.runs) {
        run.run(
          r.runId,
          r.runName,
          'LOCAL',
          '',
          '',
          r.userId,
          r.status,
          r.startTime,
          r.endTime,
          '',
          r.lifecycleStage,
          `mlflow-artifacts:/${r.experimentId}/${r.runId}/artifacts`,
          Number(r.experimentId),
        );
        for (const [key, history] of Object.entries(r.metrics)) {
          for (const m of history) {
            const [value, isNan] = sqlValue(m.value);
            metric.run(key, value, m.timestamp, r.runId, m.step, isNan);
          }
          const last = latestMetric(history.map((m) => ({ key, ...m })));
          if (last) {
            const [value, isNan] = sqlValue(last.value);
            latest.run(key, value, last.timestamp, last.step, isNan, r.runId);
          }
        }
        for (const [key, value] of Object.entries(r.params)) param.run(key, value, r.runId);
        for (const [key, value] of Object.entries({ ...r.tags, 'mlflow.runName': r.runName })) tag.run(key, value, r.runId);
        for (const d of r.datasets ?? []) {
          const datasetId = `${r.experimentId}-${d.name}-${d.digest}`;
          dataset.run(datasetId, Number(r.experimentId), d.name, d.digest);
          input.run(`${r.runId}-${datasetId}`, datasetId, r.runId);
          if (d.context !== undefined) inputTag.run(`${r.runId}-${datasetId}`, d.context);
        }
      }
    });
  } finally {
    db.close();
  }
}

/** A small store with the awkward cases: NaN, ±inf, missing keys, keys with '/', ties, deleted runs and experiments. */
export function contractData(): GeneratedData {
  const experiments: GeneratedExperiment[] = [
    { experimentId: '0', name: 'Default', lifecycleStage: 'active', creationTime: 1_700_000_000_000 },
    { experimentId: '7', name: 'tuning', lifecycleStage: 'active', creationTime: 1_700_000_100_000 },
    { experimentId: '9', name: 'old-tuning', lifecycleStage: 'deleted', creationTime: 1_700_000_050_000 },
  ];
  const statuses: RunStatus[] = ['FINISHED', 'FAILED', 'RUNNING', 'KILLED', 'FINISHED', 'SCHEDULED'];
  const models = ['lr', 'LR', 'rf', 'xgboost', 'rf_2', 'lr'];
  const specials = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  const runs: GeneratedRun[] = [];
  for (let i = 0; i < 24; i++) {
    const experimentId = i < 2 ? '0' : i < 21 ? '7' : '9';
    const start = 1_700_000_200_000 + (i % 7) * 1000;
    const accuracy = i % 8 === 5 ? specials[i % 3]! : Math.round(((i * 37) % 100) * 10) / 1000;
    const history = [0, 1, 2].map((step) => ({ value: accuracy - (2 - step) * 0.01, timestamp: start + step * 10, step }));
    if (Number.isNaN(accuracy) || !Number.isFinite(accuracy)) history[2]!.value = accuracy;
    const metrics: GeneratedRun['metrics'] = { accuracy: history };
    if (i % 3 !== 0) metrics.loss = [{ value: (i % 5) / 4, timestamp: start, step: 0 }];
    if (i % 4 === 1) metrics['eval/f1'] = [{ value: i / 30, timestamp: start + 5, step: 3 }];
    const params: Record<string, string> = { model: models[i % models.length]!, seed: String(i % 3) };
    if (i % 5 === 2) delete params.seed;
    const tags: Record<string, string> = { team: i % 2 === 0 ? 'vision' : 'Vision' };
    if (i % 6 === 0) tags['mlflow.parentRunId'] = `run${String(i + 1).padStart(2, '0')}`;
    const datasets: GeneratedRun['datasets'] = [];
    if (i % 3 === 1) datasets.push({ name: 'wine', digest: 'd1', context: i % 2 === 0 ? 'train' : 'eval' });
    if (i % 4 === 2) datasets.push({ name: 'wine-v2', digest: 'd2' });
    runs.push({
      datasets,
      runId: `run${String(i).padStart(2, '0')}`,
      experimentId,
      runName: `run-${['amber', 'brisk', 'calm'][i % 3]}-${i}`,
      status: statuses[i % statuses.length]!,
      startTime: start,
      endTime: statuses[i % statuses.length] === 'RUNNING' ? null : start + 5000 + i,
      userId: i % 3 === 0 ? 'ana' : 'bo',
      lifecycleStage: i % 9 === 4 ? 'deleted' : 'active',
      metrics,
      params,
      tags,
    });
  }
  return { experiments, runs };
}

/** One experiment '0' holding `count` finished runs whose metrics and params `fill` provides (benchmarks). */
export function benchData(
  count: number,
  fill: (index: number) => { metrics: GeneratedRun['metrics']; params: Record<string, string> },
): GeneratedData {
  const runs: GeneratedRun[] = [];
  for (let i = 0; i < count; i++) {
    runs.push({
      runId: `r${String(i).padStart(7, '0')}`,
      experimentId: '0',
      runName: `run-${i}`,
      status: 'FINISHED',
      startTime: 1_700_000_000_000 + i * 100,
      endTime: 1_700_000_000_090 + i * 100,
      userId: 'bench',
      lifecycleStage: 'active',
      tags: {},
      ...fill(i),
    });
  }
  return { experiments: [{ experimentId: '0', name: 'Default', lifecycleStage: 'active', creationTime: 0 }], runs };
}
