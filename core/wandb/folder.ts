// A `wandb/` folder as wandb leaves it on disk (wandb/sdk/wandb_settings.py: `run-<YYYYMMDD_HHMMSS>-<id>` for online
// runs, `offline-run-…` for offline ones, `latest-run` a link to the newest): each run folder holds its
// `run-<id>.wandb` record log and, unless the run was offline and never synced, a `files/` folder with config.yaml,
// wandb-summary.json, wandb-metadata.json and output.log.
import { type Dirent, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const RUN_FOLDER = /^(offline-)?run-(\d{8})_(\d{6})-([A-Za-z0-9_-]+)$/;

export interface WandbRunFolder {
  id: string;
  path: string;
  offline: boolean;
  /** The folder name's start time, read as UTC (wandb writes the local time of the machine, which is not recorded). */
  nameTimeMs: number;
  /** `run-<id>.wandb`, when the folder has one. */
  recordFile?: string;
  /** `files/`, when the folder has it. */
  filesFolder?: string;
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
  for (const entry of entries) {
    const match = RUN_FOLDER.exec(entry.name);
    if (!match || !(entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(join(root, entry.name))))) continue;
    const [, offline, date, time, id] = match as unknown as [string, string | undefined, string, string, string];
    const path = join(root, entry.name);
    runs.push({ id, path, offline: offline !== undefined, nameTimeMs: nameTime(date, time), ...runFiles(path, id) });
  }
  return runs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function runFiles(path: string, id: string): Pick<WandbRunFolder, 'recordFile' | 'filesFolder'> {
  const found: Pick<WandbRunFolder, 'recordFile' | 'filesFolder'> = {};
  let names: Dirent[];
  try {
    names = readdirSync(path, { withFileTypes: true });
  } catch {
    return found;
  }
  const record = names.find((n) => n.name === `run-${id}.wandb`) ?? names.find((n) => n.name.endsWith('.wandb') && n.isFile());
  if (record) found.recordFile = join(path, record.name);
  if (names.some((n) => n.name === 'files' && n.isDirectory())) found.filesFolder = join(path, 'files');
  return found;
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

export function fileIfExists(folder: string | undefined, name: string): string | undefined {
  if (!folder) return undefined;
  const path = join(folder, name);
  return existsSync(path) ? path : undefined;
}
