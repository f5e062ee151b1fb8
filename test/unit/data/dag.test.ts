import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildPipelineDag } from '../../../core/data/dag';
import { scanWorkspace } from '../../../core/dvc/workspace';
import { dvcMd5 } from '../../support/dvcRepo';

const FIXTURES = join(__dirname, '../../fixtures/dvc');

describe('pipeline DAG', () => {
  it('connects the example-get-started stages through outs → deps, starting at the imported data', () => {
    const dag = buildPipelineDag(scanWorkspace(join(FIXTURES, 'example-get-started')));
    const names = (id: string) => dag.nodes.find((n) => n.id === id)!.name;
    const edges = dag.edges.map((e) => `${names(e.from)} -> ${names(e.to)}`).sort();
    assert.deepEqual(edges, ['data/data.xml.dvc -> prepare', 'featurize -> evaluate', 'featurize -> train', 'prepare -> featurize', 'train -> evaluate']);
    assert.equal(dag.nodes.find((n) => n.name === 'prepare')!.line, 15, 'the line of the stage key in dvc.yaml');
  });

  it('marks stages stale when a dep hash, a param value or the command differs from dvc.lock', () => {
    const root = mkdtempSync(join(tmpdir(), 'mlops-dag-'));
    try {
      mkdirSync(join(root, '.dvc'));
      mkdirSync(join(root, 'src'));
      const files: Record<string, string> = { 'src/prepare.py': 'print(1)\n', 'src/train.py': 'print(2)\n', 'raw.csv': 'a\r\n1\r\n' };
      for (const [path, content] of Object.entries(files)) writeFileSync(join(root, path), content);
      writeFileSync(join(root, 'params.yaml'), 'train:\n  lr: 0.1\n  epochs: 10\nprepare:\n  split: 0.2\n');
      writeFileSync(
        join(root, 'dvc.yaml'),
        'stages:\n  prepare:\n    cmd: python src/prepare.py\n    deps:\n    - raw.csv\n    - src/prepare.py\n    params:\n    - prepare.split\n    outs:\n    - prepared.csv\n' +
          '  train:\n    cmd: python src/train.py\n    deps:\n    - prepared.csv\n    - src/train.py\n    params:\n    - train\n    outs:\n    - model.pkl\n' +
          '  report:\n    cmd: python report.py\n    deps:\n    - model.pkl\n    outs:\n    - report.html\n',
      );
      writeFileSync(join(root, 'prepared.csv'), 'p\n');
      const dep = (path: string, layout: 'dvc2' | 'dvc3' = 'dvc3') =>
        `    - path: ${path}\n${layout === 'dvc3' ? '      hash: md5\n' : ''}      md5: ${dvcMd5(files[path] ?? 'p\n', layout)}\n`;
      writeFileSync(
        join(root, 'dvc.lock'),
        "schema: '2.0'\nstages:\n  prepare:\n    cmd: python src/prepare.py\n    deps:\n" +
          dep('raw.csv', 'dvc2') +
          dep('src/prepare.py') +
          '    params:\n      params.yaml:\n        prepare.split: 0.2\n    outs:\n    - path: prepared.csv\n      hash: md5\n      md5: ' +
          dvcMd5('p\n', 'dvc3') +
          '\n  train:\n    cmd: python src/train.py --old\n    deps:\n' +
          dep('prepared.csv') +
          dep('src/train.py') +
          '    params:\n      params.yaml:\n        train:\n          lr: 0.1\n          epochs: 10\n',
      );
      const stale = () => Object.fromEntries(buildPipelineDag(scanWorkspace(root)).nodes.map((n) => [n.name, n.reasons]));
      assert.deepEqual(stale(), { prepare: [], train: ['command changed'], report: ['never run: not in dvc.lock'] });

      writeFileSync(join(root, 'params.yaml'), 'train:\n  lr: 0.1\n  epochs: 10\nprepare:\n  split: 0.3\n');
      writeFileSync(join(root, 'src/train.py'), 'print(3)\n');
      assert.deepEqual(stale().prepare, ['param prepare.split changed']);
      assert.deepEqual(stale().train, ['command changed', 'src/train.py changed']);
      // Same values written differently (key order, 0.10) are not a change: params compare by value.
      writeFileSync(join(root, 'params.yaml'), 'prepare:\n  split: 0.20\ntrain:\n  epochs: 10\n  lr: 0.10\n');
      assert.deepEqual(stale().prepare, []);
      const dag = buildPipelineDag(scanWorkspace(root));
      assert.deepEqual(
        dag.edges.map((e) => `${e.from} -> ${e.to} via ${e.path}`),
        ['dvc.yaml:prepare -> dvc.yaml:train via prepared.csv', 'dvc.yaml:train -> dvc.yaml:report via model.pkl'],
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
