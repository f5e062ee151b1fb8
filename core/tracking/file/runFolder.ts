// One run folder of an MLflow file store: meta.yaml, metrics/<key>, params/<key>, tags/<key> (keys may contain
// '/', so the folders are walked). Problems in one file become warnings naming it; the rest of the run loads.
import { readdirSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import type { DatasetInput, Metric, Param, Run, RunTag, StoreWarning } from '../store';
import { MetaError, parseMeta, runInfoFromMeta } from './meta';
import { latestInMetricFile } from './metricFile';
import { absentStamp, beingCreated, changedSince, child, isMissingFile, listKeys, readStamped, type Stamp } from './storedFiles';

export interface LoadedRun {
  dir: string;
  /** undefined when the folder is not a loadable run (see warnings). */
  run: Run | undefined;
  /** Every file read, with its stamp, to tell later whether anything changed. */
  stamps: Map<string, Stamp>;
  warnings: StoreWarning[];
}

/** Returns undefined when the folder cannot be listed (it is gone); a folder without meta.yaml is a damaged run. */
export function loadRunFolder(dir: string, experimentId: string): LoadedRun | undefined {
  // One listing of the folder says which parts exist, so absent ones cost no failed system call (and no exception).
  let entries: Set<string>;
  try {
    entries = new Set(readdirSync(dir));
  } catch {
    return undefined;
  }
  const metaPath = child(dir, 'meta.yaml');
  const stamps = new Map<string, Stamp>();
  const warnings: StoreWarning[] = [];
  if (!entries.has('meta.yaml')) {
    stamps.set(metaPath, absentStamp());
    if (!beingCreated(dir)) {
      warnings.push({ path: metaPath, message: 'run folder has no meta.yaml; skipped, as MLflow skips a malformed run. Restore meta.yaml or remove the folder.' });
    }
    return { dir, run: undefined, stamps, warnings };
  }
  const part = (name: string) => (entries.has(name) ? child(dir, name) : undefined);
  let metaText: string;
  try {
    const read = readStamped(metaPath);
    metaText = read.text;
    stamps.set(metaPath, read.stamp);
  } catch (error) {
    if (isMissingFile(error)) return undefined;
    return { dir, run: undefined, stamps, warnings: [{ path: metaPath, message: (error as Error).message }] };
  }
  try {
    const meta = parseMeta(metaText);
    const tags = readKeyValues(part('tags'), stamps, warnings);
    const info = runInfoFromMeta(meta, tags.find((t) => t.key === 'mlflow.runName')?.value);
    if (info.experimentId !== experimentId) {
      warnings.push({
        path: metaPath,
        message: `run ${info.runId} says experiment_id '${info.experimentId}' but lies in experiment folder '${experimentId}'; skipped, as MLflow skips it. Move the run folder or fix experiment_id.`,
      });
      return { dir, run: undefined, stamps, warnings };
    }
    if (info.runId !== basename(dir)) {
      warnings.push({
        path: metaPath,
        message: `run skipped: meta.yaml names run '${info.runId}', not its folder '${basename(dir)}'; MLflow finds a run by its folder name and cannot read this one. Restore the file or fix run_id.`,
      });
      return { dir, run: undefined, stamps, warnings };
    }
    const params = readKeyValues(part('params'), stamps, warnings);
    const metrics = readLatestMetrics(part('metrics'), stamps, warnings);
    const run: Run = { info, data: { metrics, params, tags } };
    const datasetInputs = entries.has('inputs') ? readDatasetInputs(dir, stamps, warnings) : [];
    if (datasetInputs.length > 0) run.inputs = { datasetInputs };
    return { dir, run, stamps, warnings };
  } catch (error) {
    if (!(error instanceof MetaError)) throw error;
    const warning: StoreWarning = { path: metaPath, message: `run skipped: ${error.message}` };
    if (error.line !== undefined) warning.line = error.line;
    warnings.push(warning);
    return { dir, run: undefined, stamps, warnings };
  }
}

function readKeyValues(folder: string | undefined, stamps: Map<string, Stamp>, warnings: StoreWarning[]): Param[] | RunTag[] {
  return readKeyFiles(folder, stamps, warnings, (key, text) => ({ key, value: text }));
}

function readLatestMetrics(folder: string | undefined, stamps: Map<string, Stamp>, warnings: StoreWarning[]): Metric[] {
  return readKeyFiles(folder, stamps, warnings, (key, text, path) => latestInMetricFile(key, text, path, warnings));
}

/** Reads every key file under a folder; a file that cannot be read becomes a warning naming it. */
function readKeyFiles<T>(
  folder: string | undefined,
  stamps: Map<string, Stamp>,
  warnings: StoreWarning[],
  parse: (key: string, text: string, path: string) => T | undefined,
): T[] {
  if (folder === undefined) return [];
  const values: T[] = [];
  for (const key of listKeys(folder)) {
    const path = key.includes('/') ? join(folder, key) : child(folder, key);
    try {
      const read = readStamped(path);
      stamps.set(path, read.stamp);
      const value = parse(key, read.text, path);
      if (value !== undefined) values.push(value);
    } catch (error) {
      warnings.push({ path, message: (error as Error).message });
    }
  }
  return values;
}

/**
 * MLflow >= 2.4 file stores: `<run>/inputs/<input id>/meta.yaml` points (source_id) at
 * `<experiment>/datasets/<dataset id>/meta.yaml`; the input's tags hold mlflow.data.context.
 */
function readDatasetInputs(runDir: string, stamps: Map<string, Stamp>, warnings: StoreWarning[]): DatasetInput[] {
  let inputDirs: string[];
  try {
    inputDirs = readdirSync(join(runDir, 'inputs'));
  } catch {
    return [];
  }
  const inputs: DatasetInput[] = [];
  for (const name of inputDirs.sort()) {
    const inputPath = join(runDir, 'inputs', name, 'meta.yaml');
    try {
      const input = readMeta(inputPath, stamps);
      if (input.source_type !== 'DATASET') continue;
      const datasetPath = join(dirname(runDir), 'datasets', String(input.source_id), 'meta.yaml');
      const dataset = readMeta(datasetPath, stamps);
      const found: DatasetInput = { name: String(dataset.name ?? ''), digest: String(dataset.digest ?? '') };
      const context = (input.tags as Record<string, unknown> | null | undefined)?.['mlflow.data.context'];
      if (context !== undefined && context !== null) found.context = String(context);
      inputs.push(found);
    } catch (error) {
      warnings.push({ path: inputPath, message: `dataset input skipped: ${(error as Error).message}` });
    }
  }
  return inputs;
}

function readMeta(path: string, stamps: Map<string, Stamp>): Record<string, unknown> {
  const read = readStamped(path);
  stamps.set(path, read.stamp);
  return parseMeta(read.text);
}

/** True when a file read for this run changed, vanished, or a key file appeared. */
export function runFolderChanged(loaded: LoadedRun): boolean {
  for (const [path, stamp] of loaded.stamps) {
    if (changedSince(path, stamp)) return true;
  }
  if (!loaded.run) return false;
  const folders = ['metrics', 'params', 'tags'].map((f) => join(loaded.dir, f) + sep);
  const known = [...loaded.stamps.keys()].filter((path) => folders.some((f) => path.startsWith(f))).length;
  let present = 0;
  for (const folder of folders) present += listKeys(folder).length;
  return present !== known;
}
