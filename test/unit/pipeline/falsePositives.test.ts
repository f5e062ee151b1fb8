// Regression files for issue 11, defect 10: valid files the validator used to reject. Each must come out without
// an error or a warning (a hint is allowed where the finding is style).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { detectFileKind } from '../../../core/pipeline/fileKind';
import { validateFile } from '../../../core/pipeline/validateFiles';

const root = join(__dirname, '../../fixtures/lsp/regressions');

function findings(name: string): string[] {
  const path = join(root, name);
  return validateFile(path, detectFileKind(path)!).diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`);
}

test('Feast: a bigtable online store without project_id is valid (BigtableOnlineStoreConfig.project_id is Optional)', () => {
  assert.match(readFileSync(join(root, 'feast-bigtable/feature_store.yaml'), 'utf8'), /type: bigtable/);
  assert.deepEqual(findings('feast-bigtable/feature_store.yaml'), []);
});

test('MLproject: a float default written 2e-5, `type: str` and a parameter description are not errors or warnings', () => {
  const got = findings('mlproject-typed-parameters/MLproject');
  assert.deepEqual(got.filter((f) => !f.startsWith('hint ')), []);
  // `str` is not one of MLflow's names; MLflow passes it through like `string`: a hint, nothing more.
  assert.deepEqual(got.map((f) => f.split(' ').slice(0, 2).join(' ')), ['hint mlproject-parameter-type']);
});

test('promotion.yaml: what core/registry/policy.ts accepts (bare numbers, any-case stages, {metric, direction}) is clean', () => {
  assert.deepEqual(findings('promotion-policy/.mlops/promotion.yaml'), []);
});
