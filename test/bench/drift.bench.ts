// Drift benchmarks (issue 7). Run: node --import tsx test/bench/drift.bench.ts [rows]
//  1. statistics on 1M rows × 20 numeric + 5 categorical columns already in memory, against a numpy/scipy script
//     computing the same Evidently default tests on the same arrays (skipped with a note without python3+scipy);
//  2. end to end from CSV files against a bare Node loop that reads both files and splits every line;
//  3. peak memory (max RSS).
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ColumnDriftInput } from '../../core/drift/columnDrift';
import { DriftWorkerPool, runColumns } from '../../core/drift/columnPool';
import type { RawColumn } from '../../core/drift/columns';
import { runDrift } from '../../core/drift/driftRunner';
import { isColumnError } from '../../core/drift/datasetDrift';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const NUMERIC = 20;
const CATEGORICAL = 5;
const CATEGORIES = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'];
const dir = join(__dirname, '../../bench-data/drift');

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

interface Dataset {
  numeric: Float64Array[];
  categorical: Int32Array[];
}

/** Normal-ish values rounded to 4 decimals (as a CSV would hold them); every 4th column shifted in `current`. */
function generate(seed: number, shifted: boolean): Dataset {
  const r = random(seed);
  const numeric = Array.from({ length: NUMERIC }, (_, c) => {
    const shift = shifted && c % 4 === 0 ? 0.3 : 0;
    const v = new Float64Array(ROWS);
    for (let i = 0; i < ROWS; i++) v[i] = Math.round((r() + r() + r() - 1.5 + shift) * 1e4 * (c + 1)) / 1e4;
    return v;
  });
  const categorical = Array.from({ length: CATEGORICAL }, (_, c) => {
    const codes = new Int32Array(ROWS);
    for (let i = 0; i < ROWS; i++) codes[i] = Math.floor(r() * (shifted && c === 0 ? r() : 1) * CATEGORIES.length);
    return codes;
  });
  return { numeric, categorical };
}

const name = (kind: 'n' | 'c', i: number) => `${kind}${i}`;

function inputs(reference: Dataset, current: Dataset): ColumnDriftInput[] {
  const numeric = (v: Float64Array): RawColumn => ({ kind: 'numeric', values: v.slice(), integer: false });
  const categorical = (c: Int32Array): RawColumn => ({ kind: 'categorical', codes: c.slice(), dictionary: CATEGORIES });
  return [
    ...reference.numeric.map((v, i) => ({
      name: name('n', i),
      columnType: 'num' as const,
      reference: numeric(v),
      current: numeric(current.numeric[i]!),
    })),
    ...reference.categorical.map((c, i) => ({
      name: name('c', i),
      columnType: 'cat' as const,
      reference: categorical(c),
      current: categorical(current.categorical[i]!),
    })),
  ];
}

function writeBinaries(reference: Dataset, current: Dataset): void {
  const spec: Record<string, string> = {};
  const write = (file: string, array: Float64Array | Int32Array) =>
    writeFileSync(join(dir, file), Buffer.from(array.buffer, array.byteOffset, array.byteLength));
  reference.numeric.forEach((v, i) => {
    spec[name('n', i)] = 'num';
    write(`ref_${name('n', i)}.bin`, v);
    write(`cur_${name('n', i)}.bin`, current.numeric[i]!);
  });
  reference.categorical.forEach((c, i) => {
    spec[name('c', i)] = 'cat';
    write(`ref_${name('c', i)}.bin`, c);
    write(`cur_${name('c', i)}.bin`, current.categorical[i]!);
  });
  writeFileSync(join(dir, 'columns.json'), JSON.stringify(spec));
}

async function writeCsv(path: string, data: Dataset): Promise<void> {
  const out = createWriteStream(path);
  const header = [...data.numeric.map((_, i) => name('n', i)), ...data.categorical.map((_, i) => name('c', i))];
  let block = `${header.join(',')}\n`;
  for (let row = 0; row < ROWS; row++) {
    const cells: string[] = [];
    for (const v of data.numeric) cells.push(String(v[row]));
    for (const c of data.categorical) cells.push(CATEGORIES[c[row]!]!);
    block += `${cells.join(',')}\n`;
    if (block.length > 1 << 20) {
      if (!out.write(block)) await new Promise<void>((r) => out.once('drain', () => r()));
      block = '';
    }
  }
  out.write(block);
  await new Promise<void>((r) => out.end(() => r()));
}

/** The baseline: read the file and split every line into fields, nothing else. */
async function bareSplit(path: string): Promise<number> {
  let fields = 0;
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    for (const line of lines) fields += line.split(',').length;
  }
  return fields;
}

function hasScipy(): boolean {
  const probe = spawnSync('python3', ['-c', 'import numpy, scipy'], { stdio: 'ignore' });
  return probe.status === 0;
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const E2E_RUNS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

async function main(): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  console.log(`drift bench: ${ROWS.toLocaleString('en')} rows × ${NUMERIC} numeric + ${CATEGORICAL} categorical columns`);
  const reference = generate(1, false);
  const current = generate(2, true);

  const columns = inputs(reference, current);
  const started = performance.now();
  const pool = DriftWorkerPool.create();
  const results = await runColumns(columns, { pool });
  await pool?.close();
  const oursMs = performance.now() - started;
  const scores = new Map<string, number>();
  for (const r of results) if (!isColumnError(r)) scores.set(r.column_name, r.drift_score);
  if (hasScipy()) {
    writeBinaries(reference, current);
    const baseline = JSON.parse(execFileSync('python3', [join(__dirname, 'drift_baseline.py'), dir], { encoding: 'utf8' }));
    const worst = Math.max(...Object.entries(baseline.scores as Record<string, number>).map(([k, v]) => Math.abs(v - scores.get(k)!)));
    console.log(
      `stats in memory: ours ${seconds(oursMs)} s, numpy/scipy ${Number(baseline.seconds).toFixed(2)} s, ` +
        `ratio ${(oursMs / 1000 / baseline.seconds).toFixed(2)} (target ≤ 1.0; max score difference ${worst.toExponential(1)})`,
    );
  } else {
    console.log(`stats in memory: ours ${seconds(oursMs)} s; numpy/scipy line skipped: python3 with numpy and scipy not found`);
  }

  const refCsv = join(dir, 'reference.csv');
  const curCsv = join(dir, 'current.csv');
  await writeCsv(refCsv, reference);
  await writeCsv(curCsv, current);
  // One warm-up of each (JIT, page cache, worker code), then E2E_RUNS interleaved pairs so that a change in the
  // machine's load hits both sides alike; medians of wall and CPU time. CPU time (all threads of this process) is
  // printed beside wall time: on a shared machine the wall ratio swings with other load, the CPU ratio much less.
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const measure = async (work: () => Promise<unknown>) => {
    const t = performance.now();
    const c = cpu();
    await work();
    return { wall: performance.now() - t, cpu: cpu() - c };
  };
  const split = () => bareSplit(refCsv).then(() => bareSplit(curCsv));
  let report = await runDrift(refCsv, curCsv);
  await split();
  const splits: { wall: number; cpu: number }[] = [];
  const ours: { wall: number; cpu: number }[] = [];
  for (let run = 0; run < E2E_RUNS; run++) {
    splits.push(await measure(split));
    ours.push(
      await measure(async () => {
        report = await runDrift(refCsv, curCsv);
      }),
    );
  }
  const splitMs = median(splits.map((m) => m.wall));
  const e2eMs = median(ours.map((m) => m.wall));
  const splitCpu = median(splits.map((m) => m.cpu));
  const e2eCpu = median(ours.map((m) => m.cpu));
  console.log(
    `end to end from CSV (median of ${E2E_RUNS} after a warm-up): ours ${seconds(e2eMs)} s, bare read+split loop ${seconds(splitMs)} s, ` +
      `ratio ${(e2eMs / splitMs).toFixed(2)} (target ≤ 3; CPU time ${seconds(e2eCpu)} s vs ${seconds(splitCpu)} s, ` +
      `ratio ${(e2eCpu / splitCpu).toFixed(2)}; ${report.number_of_drifted_columns} of ${report.number_of_columns} columns drifted)`,
  );
  console.log(`peak memory: max RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (main thread and workers)`);
  rmSync(dir, { recursive: true, force: true });
}

main();
