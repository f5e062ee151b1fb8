import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { readPlainYaml } from '../../../core/data/plainYaml';

const FIXTURES = join(__dirname, '../../fixtures/dvc');
const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));

describe('the fast reader for DVC-written YAML', () => {
  it('reads every DVC-written .dvc and dvc.lock fixture exactly as the full YAML parser does', () => {
    const written = walk(FIXTURES).filter((f) => f.endsWith('.dvc') || f.endsWith('dvc.lock'));
    assert.ok(written.length > 25);
    for (const file of written) {
      const text = readFileSync(file, 'utf8');
      const fast = readPlainYaml(text);
      assert.notEqual(fast, undefined, `${file} is in the plain subset`);
      assert.deepEqual(fast, parse(text), file);
    }
  });

  it('agrees with the full parser, or declines, on every other YAML fixture', () => {
    for (const file of walk(FIXTURES).filter((f) => f.endsWith('.yaml'))) {
      const text = readFileSync(file, 'utf8');
      const fast = readPlainYaml(text);
      if (fast !== undefined) assert.deepEqual(fast, parse(text), file);
    }
  });

  it('declines what it does not handle instead of guessing', () => {
    for (const text of ['a: [1, 2]\n', 'a: "x\\ty"\n', 'a: &x 1\nb: *x\n', 'a: |\n  text\n', 'a: 0x1F\n', 'a: .inf\n', 'a: 1\na: 2\n', 'cmd: python\n\n  train.py\n', 'a: b # note\n']) {
      assert.equal(readPlainYaml(text), undefined, JSON.stringify(text));
    }
    assert.deepEqual(readPlainYaml('cmd: python\n  train.py\nrelpath:\n  a/very/long\n  name.csv\n'), { cmd: 'python train.py', relpath: 'a/very/long name.csv' });
    assert.deepEqual(readPlainYaml("outs:\n- md5: abc\n  size: 12\n  flag: true\n  v: '2.0'\n  n: ~\n  f: 1.5e3\n"), {
      outs: [{ md5: 'abc', size: 12, flag: true, v: '2.0', n: null, f: 1500 }],
    });
  });
});
