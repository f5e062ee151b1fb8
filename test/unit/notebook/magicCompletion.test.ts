import assert from 'node:assert/strict';
import { test } from 'node:test';
import { completeMagicLine, wantsModelNames } from '../../../core/notebook/magicCompletion';

const labels = (prefix: string, models: string[] = []) => completeMagicLine(prefix, models).map((c) => c.label);

test('subcommands after %mlops, validate after %%mlops, nothing on other lines', () => {
  assert.deepEqual(labels('%mlops '), ['runs', 'traces', 'trace', 'plot', 'drift', 'model', 'promote']);
  assert.deepEqual(labels('%mlops ru'), ['runs', 'traces', 'trace', 'plot', 'drift', 'model', 'promote']);
  assert.deepEqual(labels('%mlops traces --'), ['--experiment', '--filter', '--order-by', '--max-results']);
  assert.deepEqual(labels('%%mlops '), ['validate']);
  assert.deepEqual(labels('import os'), []);
  assert.deepEqual(labels('%mlops'), []);
  assert.deepEqual(labels('%mlops nope '), []);
});

test('flags of the subcommand; no completion where a flag expects its value', () => {
  assert.deepEqual(labels('%mlops runs --'), ['--experiment', '--filter', '--order-by', '--max-results']);
  assert.deepEqual(labels('%mlops runs --experiment '), []);
  assert.deepEqual(labels('%mlops plot abc --'), ['--metric']);
});

test('model names, then stages for promote; --as file names for validate', () => {
  assert.equal(wantsModelNames('%mlops model '), true);
  assert.equal(wantsModelNames('%mlops runs '), false);
  assert.deepEqual(labels('%mlops model ', ['fraud-detection', 'churn']), ['fraud-detection', 'churn']);
  assert.deepEqual(labels('%mlops promote fraud-detection 2 ', []), ['Staging', 'Production', 'Archived']);
  assert.deepEqual(labels('%mlops promote fraud-detection 2 Production --'), ['--archive-existing', '--alias', '--override-reason']);
  assert.ok(labels('%%mlops validate --as ').includes('dvc.yaml'));
});
