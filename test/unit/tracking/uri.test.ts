import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTrackingUri, TrackingUriError } from '../../../core/tracking/uri';

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
