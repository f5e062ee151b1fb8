import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openSqlite } from '../../../core/sqlite/driver';
import { MLFLOW_SQLITE_HEAD, MLFLOW_SQLITE_SCHEMA } from '../../../core/tracking/sqliteSchema';

const dir = mkdtempSync(join(tmpdir(), 'mlops-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('the MLflow schema creates the 53 tables of its alembic head', () => {
  const db = openSqlite(join(dir, 'mlflow.db'));
  for (const statement of MLFLOW_SQLITE_SCHEMA) db.exec(statement);
  db.prepare('INSERT INTO alembic_version (version_num) VALUES (?)').run(MLFLOW_SQLITE_HEAD);
  const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get();
  assert.equal(tables?.n, 53);
  db.close();
});

test('a transaction that throws leaves nothing behind', () => {
  const db = openSqlite(join(dir, 'tx.db'));
  db.exec('CREATE TABLE t (x INTEGER)');
  assert.throws(() =>
    db.transaction(() => {
      db.prepare('INSERT INTO t VALUES (1)').run();
      throw new Error('boom');
    }),
  );
  assert.equal(db.prepare('SELECT count(*) AS n FROM t').get()?.n, 0);
  db.close();
});

test('a read-only connection refuses writes', () => {
  const path = join(dir, 'ro.db');
  const rw = openSqlite(path);
  rw.exec('CREATE TABLE t (x INTEGER)');
  rw.close();
  const ro = openSqlite(path, { readonly: true });
  assert.throws(() => ro.exec('INSERT INTO t VALUES (1)'), /readonly/i);
  ro.close();
});
