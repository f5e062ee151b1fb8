// Finds a tracked output's entry inside a pointer file's text (a `.dvc` file, or its stage in `dvc.lock`), so the
// same lookup serves the workspace copy and any git revision.
import { parseDvcFile } from '../dvc/dvcFile';
import { parseDvcLock } from '../dvc/dvcLock';
import type { HashEntry } from '../dvc/outEntry';
import type { PointerRef } from '../dvc/workspace';

export interface PointerTarget {
  pointer: PointerRef;
  /** The path as the pointer writes it. */
  pointerPath: string;
}

export function entryInPointer(target: PointerTarget, text: string): HashEntry | undefined {
  const { pointer, pointerPath } = target;
  if (pointer.kind === 'dvc') return parseDvcFile(pointer.file, text).outs.find((o) => o.path === pointerPath);
  const lock = parseDvcLock(pointer.file, text);
  const own = lock.stages.get(pointer.stage)?.outs.find((o) => o.path === pointerPath);
  if (own) return own;
  // The stage may have had another name at that revision; the output path is what identifies the data.
  for (const stage of lock.stages.values()) {
    const found = stage.outs.find((o) => o.path === pointerPath);
    if (found) return found;
  }
  return undefined;
}
