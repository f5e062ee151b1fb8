// Versions of one DVC-tracked path over a 1,000-commit history, against `git log --format=%H -- <pointer>` alone
// (issue 5: ≤ 2×). The history is written with `git fast-import` into bench-data/ and deleted afterwards.
// Two cases: cold (no `git cat-file` process kept and nothing parsed yet: the first listing in a fresh extension
// host or CLI run) and warm (a later listing in the same process: the Data view re-expanding or refreshing).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { forgetParsedPointers, listVersions } from '../../core/data/history';
import { closeObjectReaders } from '../../core/data/gitObjects';

const COMMITS = 1000;
const RUNS = 21;
const root = join(__dirname, '../../bench-data', `versions-${process.pid}`);

function buildHistory(): number {
  mkdirSync(root, { recursive: true });
  execFileSync('git', ['init', '-q'], { cwd: root });
  const parts: string[] = [];
  let versions = 0;
  let md5 = '';
  for (let i = 1; i <= COMMITS; i++) {
    // Every 10th commit rewrites the pointer without changing the hash (not a new version).
    const reformat = i % 10 === 0;
    if (!reformat) {
      md5 = createHash('md5').update(`content ${i}`).digest('hex');
      versions++;
    }
    const pointer = reformat
      ? `# touched\nouts:\n- path: train.csv\n  hash: md5\n  size: ${1000 + i}\n  md5: ${md5}\n`
      : `outs:\n- md5: ${md5}\n  size: ${1000 + i}\n  hash: md5\n  path: train.csv\n`;
    const message = `dataset update ${i}`;
    parts.push(
      'commit refs/heads/main',
      `author Bench <bench@example.com> ${1700000000 + i * 60} +0000`,
      `committer Bench <bench@example.com> ${1700000000 + i * 60} +0000`,
      `data ${Buffer.byteLength(message)}`,
      message,
      `M 100644 inline data/train.csv.dvc`,
      `data ${Buffer.byteLength(pointer)}`,
      pointer,
      `M 100644 inline notes/${i % 50}.txt`,
      `data ${String(i).length + 1}`,
      `${i}\n`,
    );
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: root, input: `${parts.join('\n')}\n` });
  execFileSync('git', ['checkout', '-q', 'main'], { cwd: root });
  return versions;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

type Samples = { baseline: number[]; ours: number[] };

async function main(): Promise<void> {
  const expected = buildHistory();
  const query = { projectRoot: root, pointer: { kind: 'dvc' as const, file: 'data/train.csv.dvc' }, pointerPath: 'train.csv' };
  const cold: Samples = { baseline: [], ours: [] };
  const warm: Samples = { baseline: [], ours: [] };
  let found = 0;
  for (let run = 0; run < RUNS + 2; run++) {
    for (const [samples, fresh] of [[cold, true], [warm, false]] as const) {
      if (fresh) {
        // The previous reader exits first: its teardown is not part of a cold start.
        await closeObjectReaders();
        forgetParsedPointers();
      }
      let start = performance.now();
      const log = spawnSync('git', ['log', '--format=%H', '--', 'data/train.csv.dvc'], { cwd: root, encoding: 'utf8' });
      const baseMs = performance.now() - start;
      if (log.stdout.trim().split('\n').length !== COMMITS) throw new Error('baseline saw the wrong number of commits');
      start = performance.now();
      found = (await listVersions(query)).length;
      const oursMs = performance.now() - start;
      if (found !== expected) throw new Error(`listVersions found ${found} versions, expected ${expected}`);
      // The first two runs warm git's object cache and the JIT for both sides.
      if (run >= 2) {
        samples.baseline.push(baseMs);
        samples.ours.push(oursMs);
      }
    }
  }
  await closeObjectReaders();
  console.log(`data versions: ${COMMITS} commits, ${found} versions, listVersions against git log --format=%H -- <pointer>:`);
  report('cold', cold);
  report('warm', warm);
}

// Both sides alternate in one loop on a shared 2-core machine; the median and the best run are both shown, the best
// being the least disturbed by other processes.
function report(name: string, { baseline, ours }: Samples): void {
  const ratio = (o: number, b: number) => `${(o / b).toFixed(2)}×`;
  const [mb, mo, bb, bo] = [median(baseline), median(ours), Math.min(...baseline), Math.min(...ours)];
  console.log(
    `  ${name}: listVersions median ${mo.toFixed(1)} ms / best ${bo.toFixed(1)} ms vs git log median ${mb.toFixed(1)} ms / best ${bb.toFixed(1)} ms → ratio median ${ratio(mo, mb)}, best ${ratio(bo, bb)} (target ≤ 2×) ${mo / mb <= 2 ? 'PASS' : 'FAIL'}`,
  );
}

main()
  .finally(() => rmSync(root, { recursive: true, force: true }))
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
