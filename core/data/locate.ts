// Maps a path the user typed (the data path or its `.dvc` file, relative to a folder) to the tracked output.
import { isAbsolute, join, resolve } from 'node:path';
import { DvcFileError } from '../dvc/dvcFileError';
import { findProjectRoot, scanWorkspace, type TrackedOutput } from '../dvc/workspace';

export function locateOutput(cwd: string, typed: string): TrackedOutput {
  const abs = isAbsolute(typed) ? typed : resolve(cwd, typed);
  const candidates = [abs.replace(/[\\/]+$/, ''), abs.replace(/\.dvc$/, '')];
  const root = findProjectRoot(candidates[1]!) ?? cwd;
  const { outputs, problems } = scanWorkspace(root);
  const found = outputs.find((o) => candidates.includes(o.absPath));
  if (found) return found;
  // A pointer whose out was refused (outside the project, unreadable) says why, rather than "not tracked".
  const refused = problems.find((p) => candidates.includes(join(root, p.file)));
  if (refused) throw new DvcFileError(refused.file, refused.line, refused.message);
  throw new DvcFileError(
    typed,
    undefined,
    `not tracked by DVC here: no .dvc file or dvc.lock output names it (${outputs.length} tracked path(s) under ${root}; run \`mlops data status\` to list them).`,
  );
}
