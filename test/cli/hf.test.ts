import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCaptured } from '../support/cliRun';
import { makeTempDir, writeRepo } from '../support/hfCache';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('mlops hf', () => {
  const tmp = makeTempDir('hf-cli-');
  const cache = join(tmp.root, 'hub');
  before(() => {
    mkdirSync(cache);
    writeRepo(cache, {
      folder: 'models--acme--tiny',
      blobs: { c1: 'c1', c2: 'c22', w: 'w'.repeat(100) },
      revisions: { [A]: { 'config.json': 'c1', 'w.bin': 'w' }, [B]: { 'config.json': 'c2', 'w.bin': 'w' } },
      refs: { main: B, 'refs/pr/1': A },
    });
    const lora = join(tmp.root, 'ws', 'lora');
    mkdirSync(lora, { recursive: true });
    writeFileSync(join(lora, 'adapter_config.json'), JSON.stringify({ peft_type: 'LORA', base_model_name_or_path: 'acme/tiny', r: 4, lora_alpha: 8, lora_dropout: 0.1, target_modules: ['q'], task_type: 'CAUSAL_LM' }));
    writeFileSync(join(lora, 'adapter_model.safetensors'), 'x'.repeat(64));
  });
  after(() => tmp.cleanup());

  it('hf cache --json prints the issue shape', async () => {
    const { code, out } = await runCaptured(tmp.root, ['hf', 'cache', '--dir', 'hub', '--json']);
    assert.equal(code, 0);
    const parsed = JSON.parse(out);
    assert.equal(parsed.size_on_disk, 2 + 3 + 100);
    const [repo] = parsed.repos;
    assert.deepEqual(Object.keys(repo), ['repo_id', 'repo_type', 'size_on_disk', 'nb_files', 'last_accessed', 'last_modified', 'revisions']);
    assert.deepEqual([repo.repo_id, repo.repo_type, repo.size_on_disk, repo.nb_files], ['acme/tiny', 'model', 105, 3]);
    assert.deepEqual(repo.revisions, [
      { commit_hash: A, refs: ['refs/pr/1'], size_on_disk: 102, nb_files: 2 },
      { commit_hash: B, refs: ['main'], size_on_disk: 103, nb_files: 2 },
    ]);
  });

  it('hf cache prints a table', async () => {
    const { code, out } = await runCaptured(tmp.root, ['hf', 'cache', '--dir', 'hub']);
    assert.equal(code, 0);
    assert.match(out, /REPO ID\s+REPO TYPE\s+SIZE ON DISK/);
    assert.match(out, /acme\/tiny\s+model\s+105 B\s+3 .*main, refs\/pr\/1/);
  });

  it('hf adapters --json lists workspace adapters with their base model', async () => {
    const { code, out } = await runCaptured(tmp.root, ['hf', 'adapters', 'ws', '--dir', 'hub', '--json']);
    assert.equal(code, 0);
    const [adapter] = JSON.parse(out).adapters;
    assert.deepEqual([adapter.peft_type, adapter.base_model, adapter.r, adapter.lora_alpha, adapter.weights_size], ['LORA', 'acme/tiny', 4, 8, 64]);
  });

  it('hf delete-revision needs --yes without a terminal, then frees the revision-only blobs', async () => {
    const refused = await runCaptured(tmp.root, ['hf', 'delete-revision', 'acme/tiny', A, '--dir', 'hub']);
    assert.equal(refused.code, 1);
    const { code, out } = await runCaptured(tmp.root, ['hf', 'delete-revision', 'acme/tiny', A, '--dir', 'hub', '--yes']);
    assert.equal(code, 0);
    assert.match(out, /freed 2 B \(2 bytes\)/);
    assert.equal(existsSync(join(cache, 'models--acme--tiny', 'blobs', 'c1')), false);
    assert.ok(existsSync(join(cache, 'models--acme--tiny', 'blobs', 'w')));
  });
});
