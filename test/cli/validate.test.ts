// biome-ignore-all lint/suspicious/noTemplateCurlyInString: DVC writes ${} templates inside plain YAML strings
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { CliIO } from '../../cli/command';
import { runCli } from '../../cli/main';
import type { ValidateJson } from '../../core/pipeline/report';

const root = join(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'mlops-validate-'));
cpSync(join(root, 'test', 'fixtures', 'lsp', 'mlproject'), join(work, 'mlproject'), { recursive: true });
cpSync(join(root, 'test', 'fixtures', 'lsp', 'dvc', 'example-get-started'), join(work, 'get-started'), { recursive: true });
after(() => rmSync(work, { recursive: true, force: true }));

async function run(args: string[]) {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => { out += `${t}\n`; }, err: (t) => { err += `${t}\n`; }, cwd: work, env: {} };
  const code = await runCli(['validate', ...args], io);
  return { code, out, err };
}

test('json: the exact shape, 0-based LSP ranges, every file of a folder, exit 1 on an error', async () => {
  const { code, out } = await run(['mlproject', '--format', 'json']);
  assert.equal(code, 1);
  const json = JSON.parse(out) as ValidateJson;
  assert.deepEqual(Object.keys(json), ['files']);
  assert.deepEqual(json.files.map((f) => f.path), [
    'mlproject/churn-mlops-pipeline/MLproject',
    'mlproject/churn-mlops-pipeline/python_env.yaml',
    'mlproject/ergast-f1-predictor/MLproject',
    'mlproject/mlflow-for-model-improvement/MLproject',
    'mlproject/mlflow-for-model-improvement/conda.yaml',
    'mlproject/mlflow-kriteria3/MLproject',
    'mlproject/mlflow-kriteria3/conda.yaml',
  ]);
  const ergast = json.files[2]!.diagnostics;
  assert.deepEqual(ergast, [
    {
      severity: 'error',
      message: 'Project specified conda environment file conda.yaml, but no such file was found. Create it next to MLproject or fix the path.',
      code: 'mlproject-env-missing',
      range: { start: { line: 2, character: 11 }, end: { line: 2, character: 21 } },
    },
  ]);
  assert.deepEqual(Object.keys(json.files[0]!.diagnostics[0]!), ['severity', 'message', 'code', 'range']);
});

test('text: file:line:col lines and a summary; exit 0 when only warnings', async () => {
  const { code, out } = await run(['get-started']);
  assert.equal(code, 0);
  assert.match(out, /^get-started\/dvc\.yaml:\d+:\d+: warning: dependency 'src\/prepare\.py' does not exist/m);
  assert.match(out, /\d+ files checked: 0 error\(s\), 4 warning\(s\)/);
});

test('github: workflow commands with 1-based positions and escaped properties', async () => {
  writeFileSync(join(work, 'dvc.yaml'), 'stages:\n  a,b:\n    cmd: echo ${missing}\n');
  const { code, out } = await run(['dvc.yaml', '--format', 'github']);
  assert.equal(code, 1);
  const lines = out.trim().split('\n');
  assert.ok(lines.includes("::error file=dvc.yaml,line=3,col=15,endLine=3,endColumn=25,title=dvc-unresolved::Could not find 'missing'"));
  assert.ok(lines.some((l) => l.startsWith('::error file=dvc.yaml,line=2,col=3,') && l.includes('title=dvc-stage-name::')));
});

test('bad usage and unknown paths exit 2 with a message; the real binary sets the exit code', async () => {
  assert.equal((await run(['--format', 'xml'])).code, 2);
  const missing = await run(['nope']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /'nope' does not exist/);
  const proc = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'cli', 'main.ts'), 'validate', join(work, 'mlproject/ergast-f1-predictor/MLproject')], { cwd: root, encoding: 'utf8' });
  assert.equal(proc.status, 1);
  assert.match(proc.stdout, /ergast-f1-predictor\/MLproject:3:12: error: Project specified conda environment file/);
});

test('--as NAME FILE: the text of FILE checked as NAME in the working folder, references resolved beside NAME', async () => {
  const cell = join(work, 'cell.txt');
  writeFileSync(cell, 'stages:\n  train:\n    cmd: python train.py\n    deps: [get-started/params.yaml, missing.csv]\n    outz: [model.pkl]\n');
  const { code, out } = await run(['--as', 'dvc.yaml', cell, '--format', 'json']);
  assert.equal(code, 1);
  const json = JSON.parse(out) as ValidateJson;
  assert.equal(json.files[0]!.path, 'dvc.yaml');
  assert.deepEqual(json.files[0]!.diagnostics.map((d) => [d.code, d.range.start.line]), [['dvc-unknown-key', 4], ['dvc-dep-missing', 3]]);
  const bad = await run(['--as', 'notes.txt', cell]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /'notes.txt' is not a supported file name/);
});
