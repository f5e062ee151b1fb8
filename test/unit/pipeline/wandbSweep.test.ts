// biome-ignore-all lint/suspicious/noTemplateCurlyInString: W&B's command macros are written ${args}
// W&B sweep configurations: the real sweep from CarloColumbo/Kaggle-Competition-Jaguar-Re-identification is clean;
// broken variants of it get wandb/sweeps' own messages, on the smallest range.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { detectFileKind } from '../../../core/pipeline/fileKind';
import { pythonFloat } from '../../../core/pipeline/sweep/pythonValues';
import { findSupportedFiles } from '../../../core/pipeline/validateFiles';
import { check, covered, projectChecker } from './helpers';

const fixtures = join(__dirname, '../../fixtures/lsp/wandb-sweeps');
const REAL = readFileSync(join(fixtures, 'jaguar-reid/sweep.yaml'), 'utf8');
const run = projectChecker();
const messages = (text: string, name = 'sweep.yaml') => run({ [name]: text }, name).map((d) => `${d.severity} ${covered(text, d)}: ${d.message}`);

test('the real jaguar-reid sweep (bayes, log_uniform_values with 1e-6 limits, constants) has no findings', () => {
  assert.equal(detectFileKind(join(fixtures, 'jaguar-reid/sweep.yaml'), REAL), 'wandb-sweep');
  assert.deepEqual(run({ 'sweep.yaml': REAL }, 'sweep.yaml'), []);
});

test('which files are sweeps: by name with a sweep key, or any YAML with method and parameters at its top level', () => {
  assert.equal(detectFileKind('/p/sweep.yaml', 'method: grid\n'), 'wandb-sweep');
  assert.equal(detectFileKind('/p/sweep_bayes.yaml', 'program: train.py\n'), 'wandb-sweep');
  assert.equal(detectFileKind('/p/configs/lr-sweep.yml', 'metric:\n  name: loss\n'), 'wandb-sweep');
  assert.equal(detectFileKind('/p/hpo.yaml', 'method: random\nparameters:\n  a: {values: [1]}\n'), 'wandb-sweep');
  // Named like a sweep, but results: no sweep key at the top level (`method` nested below does not count).
  assert.equal(detectFileKind('/p/sweep_results.yaml', 'best:\n  method: grid\nruns: [a, b]\n'), undefined);
  assert.equal(detectFileKind('/p/train.yaml', 'method: sgd\nlr: 0.1\n'), undefined);
  assert.equal(detectFileKind('/p/sweep.yaml'), undefined);
  assert.equal(detectFileKind('/p/params.yaml', 'method: a\nparameters: {}\n'), 'params');
});

test("schema violations in python-jsonschema's words, with fixes to the nearest allowed word", () => {
  const text = REAL.replace('method: bayes', 'method: bayse').replace('goal: maximize', 'goal: maximise').replace('\nparameters:', '\nrun_cap: 0\ncolour: red\nparameters:');
  const diags = run({ 'sweep.yaml': text }, 'sweep.yaml');
  assert.deepEqual(
    diags.map((d) => `${d.severity} ${covered(text, d)}: ${d.message}`),
    [
      "error bayse: 'bayse' is not one of ['bayes', 'random', 'grid', 'custom']",
      "error maximise: 'maximise' is not one of ['minimize', 'maximize']",
      'error 0: 0 is less than or equal to the minimum of 0',
      "error colour: Additional properties are not allowed ('colour' was unexpected)",
    ],
  );
  assert.equal(diags.find((d) => d.message.startsWith("'bayse'"))!.fixes![0]!.edits[0]!.newText, 'bayes');
  assert.equal(diags.find((d) => d.message.startsWith("'maximise'"))!.fixes![0]!.edits[0]!.newText, 'maximize');
  assert.deepEqual(messages('parameters:\n  a:\n    values: [1]\n'), ["error parameters: 'method' is a required property"]);
});

test('parameter rules from cfg.py/schema.py: min < max, log_uniform_values min > 0, integers, q > 0, probabilities', () => {
  const text = [
    'method: random',
    'parameters:',
    '  init_learning_rate:',
    '    distribution: log_uniform_values',
    '    min: 1e-3',
    '    max: 1e-6',
    '  weight_decay:',
    '    distribution: log_uniform_values',
    '    min: 0',
    '    max: 1e-3',
    '  epochs:',
    '    distribution: int_uniform',
    '    min: 1.5',
    '    max: 10',
    '  layers:',
    '    distribution: int_uniform',
    '    min: 1.0',
    '    max: 4',
    '  batch:',
    '    distribution: q_uniform',
    '    min: 16',
    '    max: 256',
    '    q: 0',
    '  optimizer:',
    '    values: [adam, sgd]',
    '    probabilities: [0.5, 0.6]',
    '  dropout:',
    '    values: [0.1, 0.2]',
    '    probabilities: [0.5]',
    '  act:',
    '    distribution: categorical',
    '    values: []',
    '  sigma:',
    '    distribution: gausian',
    '',
  ].join('\n');
  assert.deepEqual(messages(text), [
    'error 1e-3: init_learning_rate: min 0.001 is not less than max 1e-06',
    'error 0: 0 is less than or equal to the minimum of 0.0',
    "error 1.5: 1.5 is not of type 'integer'",
    "error 1.0: 1.0 is not a 'integer'",
    'error 0: 0 is less than or equal to the minimum of 0',
    'error [0.5, 0.6]: Parameter optimizer: Probabilities [0.5, 0.6] do not sum to 1',
    'error [0.5]: Parameter dropout: values [0.1, 0.2] and probabilities [0.5] are not the same length',
    'error []: [] should be non-empty',
    `error gausian: 'gausian' is not one of [${[
      'constant', 'categorical', 'categorical_w_probabilities', 'int_uniform', 'uniform', 'q_uniform', 'log_uniform_values',
      'q_log_uniform_values', 'inv_log_uniform_values', 'log_uniform', 'q_log_uniform', 'inv_log_uniform', 'normal', 'q_normal',
      'log_normal', 'q_log_normal', 'beta', 'q_beta',
    ].map((n) => `'${n}'`).join(', ')}]`,
  ]);
});

test('grid takes only categorical, constant, int_uniform and q_uniform; bayes and hyperband need a metric', () => {
  const grid = REAL.replace('method: bayes', 'method: grid');
  const gridFindings = messages(grid);
  assert.equal(gridFindings.length, 4);
  assert.equal(
    gridFindings[0],
    'error init_learning_rate: Parameter init_learning_rate is a disallowed type with grid search. Grid search requires all parameters to be categorical, constant, int_uniform, or q_uniform. Specification of probabilities for categorical parameters is disallowed in grid search',
  );
  const noMetric = REAL.replace('metric:\n  name: final_val_mAP\n  goal: maximize\n', 'early_terminate:\n  type: hyperband\n  min_iter: 3\n');
  assert.deepEqual(messages(noMetric), [
    'error bayes: Bayesian search requires "metric" section',
    'error early_terminate: Hyperband stopping requires "metric" section',
  ]);
  const hyperband = REAL.replace('\nparameters:', '\nearly_terminate:\n  type: hyperband\n  max_iter: 27\n  eta: 1\nparameters:');
  assert.deepEqual(messages(hyperband), ["error max_iter: 's' is a required property", 'error 1: 1 is less than or equal to the minimum of 1']);
  const noIter = REAL.replace('\nparameters:', '\nearly_terminate:\n  type: hyperband\nparameters:');
  assert.deepEqual(messages(noIter), ['error early_terminate: invalid config for hyperband stopping: either "max_iter" or "min_iter" must be specified']);
});

test('deprecated log distributions warn in W&B words, with a fix to the *_values form over the same range', () => {
  const text = 'method: random\nparameters:\n  lr:\n    distribution: log_uniform\n    min: -9.21\n    max: 0\n';
  const [d, ...rest] = run({ 'sweep.yaml': text }, 'sweep.yaml');
  assert.equal(rest.length, 0);
  assert.equal(d!.severity, 'warning');
  assert.equal(d!.message, 'lr uses log_uniform, where min/max specify base-e exponents. Use log_uniform_values to specify limit values.');
  assert.deepEqual(d!.fixes![0]!.edits.map((e) => e.newText), ['log_uniform_values', pythonFloat(Math.exp(-9.21)), '1.0']);
});

test('command macros: unknown whole-item macros are dropped by the agent, macros inside text stay text', () => {
  const text = 'method: random\nparameters:\n  a: {values: [1]}\ncommand:\n  - ${env}\n  - python\n  - ${program}\n  - ${argz}\n  - --cfg=${args_json_file}\n  - ${envvar:HOME}\n';
  const diags = run({ 'sweep.yaml': text }, 'sweep.yaml');
  assert.deepEqual(
    diags.map((d) => `${d.severity} ${covered(text, d)}`),
    ['warning ${program}', 'error ${argz}', 'warning --cfg=${args_json_file}'],
  );
  assert.equal(diags[1]!.fixes![0]!.edits[0]!.newText, '${args}');
});

test("metric.name is hinted when no local W&B run logged it, from the runs' wandb-summary.json", () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-sweep-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(join(fixtures, 'cs6886-runs'), dir, { recursive: true });
  const sweep = join(dir, 'sweep.yaml');
  cpSync(join(fixtures, 'jaguar-reid/sweep.yaml'), sweep);
  const [hint, ...rest] = check(dir, 'sweep.yaml');
  assert.equal(rest.length, 0);
  assert.equal(hint!.severity, 'hint');
  assert.equal(hint!.message, "metric.name 'final_val_mAP' never appears in the history of this workspace's W&B runs (2 runs in wandb/).");
  const close = run({ 'sweep.yaml': REAL.replace('final_val_mAP', 'test_acuracy'), ...summaries() }, 'sweep.yaml');
  assert.equal(close[0]!.message, "metric.name 'test_acuracy' never appears in the history of this workspace's W&B runs (2 runs in wandb/). Did you mean 'test_accuracy'?");
  assert.equal(close[0]!.fixes![0]!.edits[0]!.newText, 'test_accuracy');
  assert.deepEqual(run({ 'sweep.yaml': REAL.replace('final_val_mAP', 'test_accuracy'), ...summaries() }, 'sweep.yaml'), []);
  // A folder walk finds sweeps by content and does not mistake run files for them.
  assert.deepEqual(findSupportedFiles(dir), [sweep]);
});

function summaries(): Record<string, string> {
  const runs = ['run-20251213_190859-9bl0a0eq', 'run-20251213_190905-3i69z4dz'];
  return Object.fromEntries(runs.map((r) => [`wandb/${r}/files/wandb-summary.json`, readFileSync(join(fixtures, 'cs6886-runs/wandb', r, 'files/wandb-summary.json'), 'utf8')]));
}

test('Python reprs of numbers as W&B prints them', () => {
  assert.deepEqual([1e-5, 0.001, 1, 1e16, 123.5, -2.5e-7].map(pythonFloat), ['1e-05', '0.001', '1.0', '1e+16', '123.5', '-2.5e-07']);
});
