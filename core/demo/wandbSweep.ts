// The demo's W&B folder: a small Bayesian sweep over the fraud model's learning rate and depth, written by the
// project's own encoder in W&B's real `.wandb` format (header, 32 KiB blocks, CRC, protobuf Records) with the
// `files/` wandb writes beside it. Each run has system metrics as wandb-core samples them (every 15 s, one stats
// record for the host and one for the GPU) and console output as raw chunks (a line, then its '\n'), with the
// colour codes a logger writes; finished runs also have the output.log wandb renders from them. The last run has no
// exit record: it is "still running", and the end-to-end test appends history to it as `wandb.log` would.
// `sweep.yaml` beside `wandb/` is the configuration the sweep was created from (`wandb sweep sweep.yaml`): W&B keeps
// no copy of it in the run folders, and the Runs view reads its metric and goal from there.
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
/** Seconds per step; wandb-core samples system metrics every 15 s, so every fifth step. */
const STEP_SECONDS = 3;
const STATS_EVERY = 5;
/** What every run prints first after a green `INFO` (the end-to-end test looks for it without the colour codes). */
export const DEMO_OUTPUT_FIRST_LINE = 'Loading fraud training data: 50000 rows, 30 features';
const GREEN_INFO = '\x1b[32mINFO\x1b[0m';

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
    const terminal = new DemoConsole(records, startMs);
    terminal.print(`${GREEN_INFO} ${DEMO_OUTPUT_FIRST_LINE}`);
    terminal.print(`Sweep ${DEMO_SWEEP_ID}: learning_rate=${config.learning_rate} max_depth=${config.max_depth} optimizer=${config.optimizer}`);
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
        _runtime: step * STEP_SECONDS,
        _timestamp: (startMs + step * STEP_SECONDS * 1000) / 1000,
      };
      records.push({ history: row });
      if (step % STATS_EVERY === STATS_EVERY - 1) records.push(...systemStats(random, startMs + (step + 1) * STEP_SECONDS * 1000));
      if (step % 10 === 9) terminal.print(`${GREEN_INFO} epoch ${step + 1}/${STEPS} train/loss=${row['train/loss']} val/auc=${row['val/auc']}`, startMs + step * STEP_SECONDS * 1000);
      summary = row;
    }
    records.push({ summary });
    if (!running) records.push({ exit: 0, runtime: steps * STEP_SECONDS }, { final: true }, { footer: true });
    mkdirSync(join(folder, 'files'), { recursive: true });
    const recordFile = join(folder, `run-${id}.wandb`);
    writeRunFile(recordFile, records);
    writeFileSync(join(folder, 'files', 'wandb-summary.json'), JSON.stringify({ ...summary, _wandb: { runtime: steps * STEP_SECONDS } }));
    if (!running) writeFileSync(join(folder, 'files', 'output.log'), terminal.text);
    writeFileSync(join(folder, 'files', 'config.yaml'), Object.entries(config).map(([key, value]) => `${key}:\n    value: ${value}\n`).join(''));
    writeFileSync(join(folder, 'files', 'wandb-metadata.json'), JSON.stringify({ startedAt: new Date(startMs).toISOString(), program: 'train_sweep.py' }));
    written.push({ id, folder, recordFile, running });
  }
  return written;
}

/** The two stats records wandb-core writes per sample: the host's CPU, memory, disk and network, then the GPU's. */
function systemStats(random: SeededRandom, timestampMs: number): RecordInput[] {
  const memory = 30 + random.next() * 5;
  return [
    {
      stats: { cpu: 40 + random.next() * 30, memory_percent: memory, 'proc.memory.rssMB': 1200 + memory * 10, 'disk./.usagePercent': 67.7, 'network.sent': Math.round(timestampMs / 1000) % 100_000 },
      timestampMs,
    },
    { stats: { 'gpu.0.gpu': 70 + random.next() * 25, 'gpu.0.memoryAllocated': 45 + random.next() * 10, 'gpu.0.temp': 60 + random.next() * 8, 'gpu.0.powerWatts': 180 + random.next() * 60 }, timestampMs },
  ];
}

/** Console output as wandb-core records it (output_raw: a line's text, then its '\n'), and output.log's text. */
class DemoConsole {
  text = '';

  constructor(
    private readonly records: RecordInput[],
    private readonly startMs: number,
  ) {}

  print(line: string, timestampMs = this.startMs): void {
    this.records.push({ output: line, timestampMs }, { output: '\n', timestampMs });
    this.text += `${line}\n`;
  }
}
