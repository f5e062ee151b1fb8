// core/wandb: W&B's local run folders read without Python or network (see docs/wandb.md).
import { WandbFolderReader } from './folderReader';

export { encodeRecord, encodeRunFile, type RecordInput, RunFileWriter, writeRunFile } from './encoder';
export { isWandbFolder, listRunFolders, type WandbRunFolder } from './folder';
export { DEFAULT_PROJECT, WandbFolderReader, type WandbRun, type WandbStatus } from './folderReader';
export { WandbFormatError } from './framing';
export { WandbRunFile } from './runFile';
export type { HistoryColumn } from './historyColumns';
export type { OutputLine, WandbRunState } from './runState';

/** Every numeric history key logged by the runs of a `wandb/` folder, sorted (for a sweep metric's hint and completion). */
export function historyMetricKeys(wandbFolder: string): string[] {
  const reader = new WandbFolderReader(wandbFolder);
  const keys = new Set<string>();
  for (const run of reader.runs()) for (const key of reader.history(run.folder).keys()) keys.add(key);
  return [...keys].sort();
}
