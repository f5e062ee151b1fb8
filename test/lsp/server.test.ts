// biome-ignore-all lint/suspicious/noTemplateCurlyInString: DVC writes ${} templates inside plain YAML strings
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { CodeAction, CompletionItem, Diagnostic, DocumentSymbol, Location, MarkupContent, TextEdit } from 'vscode-languageserver-protocol';
import { LspClient, uriOf } from './lspClient';

const dir = mkdtempSync(join(tmpdir(), 'mlops-lsp-'));
const dvcPath = join(dir, 'dvc.yaml');
const paramsPath = join(dir, 'params.yaml');
const DVC = [
  'stages:',
  '  train:',
  '    cmd: python train.py --lr ${train.lr}',
  '    deps:',
  '      - data.csv',
  '    params:',
  '      - train.lr',
  '    outs:',
  '      - model.pkl',
  '  evaluate:',
  '    cmd: python eval.py',
  '    deps:',
  '      - model.pkl',
  '',
].join('\n');
let client: LspClient;

before(async () => {
  writeFileSync(paramsPath, 'train:\n  lr: 0.1\n');
  writeFileSync(join(dir, 'data.csv'), 'a,b\n');
  writeFileSync(dvcPath, DVC);
  client = await LspClient.start(dir);
});
after(async () => {
  await client.stop();
  rmSync(dir, { recursive: true, force: true });
});

const hasCode = (code: string) => (d: Diagnostic[]) => d.some((x) => x.code === code);

test('open: a valid dvc.yaml gets empty diagnostics', async () => {
  await client.open(dvcPath, DVC);
  assert.deepEqual(await client.diagnosticsFor(dvcPath, 1), []);
});

test('hover shows the resolved ${} value and where it comes from', async () => {
  const hover = await client.hover(dvcPath, { line: 2, character: 36 });
  assert.match((hover!.contents as MarkupContent).value, /`train.lr` = `0.1` — from `params.yaml`/);
  const stage = await client.hover(dvcPath, { line: 1, character: 4 });
  assert.match((stage!.contents as MarkupContent).value, /Stage `train`.*\n\n\*\*deps:\*\* `data.csv`/s);
});

test('completion inside ${ offers params keys; stage keys at stage indentation', async () => {
  const text = DVC.replace('--lr ${train.lr}', '--lr ${train.lr} ${tr');
  const version = await client.change(dvcPath, text);
  await client.diagnosticsFor(dvcPath, version);
  const items = (await client.completion(dvcPath, { line: 2, character: text.split('\n')[2]!.length })) as CompletionItem[];
  assert.ok(items.some((i) => i.label === 'train.lr' && i.detail === '0.1'));
  const keys = (await client.completion(dvcPath, { line: 10, character: 4 })) as CompletionItem[];
  assert.ok(keys.some((i) => i.label === 'outs') && keys.some((i) => i.label === 'frozen'));
});

test('definition: ${x} → the key in params.yaml; a dependency → the stage output producing it', async () => {
  const version = await client.change(dvcPath, DVC);
  await client.diagnosticsFor(dvcPath, version);
  const toParam = (await client.definition(dvcPath, { line: 2, character: 36 })) as Location;
  assert.equal(toParam.uri, uriOf(paramsPath));
  assert.deepEqual(toParam.range.start, { line: 1, character: 2 });
  const toStage = (await client.definition(dvcPath, { line: 12, character: 10 })) as Location;
  assert.equal(toStage.uri, uriOf(dvcPath));
  assert.deepEqual(toStage.range.start, { line: 8, character: 8 });
  const symbols = (await client.symbols(dvcPath)) as DocumentSymbol[];
  assert.deepEqual(symbols[0]!.children!.map((s) => s.name), ['train', 'evaluate']);
});

test('change → diagnostic → quick fix adds the param to params.yaml → diagnostic goes away', async () => {
  const text = DVC.replace('--lr ${train.lr}', '--lr ${train.lr} --epochs ${train.epochs}');
  const version = await client.change(dvcPath, text);
  const diags = await client.diagnosticsFor(dvcPath, version);
  const missing = diags.find((d) => d.code === 'dvc-unresolved')!;
  assert.equal(missing.message, "Could not find 'train.epochs'");
  assert.deepEqual(missing.range, { start: { line: 2, character: 51 }, end: { line: 2, character: 66 } });
  const actions = (await client.codeActions(dvcPath, missing.range, [missing])) as CodeAction[];
  assert.equal(actions[0]!.title, "Add 'train.epochs' to params.yaml");
  const change = actions[0]!.edit!.documentChanges![0] as { textDocument: { uri: string }; edits: TextEdit[] };
  assert.equal(change.textDocument.uri, uriOf(paramsPath));
  // Apply the edit as the editor would, then tell the server the file changed on disk.
  const lines = readFileSync(paramsPath, 'utf8').split('\n');
  lines.splice(change.edits[0]!.range.start.line, 0, change.edits[0]!.newText.replace(/\n$/, ''));
  writeFileSync(paramsPath, lines.join('\n'));
  assert.equal(readFileSync(paramsPath, 'utf8'), 'train:\n  lr: 0.1\n  epochs: null\n');
  await client.fileChanged(paramsPath);
  await client.diagnostics(dvcPath, (d) => !hasCode('dvc-unresolved')(d));
});

test('editing an open params.yaml re-checks the dvc.yaml that depends on it', async () => {
  await client.open(paramsPath, readFileSync(paramsPath, 'utf8'));
  await client.change(paramsPath, 'train:\n  epochs: 3\n');
  const diags = await client.diagnostics(dvcPath, hasCode('dvc-param-missing'));
  assert.ok(diags.some((d) => d.message === "Parameters 'train.lr' are missing from 'params.yaml'."));
  await client.change(paramsPath, 'train:\n  lr: 0.2\n  epochs: 3\n');
  await client.diagnostics(dvcPath, (d) => d.length === 0);
});

test('MLproject: placeholder typo gets a quick fix to the nearest declared parameter', async () => {
  const path = join(dir, 'MLproject');
  const text = 'name: p\nentry_points:\n  main:\n    parameters:\n      alpha: {type: float, default: 0.5}\n    command: "python t.py {alpah}"\n';
  await client.open(path, text);
  const diags = await client.diagnostics(path, hasCode('mlproject-undeclared-placeholder'));
  const d = diags.find((x) => x.code === 'mlproject-undeclared-placeholder')!;
  const [action] = (await client.codeActions(path, d.range, [d])) as CodeAction[];
  const edit = (action!.edit!.documentChanges![0] as { edits: TextEdit[] }).edits[0]!;
  assert.deepEqual(edit, { range: { start: { line: 5, character: 26 }, end: { line: 5, character: 33 } }, newText: '{alpha}' });
});

test('definition on an existing dependency opens the file', async () => {
  const loc = (await client.definition(dvcPath, { line: 4, character: 10 })) as Location;
  assert.equal(loc.uri, uriOf(join(dir, 'data.csv')));
});

test('a dependency created on disk clears its warning; dvc.lock is re-checked when dvc.yaml changes', async () => {
  const text = DVC.replace('      - data.csv', '      - data.csv\n      - extra.csv');
  const version = await client.change(dvcPath, text);
  const diags = await client.diagnosticsFor(dvcPath, version);
  assert.deepEqual(diags.map((d) => d.message.split(' (')[0]), ["dependency 'extra.csv' does not exist"]);
  writeFileSync(join(dir, 'extra.csv'), 'x\n');
  await client.fileChanged(join(dir, 'extra.csv'));
  await client.diagnostics(dvcPath, (d) => d.length === 0);

  const lockPath = join(dir, 'dvc.lock');
  await client.open(lockPath, "schema: '2.0'\nstages:\n  train:\n    cmd: python train.py --lr 0.2\n");
  await client.diagnostics(lockPath, (d) => d.length === 0);
  await client.change(dvcPath, text.replace('${train.lr}', '0.3'));
  const stale = await client.diagnostics(lockPath, (d) => d.length > 0);
  assert.match(stale[0]!.message, /^Stage 'train' is stale: its cmd in dvc.yaml differs from dvc.lock/);
});
