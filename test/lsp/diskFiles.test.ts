// diskFiles reuses a file's text while stat says it is unchanged; file times tick coarsely, so a file rewritten
// right after it was read (same size, maybe the same timestamps) must still be read again.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { diskFiles, ValidationContext } from '../../core/pipeline/workspace';

const dir = mkdtempSync(join(tmpdir(), 'mlops-diskfiles-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a params file rewritten right after a read, with the same size, is read again', () => {
  const path = join(dir, 'params.yaml');
  writeFileSync(path, 'train:\n  lr: 0.1\n');
  assert.equal(diskFiles.readText(path), 'train:\n  lr: 0.1\n');
  writeFileSync(path, 'train:\n  lr: 0.2\n');
  assert.equal(diskFiles.readText(path), 'train:\n  lr: 0.2\n');
  const ctx = new ValidationContext(diskFiles);
  assert.equal(ctx.readText(path), 'train:\n  lr: 0.2\n');
});

test('missing files and folders read as undefined without throwing', () => {
  assert.equal(diskFiles.readText(join(dir, 'nope.yaml')), undefined);
  assert.equal(diskFiles.readText(dir), undefined);
  assert.equal(diskFiles.readText(join(dir, 'no', 'such', 'dir', 'params.yaml')), undefined);
});
