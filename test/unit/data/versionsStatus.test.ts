import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listVersions } from '../../../core/data/history';
import { workspaceStatus } from '../../../core/data/status';
import { scanWorkspace } from '../../../core/dvc/workspace';
import { cacheObjectPath, createDvcRepo, type DvcTestRepo, dvcMd5 } from '../../support/dvcRepo';

describe('versions from git history', () => {
  let repo: DvcTestRepo;
  const written: { commit: string; md5: string; size: number; subject: string }[] = [];

  before(async () => {
    repo = await createDvcRepo();
    const contents = ['id,label\n1,cat\n', 'id,label\n1,cat\n2,dog\n', 'id,label\n1,cat\n2,dog\n3,bird\n'];
    for (const [i, content] of contents.entries()) {
      const md5 = repo.addFile('data/train.csv', content, 'dvc3');
      const subject = `data v${i + 1}`;
      const commit = await repo.commit(subject, `2026-01-0${i + 1}T10:00:00Z`);
      written.push({ commit, md5, size: content.length, subject });
      if (i === 1) {
        // Touch the pointer without changing the hash: a comment and reordered keys are not a new version.
        writeFileSync(join(repo.root, 'data/train.csv.dvc'), `# reviewed\nouts:\n- path: train.csv\n  hash: md5\n  size: ${content.length}\n  md5: ${md5}\n`);
        await repo.commit('reformat pointer', '2026-01-02T12:00:00Z');
      }
    }
    repo.write('README.md', 'unrelated\n');
    await repo.commit('docs');
  });
  after(() => repo.cleanup());

  it('lists the commits that changed the hash, newest first, with what each commit wrote', async () => {
    const output = scanWorkspace(repo.root).outputs.find((o) => o.path === 'data/train.csv')!;
    const versions = await listVersions({ projectRoot: repo.root, pointer: output.pointer, pointerPath: output.pointerPath });
    assert.deepEqual(
      versions.map((v) => ({ commit: v.commit, md5: v.md5, size: v.size, subject: v.subject })),
      [...written].reverse(),
    );
    assert.equal(versions[0]!.author, 'Data Scientist');
    assert.equal(new Date(versions[2]!.date).toISOString(), '2026-01-01T10:00:00.000Z');
  });

  it('follows an output recorded in dvc.lock, ignoring commits that only changed other stages', async () => {
    const lock = (modelMd5: string, otherMd5: string) =>
      `schema: '2.0'\nstages:\n  train:\n    cmd: python train.py\n    outs:\n    - path: model.pkl\n      hash: md5\n      md5: ${modelMd5}\n      size: 10\n  report:\n    cmd: python report.py\n    outs:\n    - path: report.html\n      hash: md5\n      md5: ${otherMd5}\n      size: 5\n`;
    repo.write('dvc.yaml', 'stages:\n  train:\n    cmd: python train.py\n    outs:\n    - model.pkl\n  report:\n    cmd: python report.py\n    outs:\n    - report.html\n');
    const a = 'a'.repeat(32);
    const b = 'b'.repeat(32);
    repo.write('dvc.lock', lock(a, 'c'.repeat(32)));
    const first = await repo.commit('train v1');
    repo.write('dvc.lock', lock(a, 'd'.repeat(32)));
    await repo.commit('only the report changed');
    repo.write('dvc.lock', lock(b, 'd'.repeat(32)));
    const second = await repo.commit('train v2');
    const output = scanWorkspace(repo.root).outputs.find((o) => o.path === 'model.pkl')!;
    assert.deepEqual(output.pointer, { kind: 'lock', file: 'dvc.lock', stage: 'train' });
    const versions = await listVersions({ projectRoot: repo.root, pointer: output.pointer, pointerPath: output.pointerPath });
    assert.deepEqual(
      versions.map((v) => [v.commit, v.md5]),
      [
        [second, b],
        [first, a],
      ],
    );
  });
});

describe('versions of a DVC 2 directory pointer', () => {
  it('reads md5 and nfiles of each commit', async () => {
    const repo = await createDvcRepo();
    try {
      const first = repo.addDirectory('images', { 'a.txt': 'A\r\n' }, 'dvc2');
      const c1 = await repo.commit('one image');
      const second = repo.addDirectory('images', { 'a.txt': 'A\r\n', 'b.txt': 'B' }, 'dvc2');
      const c2 = await repo.commit('two images');
      const output = scanWorkspace(repo.root).outputs[0]!;
      assert.equal(output.entry.hash, 'md5-dos2unix');
      const versions = await listVersions({ projectRoot: repo.root, pointer: output.pointer, pointerPath: output.pointerPath });
      assert.deepEqual(
        versions.map((v) => [v.commit, v.md5, v.nfiles, v.size]),
        [
          [c2, second, 2, 4],
          [c1, first, 1, 3],
        ],
      );
    } finally {
      repo.cleanup();
    }
  });
});

describe('workspace status in DVC 3 and DVC 2 layouts', () => {
  let repo: DvcTestRepo;
  const crlf = 'a,b\r\n1,2\r\n';
  before(async () => {
    repo = await createDvcRepo();
    repo.addFile('v3/clean.csv', 'x\n1\n', 'dvc3');
    repo.addFile('v3/edited.csv', 'x\n1\n2\n', 'dvc3');
    repo.addFile('v3/gone.csv', 'x\n3\n', 'dvc3');
    repo.addFile('v3/uncached.bin', 'never cached', 'dvc3', { cache: false });
    repo.addFile('v2/windows.csv', crlf, 'dvc2');
    repo.addFile('v2/binary.bin', Buffer.from([0, 13, 10, 1, 2]), 'dvc2');
    repo.addDirectory('v3/images', { 'a.txt': 'A', 'sub/b.txt': 'B', 'c.txt': 'C' }, 'dvc3');
    repo.addDirectory('v2/images', { 'a.txt': 'A\r\n', 'b.txt': 'B' }, 'dvc2');
    await repo.commit('track everything');
    appendFileSync(join(repo.root, 'v3/edited.csv'), '3\n');
    unlinkSync(join(repo.root, 'v3/gone.csv'));
    writeFileSync(join(repo.root, 'v3/images/a.txt'), 'A2');
    rmSync(join(repo.root, 'v3/images/sub'), { recursive: true });
    writeFileSync(join(repo.root, 'v3/images/new.txt'), 'N');
  });
  after(() => repo.cleanup());

  it('reports unchanged, modified, missing and not_in_cache, hashing DVC 2 text with CRLF as LF', () => {
    assert.notEqual(dvcMd5(crlf, 'dvc2'), dvcMd5(crlf, 'dvc3'), 'the two rules differ on this file');
    const byPath = new Map(workspaceStatus(scanWorkspace(repo.root)).map((s) => [s.path, s]));
    assert.equal(byPath.get('v3/clean.csv')!.status, 'unchanged');
    assert.equal(byPath.get('v3/edited.csv')!.status, 'modified');
    assert.equal(byPath.get('v3/gone.csv')!.status, 'missing');
    assert.equal(byPath.get('v3/uncached.bin')!.status, 'not_in_cache');
    assert.equal(byPath.get('v3/uncached.bin')!.workspace, 'unchanged');
    assert.equal(byPath.get('v2/windows.csv')!.status, 'unchanged');
    assert.equal(byPath.get('v2/binary.bin')!.status, 'unchanged');
    assert.equal(byPath.get('v2/images')!.status, 'unchanged');
    const images = byPath.get('v3/images')!;
    assert.equal(images.status, 'modified');
    assert.deepEqual(images.changes, { added: ['new.txt'], removed: ['sub/b.txt'], modified: ['a.txt'] });
  });

  it('persists hashes so a second status reads no file content', () => {
    const cacheFile = join(repo.root, '.dvc/tmp/mlops-workbench-hashes.json');
    workspaceStatus(scanWorkspace(repo.root));
    assert.ok(existsSync(cacheFile));
    // Corrupting the cached hash of an unchanged file proves the second run trusts (path, size, mtime, inode).
    const rows = JSON.parse(readFileSync(cacheFile, 'utf8'));
    const key = `md5\t${join(repo.root, 'v3/clean.csv')}`;
    rows.rows[key][3] = '0'.repeat(32);
    writeFileSync(cacheFile, JSON.stringify(rows));
    const again = workspaceStatus(scanWorkspace(repo.root)).find((s) => s.path === 'v3/clean.csv')!;
    assert.equal(again.status, 'modified');
    // Touching the file (new mtime) makes it hash again.
    const later = new Date(Date.now() + 5000);
    utimesSync(join(repo.root, 'v3/clean.csv'), later, later);
    assert.equal(workspaceStatus(scanWorkspace(repo.root)).find((s) => s.path === 'v3/clean.csv')!.status, 'unchanged');
  });
});

describe('cache.dir from .dvc/config', () => {
  it('finds objects in a cache outside the project, relative to the .dvc folder', async () => {
    const repo = await createDvcRepo();
    const shared = join(repo.root, '..', `${basename(repo.root)}-shared-cache`);
    try {
      const md5 = repo.addFile('data.csv', 'x\n', 'dvc2');
      await repo.commit('data');
      mkdirSync(join(shared, md5.slice(0, 2)), { recursive: true });
      renameSync(cacheObjectPath(repo.root, md5, 'dvc2'), join(shared, md5.slice(0, 2), md5.slice(2)));
      assert.equal(workspaceStatus(scanWorkspace(repo.root))[0]!.status, 'not_in_cache');
      writeFileSync(join(repo.root, '.dvc/config'), `[cache]\n    dir = ../../${basename(shared)}\n`);
      const ws = scanWorkspace(repo.root);
      assert.equal(ws.projects[0]!.cache.dir, shared);
      assert.equal(workspaceStatus(ws)[0]!.status, 'unchanged');
    } finally {
      rmSync(shared, { recursive: true, force: true });
      repo.cleanup();
    }
  });
});

describe('remembered directory results', () => {
  it('are reused only while every file stat and the cache folders are unchanged', async () => {
    const repo = await createDvcRepo();
    try {
      repo.addDirectory('shards', { 'a.txt': 'A', 'b.txt': 'B' }, 'dvc3');
      await repo.commit('shards');
      const status = () => workspaceStatus(scanWorkspace(repo.root))[0]!;
      assert.equal(status().status, 'unchanged');
      assert.equal(status().status, 'unchanged');
      writeFileSync(join(repo.root, 'shards/b.txt'), 'B2');
      assert.deepEqual(status().changes, { added: [], removed: [], modified: ['b.txt'] });
      writeFileSync(join(repo.root, 'shards/b.txt'), 'B');
      assert.equal(status().status, 'unchanged');
      // Removing an object from the cache (as `dvc gc` would) changes the answer even though no workspace file did.
      rmSync(cacheObjectPath(repo.root, dvcMd5('A', 'dvc3'), 'dvc3'));
      assert.deepEqual([status().status, status().inCache], ['not_in_cache', false]);
    } finally {
      repo.cleanup();
    }
  });
});

describe('nested DVC projects in one workspace', () => {
  it('assigns each pointer to its nearest project and uses that project cache', async () => {
    const outer = await createDvcRepo();
    try {
      outer.addFile('top.csv', 'top\n', 'dvc3');
      const inner = join(outer.root, 'sub');
      mkdirSync(join(inner, '.dvc'), { recursive: true });
      writeFileSync(join(inner, '.dvc/config'), "[core]\n    remote = inner\n['remote \"inner\"']\n    url = /mnt/inner\n");
      outer.write('sub/data/in.csv', 'inner\n');
      const md5 = dvcMd5('inner\n', 'dvc3');
      const object = join(inner, '.dvc/cache/files/md5', md5.slice(0, 2), md5.slice(2));
      mkdirSync(join(object, '..'), { recursive: true });
      writeFileSync(object, 'inner\n');
      outer.write('sub/data/in.csv.dvc', `outs:\n- md5: ${md5}\n  size: 6\n  hash: md5\n  path: in.csv\n`);
      const ws = scanWorkspace(outer.root);
      assert.deepEqual(
        ws.projects.map((p) => p.root),
        [outer.root, inner],
      );
      const nested = ws.outputs.find((o) => o.path === 'data/in.csv')!;
      assert.equal(nested.project.root, inner);
      assert.equal(nested.project.config.defaultRemote, 'inner');
      assert.deepEqual(
        workspaceStatus(ws).map((s) => [s.path, s.status]),
        [
          ['top.csv', 'unchanged'],
          ['data/in.csv', 'unchanged'],
        ],
      );
    } finally {
      outer.cleanup();
    }
  });
});
