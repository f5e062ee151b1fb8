// A folder of batches (daily or hourly files, as a scheduled job drops them) opened for monitoring without a
// drift.yaml: its batches are the data files of its most common kind, and the dashboard's configuration is written
// beside them — a drift.yaml naming the reference the user picked and the batches as a glob, so new files join.
import { readdirSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { isTableFile } from '../drift/tableReaders';

export interface BatchFolder {
  folder: string;
  /** `*.csv` (or `*.parquet`, …): the batches' glob, relative to the folder. */
  pattern: string;
  /** The files it matches now, in name (time) order. */
  batches: string[];
}

/** The folder's batches: its data files with the most common extension (a tie goes to the first in name order). */
export function batchFolder(folder: string): BatchFolder {
  const files = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && isTableFile(entry.name))
    .map((entry) => entry.name)
    .sort();
  const counts = new Map<string, number>();
  for (const name of files) counts.set(extname(name), (counts.get(extname(name)) ?? 0) + 1);
  const extension = [...counts].reduce<[string, number] | undefined>((best, entry) => (!best || entry[1] > best[1] ? entry : best), undefined)?.[0];
  const batches = extension === undefined ? [] : files.filter((name) => extname(name) === extension).map((name) => join(folder, name));
  return { folder, pattern: `*${extension ?? '.csv'}`, batches };
}

/** The drift.yaml written into the folder: paths relative to it, as drift.yaml's own are read. */
export function batchFolderConfig(batches: BatchFolder, reference: string): string {
  const referencePath = relative(batches.folder, reference).split(sep).join('/');
  return [
    '# The monitoring dashboard of this folder (MLOps: Open Monitoring Dashboard); paths are relative to this file.',
    '# `mlops monitor --config drift.yaml` computes the same series. Add columns, thresholds or retrain: as in any drift.yaml.',
    `reference: ${JSON.stringify(referencePath)}`,
    `batches: [${JSON.stringify(batches.pattern)}]`,
    '',
  ].join('\n');
}
