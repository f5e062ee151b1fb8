// A W&B sweep over a real LSP connection (stdio): the real jaguar-reid sweep is clean, a broken one is squiggled in
// W&B's words and fixed by a quick fix, hover documents a distribution, completion offers the metric names the
// workspace's W&B runs logged; a YAML file named like a sweep that holds results gets nothing.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { CodeAction, CompletionItem, MarkupContent, TextEdit } from 'vscode-languageserver-protocol';
import { LspClient } from './lspClient';

const fixtures = join(__dirname, '..', 'fixtures', 'lsp', 'wandb-sweeps');
const dir = mkdtempSync(join(tmpdir(), 'mlops-lsp-sweep-'));
const sweepPath = join(dir, 'sweep.yaml');
const REAL = readFileSync(join(fixtures, 'jaguar-reid', 'sweep.yaml'), 'utf8').replace('final_val_mAP', 'test_accuracy');
let client: LspClient;

before(async () => {
  cpSync(join(fixtures, 'cs6886-runs'), dir, { recursive: true });
  client = await LspClient.start(dir);
});
after(async () => {
  await client.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the real sweep is clean; a broken one gets W&B wording and a quick fix that clears it', async () => {
  await client.open(sweepPath, REAL);
  assert.deepEqual(await client.diagnosticsFor(sweepPath, 1), []);
  const broken = REAL.replace('goal: maximize', 'goal: maximise').replace('    min: 1e-6\n    max: 1e-3', '    min: 1e-3\n    max: 1e-6');
  const version = await client.change(sweepPath, broken);
  const diags = await client.diagnosticsFor(sweepPath, version);
  assert.deepEqual(
    diags.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.message}`),
    ["4:8 'maximise' is not one of ['minimize', 'maximize']", '10:9 init_learning_rate: min 0.001 is not less than max 1e-06'],
  );
  const [action] = (await client.codeActions(sweepPath, diags[0]!.range, [diags[0]!])) as CodeAction[];
  const edit = (action!.edit!.documentChanges![0] as { edits: TextEdit[] }).edits[0]!;
  assert.equal(edit.newText, 'maximize');
  const fixed = await client.change(sweepPath, broken.replace('maximise', 'maximize'));
  assert.equal((await client.diagnosticsFor(sweepPath, fixed)).length, 1);
});

test('hover documents a distribution; completion offers methods and the metric names of local runs', async () => {
  const version = await client.change(sweepPath, REAL);
  await client.diagnosticsFor(sweepPath, version);
  const hover = await client.hover(sweepPath, { line: 9, character: 22 });
  assert.match((hover!.contents as MarkupContent).value, /^\*\*log_uniform_values\*\* — A value whose logarithm is uniform/);
  const typed = REAL.replace('name: test_accuracy', 'name: ');
  const v2 = await client.change(sweepPath, typed);
  await client.diagnosticsFor(sweepPath, v2);
  const names = (await client.completion(sweepPath, { line: 3, character: 8 })) as CompletionItem[];
  assert.deepEqual(names.map((i) => i.label), ['test_accuracy', 'weight_compression_ratio']);
  const methods = (await client.completion(sweepPath, { line: 0, character: 8 })) as CompletionItem[];
  assert.deepEqual(methods.map((i) => i.label), ['bayes', 'random', 'grid', 'custom']);
});

test('a YAML file named like a sweep without sweep keys gets no diagnostics', async () => {
  const results = join(dir, 'sweep_results.yaml');
  await client.open(results, 'best_run: abc\nscores: [1, 2]\n');
  assert.deepEqual(await client.diagnosticsFor(results, 1), []);
});
