// DVC's overlap rule (dvc/repo/graph.py, dvc/repo/trie.py): a dependency is fed by every output at its path, above it
// (an output folder holding it) or below it (a dependency on a folder holding outputs). Both the language server's
// graph checks and the data features' pipeline graph ask it through this index, in O(path depth + log n) rather than
// by scanning every output (16k-line pipelines have thousands).
import { sep } from 'node:path';
import { firstIndexNotBefore } from '../arrays/sortedSearch';
import type { DvcPipelineModel, PathEntry, StageModel } from './pipeline';

/** One output: what produces it and its normalised absolute path. */
export interface IndexedOutput {
  path: string;
}

export interface OutputIndex<T extends IndexedOutput = Produced> {
  all: T[];
  /** Outputs at exactly this path. */
  exact: Map<string, T[]>;
  /** Every output, sorted by path: the ones inside a folder are one contiguous run. */
  sorted: T[];
  /** Length of the shortest output path: no shorter folder can be an output. */
  shortest: number;
}

export interface Produced extends IndexedOutput {
  stage: StageModel;
  entry: PathEntry;
}

export function indexOutputs<T extends IndexedOutput>(outputs: T[]): OutputIndex<T> {
  const index: OutputIndex<T> = { all: outputs, exact: new Map(), sorted: [], shortest: Number.POSITIVE_INFINITY };
  for (const output of outputs) {
    const list = index.exact.get(output.path);
    if (list) list.push(output);
    else index.exact.set(output.path, [output]);
    index.shortest = Math.min(index.shortest, output.path.length);
  }
  index.sorted = [...outputs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return index;
}

/** The outputs of a pipeline model's stages, built once per model and kept on it (a WeakMap would keep it alive). */
export function outputIndex(model: DvcPipelineModel): OutputIndex {
  if (model.outputIndex) return model.outputIndex;
  const produced: Produced[] = [];
  for (const stage of model.stages) {
    for (const entry of stage.outs) if (entry.absolute) produced.push({ stage, entry, path: entry.absolute });
  }
  model.outputIndex = indexOutputs(produced);
  return model.outputIndex;
}

/** Outputs strictly inside a folder: the run of sorted paths that start with `folder/`. */
function outputsBelow<T extends IndexedOutput>(index: OutputIndex<T>, folder: string): T[] {
  const prefix = folder.endsWith(sep) ? folder : folder + sep;
  const { sorted } = index;
  const out: T[] = [];
  for (let i = firstIndexNotBefore(sorted.length, (at) => sorted[at]!.path < prefix); i < sorted.length && sorted[i]!.path.startsWith(prefix); i++) out.push(sorted[i]!);
  return out;
}

/**
 * Outputs that contain this path (an output folder above it): the folders above a normalised absolute path, cut at
 * each separator, nearest first, while they are long enough to be an output.
 */
export function outputsAbove<T extends IndexedOutput>(index: OutputIndex<T>, path: string): T[] {
  const out: T[] = [];
  for (let end = path.lastIndexOf(sep); end >= index.shortest; end = path.lastIndexOf(sep, end - 1)) {
    const hit = index.exact.get(path.slice(0, end));
    if (hit) out.push(...hit);
  }
  return out;
}

/** Whether any output is equal to, above, or below a path — outputsTouching without building the list. */
export function touchesOutput<T extends IndexedOutput>(index: OutputIndex<T>, path: string): boolean {
  return index.exact.has(path) || outputsAbove(index, path).length > 0 || outputsBelow(index, path).length > 0;
}

/** Outputs equal to, above, or below a path: what a dependency on that path consumes. */
export function outputsTouching<T extends IndexedOutput>(index: OutputIndex<T>, path: string): T[] {
  return [...(index.exact.get(path) ?? []), ...outputsAbove(index, path), ...outputsBelow(index, path)];
}
