// Temp copies of the registry fixtures and small real stores seeded the way MLflow writes them.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite, type SqlDatabase } from '../../core/sqlite/driver';
import { MLFLOW_SQLITE_HEAD, MLFLOW_SQLITE_SCHEMA } from '../../core/tracking/sqliteSchema';

export const REGISTRY_FIXTURES = join(__dirname, '..', 'fixtures', 'registry');

export interface TempDir {
  path: string;
  remove(): void;
}

export function tempDir(prefix: string): TempDir {
  const path = mkdtempSync(join(tmpdir(), `mlops-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A digest of every folder and file (names and bytes) under `folder`: equal digests mean nothing was written. */
export function treeDigest(folder: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      hash.update(`${path}\0${entry.isDirectory() ? 'dir' : 'file'}\0`);
      if (entry.isDirectory()) walk(path);
      else hash.update(readFileSync(path));
    }
  };
  walk(folder);
  return hash.digest('hex');
}

/** Copies test/fixtures/registry/<name> into `dir` and returns the copy's path. */
export function copyFixture(name: string, dir: string): string {
  const target = join(dir, name);
  cpSync(join(REGISTRY_FIXTURES, name), target, { recursive: true });
  return target;
}

/** A clock the stores read, so a test knows the exact timestamps MLflow's rules should produce. */
export class TestClock {
  constructor(public value = 1_800_000_000_000) {}
  now = (): number => this.value;
  tick(): number {
    this.value += 1000;
    return this.value;
  }
}

/** An empty store at MLflow's head schema (with `workspace` columns), as `mlflow server` creates it. */
export function createHeadStore(path: string): SqlDatabase {
  const db = openSqlite(path);
  for (const statement of MLFLOW_SQLITE_SCHEMA) db.exec(statement);
  db.prepare('INSERT INTO alembic_version (version_num) VALUES (?)').run(MLFLOW_SQLITE_HEAD);
  return db;
}

export interface SeedVersion {
  version: number;
  stage?: string;
  runId: string;
  metrics?: Record<string, number>;
}

/** Inserts an experiment's run with metrics and a registered model with versions, rows as MLflow writes them. */
export function seedModel(db: SqlDatabase, name: string, versions: SeedVersion[], created = 1_700_000_000_000): void {
  const workspace = hasColumn(db, 'registered_models', 'workspace');
  const ws = (row: Record<string, string | number | null>) => (workspace ? { ...row, workspace: 'default' } : row);
  ensureExperiment(db);
  insert(db, 'registered_models', ws({ name, creation_time: created, last_updated_time: created, description: '' }));
  for (const v of versions) {
    insert(db, 'runs', {
      run_uuid: v.runId,
      name: `run-${v.version}`,
      source_type: 'LOCAL',
      source_name: '',
      entry_point_name: '',
      user_id: 'ci',
      status: 'FINISHED',
      start_time: created,
      end_time: created + 1,
      source_version: '',
      lifecycle_stage: 'active',
      artifact_uri: `/tmp/artifacts/${v.runId}`,
      experiment_id: 0,
    });
    for (const [key, value] of Object.entries(v.metrics ?? {})) {
      insert(db, 'metrics', { key, value, timestamp: created, run_uuid: v.runId, step: 0, is_nan: 0 });
      insert(db, 'latest_metrics', { key, value, timestamp: created, step: 0, is_nan: 0, run_uuid: v.runId });
    }
    insert(
      db,
      'model_versions',
      ws({
        name,
        version: v.version,
        creation_time: created + v.version,
        last_updated_time: created + v.version,
        description: '',
        user_id: null,
        current_stage: v.stage ?? 'None',
        source: `runs:/${v.runId}/model`,
        run_id: v.runId,
        status: 'READY',
        status_message: null,
        run_link: '',
        storage_location: `/tmp/artifacts/${v.runId}/model`,
      }),
    );
  }
}

function ensureExperiment(db: SqlDatabase): void {
  if (db.prepare('SELECT 1 FROM experiments WHERE experiment_id = 0').get()) return;
  const row: Record<string, string | number> = { experiment_id: 0, name: 'Default', artifact_location: '/tmp/artifacts', lifecycle_stage: 'active' };
  if (hasColumn(db, 'experiments', 'creation_time')) row.creation_time = 1_700_000_000_000;
  insert(db, 'experiments', row);
}

export function hasColumn(db: SqlDatabase, table: string, column: string): boolean {
  return db
    .prepare(`PRAGMA table_info(${table})`)
    .all()
    .some((r) => r.name === column);
}

export function insert(db: SqlDatabase, table: string, row: Record<string, string | number | null>): void {
  const keys = Object.keys(row);
  db.prepare(`INSERT INTO ${table} (${keys.map((k) => `"${k}"`).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`).run(...Object.values(row));
}

/** A head-schema store holding `fraud-detection` versions 1 and 2, both in stage None: the contract's starting point. */
export function createTwoVersionStore(path: string): void {
  const db = createHeadStore(path);
  seedModel(db, 'fraud-detection', [
    { version: 1, runId: 'a'.repeat(32) },
    { version: 2, runId: 'b'.repeat(32) },
  ]);
  db.close();
}

/** `fraud-detection` for gate tests: v1 in Production (accuracy 0.96), v2 better, v3 not better, v4 failing. */
export const GATE_VERSIONS: SeedVersion[] = [
  { version: 1, stage: 'Production', runId: '1'.repeat(32), metrics: { accuracy: 0.96, f1_score: 0.94 } },
  { version: 2, runId: '2'.repeat(32), metrics: { accuracy: 0.97, f1_score: 0.94 } },
  { version: 3, runId: '3'.repeat(32), metrics: { accuracy: 0.955, f1_score: 0.95 } },
  { version: 4, runId: '4'.repeat(32), metrics: { accuracy: 0.9 } },
];
