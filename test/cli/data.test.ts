import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCaptured } from '../support/cliRun';
import { createDvcRepo, type DvcTestRepo, dvcMd5 } from '../support/dvcRepo';

const run = (cwd: string, ...argv: string[]) => runCaptured(cwd, argv);

describe('mlops data / mlops pipeline', () => {
  let repo: DvcTestRepo;
  const commits: string[] = [];
  before(async () => {
    repo = await createDvcRepo({ remote: 'origin-store' });
    repo.addFile('data/iris.csv', 'a,b\n1,2\n', 'dvc3');
    repo.write('params.yaml', 'lr: 0.1\n');
    repo.write('dvc.yaml', 'stages:\n  train:\n    cmd: python train.py\n    deps:\n    - data/iris.csv\n    params:\n    - lr\n    outs:\n    - model.pkl\n');
    commits.push(await repo.commit('iris v1', '2026-02-01T09:00:00Z'));
    repo.addFile('data/iris.csv', 'a,b,c\n1,2,3\n4,5,6\n', 'dvc3');
    commits.push(await repo.commit('iris v2', '2026-02-02T09:00:00Z'));
  });
  after(() => repo.cleanup());

  it('data versions --json prints the issue shape, newest first', async () => {
    const { code, out } = await run(join(repo.root, 'data'), 'data', 'versions', 'iris.csv', '--json');
    assert.equal(code, 0);
    const parsed = JSON.parse(out);
    assert.equal(parsed.path, 'data/iris.csv');
    assert.deepEqual(Object.keys(parsed.versions[0]), ['commit', 'date', 'author', 'subject', 'md5', 'size', 'nfiles']);
    assert.equal(parsed.versions[0].nfiles, null);
    assert.deepEqual(
      parsed.versions.map((v: { commit: string; md5: string }) => [v.commit, v.md5]),
      [
        [commits[1], dvcMd5('a,b,c\n1,2,3\n4,5,6\n', 'dvc3')],
        [commits[0], dvcMd5('a,b\n1,2\n', 'dvc3')],
      ],
    );
  });

  it('data status reports each tracked path', async () => {
    writeFileSync(join(repo.root, 'data/iris.csv'), 'changed\n');
    try {
      const json = JSON.parse((await run(repo.root, 'data', 'status', '--json')).out);
      assert.deepEqual(
        json.outputs.map((o: { path: string; status: string }) => [o.path, o.status]),
        [['data/iris.csv', 'modified']],
      );
      assert.match((await run(repo.root, 'data', 'status')).out, /^modified +data\/iris\.csv$/m);
    } finally {
      writeFileSync(join(repo.root, 'data/iris.csv'), 'a,b,c\n1,2,3\n4,5,6\n');
    }
  });

  it('data diff PATH REV_A REV_B --json compares rows and columns', async () => {
    const { code, out } = await run(repo.root, 'data', 'diff', 'data/iris.csv.dvc', commits[0]!, commits[1]!, '--json');
    assert.equal(code, 0);
    const diff = JSON.parse(out);
    assert.equal(diff.kind, 'file');
    assert.deepEqual(diff.table, { rowsA: 1, rowsB: 2, columnsAdded: ['c'], columnsRemoved: [] });
  });

  it('data checkout refuses without --yes when nobody can confirm, and works with it', async () => {
    const refused = await run(repo.root, 'data', 'checkout', 'data/iris.csv', '--rev', commits[0]!);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /not confirmed; nothing changed\. Pass --yes/);
    assert.equal(readFileSync(join(repo.root, 'data/iris.csv'), 'utf8'), 'a,b,c\n1,2,3\n4,5,6\n');
    const done = await run(repo.root, 'data', 'checkout', 'data/iris.csv', '--rev', commits[0]!, '--yes');
    assert.equal(done.code, 0, done.err);
    assert.equal(readFileSync(join(repo.root, 'data/iris.csv'), 'utf8'), 'a,b\n1,2\n');
    await run(repo.root, 'data', 'checkout', 'data/iris.csv', '--rev', 'HEAD', '--yes');
  });

  it('data checkout of unsaved changes fails with exit 1 and says why', async () => {
    writeFileSync(join(repo.root, 'data/iris.csv'), 'unsaved\n');
    try {
      const result = await run(repo.root, 'data', 'checkout', 'data/iris.csv', '--rev', commits[0]!, '--yes');
      assert.equal(result.code, 1);
      assert.match(result.err, /changes that are not in the DVC cache/);
      assert.equal(readFileSync(join(repo.root, 'data/iris.csv'), 'utf8'), 'unsaved\n');
    } finally {
      writeFileSync(join(repo.root, 'data/iris.csv'), 'a,b,c\n1,2,3\n4,5,6\n');
    }
  });

  it('usage errors exit 2 and name the problem', async () => {
    assert.equal((await run(repo.root, 'data', 'versions')).code, 2);
    const unknown = await run(repo.root, 'data', 'versions', 'nope.csv');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /nope\.csv: not tracked by DVC here/);
  });

  it('pipeline dag --json lists stages, edges and stale flags', async () => {
    const { code, out } = await run(repo.root, 'pipeline', 'dag', '--json');
    assert.equal(code, 0);
    const dag = JSON.parse(out);
    const train = dag.nodes.find((n: { name: string }) => n.name === 'train');
    assert.equal(train.stale, true);
    assert.deepEqual(train.reasons, ['never run: not in dvc.lock']);
    assert.deepEqual(dag.edges, [{ from: 'data/iris.csv.dvc', to: 'dvc.yaml:train', path: 'data/iris.csv' }]);
    assert.match((await run(repo.root, 'pipeline', 'dag')).out, /^stale +train +← data\/iris\.csv\.dvc/m);
  });
});
