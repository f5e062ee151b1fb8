// The meta.yaml fast path must agree with the yaml package on everything it accepts, and hand back what it is
// unsure of.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { parse } from 'yaml';
import { parseFlatYaml } from '../../../core/tracking/file/flatYaml';

function metaFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return metaFiles(path);
    return name === 'meta.yaml' ? [path] : [];
  });
}

test('every meta.yaml in the real fixtures reads the same as with the yaml package', () => {
  const files = metaFiles(join(__dirname, '..', '..', 'fixtures', 'mlflow'));
  assert.ok(files.length > 50);
  let fast = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const flat = parseFlatYaml(text);
    if (flat === undefined) continue;
    fast++;
    assert.deepEqual(flat, parse(text), file);
  }
  assert.ok(fast > files.length / 2, `fast path used for ${fast} of ${files.length}`);
});

test('shapes outside the flat subset are left to the yaml package', () => {
  for (const text of [
    'name: "double"\n',
    'tags:\n- a\n',
    'name: a # comment\n',
    'value: 1.5\n',
    'value: yes: no\n',
    'name: >\n  folded\n',
    '  indented: 1\n',
    'a: 1\na: 2\n',
    "name: 'unclosed\n",
    'flag: True\n',
  ]) {
    assert.equal(parseFlatYaml(text), undefined, text);
  }
});

test('anything the fast path accepts, the yaml package reads identically (property)', () => {
  const value = fc.oneof(
    fc.constantFrom('', 'null', '~', 'true', 'false', '[]', "''", "'0'", "'it''s'", 'file:///C:/Users/a%20b/mlruns/0', 'run-1', 'a b c'),
    fc.integer().map(String),
    fc.stringMatching(/^[0-9a-f]{1,32}$/),
    fc.constantFrom('1e5', '0x1F', '0o17', '1.5', '.5', '12abc', '-3', '+4', '1_000', '2024-01-01', '.inf', 'NaN'),
    fc.string({ maxLength: 12 }),
    fc.string({ maxLength: 10 }).map((s) => `'${s.replace(/'/g, "''")}'`),
  );
  fc.assert(
    fc.property(fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/), value), { selector: ([k]) => k, maxLength: 6 }), (pairs) => {
      const text = pairs.map(([k, v]) => `${k}: ${v}\n`).join('');
      const flat = parseFlatYaml(text);
      if (flat !== undefined) assert.deepEqual(flat, parse(text) ?? {}, text);
    }),
    { numRuns: 2000 },
  );
});
