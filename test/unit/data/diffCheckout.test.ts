import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CheckoutError, checkoutVersion } from '../../../core/data/checkout';
import { diffVersions } from '../../../core/data/diff';
import { workspaceStatus } from '../../../core/data/status';
import { scanWorkspace, type TrackedOutput } from '../../../core/dvc/workspace';
import { cacheObjectPath, createDvcRepo, type DvcTestRepo, dvcMd5 } from '../../support/dvcRepo';

const ROOT = join(__dirname, '../../..');
const V1 = 'id,label\n1,cat\n';
const V2 = 'id,label\n1,cat\n2,dog\n';
const V3 = 'id,label,weight\n1,cat,4\n2,dog,9\n3,bird,1\n';
const DIR1 = { 'a.txt': 'alpha\r\n', 'b.txt': 'beta\n', 'sub/c.txt': 'gamma\n' };
const DIR2 = { 'a.txt': 'alpha 2\r\n', 'b.txt': 'beta\n', 'd.txt': 'delta\n' };

function outputOf(repo: DvcTestRepo, path: string): TrackedOutput {
  const output = scanWorkspace(repo.root).outputs.find((o) => o.path === path);
  assert.ok(output, `${path} is tracked`);
  return output;
}

function statusOf(repo: DvcTestRepo, path: string): string {
  return workspaceStatus(scanWorkspace(repo.root)).find((s) => s.path === path)!.status;
}

describe('diff and checkout on a repository with DVC 3 files and a DVC 2 directory', () => {
  let repo: DvcTestRepo;
  const commits: string[] = [];
  before(async () => {
    repo = await createDvcRepo({ remote: 'storage' });
    repo.addFile('data/table.csv', V1, 'dvc3');
    repo.addDirectory('images', DIR1, 'dvc2');
    commits.push(await repo.commit('v1'));
    repo.addFile('data/table.csv', V2, 'dvc3');
    commits.push(await repo.commit('v2'));
    repo.addFile('data/table.csv', V3, 'dvc3');
    repo.addDirectory('images', DIR2, 'dvc2');
    commits.push(await repo.commit('v3'));
  });
  after(() => repo.cleanup());

  it('diffs two file versions: hash, size and, for CSV in the cache, rows and columns', async () => {
    const diff = await diffVersions(outputOf(repo, 'data/table.csv'), commits[0], commits[2]);
    assert.equal(diff.kind, 'file');
    if (diff.kind !== 'file') return;
    assert.deepEqual([diff.a.md5, diff.b.md5], [dvcMd5(V1, 'dvc3'), dvcMd5(V3, 'dvc3')]);
    assert.equal(diff.sizeDelta, V3.length - V1.length);
    assert.deepEqual(diff.table, { rowsA: 1, rowsB: 3, columnsAdded: ['weight'], columnsRemoved: [] });
  });

  it('diffs HEAD against the workspace by default', async () => {
    const file = join(repo.root, 'data/table.csv');
    writeFileSync(file, `${V3}4,fish,0\n`);
    try {
      const diff = await diffVersions(outputOf(repo, 'data/table.csv'));
      assert.ok(diff.kind === 'file' && diff.changed);
      assert.equal(diff.b.rev, 'workspace');
      assert.deepEqual(diff.kind === 'file' && diff.table, { rowsA: 3, rowsB: 4, columnsAdded: [], columnsRemoved: [] });
    } finally {
      writeFileSync(file, V3);
    }
  });

  it('diffs two directory versions from their manifests', async () => {
    const diff = await diffVersions(outputOf(repo, 'images'), commits[0], commits[2]);
    assert.equal(diff.kind, 'directory');
    assert.deepEqual(diff.kind === 'directory' && [diff.added, diff.removed, diff.modified], [['d.txt'], ['sub/c.txt'], ['a.txt']]);
  });

  it('checks out an older file version from the cache, then back to HEAD', async () => {
    const output = outputOf(repo, 'data/table.csv');
    const result = await checkoutVersion(output, commits[0]!);
    assert.deepEqual(result.written, ['data/table.csv']);
    assert.equal(readFileSync(join(repo.root, 'data/table.csv'), 'utf8'), V1);
    // The pointer still names v3, so the workspace now differs from it — and v3 is one checkout away.
    assert.equal(statusOf(repo, 'data/table.csv'), 'modified');
    await checkoutVersion(output, 'HEAD');
    assert.equal(readFileSync(join(repo.root, 'data/table.csv'), 'utf8'), V3);
    assert.equal(statusOf(repo, 'data/table.csv'), 'unchanged');
  });

  it('checks out an older directory version: writes changed files, removes extra ones', async () => {
    const output = outputOf(repo, 'images');
    const result = await checkoutVersion(output, commits[0]!);
    assert.deepEqual(result.written.sort(), ['a.txt', 'sub/c.txt']);
    assert.deepEqual(result.removed, ['d.txt']);
    for (const [relpath, content] of Object.entries(DIR1)) assert.equal(readFileSync(join(repo.root, 'images', relpath), 'utf8'), content);
    assert.equal(existsSync(join(repo.root, 'images/d.txt')), false);
    await checkoutVersion(output, commits[2]!);
    assert.equal(statusOf(repo, 'images'), 'unchanged');
  });

  it('never overwrites a modified file whose content is not in the cache', async () => {
    const file = join(repo.root, 'data/table.csv');
    writeFileSync(file, 'precious uncommitted work\n');
    try {
      await assert.rejects(checkoutVersion(outputOf(repo, 'data/table.csv'), commits[0]!), (error: unknown) => {
        assert.ok(error instanceof CheckoutError);
        assert.equal(error.reason, 'uncommitted_changes');
        assert.match(error.message, /data\/table\.csv has changes that are not in the DVC cache.*dvc add data\/table\.csv/);
        return true;
      });
      assert.equal(readFileSync(file, 'utf8'), 'precious uncommitted work\n');
    } finally {
      writeFileSync(file, V3);
    }
  });

  it('never removes an untracked file added inside a directory output', async () => {
    writeFileSync(join(repo.root, 'images/notes.txt'), 'mine\n');
    try {
      await assert.rejects(checkoutVersion(outputOf(repo, 'images'), commits[0]!), /images\/notes\.txt has changes that are not in the DVC cache/);
      assert.equal(readFileSync(join(repo.root, 'images/d.txt'), 'utf8'), 'delta\n', 'nothing was written');
    } finally {
      rmSync(join(repo.root, 'images/notes.txt'));
    }
  });

  it('names the remote to pull from when the version is not in the local cache', async () => {
    const object = cacheObjectPath(repo.root, dvcMd5(V2, 'dvc3'), 'dvc3');
    const saved = readFileSync(object);
    rmSync(object, { force: true });
    try {
      await assert.rejects(checkoutVersion(outputOf(repo, 'data/table.csv'), commits[1]!), (error: unknown) => {
        assert.ok(error instanceof CheckoutError && error.reason === 'not_in_cache');
        assert.match(error.message, /not in the local cache .*`dvc pull -r storage data\/table\.csv\.dvc` \(remote 'storage' at s3:\/\/bucket\/dvcstore\)/);
        return true;
      });
      assert.equal(readFileSync(join(repo.root, 'data/table.csv'), 'utf8'), V3);
    } finally {
      writeFileSync(object, saved);
      chmodSync(object, 0o444);
    }
  });
});

describe('interrupted checkout', () => {
  let repo: DvcTestRepo;
  const commits: string[] = [];
  const big = (fill: string) => fill.repeat(3 << 20);
  before(async () => {
    repo = await createDvcRepo();
    repo.addFile('model.bin', big('a'), 'dvc3');
    repo.addDirectory('shards', { '1.txt': big('1'), '2.txt': big('2'), '3.txt': big('3') }, 'dvc3');
    commits.push(await repo.commit('old'));
    repo.addFile('model.bin', big('b'), 'dvc3');
    repo.addDirectory('shards', { '1.txt': big('x'), '2.txt': big('y'), '3.txt': big('z') }, 'dvc3');
    commits.push(await repo.commit('new'));
  });
  after(() => repo.cleanup());

  it('a failure just before the rename leaves the old content and no temp file', async () => {
    await assert.rejects(
      checkoutVersion(outputOf(repo, 'model.bin'), commits[0]!, {
        beforeReplace: () => {
          throw new Error('power cut');
        },
      }),
      /power cut/,
    );
    assert.equal(readFileSync(join(repo.root, 'model.bin'), 'utf8'), big('b'));
    assert.deepEqual(readdirSync(repo.root).filter((n) => n.includes('mlops-checkout')), []);
  });

  it('a killed process leaves every file whole, old or new; a rerun completes the checkout', async () => {
    const script = join(repo.root, 'kill-during-checkout.ts');
    writeFileSync(
      script,
      [
        `import { checkoutVersion } from ${JSON.stringify(join(ROOT, 'core/data/checkout.ts'))};`,
        `import { scanWorkspace } from ${JSON.stringify(join(ROOT, 'core/dvc/workspace.ts'))};`,
        `const target = process.argv[2]!;`,
        `const output = scanWorkspace(${JSON.stringify(repo.root)}).outputs.find((o) => o.path === target)!;`,
        `let replaced = 0;`,
        // Kill the process with SIGKILL (no cleanup can run) right before the second file would be replaced.
        `checkoutVersion(output, ${JSON.stringify(commits[0])}, { beforeReplace: () => { if (++replaced === Number(process.argv[3])) process.kill(process.pid, 'SIGKILL'); } });`,
      ].join('\n'),
    );
    for (const [target, killAt] of [
      ['model.bin', '1'],
      ['shards', '2'],
    ] as const) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', script, target, killAt], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(run.signal, 'SIGKILL', run.stderr);
    }
    assert.equal(readFileSync(join(repo.root, 'model.bin'), 'utf8'), big('b'), 'the file killed mid-checkout keeps its old content');
    const contents = ['1.txt', '2.txt', '3.txt'].map((f) => readFileSync(join(repo.root, 'shards', f), 'utf8'));
    const whole = contents.map((c) => [big('1'), big('2'), big('3'), big('x'), big('y'), big('z')].includes(c));
    assert.deepEqual(whole, [true, true, true], 'no file is torn');
    assert.equal(contents.filter((c, i) => c === big(String(i + 1))).length, 1, 'one file was replaced before the kill');
    assert.ok(readdirSync(join(repo.root, 'shards')).some((n) => n.includes('.mlops-checkout-')), 'the temp file of the interrupted write remains');

    await checkoutVersion(outputOf(repo, 'model.bin'), commits[0]!);
    assert.equal(readFileSync(join(repo.root, 'model.bin'), 'utf8'), big('a'));
    assert.deepEqual(readdirSync(repo.root).filter((n) => n.includes('mlops-checkout')), []);
    const result = await checkoutVersion(outputOf(repo, 'shards'), commits[0]!);
    assert.equal(result.written.length, 2);
    assert.deepEqual(readdirSync(join(repo.root, 'shards')).sort(), ['1.txt', '2.txt', '3.txt']);
    for (const n of ['1', '2', '3']) assert.equal(readFileSync(join(repo.root, 'shards', `${n}.txt`), 'utf8'), big(n));
  });
});
