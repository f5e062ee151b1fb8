// Writes the demo's runs and registry into a new mlflow.db with MLflow's own schema, the way `mlflow server`
// leaves it: NaN as value 0 with is_nan 1, latest_metrics maintained next to the full history.
import { openSqlite, type SqlDatabase } from '../sqlite/driver';
import { MLFLOW_SQLITE_HEAD, MLFLOW_SQLITE_SCHEMA } from '../tracking/sqliteSchema';
import type { DemoRegistry } from './registryModels';
import type { DemoMetricPoint, DemoRun, DemoTracking } from './trainingRuns';

export function writeMlflowDb(path: string, tracking: DemoTracking, registry: DemoRegistry): void {
  const db = openSqlite(path);
  try {
    for (const statement of MLFLOW_SQLITE_SCHEMA) db.exec(statement);
    db.transaction(() => {
      db.prepare('INSERT INTO alembic_version (version_num) VALUES (?)').run(MLFLOW_SQLITE_HEAD);
      writeExperiments(db, tracking);
      for (const run of tracking.runs) writeRun(db, run);
      writeRegistry(db, registry);
    });
  } finally {
    db.close();
  }
}

function writeExperiments(db: SqlDatabase, tracking: DemoTracking): void {
  const insert = db.prepare(
    'INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const tag = db.prepare('INSERT INTO experiment_tags (key, value, experiment_id) VALUES (?, ?, ?)');
  for (const e of tracking.experiments) {
    insert.run(Number(e.experimentId), e.name, `mlflow-artifacts:/${e.experimentId}`, 'active', e.creationTime, e.creationTime);
    for (const [key, value] of Object.entries(e.tags)) tag.run(key, value, Number(e.experimentId));
  }
}

function writeRun(db: SqlDatabase, run: DemoRun): void {
  db.prepare(
    `INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time,
       source_version, lifecycle_stage, artifact_uri, experiment_id, deleted_time)
     VALUES (?, ?, 'LOCAL', '', '', ?, ?, ?, ?, '', 'active', ?, ?, NULL)`,
  ).run(
    run.runId,
    run.name,
    run.user,
    run.status,
    run.startTime,
    run.endTime,
    `mlflow-artifacts:/${run.experimentId}/${run.runId}/artifacts`,
    Number(run.experimentId),
  );
  const param = db.prepare('INSERT INTO params (key, value, run_uuid) VALUES (?, ?, ?)');
  for (const [key, value] of Object.entries(run.params)) param.run(key, value, run.runId);
  const tag = db.prepare('INSERT INTO tags (key, value, run_uuid) VALUES (?, ?, ?)');
  for (const [key, value] of Object.entries(run.tags)) tag.run(key, value, run.runId);
  const metric = db.prepare('INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, ?, ?)');
  for (const point of run.metrics) {
    const isNan = Number.isNaN(point.value);
    metric.run(point.key, isNan ? 0 : point.value, point.timestamp, run.runId, point.step, isNan ? 1 : 0);
  }
  const latest = db.prepare('INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, ?, ?, ?, ?)');
  for (const point of latestPerKey(run.metrics)) {
    const isNan = Number.isNaN(point.value);
    latest.run(point.key, isNan ? 0 : point.value, point.timestamp, point.step, isNan ? 1 : 0, run.runId);
  }
}

/** MLflow's "latest": the maximum by (step, timestamp, value) per key. */
export function latestPerKey(points: readonly DemoMetricPoint[]): DemoMetricPoint[] {
  const latest = new Map<string, DemoMetricPoint>();
  for (const point of points) {
    const current = latest.get(point.key);
    if (!current || compareLatest(point, current) > 0) latest.set(point.key, point);
  }
  return [...latest.values()];
}

function compareLatest(a: DemoMetricPoint, b: DemoMetricPoint): number {
  return a.step - b.step || a.timestamp - b.timestamp || (Number.isNaN(a.value) ? -1 : a.value - b.value);
}

function writeRegistry(db: SqlDatabase, registry: DemoRegistry): void {
  const model = db.prepare('INSERT INTO registered_models (name, creation_time, last_updated_time, description) VALUES (?, ?, ?, ?)');
  const modelTag = db.prepare('INSERT INTO registered_model_tags (key, value, name) VALUES (?, ?, ?)');
  const version = db.prepare(
    `INSERT INTO model_versions (name, version, creation_time, last_updated_time, description, user_id, current_stage,
       source, run_id, status, status_message, run_link, storage_location)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'READY', NULL, '', ?)`,
  );
  const versionTag = db.prepare('INSERT INTO model_version_tags (key, value, name, version) VALUES (?, ?, ?, ?)');
  const alias = db.prepare('INSERT INTO registered_model_aliases (alias, version, name) VALUES (?, ?, ?)');
  for (const m of registry.models) {
    model.run(m.name, m.creationTime, m.lastUpdatedTime, m.description);
    for (const [key, value] of Object.entries(m.tags)) modelTag.run(key, value, m.name);
    for (const v of m.versions) {
      version.run(m.name, v.version, v.creationTime, v.lastUpdatedTime, v.description, 'demo', v.stage, v.source, v.runId, v.source);
      for (const [key, value] of Object.entries(v.tags)) versionTag.run(key, value, m.name, v.version);
    }
    for (const [name, target] of Object.entries(m.aliases)) alias.run(name, target, m.name);
  }
}
