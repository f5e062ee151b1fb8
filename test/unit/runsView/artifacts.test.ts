import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { artifactFolder, listArtifacts } from '../../../core/runsView/artifacts';
import type { RunInfo } from '../../../core/tracking/store';

const root = mkdtempSync(join(tmpdir(), 'mlops-artifacts-'));
after(() => rmSync(root, { recursive: true, force: true }));

const info = (artifactUri: string): RunInfo => ({
  runId: 'r1',
  runName: 'r',
  experimentId: '3',
  userId: 'u',
  status: 'FINISHED',
  startTime: 0,
  endTime: 1,
  artifactUri,
  lifecycleStage: 'active',
});

test('file store: artifacts come from <mlruns>/<exp>/<run>/artifacts, never from the author-machine artifact_uri', () => {
  const mlruns = join(root, 'mlruns');
  const folder = join(mlruns, '3', 'r1', 'artifacts');
  mkdirSync(join(folder, 'model'), { recursive: true });
  writeFileSync(join(folder, 'b.txt'), 'b');
  writeFileSync(join(folder, 'a.txt'), 'a');
  const found = artifactFolder('file', mlruns, info('file:///C:/Users/someone/mlruns/3/r1/artifacts'));
  assert.deepEqual(found, { kind: 'local', path: folder });
  assert.deepEqual(
    listArtifacts(folder).map((a) => [a.name, a.isDirectory]),
    [
      ['model', true],
      ['a.txt', false],
      ['b.txt', false],
    ],
  );
  assert.equal(artifactFolder('file', join(root, 'elsewhere'), info('')).kind, 'unavailable');
});

test('sqlite stores: a local file: artifact URI inside the database folder is listed; REST and remote URIs are not', () => {
  const local = join(root, 'artifacts-here');
  const db = join(root, 'mlflow.db');
  assert.deepEqual(artifactFolder('sqlite', db, info(pathToFileURL(local).href)), { kind: 'local', path: local });
  const remote = artifactFolder('sqlite', db, info('mlflow-artifacts:/1/r1/artifacts'));
  assert.equal(remote.kind, 'unavailable');
  assert.match(remote.kind === 'unavailable' ? remote.reason : '', /mlflow-artifacts:\/1\/r1\/artifacts.*not a local folder/);
  const server = artifactFolder('rest', 'http://127.0.0.1:5000', info(pathToFileURL(local).href));
  assert.match(server.kind === 'unavailable' ? server.reason : '', /tracking server's machine/);
  assert.deepEqual(listArtifacts(join(root, 'missing')), []);
});

test('artifact locations from store data never lead outside the store: hostile artifact_uri and run ids', () => {
  const store = join(root, 'project');
  mkdirSync(join(store, 'mlruns'), { recursive: true });
  const elsewhere = join(root, 'elsewhere-secrets');
  mkdirSync(elsewhere, { recursive: true });
  const db = join(store, 'mlflow.db');
  for (const uri of [pathToFileURL(elsewhere).href, 'file:///etc', `${pathToFileURL(store).href}/../elsewhere-secrets`]) {
    const found = artifactFolder('sqlite', db, info(uri));
    assert.equal(found.kind, 'unavailable', uri);
    assert.match(found.kind === 'unavailable' ? found.reason : '', /outside the database's folder/);
  }
  // A meta.yaml whose run_id climbs out of mlruns/ (the folder layout is read from store data too).
  mkdirSync(join(root, 'r1', 'artifacts'), { recursive: true });
  const climbing = artifactFolder('file', join(store, 'mlruns'), { ...info(''), runId: '../../../r1', experimentId: '3' });
  assert.equal(climbing.kind, 'unavailable');
  assert.match(climbing.kind === 'unavailable' ? climbing.reason : '', /outside/);
});
