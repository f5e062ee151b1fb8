// A `wandb/` folder as wandb leaves it on disk (wandb/sdk/wandb_settings.py: `run-<YYYYMMDD_HHMMSS>-<id>` for online
// runs, `offline-run-…` for offline ones, `latest-run` a link to the newest): each run folder holds its
// `run-<id>.wandb` record log and, unless the run was offline and never synced, a `files/` folder with config.yaml,
// wandb-summary.json, wandb-metadata.json and output.log.
import { type Dirent, readdirSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

const RUN_FOLDER = /^(offline-)?run-(\d{8})_(\d{6})-([A-Za-z0-9_-]+)$/;

export interface WandbRunFolder {
  id: string;
  path: string;
  offline: boolean;
  /** The folder name's start time, read as UTC (wandb writes the local time of the machine, which is not recorded). */
  nameTimeMs: number;
  /**
   * Where wandb writes the run's record log, `run-<id>.wandb`, and its `files/` folder. Listing does not check that
   * they exist (a stat per run would double the cost of listing); readers treat a missing one as absent.
   */
  recordFile: string;
  filesFolder: string;
}

/** True when `path` is a folder with run folders or a `latest-run`: a W&B folder rather than an mlruns tree. */
export function isWandbFolder(path: string): boolean {
  let entries: string[];
  try {
    entries = readdirSync(path);
  } catch {
    return false;
  }
  return entries.some((name) => name === 'latest-run' || RUN_FOLDER.test(name));
}

/** Run folders in name order (start time, then id); `latest-run` is left out, being another name for one of them. */
export function listRunFolders(root: string): WandbRunFolder[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch {
    return [];
  }
  const runs: WandbRunFolder[] = [];
  // A run folder's name holds only RUN_FOLDER's characters (no separator, never '.' or '..'): appended to the root as
  // join() normalises it (joined once to a one-letter name, less that letter), it gives what join() would, without
  // normalising the root again for each of a thousand runs.
  const prefix = join(root, '_').slice(0, -1);
  for (const entry of entries) {
    const match = RUN_FOLDER.exec(entry.name);
    if (!match) continue;
    const path = `${prefix}${entry.name}`;
    if (!(entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(path)))) continue;
    const [, offline, date, time, id] = match as unknown as [string, string | undefined, string, string, string];
    runs.push({ id, path, offline: offline !== undefined, nameTimeMs: nameTime(date, time), recordFile: `${path}${sep}run-${id}.wandb`, filesFolder: `${path}${sep}files` });
  }
  return runs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function nameTime(date: string, time: string): number {
  return Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8), +time.slice(0, 2), +time.slice(2, 4), +time.slice(4, 6));
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
