// MLproject, python_env.yaml and conda.yaml: errors only where MLflow 2.x/3.x (or conda) fails, each shown here
// with the failure MLflow raises; what MLflow passes through unchecked is at most a hint.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { covered, projectChecker } from './helpers';

const run = projectChecker();
const mlproject = (params: string[], command = 'python t.py') =>
  ['name: p', 'entry_points:', '  main:', '    parameters:', ...params.map((p) => `      ${p}`), `    command: "${command}"`, ''].join('\n');

test('parameter defaults: MLflow only acts on uri and path; other types are text handed to the command', () => {
  const text = mlproject(
    ['lr: {type: float, default: abc}', 'epochs: {type: int, default: "3"}', 'flag: {type: string, default: true}', 'src: {type: uri, default: data/train.csv}', 'out: {type: uri, default: "s3://b/out"}'],
    'python t.py {lr} {epochs} {flag} {src} {out}',
  );
  const diags = run({ MLproject: text }, 'MLproject');
  assert.deepEqual(diags.map((d) => `${d.severity} ${d.code} ${covered(text, d)}`), ['hint mlproject-default-type abc', 'error mlproject-default-type data/train.csv']);
  // Parameter._compute_uri_value: `if not data_utils.is_uri(value): raise ExecutionException(...)`.
  assert.match(diags[1]!.message, /^Expected URI for parameter src but got data\/train\.csv: MLflow \(MLflow 2\.x\/3\.x\) raises this when the run uses the default\./);
});

test('load_project failures: empty parameters, a path parameter in a Databricks job; an empty docker_env is skipped', () => {
  // `parameters:` with nothing under it is None: EntryPoint runs None.items() and load_project raises AttributeError.
  const empty = 'name: p\nentry_points:\n  main:\n    parameters:\n    command: "python t.py"\n';
  assert.deepEqual(run({ MLproject: empty }, 'MLproject').map((d) => `${d.severity} ${d.code} ${covered(empty, d)}`), ['error mlproject-type ']);
  const databricks = 'databricks_spark_job: {python_libraries: [x]}\nentry_points:\n  main:\n    parameters: {data: path}\n    command: "python t.py {data}"\n';
  assert.deepEqual(run({ MLproject: databricks }, 'MLproject').map((d) => d.message), [
    "Databricks Spark job does not support entry point parameter of 'path' type. 'data' value type is invalid.",
  ]);
  // `if docker_env:` is false for {}: MLflow does not look for an image.
  assert.deepEqual(run({ MLproject: 'name: p\ndocker_env: {}\n' }, 'MLproject'), []);
});

test('python_env.yaml: _PythonEnv(**dct) raises TypeError on a numeric python version and on unknown keys', () => {
  const diags = run({ 'python_env.yaml': 'python: 3.10\nbuild_dependencies: [pip]\ndeps: [x]\n' }, 'python_env.yaml');
  assert.deepEqual(diags.map((d) => d.message).sort(), [
    "MLflow 2.x/3.x fails with TypeError: __init__() got an unexpected keyword argument 'deps'. python_env.yaml takes python, build_dependencies and dependencies.",
    "MLflow 2.x/3.x fails with TypeError: `python` must be a string but got <class 'float'>. YAML reads 3.10 as a number: quote it (python: \"3.10\").",
  ]);
});

test('conda.yaml beside an MLproject: conda warns on unknown sections and on pip packages without pip', () => {
  const conda = 'name: env\nchannels: [conda-forge]\ndependencies:\n  - python=3.11\n  - pip:\n      - mlflow\npip_options: [--no-cache]\n';
  const diags = run({ MLproject: 'name: p\nconda_env: conda.yaml\n', 'conda.yaml': conda }, 'conda.yaml');
  assert.deepEqual(diags.map((d) => `${d.severity} ${d.code}`).sort(), ['warning conda-env-pip-missing', 'warning conda-env-unknown-key']);
  assert.match(diags.find((d) => d.code === 'conda-env-unknown-key')!.message, /^EnvironmentSectionNotValid: The following section on 'conda.yaml' is invalid and will be ignored: pip_options\./);
  const withPip = conda.replace('  - pip:', '  - conda-forge::pip>=23\n  - pip:').replace('pip_options: [--no-cache]\n', '');
  assert.deepEqual(run({ MLproject: 'name: p\nconda_env: conda.yaml\n', 'conda.yaml': withPip }, 'conda.yaml'), []);
});
