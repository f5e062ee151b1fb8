// The kept `git cat-file --batch` reader behind version listing: later listings reuse it and still see commits made
// (and repacks run) since it started, a one-shot process does not wait for it, and failures name the folder.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readObject } from '../../../core/data/gitObjects';
import { listVersions } from '../../../core/data/history';
import { createDvcRepo, type DvcTestRepo } from '../../support/dvcRepo';

describe('the kept git object reader', () => {
  let repo: DvcTestRepo;
  let first: string;
  const query = () => ({ projectRoot: repo.root, pointer: { kind: 'dvc' as const, file: 'data/train.csv.dvc' }, pointerPath: 'train.csv' });

  before(async () => {
    repo = await createDvcRepo();
    repo.addFile('data/train.csv', 'id\n1\n', 'dvc3');
    first = await repo.commit('v1');
  });
  after(() => repo.cleanup());

  it('sees versions committed, and objects repacked, after it started', async () => {
    assert.equal((await listVersions(query())).length, 1);
    const md5 = repo.addFile('data/train.csv', 'id\n1\n2\n', 'dvc3');
    const second = await repo.commit('v2');
    execFileSync('git', ['gc', '--quiet', '--prune=now'], { cwd: repo.root });
    repo.addFile('data/train.csv', 'id\n1\n2\n3\n', 'dvc3');
    const third = await repo.commit('v3');
    const versions = await listVersions(query());
    assert.deepEqual(
      versions.map((v) => v.commit),
      [third, second, first],
    );
    assert.equal(versions[1]!.md5, md5);
  });

  it('answers undefined for a name that is not a blob', async () => {
    assert.equal(await readObject(repo.root, 'HEAD:./no/such/file'), undefined);
    assert.equal(await readObject(repo.root, 'HEAD'), undefined, 'a commit is not a blob');
    assert.match((await readObject(repo.root, 'HEAD:./data/train.csv.dvc'))!.text, /md5: [0-9a-f]{32}/);
  });

  it('lets a one-shot process exit as soon as its reads are answered', () => {
    const script = `const { readObject } = require(${JSON.stringify(join(__dirname, '../../../core/data/gitObjects.ts'))});
      readObject(${JSON.stringify(repo.root)}, 'HEAD:./data/train.csv.dvc').then((blob) => console.log(blob ? 'read' : 'missing'));`;
    const started = Date.now();
    const printed = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(printed.trim(), 'read');
    // The reader closes itself after 5 s idle; a process held by it would take at least that long.
    assert.ok(Date.now() - started < 4_500, `took ${Date.now() - started} ms`);
  });

  it('falls back to --batch where git has no --batch-command (before 2.36), and still answers every read', () => {
    const bin = mkdtempSync(join(tmpdir(), 'mlops-old-git-'));
    try {
      const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
      const oldGit = join(bin, 'git');
      writeFileSync(
        oldGit,
        `#!/bin/sh\nfor a in "$@"; do [ "$a" = "--batch-command" ] && { echo "error: unknown option \\\`batch-command'" >&2; exit 129; }; done\nexec ${realGit} "$@"\n`,
      );
      chmodSync(oldGit, 0o755);
      const script = `const { listVersions } = require(${JSON.stringify(join(__dirname, '../../../core/data/history.ts'))});
        listVersions(${JSON.stringify(query())}).then((versions) => console.log(versions.map((v) => v.commit).join(',')));`;
      const printed = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
        encoding: 'utf8',
        timeout: 20_000,
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
      });
      assert.equal(printed.trim().split(',').length, 3);
      assert.equal(printed.trim().split(',').at(-1), first);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('rejects reads in a folder that is no git repository, naming the folder', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mlops-not-git-'));
    try {
      await assert.rejects(readObject(folder, 'HEAD:./x'), (error: Error) => error.message.includes(folder) && /git cat-file/.test(error.message));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
