import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DEMO_HF_REPO, writeDemoHfCache } from '../../../core/demo/hfCache';
import { findAdapters } from '../../../core/hf/adapters';
import { scanHfCache } from '../../../core/hf/cacheScan';
import { readModelCard } from '../../../core/hf/modelCard';
import { makeTempDir } from '../../support/hfCache';

describe('demo HF cache', () => {
  const tmp = makeTempDir('demo-hf-');
  after(() => tmp.cleanup());

  it('holds a model with two revisions sharing blobs, card metrics and a LoRA adapter on it', () => {
    writeDemoHfCache(tmp.root);
    const info = scanHfCache(join(tmp.root, 'hf-cache'));
    assert.deepEqual(info.warnings, []);
    const [repo] = info.repos;
    assert.equal(repo!.repoId, DEMO_HF_REPO);
    assert.deepEqual(
      repo!.revisions.map((r) => r.refs),
      [['refs/pr/1'], ['main']],
    );
    // weights (2048) and the card are shared; two configs and the ONNX file are not.
    const card = readFileSync(repo!.revisions[0]!.files.find((f) => f.name === 'README.md')!.path);
    const configs = repo!.revisions.map((r) => r.files.find((f) => f.name === 'config.json')!.size);
    assert.equal(repo!.sizeOnDisk, 2048 + card.length + configs[0]! + configs[1]! + 512);
    assert.equal(repo!.nbFiles, 5);
    const metrics = readModelCard(repo!.revisions[0]!.files.find((f) => f.name === 'README.md')!.path)!.metrics;
    assert.deepEqual(
      metrics.map((m) => [m.name, m.value]),
      [
        ['accuracy', 0.842],
        ['f1', 0.838],
      ],
    );
    const [adapter] = findAdapters(tmp.root);
    assert.equal(adapter!.baseRepoId, DEMO_HF_REPO);
    assert.equal(adapter!.weightsSize, 1024);
    assert.equal(JSON.parse(readFileSync(join(tmp.root, '.vscode', 'settings.json'), 'utf8'))['mlops.hfCache'], 'hf-cache');
  });
});
