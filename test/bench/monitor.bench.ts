// Monitoring benchmarks (issue 15). Run: npm run bench -- monitor [batches] [rows]
//  1. runMonitor over 30 batches × 200,000 rows (reference read and sorted once) against thirty separate runDrift
//     calls on the same files; budget ≤ 0.6×. Both in this process, so neither pays process start-up: the
//     comparison isolates the work the monitor saves.
//  2. what the quality checks add to one drift run (median of 5 alternating runs each); budget ≤ 15%.
// Data is generated once under bench-data/monitor/ and reused.
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runDrift } from '../../core/drift/driftRunner';
import { runMonitor } from '../../core/monitor/monitorRunner';

const BATCHES = Number(process.argv[2] ?? 30);
const ROWS = Number(process.argv[3] ?? 200_000);
const CATEGORIES = ['web', 'store', 'phone', 'partner', 'kiosk'];
const dir = join(__dirname, '../../bench-data/monitor');

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** 6 numeric and 2 categorical columns; from batch 20 on two numeric columns and one category shift. */
async function writeBatch(path: string, seed: number, drifted: boolean): Promise<void> {
  if (existsSync(path)) return;
  const r = random(seed);
  const out = createWriteStream(`${path}.tmp`);
  out.write('id,amount,distance,age,hour,score,balance,channel,segment\n');
  for (let i = 0; i < ROWS; i++) {
    const n = () => r() + r() + r() - 1.5;
    const shift = drifted ? 0.4 : 0;
    const channel = CATEGORIES[Math.floor((drifted ? r() ** 2 : r()) * CATEGORIES.length)];
    const line = `${i},${(50 + 20 * (n() + shift)).toFixed(2)},${(10 + 5 * (n() + shift)).toFixed(3)},${Math.floor(18 + r() * 60)},${Math.floor(r() * 24)},${n().toFixed(4)},${(1000 * n()).toFixed(2)},${channel},s${Math.floor(r() * 3)}\n`;
    if (!out.write(line)) await new Promise<void>((res) => out.once('drain', () => res()));
  }
  await new Promise<void>((res) => out.end(res));
  const { renameSync } = await import('node:fs');
  renameSync(`${path}.tmp`, path);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

async function main(): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const reference = join(dir, 'reference.csv');
  await writeBatch(reference, 1, false);
  const batches = Array.from({ length: BATCHES }, (_, i) => join(dir, `day-${String(i + 1).padStart(2, '0')}.csv`));
  for (const [i, path] of batches.entries()) await writeBatch(path, 100 + i, i + 1 >= 20);
  const options = { ignored: ['id'], quality: true };

  const separate = await time(async () => {
    for (const path of batches) await runDrift(reference, path, options);
  });
  let drifting = 0;
  const monitored = await time(async () => {
    const results = await runMonitor(reference, batches, options);
    drifting = results.filter((r) => r.report.dataset_drift).length;
  });
  const ratio = monitored / separate;
  console.log(`monitor: ${BATCHES} batches × ${ROWS} rows: monitor ${(monitored / 1000).toFixed(1)} s, ${BATCHES} separate drift runs ${(separate / 1000).toFixed(1)} s`);
  console.log(`  ratio ${ratio.toFixed(2)}× (budget ≤ 0.60×) ${ratio <= 0.6 ? 'OK' : 'OVER BUDGET'}; ${drifting} batches drift`);

  const plain: number[] = [];
  const checked: number[] = [];
  for (let k = 0; k < 5; k++) {
    plain.push(await time(() => runDrift(reference, batches.at(-1)!, { ignored: ['id'] })));
    checked.push(await time(() => runDrift(reference, batches.at(-1)!, { ignored: ['id'], quality: true })));
  }
  const added = median(checked) / median(plain) - 1;
  console.log(`quality: drift ${median(plain).toFixed(0)} ms, drift + quality ${median(checked).toFixed(0)} ms (medians of 5)`);
  console.log(`  adds ${(added * 100).toFixed(1)}% (budget ≤ 15%) ${added <= 0.15 ? 'OK' : 'OVER BUDGET'}`);
}

void main();
