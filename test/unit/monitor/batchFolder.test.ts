// A folder of batches opened for monitoring: its batches are its data files of the most common kind, and the
// drift.yaml written beside them reads back (through the drift.yaml loader and the monitor job) as that folder's job.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { batchFolder, batchFolderConfig } from '../../../core/monitor/batchFolder';
import { resolveMonitorJob } from '../../../core/monitor/monitorJob';

const root = mkdtempSync(join(tmpdir(), 'mlops-batch-folder-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('the batches are the data files of the most common kind, in name order; other files are left out', () => {
  const folder = join(root, 'hourly');
  mkdirSync(join(folder, 'archive'), { recursive: true });
  for (const name of ['2026-11-02T01.csv', '2026-11-02T00.csv', 'notes.md', 'schema.parquet', '2026-11-02T02.CSV.bak']) writeFileSync(join(folder, name), 'a\n1\n');
  const found = batchFolder(folder);
  assert.equal(found.pattern, '*.csv');
  assert.deepEqual(
    found.batches.map((b) => b.slice(folder.length + 1)),
    ['2026-11-02T00.csv', '2026-11-02T01.csv'],
  );
  assert.deepEqual(batchFolder(join(folder, 'archive')).batches, []);
});

test('the written drift.yaml names the reference relative to the folder and the batches as a glob', () => {
  const folder = join(root, 'data', 'batches');
  mkdirSync(folder, { recursive: true });
  for (const day of ['01', '02', '03']) writeFileSync(join(folder, `2026-11-${day}.parquet`), 'PAR1');
  const reference = join(root, 'reference data.csv');
  writeFileSync(reference, 'a\n1\n');
  const text = batchFolderConfig(batchFolder(folder), reference);
  assert.match(text, /^reference: "\.\.\/\.\.\/reference data\.csv"$/m);
  assert.match(text, /^batches: \["\*\.parquet"\]$/m);
  const config = join(folder, 'drift.yaml');
  writeFileSync(config, text);
  const job = resolveMonitorJob(config);
  assert.equal(job.reference, reference);
  assert.deepEqual(job.batches, ['01', '02', '03'].map((day) => join(folder, `2026-11-${day}.parquet`)));
});
