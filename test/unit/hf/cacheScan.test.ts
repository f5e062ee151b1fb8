import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type HfCacheInfo, scanHfCache } from '../../../core/hf/cacheScan';
import { type BlobTimes, makeTempDir, type RepoSpec, writeRepo } from '../../support/hfCache';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
const D = 'd'.repeat(40);

const TINY_MODEL: RepoSpec = {
  folder: 'models--acme--tiny-bert',
  blobs: { cfg1: '{"layers": 2}', cfg2: '{"layers": 4, "hidden": 8}', weights: 'W'.repeat(1000), vocab: 'a\nb\nc\n', onnx: 'O'.repeat(333), orphan: 'never linked' },
  revisions: {
    [A]: { 'config.json': 'cfg1', 'model.safetensors': 'weights', 'vocab.txt': 'vocab' },
    // Shares weights and vocab with A; a nested folder; the same blob twice under two names.
    [B]: { 'config.json': 'cfg2', 'model.safetensors': 'weights', 'vocab.txt': 'vocab', 'onnx/model.onnx': 'onnx', 'onnx/deep/copy.onnx': 'onnx' },
    [C]: {},
  },
  refs: { main: B, 'refs/pr/1': A, v1: A },
  noExist: { [B]: ['tokenizer.json', 'sub/added_tokens.json'] },
};

const DATASET: RepoSpec = {
  folder: 'datasets--acme--reviews',
  blobs: { train: 'x'.repeat(4096), readme: '# reviews' },
  revisions: { [D]: { 'data/train-00000.parquet': 'train', 'README.md': 'readme', 'local.txt': { copied: 'copied, not linked' } } },
  refs: { main: D },
};

/**
 * What huggingface_hub's scan_cache_dir reports for repositories written from `specs`, computed from the specs alone:
 * a revision counts its files and the distinct blobs they name; a repository counts the distinct blobs any revision
 * names (so `orphan` never counts); a copied file is its own blob; times are the max over those blobs.
 */
function expectedScan(specs: { spec: RepoSpec; times: Map<string, BlobTimes> }[]) {
  let total = 0;
  const repos = specs.map(({ spec, times }) => {
    const [type, ...rest] = spec.folder.split('--');
    const blobs = new Map<string, { size: number } & BlobTimes>();
    const revisions = Object.entries(spec.revisions)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([commit, files]) => {
        const own = new Map<string, number>();
        for (const [file, target] of Object.entries(files)) {
          const key = typeof target === 'string' ? target : `${commit}/${file}`;
          const size = Buffer.byteLength(typeof target === 'string' ? spec.blobs[target]! : target.copied);
          own.set(key, size);
          blobs.set(key, { size, ...times.get(key)! });
        }
        const refs = Object.entries(spec.refs ?? {})
          .filter(([, c]) => c === commit)
          .map(([r]) => r)
          .sort();
        return { commit_hash: commit, refs, size_on_disk: [...own.values()].reduce((s, n) => s + n, 0), nb_files: Object.keys(files).length };
      });
    const size = [...blobs.values()].reduce((s, b) => s + b.size, 0);
    total += size;
    return {
      repo_id: rest.join('/'),
      repo_type: type!.slice(0, -1),
      size_on_disk: size,
      nb_files: blobs.size,
      last_accessed: Math.max(...[...blobs.values()].map((b) => b.atime)),
      last_modified: Math.max(...[...blobs.values()].map((b) => b.mtime)),
      revisions,
    };
  });
  return { size_on_disk: total, repos };
}

function figures(info: HfCacheInfo) {
  return {
    size_on_disk: info.sizeOnDisk,
    repos: info.repos.map((r) => ({
      repo_id: r.repoId,
      repo_type: r.repoType,
      size_on_disk: r.sizeOnDisk,
      nb_files: r.nbFiles,
      last_accessed: r.lastAccessed,
      last_modified: r.lastModified,
      revisions: r.revisions.map((v) => ({ commit_hash: v.commitHash, refs: v.refs, size_on_disk: v.sizeOnDisk, nb_files: v.nbFiles })),
    })),
  };
}

describe('scanHfCache', () => {
  const tmp = makeTempDir('hf-scan-');
  const cache = join(tmp.root, 'hub');
  let expected: ReturnType<typeof expectedScan>;
  before(() => {
    mkdirSync(cache);
    // Sorted by folder: datasets-- before models--, as scan-cache lists them.
    expected = expectedScan([DATASET, TINY_MODEL].map((spec) => ({ spec, times: writeRepo(cache, spec) })));
    mkdirSync(join(cache, '.locks', 'models--acme--tiny-bert'), { recursive: true });
    writeFileSync(join(cache, 'CACHEDIR.TAG'), 'Signature: 8a477f597d28d172789f06886806bc55');
  });
  after(() => tmp.cleanup());

  it('counts every repository and revision as scan_cache_dir does', () => {
    const info = scanHfCache(cache);
    assert.deepEqual(info.warnings, []);
    assert.deepEqual(figures(info), expected);
  });

  it('lists nested files with their blob, and shares blobs between revisions', () => {
    const model = scanHfCache(cache).repos.find((r) => r.repoId === 'acme/tiny-bert')!;
    const revB = model.revisions.find((r) => r.commitHash === B)!;
    assert.deepEqual(
      revB.files.map((f) => f.name),
      ['config.json', 'model.safetensors', 'onnx/deep/copy.onnx', 'onnx/model.onnx', 'vocab.txt'],
    );
    const revA = model.revisions.find((r) => r.commitHash === A)!;
    const weights = (rev: typeof revA) => rev.files.find((f) => f.name === 'model.safetensors')!.blobPath;
    assert.equal(weights(revA), weights(revB));
    assert.equal(weights(revA), join(cache, TINY_MODEL.folder, 'blobs', 'weights'));
    assert.deepEqual(model.revisions.find((r) => r.commitHash === C)!.files, []);
  });

  it('reports corrupted entries as warnings and leaves those repositories out', () => {
    const bad = makeTempDir('hf-bad-');
    try {
      writeRepo(bad.root, TINY_MODEL);
      writeFileSync(join(bad.root, 'version.txt'), '1');
      mkdirSync(join(bad.root, 'models--nosnapshots'));
      mkdirSync(join(bad.root, 'nodashes'));
      mkdirSync(join(bad.root, 'widgets--acme--x', 'snapshots'), { recursive: true });
      writeRepo(bad.root, { folder: 'models--acme--dangling-ref', blobs: { a: 'a' }, revisions: { [A]: { 'a.txt': 'a' } }, refs: { main: B } });
      writeRepo(bad.root, { folder: 'models--acme--broken-link', blobs: { a: 'a' }, revisions: { [A]: { 'a.txt': 'a' } } });
      symlinkSync('../../blobs/gone', join(bad.root, 'models--acme--broken-link', 'snapshots', A, 'gone.txt'));
      writeRepo(bad.root, { folder: 'models--acme--file-in-snapshots', blobs: {}, revisions: {} });
      writeFileSync(join(bad.root, 'models--acme--file-in-snapshots', 'snapshots', 'stray'), '');
      const info = scanHfCache(bad.root);
      assert.deepEqual(
        info.repos.map((r) => r.repoId),
        ['acme/tiny-bert'],
      );
      const warning = (text: string) => assert.ok(info.warnings.some((w) => w.includes(text)), `no warning with ${text}: ${info.warnings.join('\n')}`);
      warning(`Repo path is not a directory: ${join(bad.root, 'version.txt')}`);
      warning(`Snapshots dir doesn't exist in cached repo: ${join(bad.root, 'models--nosnapshots', 'snapshots')}`);
      warning(`Repo path is not a valid HuggingFace cache directory: ${join(bad.root, 'nodashes')}`);
      warning('Repo type must be `dataset`, `model` or `space`, found `widget`');
      warning(`Reference(s) refer to missing commit hashes: {"${B}": main}`);
      warning(`Blob missing (broken symlink): ${join(bad.root, 'models--acme--broken-link', 'blobs', 'gone')}`);
      warning('Snapshots folder corrupted. Found a file');
      assert.equal(info.warnings.length, 7);
    } finally {
      bad.cleanup();
    }
  });

  it('counts a ref file with a trailing newline as a missing commit, as huggingface_hub reads the whole file', () => {
    const tmp2 = makeTempDir('hf-nl-');
    try {
      writeRepo(tmp2.root, { folder: 'models--x', blobs: { a: 'a' }, revisions: { [A]: { 'a.txt': 'a' } }, refs: { main: `${A}\n` } });
      assert.match(scanHfCache(tmp2.root).warnings[0]!, /Reference\(s\) refer to missing commit hashes/);
    } finally {
      tmp2.cleanup();
    }
  });

  it('names a missing cache and what to set', () => {
    assert.throws(() => scanHfCache(join(tmp.root, 'nowhere')), /Hugging Face cache not found: .*HF_HUB_CACHE/);
  });
});
