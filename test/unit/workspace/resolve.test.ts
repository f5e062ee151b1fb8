// The one resolver every view, the notebook and the CLI use: MLflow's order (setting or flag, MLFLOW_REGISTRY_URI for
// the registry, MLFLOW_TRACKING_URI, then the folder's own stores), over real folders in a temp directory.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ConnectionOptions } from '../../../core/workspace/location';
import { discoverStores, resolveFolder, resolveWorkspace } from '../../../core/workspace/resolve';

const root = mkdtempSync(join(tmpdir(), 'mlops-resolve-'));
after(() => rmSync(root, { recursive: true, force: true }));
const connection: ConnectionOptions = { rest: { token: 't' }, busyTimeoutMs: 100 };

function folder(name: string, stores: { db?: boolean; mlruns?: boolean }): string {
  const path = join(root, name);
  mkdirSync(path, { recursive: true });
  if (stores.db) writeFileSync(join(path, 'mlflow.db'), '');
  if (stores.mlruns) mkdirSync(join(path, 'mlruns'), { recursive: true });
  return path;
}

test('a folder without an explicit URI shows every store it holds, mlflow.db before mlruns/', () => {
  const both = folder('both', { db: true, mlruns: true });
  const { locations, problems, discoveryFolders } = resolveWorkspace({ folders: [{ path: both }], env: {}, role: 'tracking', connection });
  assert.deepEqual(
    locations.map((l) => [l.kind, l.key, l.source, l.folder]),
    [
      ['sqlite', `sqlite:///${both}/mlflow.db`, 'discovered', both],
      ['file', `file://${both}/mlruns`, 'discovered', both],
    ],
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(discoveryFolders, [both]);
  assert.deepEqual(locations[0]!.connection, connection, 'each location carries the credentials and options to open it');
  assert.deepEqual(discoverStores(folder('none', {})), []);
});

test('the setting beats MLFLOW_TRACKING_URI, which beats the folder; relative URIs resolve against the folder', () => {
  const ws = folder('explicit', { db: true });
  const env = { MLFLOW_TRACKING_URI: 'http://tracking:5000/' };
  const fromSetting = resolveWorkspace({ folders: [{ path: ws, explicitUri: ' ./runs ' }], env, role: 'tracking', connection });
  assert.deepEqual(fromSetting.locations.map((l) => [l.kind, l.key, l.source]), [['file', `file://${ws}/runs`, 'setting']]);
  assert.deepEqual(fromSetting.discoveryFolders, [], 'an explicit URI is not watched for new stores');
  const fromEnv = resolveWorkspace({ folders: [{ path: ws, explicitUri: '  ' }], env, role: 'tracking', connection });
  assert.deepEqual(fromEnv.locations.map((l) => [l.kind, l.key, l.source]), [['rest', 'http://tracking:5000', 'env']]);
});

test('the registry role reads MLFLOW_REGISTRY_URI before MLFLOW_TRACKING_URI; the tracking role never does', () => {
  const ws = folder('registry', {});
  const env = { MLFLOW_TRACKING_URI: 'http://tracking:5000', MLFLOW_REGISTRY_URI: 'sqlite:///registry.db' };
  assert.equal(resolveFolder({ folder: { path: ws }, env, role: 'registry', connection })?.uri, 'sqlite:///registry.db');
  assert.equal(resolveFolder({ folder: { path: ws }, env, role: 'tracking', connection })?.uri, 'http://tracking:5000');
  assert.equal(resolveFolder({ folder: { path: ws, explicitUri: './mlruns' }, env, role: 'registry', connection })?.uri, './mlruns');
  assert.equal(resolveFolder({ folder: { path: ws }, env: {}, role: 'registry', connection }), undefined);
});

test('two folders naming one store give one location, named by its first folder; a bad URI is a problem, not a throw', () => {
  const a = folder('a', { db: true });
  const b = folder('b', {});
  const { locations, problems } = resolveWorkspace({
    folders: [
      { path: a, name: 'a' },
      { path: b, name: 'b', explicitUri: `sqlite:///${a}/mlflow.db` },
      { path: join(root, 'c'), name: 'c', explicitUri: 'postgresql://u@h/db' },
    ],
    env: {},
    role: 'tracking',
    connection,
  });
  assert.deepEqual(locations.map((l) => [l.key, l.folderName]), [[`sqlite:///${a}/mlflow.db`, 'a']]);
  assert.equal(problems.length, 1);
  assert.match(problems[0]!.message, /^Cannot open tracking store postgresql:\/\/u@h\/db: Tracking URI scheme 'postgresql' is not supported/);
  const first = resolveFolder({ folder: { path: join(root, 'c'), explicitUri: 'postgresql://u@h/db' }, env: {}, role: 'tracking', connection });
  assert.ok(first && 'message' in first, 'one folder: the problem is the answer');
});

test('with no folder open only an explicit URI counts, and nothing is discovered in the stand-in directory', () => {
  const cwd = folder('cwd', { db: true });
  const none = resolveWorkspace({ folders: [], folderless: { path: cwd }, env: {}, role: 'tracking', connection });
  assert.deepEqual([none.locations, none.discoveryFolders], [[], []]);
  const named = resolveWorkspace({ folders: [], folderless: { path: cwd }, env: { MLFLOW_TRACKING_URI: 'sqlite:///x.db' }, role: 'tracking', connection });
  assert.deepEqual(named.locations.map((l) => l.key), [`sqlite:///${cwd}/x.db`]);
  assert.deepEqual(resolveWorkspace({ folders: [], env: { MLFLOW_TRACKING_URI: 'sqlite:///x.db' }, role: 'registry', connection }).locations, []);
});
