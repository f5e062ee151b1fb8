// The generated stores the tracking benchmarks share, made once under bench-data/ and reused by later runs:
// an mlflow.db of 100k runs × 10 metrics × 10 params, and an mlruns/ tree of 10k runs (10 metrics of 10 steps, 10 params).
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchData, type GeneratedRun, writeMlflowDb, writeMlruns } from './generatedStores';

const BENCH_DATA = join(__dirname, '..', '..', 'bench-data');
export const SQLITE_BENCH_RUNS = 100_000;
export const FILE_BENCH_RUNS = 10_000;

/** mulberry32: a small deterministic generator, so every run of a benchmark measures the same data. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sqliteBenchStore(): string {
  const dir = join(BENCH_DATA, 'tracking-sqlite');
  const path = join(dir, `mlflow-${SQLITE_BENCH_RUNS}.db`);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const random = seeded(42);
  const started = performance.now();
  try {
    writeMlflowDb(
      path,
      benchData(SQLITE_BENCH_RUNS, () => {
        const metrics: GeneratedRun['metrics'] = {};
        const params: Record<string, string> = {};
        for (let k = 1; k <= 10; k++) {
          metrics[`m${k}`] = [{ value: random(), timestamp: 1_700_000_000_000, step: 0 }];
          params[`p${k}`] = 'abcd'[Math.floor(random() * 4)]!;
        }
        return { metrics, params };
      }),
    );
  } catch (error) {
    rmSync(path, { force: true });
    throw error;
  }
  console.log(`generated ${path} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return path;
}

export function fileBenchStore(): string {
  const root = join(BENCH_DATA, 'tracking-filestore', `mlruns-${FILE_BENCH_RUNS}`);
  const done = join(root, '..', `mlruns-${FILE_BENCH_RUNS}.complete`);
  if (existsSync(done)) return root;
  rmSync(root, { recursive: true, force: true });
  const started = performance.now();
  writeMlruns(
    root,
    benchData(FILE_BENCH_RUNS, (i) => {
      const metrics: GeneratedRun['metrics'] = {};
      const params: Record<string, string> = {};
      for (let k = 1; k <= 10; k++) {
        metrics[`m${k}`] = Array.from({ length: 10 }, (_, step) => ({
          value: ((i * 31 + k * 17 + step * 7) % 1000) / 1000,
          timestamp: 1_700_000_000_000 + i * 100 + step,
          step,
        }));
        params[`p${k}`] = 'abcd'[(i + k) % 4]!;
      }
      return { metrics, params };
    }),
  );
  writeFileSync(done, '');
  console.log(`generated ${root} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return root;
}

/** The median of `rounds` timings of fn, in ms. */
export async function medianMs(fn: () => unknown, rounds: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
