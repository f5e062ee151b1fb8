import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { scanHfCache } from '../../../core/hf/cacheScan';
import { executeDeletion, planRevisionDeletion } from '../../../core/hf/revisionDeletion';
import { makeTempDir, type RepoSpec, writeRepo } from '../../support/hfCache';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
const D = 'd'.repeat(40);

const MODEL: RepoSpec = {
  folder: 'models--acme--tiny',
  blobs: { cfgA: 'config a', cfgB: 'config bb', shared: 'S'.repeat(500), onlyA: 'A'.repeat(70), abShared: 'AB'.repeat(20), onlyC: 'C'.repeat(9) },
  revisions: {
    [A]: { 'config.json': 'cfgA', 'w.bin': 'shared', 'extra/a.bin': 'onlyA', 'extra/twice.bin': 'onlyA', 'ab.bin': 'abShared', 'notes.txt': { copied: 'copied into the snapshot' } },
    [B]: { 'config.json': 'cfgB', 'w.bin': 'shared', 'ab.bin': 'abShared' },
    [C]: { 'w.bin': 'shared', 'c.bin': 'onlyC' },
  },
  refs: { main: B, 'refs/pr/1': A },
  noExist: { [A]: ['tokenizer.json'] },
};

const DATASET: RepoSpec = { folder: 'datasets--acme--one', blobs: { d: 'D'.repeat(256) }, revisions: { [D]: { 'data.csv': 'd' } }, refs: { main: D } };

/** Blobs any snapshot of `spec` still links to once `deleted` are gone, computed from the spec. */
function blobsLinkedBy(spec: RepoSpec, remaining: string[]): Set<string> {
  return new Set(remaining.flatMap((c) => Object.values(spec.revisions[c]!).filter((t): t is string => typeof t === 'string')));
}

describe('planRevisionDeletion / executeDeletion', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let cache: string;
  beforeEach(() => {
    tmp = makeTempDir('hf-delete-');
    cache = join(tmp.root, 'hub');
    mkdirSync(cache);
    writeRepo(cache, MODEL);
    writeRepo(cache, DATASET);
  });
  afterEach(() => tmp.cleanup());

  it('frees exactly the blobs no other revision links to, and the snapshot and refs of the revision', () => {
    const before = scanHfCache(cache);
    const plan = planRevisionDeletion(before, [A]);
    const keptBlobs = blobsLinkedBy(MODEL, [B, C]);
    const freedBlobs = Object.keys(MODEL.blobs).filter((b) => !keptBlobs.has(b) && Object.values(MODEL.revisions[A]!).includes(b));
    assert.deepEqual(freedBlobs.sort(), ['cfgA', 'onlyA']);
    // onlyA is linked twice in A but freed once; the copied file goes with the snapshot and is counted.
    const expected = freedBlobs.reduce((s, b) => s + MODEL.blobs[b]!.length, 0) + 'copied into the snapshot'.length;
    assert.equal(plan.expectedFreedSize, expected);
    assert.deepEqual(plan.repos, []);
    assert.deepEqual(plan.notFound, []);
    const repoPath = join(before.cacheDir, MODEL.folder);
    assert.deepEqual(plan.refs, [join(repoPath, 'refs', 'refs/pr/1')]);

    const result = executeDeletion(plan);
    assert.deepEqual(result.problems, []);
    assert.equal(result.freedBytes, expected);
    assert.deepEqual(readdirSync(join(repoPath, 'blobs')).sort(), Object.keys(MODEL.blobs).filter((b) => !freedBlobs.includes(b)).sort());
    assert.deepEqual(readdirSync(join(repoPath, 'snapshots')).sort(), [B, C]);
    assert.equal(readFileSync(join(repoPath, 'refs', 'main'), 'utf8'), B);
    assert.equal(existsSync(join(repoPath, 'refs', 'refs', 'pr', '1')), false);

    const after = scanHfCache(cache);
    assert.deepEqual(after.warnings, []);
    const repoBefore = before.repos.find((r) => r.repoId === 'acme/tiny')!;
    const repoAfter = after.repos.find((r) => r.repoId === 'acme/tiny')!;
    // The repository shrinks by exactly what was freed (a copied file is its own blob in scan_cache_dir's count).
    assert.equal(repoBefore.sizeOnDisk - repoAfter.sizeOnDisk, expected);
    assert.deepEqual(
      repoAfter.revisions.map((r) => [r.commitHash, r.sizeOnDisk, r.nbFiles]),
      repoBefore.revisions.filter((r) => r.commitHash !== A).map((r) => [r.commitHash, r.sizeOnDisk, r.nbFiles]),
    );
  });

  it('deletes two revisions together, counting a blob they share but nothing else uses once', () => {
    const plan = planRevisionDeletion(scanHfCache(cache), [A, B]);
    const kept = blobsLinkedBy(MODEL, [C]);
    const freed = ['cfgA', 'cfgB', 'onlyA', 'abShared'];
    assert.ok(freed.every((b) => !kept.has(b)));
    assert.equal(plan.expectedFreedSize, freed.reduce((s, b) => s + MODEL.blobs[b]!.length, 0) + 'copied into the snapshot'.length);
    executeDeletion(plan);
    assert.deepEqual(readdirSync(join(cache, MODEL.folder, 'blobs')).sort(), ['onlyC', 'shared']);
  });

  it('deletes the whole repository with its last revision, freeing its size on disk', () => {
    const info = scanHfCache(cache);
    const dataset = info.repos.find((r) => r.repoType === 'dataset')!;
    const plan = planRevisionDeletion(info, [D, 'f'.repeat(40)]);
    assert.deepEqual(plan.repos, [dataset.repoPath]);
    assert.equal(plan.expectedFreedSize, dataset.sizeOnDisk);
    assert.deepEqual(plan.notFound, ['f'.repeat(40)]);
    executeDeletion(plan);
    assert.equal(existsSync(dataset.repoPath), false);
    assert.ok(existsSync(join(cache, MODEL.folder)));
  });

  it('never deletes or counts a blob a hostile snapshot links to outside the cache', () => {
    const outside = join(tmp.root, 'precious.txt');
    writeFileSync(outside, 'user data, not a cache blob');
    symlinkSync(outside, join(cache, MODEL.folder, 'snapshots', A, 'evil.bin'));
    const info = scanHfCache(cache);
    const plan = planRevisionDeletion(info, [A]);
    assert.deepEqual(plan.outside, [outside]);
    assert.ok(!plan.blobs.includes(outside));
    const result = executeDeletion(plan);
    assert.deepEqual(result.problems, []);
    assert.equal(readFileSync(outside, 'utf8'), 'user data, not a cache blob');
    assert.equal(existsSync(join(cache, MODEL.folder, 'snapshots', A)), false);
  });

  it('unlinks a repository folder that links outside the cache without touching what it points at', () => {
    const elsewhere = join(tmp.root, 'project');
    const E = 'e'.repeat(40);
    writeRepo(tmp.root, { folder: 'project', blobs: DATASET.blobs, revisions: { [E]: { 'data.csv': 'd' } }, refs: { main: E } });
    symlinkSync(elsewhere, join(cache, 'datasets--acme--linked'));
    const info = scanHfCache(cache);
    const linked = info.repos.find((r) => r.repoId === 'acme/linked')!;
    const plan = planRevisionDeletion(info, linked.revisions.map((r) => r.commitHash).concat(D));
    // Only the in-cache dataset's bytes are freed; the linked repo's blobs live outside.
    assert.equal(plan.expectedFreedSize, info.repos.find((r) => r.repoId === 'acme/one')!.sizeOnDisk);
    executeDeletion(plan);
    assert.equal(existsSync(join(cache, 'datasets--acme--linked')), false);
    assert.deepEqual(readdirSync(join(elsewhere, 'blobs')), ['d']);
    assert.ok(existsSync(join(elsewhere, 'snapshots', E, 'data.csv')));
  });
});
