// Child process for the concurrency test: writes runs with metrics into an MLflow SQLite store as fast as it can,
// as a training job logging through MLflow would, until the parent says "stop" over IPC. Reports what it wrote.
import { randomUUID } from 'node:crypto';
import { openSqlite } from '../../../core/sqlite/driver';

const [path] = process.argv.slice(2);
const db = openSqlite(path!, { busyTimeoutMs: 30_000 });
const insertRun = db.prepare(
  "INSERT INTO runs (run_uuid, name, source_type, user_id, status, start_time, lifecycle_stage, artifact_uri, experiment_id) VALUES (?, ?, 'LOCAL', 'writer', 'RUNNING', ?, 'active', '/tmp/a', 0)",
);
const insertMetric = db.prepare('INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, ?, 0)');
const upsertLatest = db.prepare('INSERT OR REPLACE INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, ?, ?, 0, ?)');

let stop = false;
let runs = 0;
let metrics = 0;
process.on('message', (message) => {
  if (message === 'stop') stop = true;
});

function batch(): void {
  if (stop) {
    db.close();
    process.send?.({ runs, metrics }, () => process.exit(0));
    return;
  }
  const runId = randomUUID().replace(/-/g, '');
  db.transaction(() => {
    insertRun.run(runId, `writer-${runs}`, Date.now());
    for (let step = 0; step < 10; step++) {
      insertMetric.run('loss', 1 / (step + 1), Date.now(), runId, step);
      upsertLatest.run('loss', 1 / (step + 1), Date.now(), step, runId);
    }
  });
  runs += 1;
  metrics += 10;
  if (runs === 1) process.send?.('started');
  setImmediate(batch);
}
batch();
