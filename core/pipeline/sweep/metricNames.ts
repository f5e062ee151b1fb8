// Metric names that a workspace's W&B runs have logged, for the `metric.name` hint and its completion. The sweep
// rules depend only on MetricNameSource; `summaryMetricNames` answers from each run's `files/wandb-summary.json`
// (the last value of every logged key). A source that reads the `.wandb` history itself can replace it through
// `defaultMetricNameSource` below, or per ValidationContext.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FileSource } from '../workspace';

export interface KnownMetricNames {
  /** Every logged key: top-level summary keys, nested ones joined with '.', W&B's own `_step`… left out. */
  names: ReadonlySet<string>;
  /** Runs that had something to read. */
  runCount: number;
  /** The `wandb/` folder they came from. */
  folder: string;
}

export interface MetricNameSource {
  /** The names logged by the runs of the `wandb/` folder nearest a sweep file, or undefined when it has no runs. */
  metricNamesNear(sweepPath: string, files: FileSource): KnownMetricNames | undefined;
}

/** How far up from a sweep file a `wandb/` folder is looked for (the sweep usually sits in the project root). */
const MAX_LEVELS_UP = 4;
const MAX_RUNS = 2000;
const MAX_DEPTH = 4;

export const summaryMetricNames: MetricNameSource = {
  metricNamesNear(sweepPath, files) {
    const folder = nearestWandbFolder(sweepPath, files);
    if (!folder) return undefined;
    const names = new Set<string>();
    let runCount = 0;
    for (const run of runFolders(folder)) {
      const text = files.readText(join(folder, run, 'files', 'wandb-summary.json'));
      if (text === undefined) continue;
      try {
        addKeys(JSON.parse(text), '', 0, names);
        runCount++;
      } catch {
        // A summary being rewritten by a live run reads as broken JSON for a moment: the next check sees it whole.
      }
    }
    return runCount > 0 ? { names, runCount, folder } : undefined;
  },
};

/** The source the language server and `mlops validate` use. */
export const defaultMetricNameSource: MetricNameSource = summaryMetricNames;

function nearestWandbFolder(sweepPath: string, files: FileSource): string | undefined {
  let dir = dirname(sweepPath);
  for (let level = 0; level <= MAX_LEVELS_UP; level++) {
    const candidate = join(dir, 'wandb');
    if (files.exists(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** `run-YYYYMMDD_HHMMSS-<id>` and `offline-run-…` folders; `latest-run` is a link to one of them. */
function runFolders(folder: string): string[] {
  try {
    return readdirSync(folder)
      .filter((name) => name.startsWith('run-') || name.startsWith('offline-run-'))
      .slice(0, MAX_RUNS);
  } catch {
    return [];
  }
}

function addKeys(value: unknown, prefix: string, depth: number, out: Set<string>): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || depth > MAX_DEPTH) return;
  // Media and tables are summarised as {_type: …}: not a metric a sweep can optimise.
  if ('_type' in value) return;
  for (const [key, inner] of Object.entries(value)) {
    if (key.startsWith('_')) continue;
    const name = `${prefix}${key}`;
    if (typeof inner === 'number') out.add(name);
    else addKeys(inner, `${name}.`, depth + 1, out);
  }
}
