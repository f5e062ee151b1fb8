// biome-ignore-all lint/suspicious/noTemplateCurlyInString: DVC and Feast write ${} templates inside plain YAML strings
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { covered, projectChecker } from './helpers';

const run = projectChecker();

test('MLproject: one environment field, placeholders, {{literal}}, typo fix, defaults only hinted, unknown keys as hints', () => {
  const text = [
    'name: demo',
    'conda_env: conda.yaml',
    'python_env: python_env.yaml',
    'colour: red',
    'entry_points:',
    '  main:',
    '    parameters:',
    '      alpha: {type: float, default: 1e-1}',
    '      beta: {type: float, default: 1.0e-1}',
    '      epochs: {type: int, default: 2.5}',
    '      unused: string',
    '    command: "python t.py {alpha} {beta} {epoch} {{json}}"',
    '',
  ].join('\n');
  const diags = run({ MLproject: text, 'conda.yaml': 'name: x\n', 'python_env.yaml': 'python: "3.10"\n' }, 'MLproject');
  const by = (code: string) => diags.filter((d) => d.code === code);
  assert.equal(by('mlproject-multiple-envs').length, 2);
  assert.match(by('mlproject-multiple-envs')[0]!.message, /^Project cannot contain multiple environment fields/);
  // PyYAML (YAML 1.1) reads 1e-1 as the string '1e-1': MLflow passes it on as text and float('1e-1') parses it.
  // int('2.5') would not, but MLflow never checks: a hint.
  assert.deepEqual(by('mlproject-default-type').map((d) => `${d.severity} ${covered(text, d)}`), ['hint 2.5']);
  const placeholder = by('mlproject-undeclared-placeholder');
  assert.equal(placeholder.length, 1);
  assert.equal(covered(text, placeholder[0]!), '{epoch}');
  assert.equal(placeholder[0]!.fixes![0]!.edits[0]!.newText, '{epochs}');
  assert.deepEqual(by('mlproject-unused-parameter').map((d) => `${d.severity} ${covered(text, d)}`), ['hint epochs', 'hint unused']);
  assert.deepEqual(by('mlproject-unknown-key').map((d) => `${d.severity} ${covered(text, d)}`), ['hint colour']);
});

test('MLproject: docker image and Databricks job rules come from MLflow', () => {
  const diags = run({ mlproject: 'name: x\ndocker_env:\n  volumes: [a]\ndatabricks_spark_job:\n  python_file: j.py\nentry_points:\n  main:\n    command: x\n' }, 'mlproject');
  const messages = diags.map((d) => d.message);
  assert.ok(messages.includes('Project configuration (MLproject file) was invalid: Docker environment specified but no image attribute found.'));
  assert.ok(messages.includes("Databricks Spark job does not allow setting both 'databricks_spark_job.python_file' and 'entry_points'."));
  assert.ok(messages.includes('Databricks Spark job does not support setting docker environment.'));
});

test('python_env.yaml: unknown keys are errors, an unquoted 3.10 is flagged', () => {
  const diags = run({ 'python_env.yaml': 'python: 3.10\ndeps: [x]\n' }, 'python_env.yaml');
  assert.deepEqual(diags.map((d) => d.code).sort(), ['python-env-unknown-key', 'python-env-version-number']);
});

test('feature_store.yaml: required keys, project name, stores, engine, deprecations; ${VAR} never type-checked', () => {
  const text = [
    'project: my-project',
    'registry:',
    '  registry_type: nfs',
    '  path: r.db',
    'provider: local',
    'online_store:',
    '  type: dynamodb',
    'offline_store:',
    '  type: ${OFFLINE_TYPE}',
    'engine:',
    '  type: local',
    'entity_key_serialization_version: ${VERSION}',
    '',
  ].join('\n');
  const diags = run({ 'feature_store.yaml': text }, 'feature_store.yaml');
  const codes = diags.map((d) => d.code).sort();
  assert.deepEqual(codes, ['feast-engine-ignored', 'feast-missing-field', 'feast-project-name', 'feast-registry-type']);
  assert.equal(diags.find((d) => d.code === 'feast-missing-field')!.message, "'online_store': Field required: 'region' (DynamoDBOnlineStoreConfig, Feast 0.66).");
  const engine = diags.find((d) => d.code === 'feast-engine-ignored')!;
  assert.equal(engine.fixes![0]!.edits[0]!.newText, 'batch_engine');
  assert.equal(covered(text, engine), 'engine');
  const sqlite = run({ 'feature_store.yaml': 'project: my-project\nregistry: r.db\n' }, 'feature_store.yaml');
  assert.deepEqual(sqlite.map((d) => d.code), ['feast-project-name']);
  const missing = run({ 'feature_store.yaml': 'provider: local\n' }, 'feature_store.yaml');
  assert.deepEqual(missing.map((d) => d.message).sort(), [
    "feature_store.yaml: Field required: 'project' (RepoConfig, Feast 0.66).",
    "feature_store.yaml: Field required: 'registry' (RepoConfig, Feast 0.66).",
  ]);
});

test('.mlops/promotion.yaml: stages, conditions and flags', () => {
  const text = [
    'models:',
    '  churn:',
    '    Production:',
    '      require: {accuracy: ">= 0.9", f1: "about 0.8"}',
    '      must_beat_current: [accuracy]',
    '      archive_existing: yes',
    '    Live: {}',
    '',
  ].join('\n');
  const diags = run({ '.mlops/promotion.yaml': text }, '.mlops/promotion.yaml');
  assert.deepEqual(diags.map((d) => `${d.code} ${covered(text, d)}`).sort(), [
    'promotion-type yes',
    'promotion-unknown-key Live',
    'promotion-value "about 0.8"',
  ]);
});
