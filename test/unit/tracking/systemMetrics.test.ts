// System metrics as the plot's second group: MLflow's `system/` metrics (file and SQLite stores, laid out as MLflow
// writes them) and W&B's stats records (written by the project's encoder in the real format) answer the same calls.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FileStore } from '../../../core/tracking/file/fileStore';
import { SqliteStore } from '../../../core/tracking/sqlite/sqliteStore';
import type { TrackingStore } from '../../../core/tracking/store';
import { defaultSystemMetrics, groupMetricKeys, systemMetricHistory, systemMetricKeys } from '../../../core/tracking/systemMetrics';
import { WandbStore } from '../../../core/tracking/wandb/wandbStore';
import { writeRunFile } from '../../../core/wandb/encoder';
import { type GeneratedData, writeMlflowDb, writeMlruns } from '../../support/generatedStores';

const root = mkdtempSync(join(tmpdir(), 'mlops-system-metrics-'));
after(() => rmSync(root, { recursive: true, force: true }));

const START = 1_767_225_600_000;

test('metric keys split into what the code logged and the system group, MLflow prefix dropped', () => {
  assert.deepEqual(groupMetricKeys(['val/loss', 'system/gpu_0_utilization_percentage', 'accuracy', 'system/cpu_utilization_percentage', 'system/']), {
    metrics: ['accuracy', 'system/', 'val/loss'],
    system: ['cpu_utilization_percentage', 'gpu_0_utilization_percentage'],
  });
  assert.deepEqual(groupMetricKeys(['loss'], ['gpu.0.gpu', 'cpu']), { metrics: ['loss'], system: ['cpu', 'gpu.0.gpu'] });
});

test('the System group opens on CPU, memory and GPU charts in W&B and MLflow names', () => {
  const wandb = ['cpu', 'disk./.usageGB', 'gpu.0.gpu', 'gpu.0.memoryAllocated', 'gpu.0.temp', 'gpu.1.gpu', 'memory_percent', 'network.sent', 'proc.memory.rssMB'];
  assert.deepEqual(defaultSystemMetrics(wandb), ['cpu', 'memory_percent', 'gpu.0.gpu', 'gpu.1.gpu', 'gpu.0.memoryAllocated']);
  const mlflow = ['cpu_utilization_percentage', 'disk_usage_megabytes', 'gpu_0_memory_usage_percentage', 'gpu_0_utilization_percentage', 'network_receive_megabytes', 'system_memory_usage_percentage'];
  assert.deepEqual(defaultSystemMetrics(mlflow), ['cpu_utilization_percentage', 'system_memory_usage_percentage', 'gpu_0_utilization_percentage', 'gpu_0_memory_usage_percentage']);
  assert.deepEqual(defaultSystemMetrics(['disk_usage_megabytes', 'network_receive_megabytes', 'network_transmit_megabytes']), ['disk_usage_megabytes', 'network_receive_megabytes']);
});

const mlflowData: GeneratedData = {
  experiments: [{ experimentId: '0', name: 'Default', lifecycleStage: 'active', creationTime: START }],
  runs: [
    {
      runId: 'sys1',
      experimentId: '0',
      runName: 'with-system',
      status: 'FINISHED',
      startTime: START,
      endTime: START + 60_000,
      userId: 'ana',
      lifecycleStage: 'active',
      params: {},
      tags: {},
      metrics: {
        accuracy: [{ value: 0.9, timestamp: START + 50_000, step: 5 }],
        'system/cpu_utilization_percentage': [10, 20, 30].map((value, i) => ({ value, timestamp: START + 10_000 * (i + 1), step: i })),
        'system/gpu_0_utilization_percentage': [{ value: 99, timestamp: START + 10_000, step: 0 }],
      },
    },
  ],
};

const stores: Record<string, () => TrackingStore> = {
  file: () => {
    writeMlruns(join(root, 'mlruns'), mlflowData);
    return new FileStore(join(root, 'mlruns'));
  },
  sqlite: () => {
    writeMlflowDb(join(root, 'mlflow.db'), mlflowData);
    return new SqliteStore(join(root, 'mlflow.db'));
  },
};

for (const [kind, open] of Object.entries(stores)) {
  test(`MLflow ${kind} store: system/ metrics are the run's system group, read as metric histories`, async () => {
    const store = open();
    try {
      const run = await store.getRun('sys1');
      assert.deepEqual(await systemMetricKeys(store, run), ['cpu_utilization_percentage', 'gpu_0_utilization_percentage']);
      const cpu = await systemMetricHistory(store, 'sys1', 'cpu_utilization_percentage');
      assert.deepEqual(
        cpu.map((m) => [m.timestamp - START, m.value]),
        [
          [10_000, 10],
          [20_000, 20],
          [30_000, 30],
        ],
      );
    } finally {
      await store.close();
    }
  });
}

test("W&B stats records are the run's system group, each sample at its record's timestamp", async () => {
  const folder = join(root, 'wandb', 'run-20260101_000000-wb1');
  mkdirSync(folder, { recursive: true });
  writeRunFile(join(folder, 'run-wb1.wandb'), [
    { header: true },
    { run: { runId: 'wb1', project: 'p', startTimeMs: START } },
    { history: { loss: 0.5, _step: 0, _timestamp: START / 1000 + 1 } },
    { stats: { cpu: 12.5, memory_percent: 40, 'disk./.usagePercent': 67.7 }, timestampMs: START + 15_000 },
    { stats: { 'gpu.0.gpu': 97 }, timestampMs: START + 15_000 },
    { stats: { cpu: 14, memory_percent: 41 }, timestampMs: START + 30_000 },
    { exit: 0, runtime: 30 },
  ]);
  const store = new WandbStore(join(root, 'wandb'));
  const run = await store.getRun('wb1');
  assert.deepEqual(groupMetricKeys(run.data.metrics.map((m) => m.key)).metrics, []);
  assert.deepEqual(await systemMetricKeys(store, run), ['cpu', 'disk./.usagePercent', 'gpu.0.gpu', 'memory_percent'], 'a stats key keeps its slash');
  const cpu = await systemMetricHistory(store, 'wb1', 'cpu');
  assert.deepEqual(
    cpu.map((m) => [m.timestamp - START, m.value, m.step]),
    [
      [15_000, 12.5, 0],
      [30_000, 14, 1],
    ],
  );
  assert.deepEqual(await systemMetricHistory(store, 'wb1', 'loss'), [], 'a training metric is not a system metric');
});
