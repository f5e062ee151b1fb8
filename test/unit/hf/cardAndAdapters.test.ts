import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { baseRepoId, cachedAdapters, findAdapters, mergeAdapters } from '../../../core/hf/adapters';
import { scanHfCache } from '../../../core/hf/cacheScan';
import { parseModelCard } from '../../../core/hf/modelCard';
import { hfRepoReferences } from '../../../core/hf/repoReference';
import { makeTempDir, writeRepo } from '../../support/hfCache';

const CARD = `---
license: apache-2.0
base_model: google-bert/bert-base-uncased
pipeline_tag: text-classification
datasets:
- stanfordnlp/imdb
model-index:
- name: tiny-imdb
  results:
  - task:
      type: text-classification
      name: Text Classification
    dataset:
      name: IMDB
      type: stanfordnlp/imdb
      split: test
    metrics:
    - type: accuracy
      value: 0.912
    - type: f1
      value: 0.905
      name: F1 (macro)
---
# tiny-imdb
`;

const ADAPTER_CONFIG = JSON.stringify({
  peft_type: 'LORA',
  base_model_name_or_path: 'acme/tiny-bert',
  r: 8,
  lora_alpha: 16,
  lora_dropout: 0.05,
  target_modules: ['query', 'value'],
  task_type: 'SEQ_CLS',
  bias: 'none',
});

describe('model cards', () => {
  it('reads license, base model, pipeline tag, datasets and model-index metrics', () => {
    assert.deepEqual(parseModelCard(CARD), {
      license: 'apache-2.0',
      baseModels: ['google-bert/bert-base-uncased'],
      pipelineTag: 'text-classification',
      datasets: ['stanfordnlp/imdb'],
      metrics: [
        { model: 'tiny-imdb', task: 'Text Classification', dataset: 'IMDB', name: 'accuracy', type: 'accuracy', value: 0.912 },
        { model: 'tiny-imdb', task: 'Text Classification', dataset: 'IMDB', name: 'F1 (macro)', type: 'f1', value: 0.905 },
      ],
    });
  });

  it('has no card without front matter, and names the file when the YAML is broken', () => {
    assert.equal(parseModelCard('# just a readme\n'), null);
    assert.throws(() => parseModelCard('---\nlicense: [mit\n---\n', 'snap/README.md'), /snap\/README\.md: the model card's YAML front matter is invalid/);
  });
});

describe('PEFT adapters', () => {
  const tmp = makeTempDir('hf-adapters-');
  after(() => tmp.cleanup());

  it('finds adapters in the workspace and in an MLflow run artifact folder, with weights sizes', () => {
    const plain = join(tmp.root, 'ws', 'outputs', 'lora');
    const run = join(tmp.root, 'ws', 'mlruns', '3', 'f'.repeat(32), 'artifacts', 'peft');
    for (const dir of [plain, run, join(tmp.root, 'ws', 'node_modules', 'x')]) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'adapter_config.json'), ADAPTER_CONFIG);
      writeFileSync(join(dir, 'adapter_model.safetensors'), 'L'.repeat(640));
    }
    writeFileSync(join(plain, 'adapter_model.bin'), 'B'.repeat(10));
    const found = findAdapters(join(tmp.root, 'ws'));
    assert.deepEqual(
      found.map((a) => [a.folder, a.weightsSize, a.weightFiles, a.run ?? null]),
      [
        [run, 640, ['adapter_model.safetensors'], { experimentId: '3', runId: 'f'.repeat(32) }],
        [plain, 650, ['adapter_model.bin', 'adapter_model.safetensors'], null],
      ],
    );
    assert.deepEqual(found[0]!.config, { peftType: 'LORA', baseModel: 'acme/tiny-bert', r: 8, loraAlpha: 16, loraDropout: 0.05, targetModules: ['query', 'value'], taskType: 'SEQ_CLS' });
    assert.equal(found[0]!.baseRepoId, 'acme/tiny-bert');
  });

  it('finds adapters inside cached revisions, following the snapshot links for sizes', () => {
    const cache = join(tmp.root, 'hub');
    mkdirSync(cache);
    writeRepo(cache, {
      folder: 'models--acme--tiny-bert-lora',
      blobs: { cfg: ADAPTER_CONFIG, w: 'w'.repeat(4096) },
      revisions: { ['1'.repeat(40)]: { 'adapter_config.json': 'cfg', 'adapter_model.safetensors': 'w' } },
    });
    const info = scanHfCache(cache);
    const cached = cachedAdapters(info);
    assert.equal(cached.length, 1);
    assert.deepEqual(cached[0]!.cache, { repoId: 'acme/tiny-bert-lora', commitHash: '1'.repeat(40) });
    assert.equal(cached[0]!.weightsSize, 4096);
    // The same folder found by a workspace walk is listed once, as the cached one.
    assert.equal(mergeAdapters(cached, findAdapters(cache)).length, 1);
  });

  it('names the base repository of a local path into a cache', () => {
    assert.equal(baseRepoId('/home/me/.cache/huggingface/hub/models--acme--tiny-bert/snapshots/abc'), 'acme/tiny-bert');
    assert.equal(baseRepoId('meta-llama/Llama-3.2-1B'), 'meta-llama/Llama-3.2-1B');
    assert.equal(baseRepoId(null), null);
  });
});

describe('hfRepoReferences', () => {
  const cached = new Set(['acme/tiny-bert', 'gpt2']);
  it('finds cached repositories named by a version source or tags', () => {
    assert.deepEqual(hfRepoReferences('hf://acme/tiny-bert', {}, cached), ['acme/tiny-bert']);
    assert.deepEqual(hfRepoReferences('https://huggingface.co/acme/tiny-bert/tree/main', {}, cached), ['acme/tiny-bert']);
    assert.deepEqual(hfRepoReferences('/x/hub/models--acme--tiny-bert/snapshots/1', {}, cached), ['acme/tiny-bert']);
    assert.deepEqual(hfRepoReferences('runs:/abc/model', { hf_base_model: 'gpt2', note: 'gpt2' }, cached), ['gpt2']);
    assert.deepEqual(hfRepoReferences('runs:/abc/model', { hf_repo: 'acme/other' }, cached), []);
  });
});
