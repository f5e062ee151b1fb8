import assert from 'node:assert/strict';
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FileRegistry } from '../../../core/registry/fileRegistry';
import { PromotionJournal, type PromotionEntry } from '../../../core/registry/journal';
import { AUDIT_TAGS, promote } from '../../../core/registry/promotion';
import { SqliteRegistry } from '../../../core/registry/sqliteRegistry';
import { openSqlite } from '../../../core/sqlite/driver';
import { copyFixture, createHeadStore, seedModel, tempDir } from '../../support/registryStores';
import { openUri } from '../../support/locations';

const dir = tempDir('concurrency');
const children: ChildProcess[] = [];
after(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  dir.remove();
});

const CHILDREN = join(__dirname, '..', '..', 'support', 'children');

test('200 promotions succeed while another process writes runs and metrics into the same mlflow.db', async () => {
  const path = join(dir.path, 'mlflow.db');
  const db = createHeadStore(path);
  seedModel(
    db,
    'fraud-detection',
    [1, 2, 3, 4].map((version) => ({ version, runId: String(version).repeat(32), metrics: { accuracy: 0.9 + version / 100 } })),
  );
  db.close();

  const writer = fork(join(CHILDREN, 'sqliteRunWriter.ts'), [path], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(writer);
  const reports: unknown[] = [];
  const started = new Promise<void>((resolve) => writer.on('message', (m) => (m === 'started' ? resolve() : reports.push(m))));
  await started;

  const registry = new SqliteRegistry(path, { busyTimeoutMs: 60_000 });
  const journal = new PromotionJournal(join(dir.path, '.mlops', 'promotions.jsonl'));
  const ctx = { registry, metrics: openUri(`sqlite:///${path}`).runMetrics, policy: undefined, journal, store: `sqlite:///${path}` };
  const stages = ['Staging', 'Production'];
  for (let i = 0; i < 200; i++) {
    const result = await promote(ctx, { model: 'fraud-detection', version: String((i % 4) + 1), stage: stages[i % 2]!, archiveExisting: true, actor: `p${i}` });
    assert.equal(result.version.stage, stages[i % 2]);
  }

  const done = new Promise<{ runs: number; metrics: number }>((resolve) => writer.on('message', (m) => resolve(m as { runs: number; metrics: number })));
  writer.send('stop');
  const written = await done;
  assert.ok(written.runs > 0);

  const check = openSqlite(path, { readonly: true });
  assert.equal(check.prepare('PRAGMA integrity_check').get()?.integrity_check, 'ok');
  assert.equal(check.prepare("SELECT count(*) AS n FROM runs WHERE name LIKE 'writer-%'").get()?.n, written.runs);
  assert.equal(check.prepare("SELECT count(*) AS n FROM metrics WHERE key = 'loss'").get()?.n, written.metrics);
  check.close();

  const entries = journal.entries() as PromotionEntry[];
  assert.equal(entries.length, 200);
  const versions = await registry.listVersions('fraud-detection');
  assert.deepEqual(
    Object.fromEntries(versions.map((v) => [v.version, v.stage])),
    entries.at(-1)!.after.stages,
  );
  for (const v of versions) {
    const last = entries.filter((e) => e.version === v.version).at(-1)!;
    assert.equal(v.tags[AUDIT_TAGS.by], last.actor);
    assert.equal(v.tags[AUDIT_TAGS.at], last.at);
  }
  registry.close();
});

test('a process killed while rewriting meta.yaml leaves the old or the new file, never a partial one', async () => {
  const root = join(copyFixture('iris-mlflow', join(dir.path, 'crash')), 'mlruns');
  const versionFile = join(root, 'models', 'SVMClassifier', 'version-1', 'meta.yaml');
  const original = readFileSync(versionFile, 'utf8');
  const descriptionA = `A ${'alpha '.repeat(4000)}`;
  const descriptionB = `B ${'beta '.repeat(5000)}`;
  const expected = new Set([original]);
  for (const description of [descriptionA, descriptionB]) {
    const probe = join(copyFixture('iris-mlflow', join(dir.path, `probe-${description[0]}`)), 'mlruns');
    await new FileRegistry(probe, { now: () => 1_800_000_000_000 }).updateVersionDescription('SVMClassifier', '1', description);
    expected.add(readFileSync(join(probe, 'models', 'SVMClassifier', 'version-1', 'meta.yaml'), 'utf8'));
  }
  assert.equal(expected.size, 3);

  for (let attempt = 0; attempt < 5; attempt++) {
    const child = spawn(process.execPath, ['--import', 'tsx', join(CHILDREN, 'metaWriter.ts'), root, 'SVMClassifier', descriptionA, descriptionB], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
    // Let it get into the middle of some later write before the kill; where exactly varies per attempt.
    await new Promise((resolve) => setTimeout(resolve, 5 + attempt * 7));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const text = readFileSync(versionFile, 'utf8');
    assert.ok(expected.has(text), `attempt ${attempt}: meta.yaml is ${text.length} bytes, not one of the complete versions`);
    const folder = join(root, 'models', 'SVMClassifier');
    assert.deepEqual(
      readdirSync(join(folder, 'version-1')).sort(),
      ['meta.yaml'],
    );
  }
});
