// The demo's W&B folder: a small Bayesian sweep over the fraud model's learning rate and depth, written by the
// project's own encoder in W&B's real `.wandb` format (header, 32 KiB blocks, CRC, protobuf Records) with the
// `files/` wandb writes beside it. The last run has no exit record: it is "still running", and the end-to-end
// test appends history to it as `wandb.log` would. `sweep.yaml` beside `wandb/` is the configuration the sweep was
// created from (`wandb sweep sweep.yaml`): W&B keeps no copy of it in the run folders, and the Runs view reads its
// metric and goal from there.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RecordInput, writeRunFile } from '../wandb/encoder';
import { SeededRandom } from './random';

export const DEMO_WANDB_PROJECT = 'fraud-sweep';
export const DEMO_SWEEP_ID = 'k3x9q2mz';
const RUNS = 6;

export const DEMO_SWEEP_YAML = `name: fraud-lr-depth
program: train_sweep.py
project: ${DEMO_WANDB_PROJECT}
method: bayes
metric:
  name: val/loss
  goal: minimize
parameters:
  learning_rate:
    distribution: log_uniform_values
    min: 0.0001
    max: 0.01
  max_depth:
    distribution: int_uniform
    min: 3
    max: 10
  optimizer:
    values: [adam, sgd]
early_terminate:
  type: hyperband
  min_iter: 10
`;
const STEPS = 40;

export interface DemoWandbRun {
  id: string;
  folder: string;
  recordFile: string;
  running: boolean;
}

export function writeWandbSweep(root: string, seed: number): DemoWandbRun[] {
  const random = new SeededRandom(seed);
  const written: DemoWandbRun[] = [];
  const start = Date.UTC(2026, 0, 5, 9, 0, 0);
  for (let i = 0; i < RUNS; i++) {
    const id = `sw${i}${random.hexId().slice(0, 6)}`;
    const startMs = start + i * 15 * 60_000;
    const stamp = new Date(startMs).toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
    const folder = join(root, `run-${stamp}-${id}`);
    const running = i === RUNS - 1;
    const config = { learning_rate: Number((10 ** (-4 + random.next() * 2)).toPrecision(3)), max_depth: random.int(3, 10), optimizer: random.pick(['adam', 'sgd']) };
    const records: RecordInput[] = [
      { header: true },
      { run: { runId: id, project: DEMO_WANDB_PROJECT, displayName: `sweep-run-${i + 1}`, sweepId: DEMO_SWEEP_ID, startTimeMs: startMs, tags: ['demo'], config } },
    ];
    const quality = 1 - Math.abs(Math.log10(config.learning_rate) + 3) * 0.1 - Math.abs(config.max_depth - 6) * 0.01;
    const steps = running ? STEPS / 2 : STEPS;
    let summary: Record<string, number> = {};
    for (let step = 0; step < steps; step++) {
      const progress = 1 - Math.exp(-step / 8);
      const auc = 0.5 + 0.45 * progress * quality + random.normal(0, 0.005);
      const row = {
        'train/loss': Number((0.7 * (1 - progress * quality) + random.normal(0, 0.01)).toFixed(5)),
        'val/loss': Number((0.75 * (1 - progress * quality * 0.95) + random.normal(0, 0.015)).toFixed(5)),
        'val/auc': Number(auc.toFixed(5)),
        // The fraud model's MLflow runs log accuracy too: one key both stores have, to compare them in one chart.
        accuracy: Number((0.97 * auc + 0.02).toFixed(5)),
        _step: step,
        _runtime: step * 3,
        _timestamp: (startMs + step * 3000) / 1000,
      };
      records.push({ history: row });
      if (step % 10 === 0) records.push({ stats: { cpu: 40 + random.next() * 30, 'gpu.0.gpu': 70 + random.next() * 25, memory_percent: 30 + random.next() * 5 }, timestampMs: startMs + step * 3000 });
      summary = row;
    }
    records.push({ summary }, { output: `epoch ${steps} done`, timestampMs: startMs + steps * 3000 });
    if (!running) records.push({ exit: 0, runtime: steps * 3 }, { final: true }, { footer: true });
    mkdirSync(join(folder, 'files'), { recursive: true });
    const recordFile = join(folder, `run-${id}.wandb`);
    writeRunFile(recordFile, records);
    writeFileSync(join(folder, 'files', 'wandb-summary.json'), JSON.stringify({ ...summary, _wandb: { runtime: steps * 3 } }));
    writeFileSync(join(folder, 'files', 'config.yaml'), Object.entries(config).map(([key, value]) => `${key}:\n    value: ${value}\n`).join(''));
    writeFileSync(join(folder, 'files', 'wandb-metadata.json'), JSON.stringify({ startedAt: new Date(startMs).toISOString(), program: 'train_sweep.py' }));
    written.push({ id, folder, recordFile, running });
  }
  return written;
}
