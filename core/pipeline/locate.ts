// Shared position helpers for hover, completion and definition: what is under the cursor.
import { isScalar, type Node } from 'yaml';
import { type ParsedDocument, type PathSegment, pathAtOffset } from './document';
import { findInterpolations, type Interpolation } from '../dvc/templating';

export interface CursorTarget {
  path: PathSegment[];
  onKey: boolean;
  node?: Node;
  /** The `${…}` the cursor is in, with absolute offsets. */
  interpolation?: Interpolation;
}

export function targetAt(doc: ParsedDocument, offset: number): CursorTarget {
  const hit = pathAtOffset(doc, offset);
  const target: CursorTarget = { path: hit.path, onKey: hit.onKey, node: hit.node };
  const node = hit.node;
  if (isScalar(node) && typeof node.value === 'string' && node.range) {
    const from = node.range[0];
    const source = doc.text.slice(from, node.range[1]);
    const m = findInterpolations(source).find((i) => from + i.start <= offset && offset <= from + i.end);
    if (m) target.interpolation = { start: from + m.start, end: from + m.end, expr: m.expr };
  }
  return target;
}

/** For a path inside `stages`, the stage name and the stage field (cmd, deps, …) — `do` is looked through. */
export function stageFieldOf(path: PathSegment[]): { stage: string; field?: string; rest: PathSegment[] } | undefined {
  if (path[0] !== 'stages' || path.length < 2) return undefined;
  const stage = String(path[1]);
  const inner = path[2] === 'do' ? path.slice(3) : path.slice(2);
  const field = inner[0] === undefined ? undefined : String(inner[0]);
  return { stage, field, rest: inner.slice(1) };
}

/** Flattened dotted keys of a params mapping (`train.lr`), depth-limited for huge params files. */
export function flattenKeys(value: unknown, prefix = '', depth = 0, out: [string, unknown][] = []): [string, unknown][] {
  if (depth > 6 || out.length > 2000 || typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    const key = prefix ? `${prefix}.${k}` : k;
    out.push([key, v]);
    flattenKeys(v, key, depth + 1, out);
  }
  return out;
}

/** Short YAML-ish rendering of a value for hovers and completion details. */
export function preview(value: unknown): string {
  const text = JSON.stringify(value, (_k, v) => (typeof v === 'symbol' ? '<set per item>' : v));
  if (text === undefined) return 'undefined';
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
