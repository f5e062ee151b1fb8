import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { parseIni } from '../../../core/dvc/dvcConfig';
import { parseDvcFile } from '../../../core/dvc/dvcFile';
import { DvcFileError } from '../../../core/dvc/dvcFileError';
import { parseDvcLock } from '../../../core/dvc/dvcLock';
import { parseDvcYaml } from '../../../core/dvc/dvcYaml';
import { scanWorkspace } from '../../../core/dvc/workspace';

const FIXTURES = join(__dirname, '../../fixtures/dvc');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const all = walk(FIXTURES);
const readNear = (file: string) => (rel: string) => {
  const path = join(dirname(file), rel);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
};
const yamlOf = (rel: string) => {
  const abs = join(FIXTURES, rel);
  return parseDvcYaml(rel, readFileSync(abs, 'utf8'), readNear(abs));
};

describe('every real DVC metafile in test/fixtures/dvc parses', () => {
  it('all .dvc files', () => {
    const files = all.filter((f) => f.endsWith('.dvc'));
    assert.ok(files.length >= 19);
    for (const file of files) {
      const parsed = parseDvcFile(relative(FIXTURES, file), readFileSync(file, 'utf8'));
      assert.ok(parsed.outs.length > 0, file);
      for (const out of parsed.outs) assert.ok(out.md5 || out.files || out.etag, `${file} has a hash`);
    }
  });

  it('all dvc.lock files', () => {
    const files = all.filter((f) => f.endsWith('dvc.lock'));
    assert.equal(files.length, 9);
    for (const file of files) assert.ok(parseDvcLock(relative(FIXTURES, file), readFileSync(file, 'utf8')).stages.size > 0, file);
  });

  it('all valid dvc.yaml files, and the invalid examples that are still YAML', () => {
    const files = all.filter((f) => f.endsWith('dvc.yaml') && !f.includes('/invalid/'));
    assert.equal(files.length, 20);
    for (const file of files) parseDvcYaml(relative(FIXTURES, file), readFileSync(file, 'utf8'), readNear(file));
    const invalid = all.filter((f) => f.includes('/invalid/'));
    const matrixAndForeach = invalid.find((f) => f.endsWith('matrix.foreach.dvc.yaml'))!;
    assert.throws(() => parseDvcYaml('m.yaml', readFileSync(matrixAndForeach, 'utf8'), () => undefined), /both `foreach:` and `matrix:`/);
  });
});

describe('.dvc files', () => {
  it('reads a DVC 3 frozen import with its source repository', () => {
    const parsed = parseDvcFile('data.xml.dvc', readFileSync(join(FIXTURES, 'example-get-started/data/data.xml.dvc'), 'utf8'));
    assert.equal(parsed.frozen, true);
    assert.equal(parsed.isImport, true);
    assert.deepEqual(parsed.deps[0]!.repo, { url: 'https://github.com/iterative/dataset-registry', revLock: 'f59388cd04276e75d70b2136597aaa27e7937cc3' });
    assert.deepEqual(
      { path: parsed.outs[0]!.path, md5: parsed.outs[0]!.md5, size: parsed.outs[0]!.size, hash: parsed.outs[0]!.hash, isDir: parsed.outs[0]!.isDir },
      { path: 'data.xml', md5: '22a1a2931c8370d3aeedd7183606fd7f', size: 14445097, hash: 'md5', isDir: false },
    );
  });

  it('reads a DVC 2 directory pointer (no hash:) as md5-dos2unix', () => {
    const out = parseDvcFile('data.dvc', readFileSync(join(FIXTURES, 'vscode-dvc-demo/data.dvc'), 'utf8')).outs[0]!;
    assert.deepEqual([out.hash, out.isDir, out.nfiles, out.md5], ['md5-dos2unix', true, 8, 'ab3353d41bd7a24a20a31f29b64e3b3c.dir']);
  });

  it('reads version-aware cloud entries and inline files', () => {
    const out = parseDvcFile('NHGIS.dvc', readFileSync(join(FIXTURES, 'asmr/inputs/NHGIS.dvc'), 'utf8')).outs[0]!;
    assert.equal(out.isDir, true);
    assert.ok(out.files!.length > 1);
    assert.equal(out.nfiles, out.files!.length);
    assert.equal(out.files![0]!.relpath, 'nhgis0001_csv/nhgis0001_ds104_1980_tract.csv');
  });

  it('names the file and line of a bad entry', () => {
    const error = catchError(() => parseDvcFile('x.dvc', 'outs:\n- md5: abc\n  size: -1\n  path: x\n'));
    assert.ok(error instanceof DvcFileError);
    assert.equal(error.line, 3);
    assert.match(error.message, /^x\.dvc:3: `size:` must be a non-negative integer/);
    assert.throws(() => parseDvcFile('y.dvc', 'outs: [\n'), /^DvcFileError: y\.dvc:\d+: invalid YAML/);
    assert.throws(() => parseDvcFile('z.dvc', 'md5: abc\n'), /z\.dvc:1: no `outs:` list/);
  });
});

describe('dvc.lock', () => {
  it('reads schema 2.0 stages with params and directory outs', () => {
    const lock = parseDvcLock('dvc.lock', readFileSync(join(FIXTURES, 'example-get-started/dvc.lock'), 'utf8'));
    const prepare = lock.stages.get('prepare')!;
    assert.deepEqual(prepare.params['params.yaml'], { 'prepare.seed': 20170428, 'prepare.split': 0.2 });
    assert.equal(prepare.outs[0]!.md5, '153aad06d376b6595932470e459ef42a.dir');
    assert.equal(prepare.outs[0]!.nfiles, 2);
  });

  it('reports the DVC 1 layout as unsupported, as DVC 3 does', () => {
    const v1 = 'train:\n  cmd: python train.py\n  md5: 0123\n  deps:\n  - path: data\n    md5: abc\n';
    assert.throws(() => parseDvcLock('dvc.lock', v1), /dvc\.lock:1: this dvc\.lock uses the DVC 1 format/);
  });
});

describe('dvc.yaml', () => {
  it('expands foreach over a list of scalars with the values as keys (from params.yaml)', () => {
    const parsed = yamlOf('pipeline-configuration-foreach/multi-validation-datasets/dvc.yaml');
    const lock = parseDvcLock('dvc.lock', readFileSync(join(FIXTURES, 'pipeline-configuration-foreach/multi-validation-datasets/dvc.lock'), 'utf8'));
    const evaluate = parsed.stages.filter((s) => s.group === 'evaluate').map((s) => s.name);
    assert.ok(evaluate.length > 1);
    assert.deepEqual(evaluate.filter((n) => lock.stages.has(n)), evaluate, 'every generated name is the one DVC wrote to dvc.lock');
    assert.deepEqual(parsed.problems, []);
  });

  it('names foreach over dicts by key, lists of scalars by value, lists of mappings by index', () => {
    const names = yamlOf('dvcyaml-schema-examples/examples/valid/foreach.dvc.yaml').stages.map((s) => s.name);
    for (const n of ['test_dict@first', 'test_dict@third', 'test_seq@1', 'test_seq@3', 'test_nested_seq@0', 'test_nested_seq@2']) {
      assert.ok(names.includes(n), n);
    }
  });

  it('expands a matrix as DVC names it: values, or <name><index> for composite values', () => {
    const parsed = yamlOf('dvcyaml-schema-examples/examples/valid/matrix.dvc.yaml');
    const names = parsed.stages.map((s) => s.name);
    assert.equal(names.length, 16);
    assert.equal(names[0], 'stage1@processor1-dataset1/-config0-labels0');
    assert.equal(parsed.stages[0]!.cmd, 'python train.py processor1 dataset1/ --n_estimators 150 --max_depth 20 label1 label2 label3');
    assert.equal(names[15], 'stage1@processor2-dataset2/-config1-labels1');
  });

  it('resolves vars files relative to dvc.yaml, wdir, metrics/plots outs and params', () => {
    const parsed = yamlOf('data42lana-cv-mlops/pipelines/dvc.yaml');
    const stage = parsed.stages[0]!;
    assert.equal(stage.wdir, '..');
    assert.equal(stage.outs[0]!.cache, false);
    assert.equal(stage.outs[0]!.persist, true);
    assert.ok(!stage.deps.some((d) => d.includes('${')), `deps resolved: ${stage.deps.join(', ')}`);
    const started = yamlOf('example-get-started/dvc.yaml');
    const train = started.stages.find((s) => s.name === 'train')!;
    assert.deepEqual(train.params, [{ file: 'params.yaml', keys: ['train.min_split', 'train.n_est', 'train.seed'] }]);
  });

  it('keeps an unresolved reference as a problem with its line, not a failure', () => {
    const reference = ['$', '{missing.key}'].join('');
    const parsed = parseDvcYaml('dvc.yaml', `stages:\n  a:\n    cmd: echo ${reference}\n`, () => undefined);
    assert.equal(parsed.stages[0]!.cmd, `echo ${reference}`);
    assert.equal(parsed.problems[0]!.line, 3);
  });
});

describe('.dvc/config', () => {
  it('reads configobj sections with quoted remote names', () => {
    const ini = parseIni('config', "[core]\n    remote = storage\n['remote \"storage\"']\n    url = s3://bucket/path\n[cache]\n    dir = ../cache\n");
    assert.deepEqual(ini.get('remote "storage"'), { url: 's3://bucket/path' });
    assert.equal(ini.get('core')!['remote'], 'storage');
    assert.throws(() => parseIni('.dvc/config', '[core]\nnot a pair\n'), /\.dvc\/config:2: expected/);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('scanWorkspace over the fixtures', () => {
  it('lists .dvc and dvc.lock outputs with wdir applied, and skips external URLs', () => {
    const ws = scanWorkspace(FIXTURES);
    const paths = new Set(ws.outputs.map((o) => o.path));
    assert.ok(paths.has('example-get-started/data/data.xml'));
    assert.ok(paths.has('example-get-started/data/prepared'));
    assert.ok(paths.has('asmr/inputs/Detroit Parcel Data'));
    // pipelines/dvc.yaml stages run with `wdir: ..`, so their lock paths are relative to the repository root.
    assert.ok([...paths].some((p) => p.startsWith('data42lana-cv-mlops/') && !p.startsWith('data42lana-cv-mlops/pipelines/')));
    assert.ok(![...paths].some((p) => p.includes('s3:')));
    const metrics = ws.outputs.find((o) => o.path === 'deepcnn-classifier/scores.json');
    assert.equal(metrics?.entry.cache, false);
  });
});
