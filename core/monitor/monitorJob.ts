// What a drift.yaml with `batches:` asks `mlops monitor` and the monitoring dashboard to compute: its reference,
// its batch files in time order and its column mapping, and which files to watch for new batches. Errors name the
// file and say what to add.
import { basename, dirname } from 'node:path';
import { loadDriftConfig } from '../drift/driftConfig';
import type { DriftOptions } from '../drift/datasetDrift';
import { DriftInputError } from '../drift/tableReaders';
import { expandBatches } from './batchFiles';
import { runMonitor } from './monitorRunner';
import { buildMonitorSeries, type MonitorSeries } from './monitorSeries';

export interface MonitorJob {
  config: string;
  reference: string;
  batches: string[];
  options: DriftOptions;
}

export function resolveMonitorJob(configPath: string): MonitorJob {
  const config = loadDriftConfig(configPath);
  if (!config.reference) throw new DriftInputError(`${configPath}: no 'reference' key; name the data the batches are compared with`);
  if (!config.batches?.length) throw new DriftInputError(`${configPath}: no 'batches' key; list the batch files or a glob such as data/batches/*.csv`);
  let batches: string[];
  try {
    batches = expandBatches(config.batches);
  } catch (error) {
    throw new DriftInputError(`${configPath}: batches: ${(error as Error).message}`);
  }
  return { config: configPath, reference: config.reference, batches, options: config.options };
}

/** Every batch against the reference (with quality figures), as the dashboard's series. */
export async function computeMonitorSeries(
  job: MonitorJob,
  options: { signal?: AbortSignal; onBatch?: (done: number, total: number) => void } = {},
): Promise<MonitorSeries> {
  const results = await runMonitor(job.reference, job.batches, { ...job.options, quality: true, signal: options.signal }, (_, index) =>
    options.onBatch?.(index + 1, job.batches.length),
  );
  return buildMonitorSeries(results);
}

/** A folder and a file-name pattern in it (`*` and `?` as in `batches:`), as a file watcher takes them. */
export interface WatchTarget {
  folder: string;
  pattern: string;
}

/**
 * What a live dashboard watches so a new, changed or deleted batch recomputes it: the drift.yaml, its reference and
 * each `batches:` entry, a glob kept a glob (a batch that does not exist yet must still be seen arriving). A drift.yaml
 * that does not parse yields only itself: the fix is the change to watch for.
 */
export function monitorWatchTargets(configPath: string): WatchTarget[] {
  let paths: string[];
  try {
    const config = loadDriftConfig(configPath);
    paths = [configPath, ...(config.reference ? [config.reference] : []), ...(config.batches ?? [])];
  } catch {
    paths = [configPath];
  }
  const targets = new Map(paths.map((path) => [path, { folder: dirname(path), pattern: basename(path) }]));
  return [...targets.values()];
}
