// Drift memory bound (issue 7): 10M rows × 25 columns (20 numeric, 5 categorical) per file must be tested within
// 4 GB. Run: node --import tsx test/bench/drift-memory.bench.ts [rows]. The CSVs are streamed to bench-data/ and
// deleted afterwards; the drift job runs in a child process whose peak resident memory (all its threads) is printed.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';

const ROWS = Number(process.argv[2] ?? 10_000_000);
const LIMIT_BYTES = 4 * 1024 ** 3;
const dir = join(__dirname, '../../bench-data/drift-memory');
const CATEGORIES = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'];

async function writeCsv(path: string, seed: number, shift: number): Promise<void> {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const out = createWriteStream(path);
  const header = [...Array.from({ length: 20 }, (_, i) => `n${i}`), ...Array.from({ length: 5 }, (_, i) => `c${i}`)];
  out.write(`${header.join(',')}\n`);
  let chunk = '';
  for (let row = 0; row < ROWS; row++) {
    const cells: string[] = [];
    for (let c = 0; c < 20; c++) cells.push(((next() + next() - 1 + (c % 4 === 0 ? shift : 0)) * (c + 1)).toFixed(3));
    for (let c = 0; c < 5; c++) cells.push(CATEGORIES[Math.floor(next() * CATEGORIES.length)]!);
    chunk += `${cells.join(',')}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

async function main(): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const reference = join(dir, 'reference.csv');
  const current = join(dir, 'current.csv');
  try {
    const generated = performance.now();
    await Promise.all([writeCsv(reference, 1, 0), writeCsv(current, 2, 0.3)]);
    console.log(`generated 2 × ${ROWS.toLocaleString('en')} rows × 25 columns in ${((performance.now() - generated) / 1000).toFixed(1)} s`);
    const job = `
      const { runDrift } = require(${JSON.stringify(join(__dirname, '../../core/drift/driftRunner'))});
      const started = performance.now();
      runDrift(${JSON.stringify(reference)}, ${JSON.stringify(current)}).then((report) => {
        const peak = process.resourceUsage().maxRSS * 1024;
        console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000, peak, drifted: report.number_of_drifted_columns, columns: report.number_of_columns }));
      });`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', job], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (child.status !== 0) throw new Error(child.stderr);
    const result = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { seconds: number; peak: number; drifted: number; columns: number };
    const gib = (bytes: number) => (bytes / 1024 ** 3).toFixed(2);
    console.log(
      `drift on 2 × ${ROWS.toLocaleString('en')} rows × 25 columns: ${result.seconds.toFixed(1)} s, ${result.drifted}/${result.columns} drifted, ` +
        `peak RSS ${gib(result.peak)} GiB (limit ${gib(LIMIT_BYTES)} GiB) ${result.peak <= LIMIT_BYTES ? 'PASS' : 'FAIL'}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
