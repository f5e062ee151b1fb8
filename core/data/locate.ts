// Maps a path the user typed (the data path or its `.dvc` file, relative to a folder) to the tracked output.
import { isAbsolute, resolve } from 'node:path';
import { DvcFileError } from './dvcFileError';
import { findProjectRoot, scanWorkspace, type TrackedOutput } from './workspace';

export function locateOutput(cwd: string, typed: string): TrackedOutput {
  const abs = isAbsolute(typed) ? typed : resolve(cwd, typed);
  const candidates = [abs.replace(/[\\/]+$/, ''), abs.replace(/\.dvc$/, '')];
  const root = findProjectRoot(candidates[1]!) ?? cwd;
  const outputs = scanWorkspace(root).outputs;
  const found = outputs.find((o) => candidates.includes(o.absPath));
  if (found) return found;
  throw new DvcFileError(
    typed,
    undefined,
    `not tracked by DVC here: no .dvc file or dvc.lock output names it (${outputs.length} tracked path(s) under ${root}; run \`mlops data status\` to list them).`,
  );
}
