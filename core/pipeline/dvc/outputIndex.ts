// Index of the paths that stages produce, so "is this path produced, inside an output, or a folder holding
// one?" is answered in O(path depth) rather than by scanning every output (16k-line pipelines have thousands).
import { dirname } from 'node:path';
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
  /** Outputs strictly inside this folder. */
  below: Map<string, Produced[]>;
  /** Length of the shortest output path: no shorter folder can be an output. */
  shortest: number;
}

const indexes = new WeakMap<DvcPipelineModel, OutputIndex>();

export function outputIndex(model: DvcPipelineModel): OutputIndex {
  const cached = indexes.get(model);
  if (cached) return cached;
  const index: OutputIndex = { all: [], exact: new Map(), below: new Map(), shortest: Number.POSITIVE_INFINITY };
  for (const stage of model.stages) {
    for (const entry of stage.outs) {
      if (!entry.absolute) continue;
      const produced = { stage, entry, path: entry.absolute };
      index.all.push(produced);
      push(index.exact, entry.absolute, produced);
      index.shortest = Math.min(index.shortest, entry.absolute.length);
      for (let dir = dirname(entry.absolute); dir !== dirname(dir); dir = dirname(dir)) push(index.below, dir, produced);
    }
  }
  indexes.set(model, index);
  return index;
}

function push(map: Map<string, Produced[]>, key: string, value: Produced): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Outputs that contain this path (an output folder above it). */
export function outputsAbove(index: OutputIndex, path: string): Produced[] {
  const out: Produced[] = [];
  for (let dir = dirname(path); dir.length >= index.shortest && dir !== dirname(dir); dir = dirname(dir)) {
    const hit = index.exact.get(dir);
    if (hit) out.push(...hit);
  }
  return out;
}

/** Whether any output is equal to, above, or below a path — outputsTouching without building the list. */
export function touchesOutput(index: OutputIndex, path: string): boolean {
  if (index.exact.has(path) || index.below.has(path)) return true;
  for (let dir = dirname(path); dir.length >= index.shortest && dir !== dirname(dir); dir = dirname(dir)) {
    if (index.exact.has(dir)) return true;
  }
  return false;
}

/** Outputs equal to, above, or below a path: what a dependency on that path consumes. */
export function outputsTouching(index: OutputIndex, path: string): Produced[] {
  return [...(index.exact.get(path) ?? []), ...outputsAbove(index, path), ...(index.below.get(path) ?? [])];
}
