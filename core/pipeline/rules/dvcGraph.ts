// Pipeline graph checks, with DVC's own wording: duplicate outputs (dvc/exceptions.py OutputDuplicationError),
// overlapping outputs (dvc/repo/trie.py), cycles (CyclicGraphError), stages inside another stage's output
// (StagePathAsOutputError) and dependencies that exist nowhere.
import { dirname, parse } from 'node:path';
import { rangeAtPath } from '../document';
import { type OutputIndex, outputIndex, outputsAbove, outputsTouching, touchesOutput } from '../../dvc/outputIndex';
import type { StageModel } from '../../dvc/pipeline';
import { type DvcDocumentModel, repositoryRoot } from '../dvcModel';
import { relativeTo } from '../../paths/plainJoin';
import type { PipelineDiagnostic } from '../types';
import type { ValidationContext } from '../workspace';

export function checkGraph(model: DvcDocumentModel, files: ValidationContext): PipelineDiagnostic[] {
  const index = outputIndex(model);
  return [
    ...duplicateOutputs(model, index),
    ...overlaps(model, index),
    ...cycles(model, index),
    ...stagesInOutputs(model, index),
    ...missingDeps(model, index, files),
  ];
}

/** True when some stage's output is this path, contains it, or lies inside it (a dependency on a directory). */
export function isProduced(model: DvcDocumentModel, path: string): boolean {
  return touchesOutput(outputIndex(model), path);
}

function shown(model: DvcDocumentModel, path: string): string {
  return relativeTo(model.dir, path) || '.';
}

function duplicateOutputs(model: DvcDocumentModel, index: OutputIndex): PipelineDiagnostic[] {
  const result: PipelineDiagnostic[] = [];
  for (const [path, list] of index.exact) {
    const stages = [...new Set(list.map((o) => o.stage.name))];
    if (list.length < 2) continue;
    const message = `output '${shown(model, path)}' is specified in:\n${stages.map((s) => `\t${s}`).join('\n')}\nKeep it in one stage only.`;
    for (const o of list) result.push({ severity: 'error', code: 'dvc-duplicate-output', message, range: rangeAtPath(model.doc, o.entry.nodePath, o.entry.onKey ? 'key' : 'value') });
  }
  return result;
}

function overlaps(model: DvcDocumentModel, index: OutputIndex): PipelineDiagnostic[] {
  const result: PipelineDiagnostic[] = [];
  for (const inner of index.all) {
    const outer = outputsAbove(index, inner.path)[0];
    if (!outer) continue;
    result.push({
      severity: 'error',
      code: 'dvc-overlapping-outputs',
      message:
        `The output paths:\n'${shown(model, outer.path)}'('${outer.stage.name}')\n'${shown(model, inner.path)}'('${inner.stage.name}')\n` +
        'overlap and are thus in the same tracked directory.\nTo keep reproducibility, outputs should be in separate tracked directories or tracked individually.',
      range: rangeAtPath(model.doc, inner.entry.nodePath, inner.entry.onKey ? 'key' : 'value'),
    });
  }
  return result;
}

/** Stage → stages it depends on, then strongly connected components (Tarjan) for the cycles. */
function cycles(model: DvcDocumentModel, index: OutputIndex): PipelineDiagnostic[] {
  const edges = new Map<StageModel, Set<StageModel>>();
  for (const stage of model.stages) {
    const targets = new Set<StageModel>();
    for (const dep of stage.deps) {
      if (dep.absolute) for (const o of outputsTouching(index, dep.absolute)) targets.add(o.stage);
    }
    edges.set(stage, targets);
  }
  const result: PipelineDiagnostic[] = [];
  for (const component of stronglyConnected(model.stages, edges)) {
    const first = component[0]!;
    const cyclic = component.length > 1 || edges.get(first)?.has(first);
    if (!cyclic) continue;
    const names = component.map((s) => s.name);
    const message = `Same item(s) are defined as both a dependency and an output in stage${names.length > 1 ? 's' : ''}: ${names.join(', ')}.`;
    for (const stage of component) result.push({ severity: 'error', code: 'dvc-cycle', message, range: rangeAtPath(model.doc, stage.path, 'key') });
  }
  return result;
}

function stronglyConnected(nodes: StageModel[], edges: Map<StageModel, Set<StageModel>>): StageModel[][] {
  let counter = 0;
  const index = new Map<StageModel, number>();
  const low = new Map<StageModel, number>();
  const stack: StageModel[] = [];
  const onStack = new Set<StageModel>();
  const out: StageModel[][] = [];
  const visit = (v: StageModel): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: StageModel[] = [];
    for (;;) {
      const w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
      if (w === v) break;
    }
    out.push(component.reverse());
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return out;
}

function stagesInOutputs(model: DvcDocumentModel, index: OutputIndex): PipelineDiagnostic[] {
  const result: PipelineDiagnostic[] = [];
  for (const stage of model.stages) {
    if (stage.wdir === model.dir) continue;
    const outer = [...(index.exact.get(stage.wdir) ?? []), ...outputsAbove(index, stage.wdir)].find((o) => o.stage !== stage);
    if (!outer) continue;
    result.push({
      severity: 'error',
      code: 'dvc-stage-in-output',
      message: `stage '${stage.name}' is within an output '${shown(model, outer.path)}' of another stage ('${outer.stage.name}'): move its wdir out of that output.`,
      range: rangeAtPath(model.doc, [...stage.bodyPath, 'wdir'], 'value'),
    });
  }
  return result;
}

/**
 * A dependency must exist on disk, be tracked by a `.dvc` file (itself or a parent folder: data not pulled yet),
 * or be produced by a stage. It is a warning: the file may simply not be created yet.
 */
function missingDeps(model: DvcDocumentModel, index: OutputIndex, files: ValidationContext): PipelineDiagnostic[] {
  const result: PipelineDiagnostic[] = [];
  let root: string | undefined;
  for (const stage of model.stages) {
    for (const dep of stage.deps) {
      const path = dep.absolute;
      if (!path || touchesOutput(index, path)) continue;
      if (files.exists(path)) continue;
      root ??= repositoryRoot(model.dir, files) ?? parse(model.dir).root;
      if (trackedByDvcFile(path, root, files)) continue;
      result.push({
        severity: 'warning',
        code: 'dvc-dep-missing',
        message: `dependency '${relativeTo(stage.wdir, path) || dep.raw}' does not exist (relative to ${stage.wdir === model.dir ? 'this folder' : `wdir '${relativeTo(model.dir, stage.wdir)}'`}), is not tracked by a .dvc file and no stage produces it.`,
        range: rangeAtPath(model.doc, dep.nodePath, 'value'),
      });
    }
  }
  return result;
}

/**
 * `data/raw.dvc` tracks `data/raw` and everything inside it. `.dvc` files live inside the repository, so the
 * walk stops at the repository root (the folder holding `.dvc/` or `.git`).
 */
function trackedByDvcFile(path: string, root: string, files: ValidationContext): boolean {
  for (let current = path; current !== dirname(current); current = dirname(current)) {
    if (files.exists(`${current}.dvc`)) return true;
    if (current === root) return false;
  }
  return false;
}
