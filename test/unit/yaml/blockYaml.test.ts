// biome-ignore-all lint/suspicious/noTemplateCurlyInString: DVC writes ${} templates inside plain YAML strings
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { isMap, isScalar, isSeq, parseDocument, stringify } from 'yaml';
import { parseBlockYaml } from '../../../core/yaml/blockYaml';
import { findSupportedFiles } from '../../../core/pipeline/validateFiles';

/** The fast path must give exactly eemeli/yaml's values and node ranges whenever it accepts a document. */
function sameAsYaml(text: string): boolean {
  const fast = parseBlockYaml(text);
  if (!fast) return false;
  const doc = parseDocument(text, { version: '1.2', uniqueKeys: false });
  assert.deepEqual(doc.errors, [], 'fast path accepted a document with errors');
  assert.deepEqual(fast.value, doc.toJS(), 'values differ');
  compareNodes(fast.contents, doc.contents, 'root');
  return true;
}

function compareNodes(a: unknown, b: unknown, where: string): void {
  if (isScalar(b) && b.value === null && (b.range?.[0] === b.range?.[1])) {
    assert.ok(a === null || (isScalar(a) && a.value === null), `${where}: empty value`);
    return;
  }
  if (isMap(b)) {
    assert.ok(isMap(a), `${where}: mapping`);
    assert.equal(a.items.length, b.items.length, `${where}: size`);
    assert.equal(a.range?.[0], b.range?.[0], `${where}: start`);
    b.items.forEach((pair, i) => {
      compareNodes(a.items[i]!.key, pair.key, `${where}.key${i}`);
      compareNodes(a.items[i]!.value, pair.value, `${where}.${String((pair.key as { value: unknown }).value)}`);
    });
    return;
  }
  if (isSeq(b)) {
    assert.ok(isSeq(a), `${where}: sequence`);
    assert.equal(a.items.length, b.items.length, `${where}: length`);
    assert.equal(a.range?.[0], b.range?.[0], `${where}: start`);
    b.items.forEach((item, i) => {
      compareNodes(a.items[i], item, `${where}[${i}]`);
    });
    return;
  }
  assert.ok(isScalar(a) && isScalar(b), `${where}: scalar`);
  assert.deepEqual(a.value, b.value, `${where}: value`);
  assert.deepEqual(a.range?.slice(0, 2), b.range?.slice(0, 2), `${where}: range`);
}

test('the fast path agrees with eemeli/yaml on every real DVC file it accepts', () => {
  const root = join(__dirname, '../../fixtures/lsp/dvc');
  let accepted = 0;
  const files = findSupportedFiles(root);
  for (const path of files) if (sameAsYaml(readFileSync(path, 'utf8'))) accepted++;
  // Most real pipeline files are plain block YAML; the rest (flow lists, multi-line commands) fall back.
  assert.ok(accepted >= files.length * 0.7, `accepted ${accepted} of ${files.length}`);
});

test('every DVC-written .dvc and dvc.lock fixture takes the fast path (data versions parse one per commit)', () => {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
  const written = walk(join(__dirname, '../../fixtures/dvc')).filter((f) => f.endsWith('.dvc') || f.endsWith('dvc.lock'));
  assert.ok(written.length > 25);
  for (const file of written) assert.ok(sameAsYaml(readFileSync(file, 'utf8')), `${file} is in the block subset`);
});

test('the fast path agrees with eemeli/yaml on random block documents, or declines them', () => {
  const scalar = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom('${x}', 'a: b', '#c', 'x #y', '- z', "it's", '"q"', '1e3', '.5', '007', '+1', 'true', 'Null', '~', '', ' lead', 'trail '),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
  );
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), tie('node'), { maxKeys: 4 })),
  })).node;
  let accepted = 0;
  fc.assert(
    fc.property(value, fc.constantFrom(2, 4), fc.boolean(), fc.constantFrom(0, 24), (v, indent, compact, lineWidth) => {
      // lineWidth 24 folds long strings over several lines, exercising multi-line plain scalars.
      const text = stringify(v, { indent, indentSeq: !compact, flowCollectionPadding: false, lineWidth, minContentWidth: 0 });
      if (sameAsYaml(text)) accepted++;
    }),
    { numRuns: 600, seed: 424242 },
  );
  // Scalars at the root, empty [] and {} and odd strings are declined; enough must remain to mean something.
  assert.ok(accepted > 60, `accepted ${accepted}`);
});

test('multi-line plain scalars are folded like eemeli/yaml does', () => {
  assert.ok(sameAsYaml('stages:\n  s:\n    cmd: python a.py\n      --flag x\n      --other\n    deps:\n    - a\n      b\n'));
  assert.equal(parseBlockYaml('cmd: a\n\n  b\n'), undefined, 'a blank line inside is left to the full parser');
  // ruamel puts a value too long for one line on the next one, and may fold it further.
  assert.ok(sameAsYaml('cmd:\n  python train.py\nrelpath:\n  a/very/long\n  name.csv\nouts:\n- path:\n    x.csv\n  md5: abc\n'));
  assert.deepEqual(parseBlockYaml('cmd:\n  python\n  train.py\n')?.value, { cmd: 'python train.py' });
});

test('flow collections, anchors, block scalars and odd numbers fall back to the full parser', () => {
  for (const text of ['a: [1, 2]\n', 'a: &x 1\nb: *x\n', 'a: |\n  text\n', 'a:\tb\n', '--- \na: 1\n', 'a: 0x1F\n']) {
    assert.equal(parseBlockYaml(text), undefined, text);
  }
});
