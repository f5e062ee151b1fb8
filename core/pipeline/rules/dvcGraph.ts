// Pipeline graph checks, with DVC's own wording: duplicate outputs (dvc/exceptions.py OutputDuplicationError),
// overlapping outputs (dvc/repo/trie.py), cycles (CyclicGraphError), stages inside another stage's output
// (StagePathAsOutputError) and dependencies that exist nowhere.
import { dirname, relative, sep } from 'node:path';
import { rangeAtPath } from '../document';
import type { DvcPipelineModel, PathEntry, StageModel } from '../dvc/pipelineModel';
import type { PipelineDiagnostic } from '../types';
import type { ValidationContext } from '../workspace';

interface Produced {
  stage: StageModel;
  entry: PathEntry;
  path: string;
}

export function checkGraph(model: DvcPipelineModel, files: ValidationContext): PipelineDiagnostic[] {
  const outs = producedPaths(model);
  return [...duplicateOutputs(model, outs), ...overlaps(model, outs), ...cycles(model, outs), ...stagesInOutputs(model, outs), ...missingDeps(model, outs, files)];
}

function producedPaths(model: DvcPipelineModel): Produced[] {
  return model.stages.flatMap((stage) =>
    stage.outs.flatMap((entry) => (entry.absolute ? [{ stage, entry, path: entry.absolute }] : [])),
  );
}

function isInside(child: string, parent: string): boolean {
  return child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

/** True when some stage's output is this path, contains it, or lies inside it (a dependency on a directory). */
export function isProduced(model: DvcPipelineModel, path: string): boolean {
  return producedPaths(model).some((o) => o.path === path || isInside(path, o.path) || isInside(o.path, path));
}

function shown(model: DvcPipelineModel, path: string): string {
  return relative(model.dir, path) || '.';
}

function duplicateOutputs(model: DvcPipelineModel, outs: Produced[]): PipelineDiagnostic[] {
  const byPath = new Map<string, Produced[]>();
  for (const o of outs) byPath.set(o.path, [...(byPath.get(o.path) ?? []), o]);
  const result: PipelineDiagnostic[] = [];
  for (const [path, list] of byPath) {
    const stages = [...new Set(list.map((o) => o.stage.name))];
    if (list.length < 2) continue;
    const message = `output '${shown(model, path)}' is specified in:\n${stages.map((s) => `\t${s}`).join('\n')}\nKeep it in one stage only.`;
    for (const o of list) result.push({ severity: 'error', code: 'dvc-duplicate-output', message, range: rangeAtPath(model.doc, o.entry.nodePath, o.entry.onKey ? 'key' : 'value') });
  }
  return result;
}

function overlaps(model: DvcPipelineModel, outs: Produced[]): PipelineDiagnostic[] {
  const result: PipelineDiagnostic[] = [];
  for (const inner of outs) {
    const outer = outs.find((o) => o !== inner && isInside(inner.path, o.path));
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
function cycles(model: DvcPipelineModel, outs: Produced[]): PipelineDiagnostic[] {
  const edges = new Map<StageModel, Set<StageModel>>();
  for (const stage of model.stages) {
    const targets = new Set<StageModel>();
    for (const dep of stage.deps) {
      if (!dep.absolute) continue;
      const path = dep.absolute;
      for (const o of outs) if (o.path === path || isInside(path, o.path) || isInside(o.path, path)) targets.add(o.stage);
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

function stagesInOutputs(model: DvcPipelineModel, outs: Produced[]): PipelineDiagnostic[] {
  const result: PipelineDiagnostic[] = [];
  for (const stage of model.stages) {
    const outer = outs.find((o) => o.stage !== stage && (o.path === stage.wdir || isInside(stage.wdir, o.path)));
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
function missingDeps(model: DvcPipelineModel, outs: Produced[], files: ValidationContext): PipelineDiagnostic[] {
  const result: PipelineDiagnostic[] = [];
  for (const stage of model.stages) {
    for (const dep of stage.deps) {
      const path = dep.absolute;
      if (!path || files.exists(path) || trackedByDvcFile(path, files)) continue;
      if (outs.some((o) => o.path === path || isInside(path, o.path) || isInside(o.path, path))) continue;
      result.push({
        severity: 'warning',
        code: 'dvc-dep-missing',
        message: `dependency '${relative(stage.wdir, path) || dep.raw}' does not exist (relative to ${stage.wdir === model.dir ? 'this folder' : `wdir '${relative(model.dir, stage.wdir)}'`}), is not tracked by a .dvc file and no stage produces it.`,
        range: rangeAtPath(model.doc, dep.nodePath, 'value'),
      });
    }
  }
  return result;
}

function trackedByDvcFile(path: string, files: ValidationContext): boolean {
  for (let current = path; ; current = dirname(current)) {
    if (files.exists(`${current}.dvc`)) return true;
    if (dirname(current) === current) return false;
  }
}
