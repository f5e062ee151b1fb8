// Severities of DVC findings follow what DVC 3.x does: `dvc repro` stops on a `file:key` params entry (it looks the
// whole text up in params.yaml), while a stale lock entry is only listed by `dvc status`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { projectChecker } from './helpers';

const run = projectChecker();

test('a cfg.yaml:key params entry is an error; a stale dvc.lock stage is information', () => {
  const yaml = 'stages:\n  train:\n    cmd: python train.py\n    params:\n      - cfg.yaml:model\n';
  const misread = run({ 'dvc.yaml': yaml, 'params.yaml': 'lr: 1\n', 'cfg.yaml': 'model: 2\n' }, 'dvc.yaml');
  assert.deepEqual(misread.map((d) => `${d.severity} ${d.code}`), ['error dvc-param-file-syntax']);
  assert.match(misread[0]!.message, /is read by DVC 3 as a key of params\.yaml, not as 'model' from 'cfg\.yaml', and `dvc repro` stops on it\./);
  const lock = "schema: '2.0'\nstages:\n  train:\n    cmd: python old.py\n  gone:\n    cmd: x\n";
  const stale = run({ 'dvc.yaml': 'stages:\n  train:\n    cmd: python train.py\n', 'dvc.lock': lock }, 'dvc.lock');
  assert.deepEqual(stale.map((d) => `${d.severity} ${d.code}`), ['information dvc-lock-stale', 'information dvc-lock-stale']);
});
