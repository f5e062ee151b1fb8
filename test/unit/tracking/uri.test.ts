import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseTrackingUri, resolveTrackingUri, TrackingUriError } from '../../../core/tracking/uri';

const folder = mkdtempSync(join(tmpdir(), 'mlops-uri-'));
after(() => rmSync(folder, { recursive: true, force: true }));

test('sqlite URIs follow SQLAlchemy: three slashes relative, four absolute', () => {
  assert.deepEqual(parseTrackingUri('sqlite:///mlflow.db', '/work/p'), {
    kind: 'sqlite',
    path: '/work/p/mlflow.db',
    uri: 'sqlite:///mlflow.db',
  });
  assert.equal(parseTrackingUri('sqlite:////tmp/x/mlflow.db', '/w').kind === 'sqlite', true);
  assert.equal((parseTrackingUri('sqlite:////tmp/x/mlflow.db', '/w') as { path: string }).path, '/tmp/x/mlflow.db');
});

test('plain paths and file: URIs are file stores, http(s) is REST', () => {
  assert.deepEqual(parseTrackingUri('./mlruns', '/w'), { kind: 'file', root: '/w/mlruns', uri: './mlruns' });
  assert.equal((parseTrackingUri('file:///data/my%20runs', '/w') as { root: string }).root, '/data/my runs');
  assert.deepEqual(parseTrackingUri('http://127.0.0.1:5000/', '/w'), {
    kind: 'rest',
    baseUrl: 'http://127.0.0.1:5000',
    uri: 'http://127.0.0.1:5000/',
  });
});

test('unsupported schemes say what to use instead', () => {
  assert.throws(() => parseTrackingUri('postgresql://u@h/db', '/w'), TrackingUriError);
  assert.throws(() => parseTrackingUri('postgresql://u@h/db', '/w'), /http\(s\)/);
});

test('setting beats environment beats autodetect; mlflow.db is found before mlruns/', () => {
  mkdirSync(join(folder, 'mlruns'));
  writeFileSync(join(folder, 'mlflow.db'), '');
  const env = { MLFLOW_TRACKING_URI: 'http://h:5000' };
  assert.deepEqual(resolveTrackingUri({ setting: './x', env, folder }), { uri: './x', source: 'setting' });
  assert.deepEqual(resolveTrackingUri({ env, folder }), { uri: 'http://h:5000', source: 'env' });
  assert.deepEqual(resolveTrackingUri({ env: {}, folder }), { uri: `sqlite:///${folder}/mlflow.db`, source: 'autodetect' });
  assert.equal(resolveTrackingUri({ env: {} }), undefined);
});
