// The demo's W&B sweep: found in the workspace beside the MLflow stores, six runs of one sweep in one project, the
// last one still running; history appended to it (as wandb.log does) shows up on the next read.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DEMO_OUTPUT_FIRST_LINE, DEMO_SWEEP_ID, DEMO_WANDB_PROJECT, writeWandbSweep } from '../../../core/demo/wandbSweep';
import { defaultSystemMetrics, systemMetricKeys } from '../../../core/tracking/systemMetrics';
import type { WandbStore } from '../../../core/tracking/wandb/wandbStore';
import { appendRecords } from '../../../core/wandb/encoder';
import { openLocation } from '../../../core/workspace/open';
import { resolveWorkspace } from '../../../core/workspace/resolve';

const folder = mkdtempSync(join(tmpdir(), 'mlops-demo-wandb-'));
after(() => rmSync(folder, { recursive: true, force: true }));

test('the demo sweep is a discovered W&B location with one running run that follows appends', async () => {
  const written = writeWandbSweep(join(folder, 'wandb'), 7);
  const { locations } = resolveWorkspace({ folders: [{ path: folder }], env: {}, role: 'tracking', connection: { rest: {} } });
  assert.deepEqual(
    locations.map((l) => l.kind),
    ['wandb'],
  );
  const store = openLocation(locations[0]!).tracking;
  const runs = (await store.searchRuns({ experimentIds: [DEMO_WANDB_PROJECT], orderBy: ['metrics.`val/auc` DESC'] })).items;
  assert.equal(runs.length, 6);
  assert.ok(runs.every((r) => r.data.tags.some((t) => t.key === 'wandb.sweepId' && t.value === DEMO_SWEEP_ID)));
  const running = written.find((r) => r.running)!;
  assert.deepEqual(
    runs.filter((r) => r.info.status === 'RUNNING').map((r) => r.info.runId),
    [running.id],
  );
  assert.equal((await store.getMetricHistory(running.id, 'val/auc')).length, 20);
  appendRecords(running.recordFile, statSync(running.recordFile).size, [{ history: { 'val/auc': 0.9, _step: 20, _timestamp: 1_767_600_000 } }]);
  store.invalidate();
  const history = await store.getMetricHistory(running.id, 'val/auc');
  assert.equal(history.length, 21);
  assert.deepEqual(history.at(-1), { key: 'val/auc', value: 0.9, step: 20, timestamp: 1_767_600_000_000 });
});

test('every demo run has system metrics every 15 s and console output: output.log when finished, records while running', async () => {
  const written = writeWandbSweep(join(folder, 'sys', 'wandb'), 7);
  const { locations } = resolveWorkspace({ folders: [{ path: join(folder, 'sys') }], env: {}, role: 'tracking', connection: { rest: {} } });
  const store = openLocation(locations[0]!).tracking as WandbStore;
  for (const { id, running } of written) {
    const names = await systemMetricKeys(store, await store.getRun(id));
    assert.deepEqual(defaultSystemMetrics(names), ['cpu', 'memory_percent', 'gpu.0.gpu', 'gpu.0.memoryAllocated']);
    assert.ok(names.includes('disk./.usagePercent'), names.join(', '));
    const cpu = await store.systemMetrics.history(id, 'cpu');
    assert.equal(cpu.length, running ? 4 : 8);
    assert.ok(cpu.every((m, i) => i === 0 || m.timestamp - cpu[i - 1]!.timestamp === 15_000));
    const output = await store.getConsoleOutput(id);
    assert.equal(output.kind, running ? 'records' : 'output.log');
    assert.equal(output.text.split('\n')[0], `INFO ${DEMO_OUTPUT_FIRST_LINE}`, 'the colour codes are gone');
    assert.match(output.text, running ? /epoch 20\/40/ : /epoch 40\/40 train\/loss=[\d.]+ val\/auc=[\d.]+\n$/);
  }
});
