// A cloned repository must never make `mlops data` (or the Data view, which calls the same core functions) read or
// write outside itself. The repository sits two folders deep in a parent temp folder holding a victim file; its
// pointers, lock file and directory manifests name paths that leave it (`../`, absolute, through `wdir:`, through a
// checked-in symlink). Every command runs, then the parent folder (minus the repository) must hash the same.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkoutVersion } from '../../core/data/checkout';
import { diffVersions } from '../../core/data/diff';
import { workspaceStatus } from '../../core/data/status';
import { scanWorkspace } from '../../core/dvc/workspace';
import { isInside } from '../../core/paths/containment';
import { runCaptured } from '../support/cliRun';
import { cacheObjectPath, createDvcRepo, type DvcTestRepo, dvcMd5 } from '../support/dvcRepo';

const VICTIM = 'precious, not from the repository\n';
const HOSTILE = 'written by a hostile repository\n';

const run = (cwd: string, ...argv: string[]) => runCaptured(cwd, argv);

/** Every entry under `folder` except `skip`: path, kind, and the content hash or link target. */
function snapshot(folder: string, skip: string): string {
  const lines: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (path === skip) continue;
      const stats = lstatSync(path);
      const rel = relative(folder, path);
      if (stats.isSymbolicLink()) lines.push(`${rel} -> ${readlinkSync(path)}`);
      else if (stats.isDirectory()) {
        lines.push(`${rel}/`);
        walk(path);
      } else lines.push(`${rel} ${stats.mode.toString(8)} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
    }
  };
  walk(folder);
  return lines.join('\n');
}

describe('paths from pointers, dvc.lock and manifests never leave the repository', () => {
  let parent: string;
  let repo: DvcTestRepo;
  let before_: string;

  /** Puts content into the repository's DVC 3 cache (as `dvc fetch` would) and returns its md5. */
  const stash = (content: string): string => {
    const md5 = dvcMd5(content, 'dvc3');
    const object = cacheObjectPath(repo.root, md5, 'dvc3');
    mkdirSync(dirname(object), { recursive: true });
    if (!existsSync(object)) writeFileSync(object, content, { mode: 0o444 });
    return md5;
  };
  const pointer = (out: Record<string, string | number>, wdir?: string): string =>
    `${wdir ? `wdir: ${wdir}\n` : ''}outs:\n- ${Object.entries(out)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n  ')}\n`;

  before(async () => {
    parent = mkdtempSync(join(tmpdir(), 'mlops-contain-'));
    mkdirSync(join(parent, 'outer'));
    writeFileSync(join(parent, 'victim.txt'), VICTIM);
    repo = await createDvcRepo({ parent: join(parent, 'outer') });
    repo.addFile('data/good.csv', 'a,b\n1,2\n', 'dvc3');
    const md5 = stash(HOSTILE);
    const size = HOSTILE.length;
    repo.write('escaped.txt.dvc', pointer({ md5, size, hash: 'md5', path: '../../escaped.txt' }));
    repo.write('absolute.txt.dvc', pointer({ md5, size, hash: 'md5', path: join(parent, 'absolute.txt') }));
    repo.write('wdir.dvc', pointer({ md5, size, hash: 'md5', path: 'wdir-escaped.txt' }, '../..'));
    repo.write('peek.dvc', pointer({ md5, size, hash: 'md5', path: '../../victim.txt' }));
    symlinkSync(parent, join(repo.root, 'link'));
    repo.write('via-link.dvc', pointer({ md5, size, hash: 'md5', path: 'link/linked.txt' }));
    repo.write('dvc.yaml', 'vars:\n- ../../victim.txt\nstages:\n  leak:\n    cmd: echo\n    outs:\n    - ../../lock-escaped.txt\n');
    repo.write('dvc.lock', `schema: '2.0'\nstages:\n  leak:\n    cmd: echo\n    outs:\n    - path: ../../lock-escaped.txt\n      hash: md5\n      md5: ${md5}\n      size: ${size}\n`);
    // A directory whose `.dir` manifest in the cache names a file four folders up: the victim.
    const ok = stash('fine\n');
    const manifest = `[{"md5": "${ok}", "relpath": "ok.txt"}, {"md5": "${md5}", "relpath": "../../../../victim.txt"}]`;
    const dirMd5 = `${createHash('md5').update(manifest).digest('hex')}.dir`;
    const object = cacheObjectPath(repo.root, dirMd5, 'dvc3');
    mkdirSync(dirname(object), { recursive: true });
    writeFileSync(object, manifest, { mode: 0o444 });
    repo.write('data/images.dvc', pointer({ md5: dirMd5, size: 5 + size, nfiles: 2, hash: 'md5', path: 'images' }));
    // The same with the file list inline, as version-aware remotes write it.
    repo.write(
      'data/inline.dvc',
      `outs:\n- path: inline\n  hash: md5\n  files:\n  - relpath: ok.txt\n    md5: ${ok}\n  - relpath: ../../../../victim.txt\n    md5: ${md5}\n`,
    );
    await repo.commit('a repository someone else wrote');
    before_ = snapshot(parent, repo.root);
  });
  after(() => rmSync(parent, { recursive: true, force: true }));

  it('data status reports each escaping out as DVC 3 does and still reports the rest', async () => {
    const { code, out } = await run(repo.root, 'data', 'status', '--json');
    assert.equal(code, 0);
    const json = JSON.parse(out) as { outputs: { path: string; status: string; problem?: string }[]; problems: { file: string; line?: number; message: string }[] };
    const tracked = json.outputs.map((o) => o.path).sort();
    assert.deepEqual(tracked, ['data/good.csv', 'data/images']);
    assert.equal(json.outputs.find((o) => o.path === 'data/good.csv')?.status, 'unchanged');
    assert.match(json.outputs.find((o) => o.path === 'data/images')?.problem ?? '', /'\.\.\/\.\.\/\.\.\/\.\.\/victim\.txt' leaves its directory/);
    const problem = (file: string) => json.problems.find((p) => p.file === file);
    assert.deepEqual(problem('escaped.txt.dvc'), {
      file: 'escaped.txt.dvc',
      line: 5,
      message: 'Cached output(s) outside of DVC project: ../../escaped.txt. See https://dvc.org/doc/user-guide/data-management/importing-external-data for more info.',
    });
    for (const file of ['absolute.txt.dvc', 'wdir.dvc', 'peek.dvc', 'via-link.dvc']) assert.match(problem(file)?.message ?? `${file}: no problem`, /^Cached output\(s\) outside of DVC project: /);
    assert.deepEqual(problem('data/inline.dvc')?.line, 7);
    assert.match(problem('data/inline.dvc')?.message ?? '', /'\.\.\/\.\.\/\.\.\/\.\.\/victim\.txt' leaves its directory/);
    assert.match(problem('dvc.lock')?.message ?? 'dvc.lock: no problem', /^Cached output\(s\) outside of DVC project: \.\.\/\.\.\/lock-escaped\.txt\. See https:\/\/dvc\.org\/doc\/user-guide\/pipelines\/external-dependencies-and-outputs/);
    assert.equal((await run(repo.root, 'data', 'status')).code, 0);
  });

  it('pipeline dag reads no vars file outside the project and says so', async () => {
    const { code, out } = await run(repo.root, 'pipeline', 'dag', '--json');
    assert.equal(code, 0);
    const problems = (JSON.parse(out) as { problems: { file: string; line?: number; message: string }[] }).problems;
    assert.deepEqual(
      problems.find((p) => p.file === 'dvc.yaml'),
      { file: 'dvc.yaml', line: 2, message: "Could not load vars file '../../victim.txt': it is outside the DVC project, so it is not read." },
    );
  });

  it('data checkout and diff refuse every escaping target and write nothing', async () => {
    const targets = ['escaped.txt.dvc', '../../escaped.txt', 'absolute.txt.dvc', 'wdir.dvc', 'peek.dvc', 'via-link.dvc', 'link/linked.txt', '../../lock-escaped.txt', 'data/images', 'data/inline'];
    const succeeded: string[] = [];
    for (const target of targets) {
      const checkout = await run(repo.root, 'data', 'checkout', target, '--rev', 'HEAD', '--yes');
      if (checkout.code === 0) succeeded.push(`checkout ${target}: ${checkout.out.trim()}`);
      for (const args of [[target], [target, 'HEAD', 'HEAD']]) {
        const diff = await run(repo.root, 'data', 'diff', ...args);
        if (diff.code === 0) succeeded.push(`diff ${args.join(' ')}: ${diff.out.trim()}`);
      }
    }
    assert.deepEqual(succeeded, []);
    const images = await run(repo.root, 'data', 'checkout', 'data/images', '--rev', 'HEAD', '--yes');
    assert.match(images.err, /'\.\.\/\.\.\/\.\.\/\.\.\/victim\.txt' .*leaves/);
    assert.match((await run(repo.root, 'data', 'checkout', 'escaped.txt.dvc', '--rev', 'HEAD', '--yes')).err, /escaped\.txt\.dvc:5: Cached output\(s\) outside of DVC project/);
  });

  it("the Data view's calls (status, diff, checkout of each scanned output) touch nothing outside", async () => {
    const workspace = scanWorkspace(repo.root);
    workspaceStatus(workspace);
    for (const output of workspace.outputs) {
      await diffVersions(output).catch(() => undefined);
      await checkoutVersion(output, 'HEAD').catch(() => undefined);
    }
    assert.deepEqual(
      workspace.outputs.filter((o) => !isInside(repo.root, o.absPath)).map((o) => o.pointerPath),
      [],
    );
  });

  it('no file outside the repository changed, was created or was hashed', () => {
    assert.equal(readFileSync(join(parent, 'victim.txt'), 'utf8'), VICTIM);
    assert.equal(snapshot(parent, repo.root), before_);
    const realRoot = realpathSync(repo.root);
    const tmp = join(repo.root, '.dvc', 'tmp');
    for (const name of existsSync(tmp) ? readdirSync(tmp) : []) {
      if (!name.endsWith('.json')) continue;
      const rows = (JSON.parse(readFileSync(join(tmp, name), 'utf8')) as { rows: Record<string, unknown> }).rows;
      for (const key of Object.keys(rows)) {
        const path = key.slice(key.indexOf('\t') + 1);
        assert.ok(isInside(realRoot, existsSync(path) ? realpathSync(path) : path), `${name} records ${path}, outside the repository`);
      }
    }
  });
});
