// A tiny Hugging Face cache in the demo (hf-cache/, named by the mlops.hfCache setting in .vscode/settings.json):
// `mlops-demo/tiny-sentiment` with two revisions sharing their weights blob (main and refs/pr/1), a model card with
// model-index metrics, and a LoRA adapter (adapter_config.json + weights) in outputs/ whose base is the cached model.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export const DEMO_HF_REPO = 'mlops-demo/tiny-sentiment';

const CARD = `---
license: apache-2.0
base_model: prajjwal1/bert-tiny
pipeline_tag: text-classification
datasets:
- stanfordnlp/sst2
model-index:
- name: tiny-sentiment
  results:
  - task:
      type: text-classification
      name: Text Classification
    dataset:
      name: SST-2
      type: stanfordnlp/sst2
      split: validation
    metrics:
    - type: accuracy
      value: 0.842
    - type: f1
      value: 0.838
---
# tiny-sentiment

A two-layer BERT fine-tuned on SST-2 (demo data).
`;

export function writeDemoHfCache(folder: string): void {
  const cache = join(folder, 'hf-cache');
  const repo = join(cache, `models--${DEMO_HF_REPO.replace('/', '--')}`);
  const weights = Buffer.alloc(2048, 7);
  const revisions: Record<string, Record<string, string | Buffer>> = {
    '3f1c0b7e9a4d2c5b8e6f1a0d9c8b7a6f5e4d3c2b': { 'config.json': '{"hidden_size": 128, "num_hidden_layers": 2}', 'model.safetensors': weights, 'README.md': CARD },
    '8a2d4f6b1c3e5a7d9f0b2c4e6a8d0f1b3c5e7a9d': { 'config.json': '{"hidden_size": 128, "num_hidden_layers": 2, "id2label": {"0": "neg", "1": "pos"}}', 'model.safetensors': weights, 'README.md': CARD, 'onnx/model.onnx': Buffer.alloc(512, 3) },
  };
  for (const [commit, files] of Object.entries(revisions)) {
    for (const [name, content] of Object.entries(files)) {
      // Blobs are named by content hash (huggingface_hub uses the git or LFS sha), so shared files share a blob.
      const blob = join(repo, 'blobs', createHash('sha256').update(content).digest('hex'));
      mkdirSync(dirname(blob), { recursive: true });
      if (!existsSync(blob)) writeFileSync(blob, content);
      const link = join(repo, 'snapshots', commit, name);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(relative(dirname(link), blob), link);
    }
  }
  const [first, second] = Object.keys(revisions);
  mkdirSync(join(repo, 'refs', 'refs', 'pr'), { recursive: true });
  writeFileSync(join(repo, 'refs', 'main'), second!);
  writeFileSync(join(repo, 'refs', 'refs', 'pr', '1'), first!);
  mkdirSync(join(repo, '.no_exist', second!), { recursive: true });
  writeFileSync(join(repo, '.no_exist', second!, 'tokenizer.json'), '');

  const adapter = join(folder, 'outputs', 'tiny-sentiment-lora');
  mkdirSync(adapter, { recursive: true });
  const config = { peft_type: 'LORA', base_model_name_or_path: DEMO_HF_REPO, r: 8, lora_alpha: 16, lora_dropout: 0.1, target_modules: ['query', 'value'], task_type: 'SEQ_CLS', bias: 'none' };
  writeFileSync(join(adapter, 'adapter_config.json'), `${JSON.stringify(config, null, 2)}\n`);
  writeFileSync(join(adapter, 'adapter_model.safetensors'), Buffer.alloc(1024, 1));

  const settingsPath = join(folder, '.vscode', 'settings.json');
  const settings = existsSync(settingsPath) ? (JSON.parse(readFileSync(settingsPath, 'utf8')) as Record<string, unknown>) : {};
  mkdirSync(dirname(settingsPath), { recursive: true });
  writeFileSync(settingsPath, `${JSON.stringify({ ...settings, 'mlops.hfCache': 'hf-cache' }, null, 2)}\n`);
}
