// Index of the paths that stages produce, so "is this path produced, inside an output, or a folder holding
// one?" is answered in O(path depth + log n) rather than by scanning every output (16k-line pipelines have
// thousands).
import { sep } from 'node:path';
import { firstIndexNotBefore } from '../../arrays/sortedSearch';
import type { DvcPipelineModel, PathEntry, StageModel } from './pipelineModel';

export interface Produced {
  stage: StageModel;
  entry: PathEntry;
  path: string;
}

export interface OutputIndex {
  all: Produced[];
  /** Outputs at exactly this path. */
  exact: Map<string, Produced[]>;
  /** Every output, sorted by path: the ones inside a folder are one contiguous run. */
  sorted: Produced[];
  /** Length of the shortest output path: no shorter folder can be an output. */
  shortest: number;
}

/** Built once per model and kept on it (not in a WeakMap, which V8's minor GC would keep alive). */
export function outputIndex(model: DvcPipelineModel): OutputIndex {
  const cached = model.outputIndex;
  if (cached) return cached;
  const index: OutputIndex = { all: [], exact: new Map(), sorted: [], shortest: Number.POSITIVE_INFINITY };
  for (const stage of model.stages) {
    for (const entry of stage.outs) {
      if (!entry.absolute) continue;
      const produced = { stage, entry, path: entry.absolute };
      index.all.push(produced);
      const list = index.exact.get(entry.absolute);
      if (list) list.push(produced);
      else index.exact.set(entry.absolute, [produced]);
      index.shortest = Math.min(index.shortest, entry.absolute.length);
    }
  }
  index.sorted = [...index.all].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  model.outputIndex = index;
  return index;
}

/** Outputs strictly inside a folder: the run of sorted paths that start with `folder/`. */
function outputsBelow(index: OutputIndex, folder: string): Produced[] {
  const prefix = folder.endsWith(sep) ? folder : folder + sep;
  const { sorted } = index;
  const out: Produced[] = [];
  for (let i = firstIndexNotBefore(sorted.length, (at) => sorted[at]!.path < prefix); i < sorted.length && sorted[i]!.path.startsWith(prefix); i++) out.push(sorted[i]!);
  return out;
}

/**
 * Outputs that contain this path (an output folder above it): the folders above a normalised absolute path, cut at
 * each separator, nearest first, while they are long enough to be an output.
 */
export function outputsAbove(index: OutputIndex, path: string): Produced[] {
  const out: Produced[] = [];
  for (let end = path.lastIndexOf(sep); end >= index.shortest; end = path.lastIndexOf(sep, end - 1)) {
    const hit = index.exact.get(path.slice(0, end));
    if (hit) out.push(...hit);
  }
  return out;
}

/** Whether any output is equal to, above, or below a path — outputsTouching without building the list. */
export function touchesOutput(index: OutputIndex, path: string): boolean {
  return index.exact.has(path) || outputsAbove(index, path).length > 0 || outputsBelow(index, path).length > 0;
}

/** Outputs equal to, above, or below a path: what a dependency on that path consumes. */
export function outputsTouching(index: OutputIndex, path: string): Produced[] {
  return [...(index.exact.get(path) ?? []), ...outputsAbove(index, path), ...outputsBelow(index, path)];
}
