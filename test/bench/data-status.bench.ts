// Status of a 10,000-file, 1 GB directory output (issue 5): cold (no remembered hashes) against `md5sum` over the
// same files (target ≤ 1.3×), and warm — nothing changed since the last status — against a 50 ms budget. Data is
// generated into bench-data/ and deleted afterwards. Files are in the OS page cache for both sides.
import { spawnSync } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { linkSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { workspaceStatus } from '../../core/data/status';
import { scanWorkspace } from '../../core/dvc/workspace';

const FILES = 10_000;
const FILE_SIZE = 100 * 1024 + 1;
const root = join(__dirname, '../../bench-data', `status-${process.pid}`);
const rememberedFiles = ['hashes', 'directories'].map((name) => join(root, `.dvc/tmp/mlops-workbench-${name}.json`));

function objectPath(md5: string): string {
  return join(root, '.dvc/cache/files/md5', md5.slice(0, 2), md5.slice(2));
}

function generate(): string[] {
  const paths: string[] = [];
  const entries: { md5: string; relpath: string }[] = [];
  const buffer = Buffer.allocUnsafe(FILE_SIZE);
  for (let i = 0; i < FILES; i++) {
    const relpath = `part-${String(Math.floor(i / 100)).padStart(3, '0')}/sample-${String(i).padStart(5, '0')}.bin`;
    const path = join(root, 'images', relpath);
    if (i % 100 === 0) mkdirSync(join(root, 'images', relpath, '..'), { recursive: true });
    randomFillSync(buffer);
    writeFileSync(path, buffer);
    const md5 = createHash('md5').update(buffer).digest('hex');
    mkdirSync(join(objectPath(md5), '..'), { recursive: true });
    // The cache holds the same bytes (a hardlink, as `cache.type = hardlink` would leave it).
    linkSync(path, objectPath(md5));
    entries.push({ md5, relpath });
    paths.push(path);
  }
  entries.sort((a, b) => (a.relpath < b.relpath ? -1 : 1));
  const manifest = `[${entries.map((e) => `{"md5": "${e.md5}", "relpath": "${e.relpath}"}`).join(', ')}]`;
  const dirMd5 = `${createHash('md5').update(manifest).digest('hex')}.dir`;
  mkdirSync(join(objectPath(dirMd5), '..'), { recursive: true });
  writeFileSync(objectPath(dirMd5), manifest);
  writeFileSync(join(root, 'images.dvc'), `outs:\n- md5: ${dirMd5}\n  size: ${FILES * FILE_SIZE}\n  nfiles: ${FILES}\n  hash: md5\n  path: images\n`);
  writeFileSync(join(root, '.dvc/config'), '');
  return paths;
}

function md5sum(paths: string[]): number {
  const start = performance.now();
  const run = spawnSync('xargs', ['-0', 'md5sum'], { input: paths.join('\0'), stdio: ['pipe', 'ignore', 'inherit'], maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error('md5sum failed');
  return performance.now() - start;
}

function status(): number {
  const start = performance.now();
  const [result] = workspaceStatus(scanWorkspace(root));
  const elapsed = performance.now() - start;
  if (result?.status !== 'unchanged') throw new Error(`expected the output unchanged, got ${JSON.stringify(result?.status)}`);
  return elapsed;
}

function main(): void {
  mkdirSync(join(root, '.dvc'), { recursive: true });
  const paths = generate();
  // Write the generated gigabyte back to disk first, so that its writeback does not run under the measurements.
  spawnSync('sync', { stdio: 'inherit' });
  md5sum(paths);
  const baseline: number[] = [];
  const cold: number[] = [];
  for (let run = 0; run < 3; run++) {
    baseline.push(md5sum(paths));
    for (const file of rememberedFiles) rmSync(file, { force: true });
    cold.push(status());
  }
  const warm: number[] = [];
  for (let run = 0; run < 7; run++) warm.push(status());
  const best = (xs: number[]) => Math.min(...xs);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const gb = ((FILES * FILE_SIZE) / 1e9).toFixed(2);
  console.log(
    `data status cold: ${FILES} files, ${gb} GB: best ${best(cold).toFixed(0)} ms vs md5sum best ${best(baseline).toFixed(0)} ms → ratio ${(best(cold) / best(baseline)).toFixed(2)}× (median ${(median(cold) / median(baseline)).toFixed(2)}×; target ≤ 1.3×) ${best(cold) / best(baseline) <= 1.3 ? 'PASS' : 'FAIL'}`,
  );
  console.log(
    `data status warm: median ${median(warm).toFixed(1)} ms, best ${best(warm).toFixed(1)} ms vs 50 ms budget → ratio ${(median(warm) / 50).toFixed(2)}× (target ≤ 1×) ${median(warm) <= 50 ? 'PASS' : 'FAIL'}`,
  );
}

try {
  main();
} finally {
  rmSync(root, { recursive: true, force: true });
}
