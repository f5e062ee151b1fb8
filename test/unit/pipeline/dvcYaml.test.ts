// biome-ignore-all lint/suspicious/noTemplateCurlyInString: DVC and Feast write ${} templates inside plain YAML strings
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { check, covered, project } from './helpers';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function dvc(yaml: string, extra: Record<string, string> = {}) {
  const dir = project({ 'dvc.yaml': yaml, ...extra });
  dirs.push(dir);
  return { dir, diags: check(dir, 'dvc.yaml'), text: yaml };
}

test('unknown keys point at the key, wrong types at the value', () => {
  const { diags, text } = dvc('stages:\n  train:\n    cmd: python t.py\n    frozen: "yes"\n    colour: red\n');
  const unknown = diags.find((d) => d.code === 'dvc-unknown-key')!;
  assert.equal(covered(text, unknown), 'colour');
  const type = diags.find((d) => d.code === 'dvc-type')!;
  assert.equal(covered(text, type), '"yes"');
  assert.match(type.message, /'stages\.train\.frozen' must be a boolean/);
});

test('duplicate keys are errors', () => {
  const { diags } = dvc('stages:\n  a:\n    cmd: x\n  a:\n    cmd: y\n');
  assert.equal(diags.filter((d) => d.code === 'duplicate-key').length, 1);
  assert.equal(diags.find((d) => d.code === 'duplicate-key')!.severity, 'error');
});

test('stage kind: matrix first, then foreach, then plain — only that kind is reported', () => {
  const plain = dvc('stages:\n  s:\n    cmd: x\n    outs: [1]\n').diags;
  assert.deepEqual(plain.map((d) => d.code), ['dvc-type']);
  const foreach = dvc('stages:\n  s:\n    foreach: [a, b]\n    do:\n      cmd: echo ${item}\n').diags;
  assert.deepEqual(foreach, []);
  const missingDo = dvc('stages:\n  s:\n    foreach: [a, b]\n    cmd: echo\n').diags.map((d) => d.message);
  assert.ok(missingDo.some((m) => m.includes("Missing required key 'do'")));
  assert.ok(!missingDo.some((m) => m.includes('matrix')), 'no word about matrix on a foreach stage');
  const matrix = dvc('stages:\n  s:\n    matrix:\n      m: [a, b]\n    cmd: echo ${item.m} ${item.zz}\n').diags;
  assert.deepEqual(matrix.map((d) => d.message), ["Could not find 'item.zz'"]);
});

test('templating: params.yaml, then vars, then stage vars relative to wdir; whole values keep their type', () => {
  const { diags } = dvc(
    [
      'vars:',
      '  - extra.yaml',
      '  - inline: {n: 3}',
      'stages:',
      '  s:',
      '    wdir: sub',
      '    vars: [local.yaml]',
      '    cmd: python t.py --lr ${train.lr} --n ${inline.n} --d ${deep.x} ${flags} ${missing.key}',
      '    frozen: ${freeze}',
      '    always_changed: ${train.lr}',
      '    desc: literal \\${not.a.ref}',
      '    deps:',
      '      - ${flags}/x',
      '',
    ].join('\n'),
    { 'params.yaml': 'train:\n  lr: 0.1\nfreeze: true\nflags: {a: 1}\n', 'extra.yaml': 'other: 1\n', 'sub/local.yaml': 'deep: {x: 1}\n' },
  );
  const byCode = (c: string) => diags.filter((d) => d.code === c).map((d) => d.message);
  assert.deepEqual(byCode('dvc-unresolved'), ["Could not find 'missing.key'"]);
  // `${flags}` (a dict) is fine inside cmd, not inside a path.
  assert.equal(byCode('dvc-interpolate-type').length, 1);
  assert.match(byCode('dvc-interpolate-type')[0]!, /Cannot interpolate data of type 'dict'/);
  // frozen: ${freeze} is a boolean; always_changed: ${train.lr} is a float and fails.
  assert.deepEqual(byCode('dvc-type').length, 1);
  assert.match(byCode('dvc-type')[0]!, /always_changed/);
});

test('a missing param is reported like DVC and fixed by adding it to params.yaml', () => {
  const { dir, diags, text } = dvc('stages:\n  s:\n    cmd: x\n    params:\n      - train.lr\n      - train.epochs\n', {
    'params.yaml': 'train:\n  lr: 0.1\nseed: 1\n',
  });
  const [missing] = diags.filter((d) => d.code === 'dvc-param-missing');
  assert.equal(missing!.message, "Parameters 'train.epochs' are missing from 'params.yaml'.");
  assert.equal(covered(text, missing!), 'train.epochs');
  const edit = missing!.fixes![0]!.edits[0]!;
  assert.equal(edit.path, join(dir, 'params.yaml'));
  assert.deepEqual(edit.range.start, { line: 2, character: 0 });
  assert.equal(edit.newText, '  epochs: null\n');
  const params = readFileSync(join(dir, 'params.yaml'), 'utf8').split('\n');
  params.splice(2, 0, '  epochs: null');
  const after = project({ 'dvc.yaml': text, 'params.yaml': params.join('\n') });
  dirs.push(after);
  assert.deepEqual(check(after, 'dvc.yaml').filter((d) => d.code === 'dvc-param-missing'), []);
});

test('params files: missing file, {file: [keys]}, {file: null}, and the cfg.yaml:key misreading', () => {
  const { dir, diags, text } = dvc(
    'stages:\n  s:\n    cmd: x\n    params:\n      - cfg.yaml:model\n      - nope.yaml:\n      - cfg.yaml: [model, absent]\n',
    { 'params.yaml': 'a: 1\n', 'cfg.yaml': 'model: {depth: 2}\n' },
  );
  const misread = diags.find((d) => d.code === 'dvc-param-file-syntax')!;
  assert.equal(covered(text, misread), 'cfg.yaml:model');
  assert.deepEqual(misread.fixes![0]!.edits[0], { path: join(dir, 'dvc.yaml'), range: misread.range, newText: '{cfg.yaml: [model]}' });
  assert.deepEqual(
    diags.filter((d) => d.code.startsWith('dvc-param')).map((d) => d.message).slice(1),
    ["Parameters file 'nope.yaml' does not exist", "Parameters 'absent' are missing from 'cfg.yaml'."],
  );
});

test('graph: duplicate and overlapping outputs, cycles, stage inside an output, names, missing deps', () => {
  const { diags } = dvc(
    [
      'stages:',
      '  a:',
      '    cmd: x',
      '    deps: [out/b.txt]',
      '    outs: [out]',
      '  b:',
      '    cmd: x',
      '    deps: [out]',
      '    outs: [out/b.txt, same.txt]',
      '  c:',
      '    cmd: x',
      '    outs: [same.txt]',
      '  d:',
      '    cmd: x',
      '    wdir: out/sub',
      '  bad.name:',
      '    cmd: x',
      '    deps: [raw.csv, same.txt, data/raw/x.csv]',
      '',
    ].join('\n'),
    { 'data/raw.dvc': 'outs:\n- path: raw\n' },
  );
  const messages = (code: string) => diags.filter((d) => d.code === code).map((d) => d.message);
  assert.match(messages('dvc-duplicate-output')[0]!, /^output 'same.txt' is specified in:\n\tb\n\tc/);
  assert.match(messages('dvc-overlapping-outputs')[0]!, /^The output paths:\n'out'\('a'\)\n'out\/b.txt'\('b'\)\noverlap/);
  assert.deepEqual(new Set(messages('dvc-cycle')), new Set(['Same item(s) are defined as both a dependency and an output in stages: a, b.']));
  assert.match(messages('dvc-stage-in-output')[0]!, /stage 'd' is within an output 'out'/);
  assert.equal(messages('dvc-stage-name').length, 1);
  // raw.csv is nowhere; same.txt is produced; data/raw/x.csv is inside data/raw tracked by data/raw.dvc.
  assert.deepEqual(messages('dvc-dep-missing').map((m) => m.split(' does')[0]), ["dependency 'raw.csv'"]);
});

test('graph: a dependency on a folder consumes the outputs inside it, and only inside it', () => {
  const { diags } = dvc(
    [
      'stages:',
      '  prepare:',
      '    cmd: x',
      '    deps: [models]',
      '    outs: [data/prepared/train.csv, data/prepared/test.csv]',
      '  train:',
      '    cmd: x',
      '    deps: [data/prepared, data/prep, data/prepared2]',
      '    outs: [models/model.pkl]',
      '',
    ].join('\n'),
  );
  const messages = (code: string) => diags.filter((d) => d.code === code).map((d) => d.message);
  assert.deepEqual(new Set(messages('dvc-cycle')), new Set(['Same item(s) are defined as both a dependency and an output in stages: prepare, train.']));
  // `data/prep` and `data/prepared2` merely share a prefix with the outputs' folder: nothing produces them.
  assert.deepEqual(messages('dvc-dep-missing').map((m) => m.split(' does')[0]), ["dependency 'data/prep'", "dependency 'data/prepared2'"]);
});

test('stage keys DVC 3 removed are errors (it rejects them); a checkpoint output flag is a warning', () => {
  const { diags } = dvc('stages:\n  s:\n    cmd: x\n    locked: true\n    outs:\n      - m.pt:\n          checkpoint: true\n');
  assert.deepEqual(diags.map((d) => `${d.severity} ${d.code}`), ['error dvc-removed-key', 'warning dvc-removed-key']);
});

test('dvc.lock: schema version and stale stages', () => {
  const dir = project({
    'dvc.yaml': 'stages:\n  a:\n    cmd: python a.py\n',
    'dvc.lock': "schema: '1.0'\nstages:\n  a:\n    cmd: python old.py\n  gone:\n    cmd: x\n    outs:\n    - path: o\n      md5: abc\n      size: one\n",
  });
  dirs.push(dir);
  const codes = check(dir, 'dvc.lock').map((d) => d.code).sort();
  assert.deepEqual(codes, ['dvc-lock-stale', 'dvc-lock-stale', 'dvc-lock-type', 'dvc-lock-value']);
});

test('huge files are capped with one diagnostic instead of being parsed', () => {
  const { diags } = dvc(`stages:\n${'  # filler line\n'.repeat(60_000)}`);
  assert.deepEqual(diags.map((d) => d.code), ['file-too-large']);
});

test('billion-laughs aliases stop with an error instead of expanding', () => {
  const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
  const { diags } = dvc(lines.join('\n'));
  assert.ok(diags.some((d) => d.code === 'yaml-aliases' && d.severity === 'error'));
});

test('missing params of one stage and file share DVC\'s single message, each key keeps its own fix', () => {
  const { diags } = dvc('stages:\n  s:\n    cmd: x\n    params:\n      - a.x\n      - seed\n      - b\n', { 'params.yaml': 'seed: 1\n' });
  const missing = diags.filter((d) => d.code === 'dvc-param-missing');
  assert.deepEqual(missing.map((d) => d.message), Array(2).fill("Parameters 'a.x, b' are missing from 'params.yaml'."));
  assert.deepEqual(missing.map((d) => d.fixes![0]!.edits[0]!.newText), ['a:\n  x: null\n', 'b: null\n']);
});
