// What a live monitoring dashboard watches: its drift.yaml, the reference and each batches entry with its glob kept,
// so a batch that does not exist yet is seen arriving; a drift.yaml that does not parse is watched alone.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { monitorWatchTargets } from '../../../core/monitor/monitorJob';

describe('monitoring watch targets', () => {
  const folder = mkdtempSync(join(tmpdir(), 'mlops-monitor-watch-'));
  after(() => rmSync(folder, { recursive: true, force: true }));
  const config = join(folder, 'drift.yaml');

  test('the drift.yaml, its reference and its batch globs and files, each once', () => {
    writeFileSync(config, 'reference: data/reference.csv\nbatches: [data/batches/day-*.csv, extra/late.csv, data/batches/day-*.csv]\n');
    assert.deepEqual(monitorWatchTargets(config), [
      { folder, pattern: 'drift.yaml' },
      { folder: join(folder, 'data'), pattern: 'reference.csv' },
      { folder: join(folder, 'data', 'batches'), pattern: 'day-*.csv' },
      { folder: join(folder, 'extra'), pattern: 'late.csv' },
    ]);
  });

  test('a drift.yaml that does not parse: only itself, whose fix is the change to wait for', () => {
    writeFileSync(config, 'reference: r.csv\nbatches: 3\n');
    assert.deepEqual(monitorWatchTargets(config), [{ folder, pattern: 'drift.yaml' }]);
  });
});
