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

test('sqlite and REST stores: only a local file: artifact URI is listed', () => {
  const local = join(root, 'artifacts-here');
  assert.deepEqual(artifactFolder('sqlite', '/x/mlflow.db', info(pathToFileURL(local).href)), { kind: 'local', path: local });
  const remote = artifactFolder('sqlite', '/x/mlflow.db', info('mlflow-artifacts:/1/r1/artifacts'));
  assert.equal(remote.kind, 'unavailable');
  assert.match(remote.kind === 'unavailable' ? remote.reason : '', /mlflow-artifacts:\/1\/r1\/artifacts.*not a local folder/);
  assert.deepEqual(listArtifacts(join(root, 'missing')), []);
});
