// Scanning a 50,000-file Hugging Face cache (issue 16): scanHfCache against a bare recursive lstat walk of the same
// folder (target ≤ 1.3×). The cache — 100 model repos × 4 revisions × 125 snapshot files, each revision sharing half
// its blobs with the one before, in nested folders — is generated once into bench-data/hf-cache and kept.
import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { scanHfCache } from '../../core/hf/cacheScan';

const REPOS = 100;
const REVISIONS = 4;
const FILES = 125;
const root = join(__dirname, '../../bench-data/hf-cache');

function generate(): void {
  const building = `${root}.partial-${process.pid}`;
  for (let r = 0; r < REPOS; r++) {
    const repo = join(building, `models--org${r % 7}--model-${r}`);
    mkdirSync(join(repo, 'blobs'), { recursive: true });
    for (let v = 0; v < REVISIONS; v++) {
      const commit = `${r.toString(16).padStart(4, '0')}${v}`.padEnd(40, 'e');
      for (let f = 0; f < FILES; f++) {
        // Even files keep the blob of the revision before; odd ones get a new blob.
        const owner = f % 2 === 0 ? 0 : v;
        const blob = `${r}-${owner}-${f}`.padEnd(64, '0');
        const blobPath = join(repo, 'blobs', blob);
        if (!existsSync(blobPath)) writeFileSync(blobPath, 'x'.repeat(100 + f));
        const file = join(repo, 'snapshots', commit, `shard-${f % 5}`, `file-${f}.bin`);
        mkdirSync(join(file, '..'), { recursive: true });
        symlinkSync(`../../../blobs/${blob}`, file);
      }
      if (v === REVISIONS - 1) {
        mkdirSync(join(repo, 'refs'), { recursive: true });
        writeFileSync(join(repo, 'refs', 'main'), commit);
      }
    }
  }
  renameSync(building, root);
}

function lstatWalk(dir: string): number {
  let count = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    count++;
    if (lstatSync(path).isDirectory()) count += lstatWalk(path);
  }
  return count;
}

function time(work: () => void): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

if (!existsSync(root)) {
  rmSync(`${root}.partial-${process.pid}`, { recursive: true, force: true });
  const took = time(generate);
  console.log(`generated ${root} in ${(took / 1000).toFixed(1)} s`);
}
let files = 0;
const info = scanHfCache(root);
for (const repo of info.repos) for (const revision of repo.revisions) files += revision.nbFiles;
if (files !== REPOS * REVISIONS * FILES || info.warnings.length > 0) throw new Error(`expected ${REPOS * REVISIONS * FILES} snapshot files and no warnings, got ${files}, ${info.warnings.length}`);
const entries = lstatWalk(root);
const scans: number[] = [];
const walks: number[] = [];
for (let i = 0; i < 7; i++) {
  walks.push(time(() => lstatWalk(root)));
  scans.push(time(() => scanHfCache(root)));
}
const scan = median(scans);
const walk = median(walks);
console.log(`${files} snapshot files, ${entries} entries; ${info.repos[0]!.nbFiles} blobs in the first repo`);
console.log(`scanHfCache ${scan.toFixed(1)} ms, bare lstat walk ${walk.toFixed(1)} ms (medians of 7)`);
console.log(`ratio scan / lstat walk: ${(scan / walk).toFixed(2)}× (target ≤ 1.3×)`);
if (scan / walk > 1.3) process.exitCode = 1;
