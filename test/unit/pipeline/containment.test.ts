// biome-ignore-all lint/suspicious/noTemplateCurlyInString: dvc.yaml templates are the subject of these tests
// A dvc.yaml naming vars and params files outside its project must not make the language server read them: the
// values would show in hovers and completions. The project sits in a parent folder whose secrets.yaml it names.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parsePipelineDocument } from '../../../core/pipeline/document';
import { hoverAt } from '../../../core/pipeline/hover';
import { validateDocument } from '../../../core/pipeline/validate';
import { diskFiles, ValidationContext } from '../../../core/pipeline/workspace';

const parent = mkdtempSync(join(tmpdir(), 'mlops-lsp-contain-'));
after(() => rmSync(parent, { recursive: true, force: true }));
const root = join(parent, 'repo');
mkdirSync(join(root, '.dvc'), { recursive: true });
writeFileSync(join(parent, 'secrets.yaml'), 'token: hunter2\n');
writeFileSync(join(root, 'params.yaml'), 'lr: 0.1\n');
const text = [
  'vars:',
  '  - ../secrets.yaml',
  'stages:',
  '  train:',
  '    cmd: python train.py --lr ${lr} --token ${token}',
  '    params:',
  '      - ../secrets.yaml:',
  '          - token',
  '',
].join('\n');
const path = join(root, 'dvc.yaml');
writeFileSync(path, text);

test('vars and params files outside the DVC project are reported, never read', () => {
  const doc = parsePipelineDocument(path, 'dvc-yaml', text);
  const files = new ValidationContext(diskFiles);
  const diagnostics = validateDocument(doc, files);
  const vars = diagnostics.find((d) => d.code === 'dvc-vars-file');
  assert.equal(vars?.message, "Could not load vars file '../secrets.yaml': it is outside the DVC project, so it is not read.");
  assert.ok(![...files.dependencies].includes(join(parent, 'secrets.yaml')), [...files.dependencies].join('\n'));
  // An unreadable vars file leaves `${token}` unknown rather than "not found"; params outside are not checked.
  assert.deepEqual(
    diagnostics.filter((d) => d.code === 'dvc-unresolved' || d.code.startsWith('dvc-param')).map((d) => d.message),
    [],
  );
  const hover = hoverAt(doc, text.indexOf('- token') + 3, new ValidationContext(diskFiles));
  assert.ok(!hover?.markdown.includes('hunter2'), hover?.markdown);
});

test('a checked-in symlink out of the project is not read either', () => {
  const linked = join(parent, 'linked');
  mkdirSync(join(linked, '.git'), { recursive: true });
  symlinkSync(join(parent, 'secrets.yaml'), join(linked, 'shared.yaml'));
  const linkedText = ['vars:', '  - shared.yaml', 'stages:', '  train:', '    cmd: python train.py --token ${token}', '    params:', '      - shared.yaml:', '          - token', ''].join('\n');
  const linkedPath = join(linked, 'dvc.yaml');
  writeFileSync(linkedPath, linkedText);
  const doc = parsePipelineDocument(linkedPath, 'dvc-yaml', linkedText);
  const files = new ValidationContext(diskFiles);
  const diagnostics = validateDocument(doc, files);
  assert.equal(diagnostics.find((d) => d.code === 'dvc-vars-file')?.message, "Could not load vars file 'shared.yaml': it is outside the DVC project, so it is not read.");
  assert.ok(![...files.dependencies].some((d) => d.endsWith('shared.yaml') || d.endsWith('secrets.yaml')), [...files.dependencies].join('\n'));
  const hover = hoverAt(doc, linkedText.indexOf('- token') + 3, new ValidationContext(diskFiles));
  assert.ok(!hover?.markdown.includes('hunter2'), hover?.markdown);
});
