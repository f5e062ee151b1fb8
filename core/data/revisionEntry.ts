// A tracked output's pointer entry at a git revision, and where that version's content is on disk.
import { posix } from 'node:path';
import { DvcFileError } from '../dvc/dvcFileError';
import { readBlobs } from './gitObjects';
import type { HashEntry } from '../dvc/outEntry';
import { entryInPointer } from './pointerAtRevision';
import type { TrackedOutput } from '../dvc/workspace';

/** `workspace` means the files on disk, as in `dvc diff` (whose default is HEAD against the workspace). */
export const WORKSPACE = 'workspace';

export async function entryAtRevision(output: TrackedOutput, rev: string): Promise<HashEntry> {
  const name = `${rev}:./${posix.normalize(output.pointer.file)}`;
  const [blob] = await readBlobs(output.project.root, [name]);
  if (!blob) {
    throw new DvcFileError(output.pointer.file, undefined, `no such pointer at revision '${rev}' — check the revision (a commit, branch or tag) and that ${output.pointer.file} existed there.`);
  }
  const entry = entryInPointer(output, blob.text);
  if (!entry) throw new DvcFileError(output.pointer.file, undefined, `'${output.pointerPath}' is not tracked by ${output.pointer.file} at revision '${rev}'.`);
  return entry;
}
