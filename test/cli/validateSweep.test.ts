// `mlops validate` on W&B sweeps: the same rules as the language server, in text and GitHub formats.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { CliIO } from '../../cli/command';
import { runCli } from '../../cli/main';

const fixtures = join(__dirname, '..', 'fixtures', 'lsp', 'wandb-sweeps');
const work = mkdtempSync(join(tmpdir(), 'mlops-validate-sweep-'));
after(() => rmSync(work, { recursive: true, force: true }));

async function run(args: string[]) {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => { out += `${t}\n`; }, err: (t) => { err += `${t}\n`; }, cwd: work, env: {} };
  const code = await runCli(['validate', ...args], io);
  return { code, out, err };
}

test('mlops validate sweep.yaml: the real sweep passes, a broken one fails with W&B wording (text and github)', async () => {
  cpSync(join(fixtures, 'jaguar-reid', 'sweep.yaml'), join(work, 'sweep.yaml'));
  const clean = await run(['sweep.yaml']);
  assert.equal(clean.code, 0);
  assert.match(clean.out, /1 files? checked: 0 error\(s\), 0 warning\(s\)/);
  const broken = readFileSync(join(work, 'sweep.yaml'), 'utf8').replace('method: bayes', 'method: grid').replace('goal: maximize', 'goal: maximise');
  writeFileSync(join(work, 'sweep_grid.yaml'), broken);
  const text = await run(['sweep_grid.yaml']);
  assert.equal(text.code, 1);
  assert.match(text.out, /^sweep_grid\.yaml:5:9: error: 'maximise' is not one of \['minimize', 'maximize'\] \[wandb-sweep-value\]$/m);
  assert.match(text.out, /^sweep_grid\.yaml:9:3: error: Parameter init_learning_rate is a disallowed type with grid search\./m);
  const github = await run(['sweep_grid.yaml', '--format', 'github']);
  assert.equal(github.code, 1);
  assert.ok(github.out.split('\n').some((l) => l.startsWith('::error file=sweep_grid.yaml,line=5,col=9,') && l.includes('title=wandb-sweep-value::')));
});

test('a folder finds sweeps by content; a results file named like a sweep is not one', async () => {
  writeFileSync(join(work, 'sweep_results.yaml'), 'best_run: abc\n');
  writeFileSync(join(work, 'hpo.yml'), 'method: random\nparameters:\n  lr: {min: 0.1, max: 0.01}\n');
  const folder = await run(['.', '--format', 'json']);
  const files = (JSON.parse(folder.out) as { files: { path: string }[] }).files.map((f) => f.path);
  assert.deepEqual(files, ['hpo.yml', 'sweep.yaml', 'sweep_grid.yaml']);
  const results = await run(['sweep_results.yaml']);
  assert.equal(results.code, 2);
  assert.match(results.err, /'sweep_results\.yaml' is not a supported file \(.*a W&B sweep\)/);
});
