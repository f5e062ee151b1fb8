import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { detectFileKind } from '../../../core/pipeline/fileKind';
import { findSupportedFiles, validateFile } from '../../../core/pipeline/validateFiles';

const root = join(__dirname, '../../fixtures/lsp/');
const STRUCTURAL = /^(yaml-|duplicate-key|dvc-unknown-key|dvc-missing-key|dvc-type|dvc-value)/;

function findings(path: string): string[] {
  const report = validateFile(path, detectFileKind(path, readFileSync(path, 'utf8'))!);
  // The fixtures keep data and config files only: the source code that pipelines depend on was not copied, so
  // `dependency '…' does not exist` is expected on them and is checked separately below.
  return report.diagnostics
    .filter((d) => d.code !== 'dvc-dep-missing')
    .map((d) => `${d.severity} ${d.code}`)
    .sort();
}

/** Warnings that are deprecations: the tool itself warns, or an older release accepted what the current one rejects. */
const DEPRECATIONS = new Set([
  'dvc-removed-key',
  'feast-flags-deprecated',
  'feast-serialization-deprecated',
  'feast-registry-postgres-scheme',
  'feast-removed-key',
  'feast-removed-type',
]);

/** Errors kept on real projects, each a failure the real tool reports on that file. */
const TRUE_ERRORS: Record<string, string> = {
  // load_project: "Project specified conda environment file …/conda.yaml, but no such file was found." — the
  // upstream repository has no conda.yaml, so `mlflow run` fails on it.
  'mlproject/ergast-f1-predictor/MLproject': 'mlproject-env-missing',
};

/** Every finding kept on a real file, with the reason it is right. Files not listed must be clean. */
const EXPECTED: Record<string, string[]> = {
  // The lock still has a stage that was removed from dvc.yaml upstream (`dvc status` lists it; DVC does not warn).
  'dvc/data42lana-cv-mlops/pipelines/dvc.lock': ['information dvc-lock-stale'],
  // Lock entries `basic` and `data_load_with_preset` are left over from an older dvc.yaml.
  'dvc/pipeline-configuration-foreach/multi-validation-datasets/dvc.lock': ['information dvc-lock-stale', 'information dvc-lock-stale'],
  // dvc.yaml dropped `rm -f bank-additional.zip` from the prepare cmd after the lock was written.
  'dvc/sagemaker-pipeline/dvc.lock': ['information dvc-lock-stale'],
  // `flags:` (alpha feature flags): Feast logs "Flags are no longer necessary in Feast."
  'feast/bytewax-materialization/feature_store.yaml': ['warning feast-flags-deprecated'],
  // entity_key_serialization_version 2: Feast raises a DeprecationWarning; a bare postgresql:// registry URL is
  // rewritten to postgresql+psycopg:// with a logged warning.
  'feast/docker-compose-sql-registry/feature_store.yaml': ['warning feast-registry-postgres-scheme', 'warning feast-serialization-deprecated'],
  'feast/ibm-quickstart/feature_repo/feature_store.yaml': ['warning feast-serialization-deprecated'],
  'feast-registry/sdfabio-feast-demo/feature_store.yaml': ['warning feast-serialization-deprecated'],
  'feast-registry/feast-oip/feature_repo/feature_store.yaml': ['warning feast-serialization-deprecated'],
  // `vector_len` (the repository asks for feast>=0.46) was removed from online store configs in Feast 0.49.
  'feast/edb-demo-remote-registry/feature_repo/feature_store.yaml': ['warning feast-removed-key'],
  // train declares n_estimators, max_depth, learning_rate but its command uses none of them.
  'mlproject/churn-mlops-pipeline/MLproject': ['hint mlproject-unused-parameter', 'hint mlproject-unused-parameter', 'hint mlproject-unused-parameter'],
  'mlproject/ergast-f1-predictor/MLproject': ['error mlproject-env-missing'],
  // The regression MLproject's `type: str` is not MLflow's name for the type (it behaves like `string`).
  'regressions/mlproject-typed-parameters/MLproject': ['hint mlproject-parameter-type'],
  // dvcyaml-schema's valid examples are schema tests: structurally valid, but DVC itself would stop on these.
  // `${vars}` and `${nested.item}` name nothing defined in the file.
  'dvc/dvcyaml-schema-examples/examples/valid/foreach.dvc.yaml': ['error dvc-unresolved', 'error dvc-unresolved', 'error dvc-unresolved'],
  // copy_multiple lists foo1 as dependency and output (a cycle); `checkpoint: true` is dead in DVC 3.
  'dvc/dvcyaml-schema-examples/examples/valid/outs.dvc.yaml': ['error dvc-cycle', 'warning dvc-removed-key'],
  // Three stages write params2.yaml; params.yaml and my_params.yaml are not shipped with the example.
  'dvc/dvcyaml-schema-examples/examples/valid/params.dvc.yaml': [
    ...Array(3).fill('error dvc-duplicate-output'),
    ...Array(3).fill('error dvc-params-file-missing'),
  ],
  // custom_params.yaml, params.json and config/myapp.yaml are not shipped with the example.
  'dvc/dvcyaml-schema-examples/examples/valid/vars.dvc.yaml': Array(6).fill('error dvc-vars-file'),
};

const files = findSupportedFiles(root);

test('every real fixture is found and validated', () => {
  assert.ok(files.length >= 60, `found ${files.length} files`);
  for (const name of Object.keys(EXPECTED)) assert.ok(files.includes(root + name), `${name} is a fixture`);
});

test('real projects: no findings beyond the justified ones, invalid schema examples all fail', () => {
  for (const path of files) {
    const name = relative(root, path);
    const got = findings(path);
    if (name.includes('/examples/invalid/')) {
      assert.ok(got.some((f) => f.startsWith('error ') && STRUCTURAL.test(f.split(' ')[1]!)), `${name} must fail: ${got}`);
      continue;
    }
    assert.deepEqual(got, [...(EXPECTED[name] ?? [])].sort(), name);
  }
});

test('real projects and the issue-11 regression files: no error but the true ones, no warning but deprecations', () => {
  const projects = files.filter((f) => !f.includes('/dvcyaml-schema-examples/'));
  for (const name of ['feast/fraud-feature-platform/feature_repo/feature_store.yaml', 'feast-registry/feast-oip/feature_repo/feature_store.yaml']) {
    assert.ok(projects.includes(root + name), `${name} is checked`);
  }
  for (const path of projects) {
    const name = relative(root, path);
    for (const finding of findings(path)) {
      const [severity, code] = finding.split(' ') as [string, string];
      if (severity === 'error') assert.equal(TRUE_ERRORS[name], code, `${name}: ${finding}`);
      if (severity === 'warning') assert.ok(DEPRECATIONS.has(code), `${name}: ${finding} is not a deprecation`);
    }
  }
});

test('valid schema examples pass every structural check', () => {
  for (const path of files.filter((f) => f.includes('/examples/valid/'))) {
    const structural = findings(path).filter((f) => STRUCTURAL.test(f.split(' ')[1]!));
    assert.deepEqual(structural, [], relative(root, path));
  }
});

test('missing dependencies are warnings naming the path, and only for files absent from the fixture', () => {
  const report = validateFile(`${root}dvc/example-get-started/dvc.yaml`, 'dvc-yaml');
  const missing = report.diagnostics.filter((d) => d.code === 'dvc-dep-missing');
  assert.deepEqual(
    missing.map((d) => /dependency '([^']+)'/.exec(d.message)?.[1]).sort(),
    ['src/evaluate.py', 'src/featurization.py', 'src/prepare.py', 'src/train.py'],
  );
  // data/data.xml is tracked by data/data.xml.dvc and data/prepared is produced by `prepare`: no finding.
  assert.ok(missing.every((d) => d.severity === 'warning'));
});

test('the dangling conda.yaml of ergast-f1-predictor is reported on its value', () => {
  const [diag] = validateFile(`${root}mlproject/ergast-f1-predictor/MLproject`, 'mlproject').diagnostics;
  assert.equal(diag?.message.startsWith('Project specified conda environment file conda.yaml, but no such file was found.'), true);
  assert.deepEqual(diag?.range, { start: { line: 2, character: 11 }, end: { line: 2, character: 21 } });
});
