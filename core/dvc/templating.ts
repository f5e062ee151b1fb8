// DVC's `${…}` templating (dvc/parsing/interpolate.py and context.py), for the language server (which resolves
// what it can and leaves the rest: resolveString) and for the data features (which expand stages as `dvc repro`
// does and report what fails: interpolate). `${expr}` not preceded by `\`; `a.b[0]` and `a.b.0` address the same
// value; a value that is exactly one `${x}` keeps x's type; inside a longer string only primitives may be
// interpolated, except that a dict becomes CLI flags in `cmd`.
import { isRecord } from '../yaml/records';
export interface Interpolation {
  /** Offsets inside the scanned text, covering `${…}`. */
  start: number;
  end: number;
  expr: string;
}

const TEMPLATE = /(?<!\\)\$\{(.*?)\}/g;

const NONE: readonly Interpolation[] = Object.freeze([]);
/** Pipelines repeat the same few templates thousands of times; results are immutable, so they are shared. */
const scanned = new Map<string, readonly Interpolation[]>();
const split = new Map<string, string[]>();
const MEMO_LIMIT = 10_000;

function remember<T>(memo: Map<string, T>, key: string, value: T): T {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

export function findInterpolations(text: string): readonly Interpolation[] {
  if (!text.includes('${')) return NONE;
  const hit = scanned.get(text);
  if (hit) return hit;
  const out: Interpolation[] = [];
  for (const m of text.matchAll(TEMPLATE)) {
    out.push(Object.freeze({ start: m.index, end: m.index + m[0].length, expr: (m[1] ?? '').trim() }));
  }
  return remember(scanned, text, Object.freeze(out));
}

/** Marks a value only known at expansion time (`item` of a foreach, a key from an unreadable vars file). */
export const UNKNOWN = Symbol('unknown');

export type Lookup = { found: true; value: unknown; source?: VarSource } | { found: false };

/** Where a top-level name of the context was defined, for go-to-definition and hover. */
export interface VarSource {
  /** Absolute path of the params/vars file, or of the dvc.yaml itself for inline vars. */
  path: string;
  /** Path of keys inside that file where the mapping that defines the name starts. */
  prefix: (string | number)[];
}

export function splitExpr(expr: string): readonly string[] {
  const hit = split.get(expr);
  if (hit) return hit;
  const parts = expr
    .replace(/\[/g, '.')
    .replace(/\]/g, '')
    .split('.')
    .filter((s) => s.length > 0);
  return remember(split, expr, Object.freeze(parts) as string[]);
}

export class TemplateContext {
  private readonly values = new Map<string, unknown>();
  private readonly sources = new Map<string, VarSource>();

  constructor(private readonly parent?: TemplateContext) {}

  /**
   * Merge a mapping in as context.py `_merge` does: a mapping merges into a mapping key by key, anything else
   * replaces (DVC refuses such a redefinition; both readers keep the later value and let `dvc repro` say so).
   */
  merge(data: unknown, source: VarSource | undefined): void {
    if (!isRecord(data)) return;
    for (const [key, value] of Object.entries(data)) {
      const existing = this.values.get(key);
      this.values.set(key, isRecord(existing) && isRecord(value) ? mergedRecords(existing, value) : value);
      if (source) this.sources.set(key, source);
      else this.sources.delete(key);
    }
  }

  set(key: string, value: unknown): void {
    this.values.set(key, value);
  }

  select(expr: string): Lookup {
    const parts = splitExpr(expr);
    const head = parts[0];
    if (head === undefined) return { found: false };
    const root = this.root(head);
    if (!root) return { found: false };
    const value = descend(root.value, parts, 1);
    return value === MISSING ? { found: false } : { found: true, value, source: root.source };
  }

  /** Every name visible here, with values — for completion. */
  entries(): [string, unknown][] {
    const all = new Map<string, unknown>(this.parent?.entries() ?? []);
    for (const [k, v] of this.values) all.set(k, v);
    return [...all];
  }

  private root(name: string): { value: unknown; source?: VarSource } | undefined {
    for (let ctx: TemplateContext | undefined = this; ctx; ctx = ctx.parent) {
      const value = ctx.values.get(name);
      if (value !== undefined || ctx.values.has(name)) return { value, source: ctx.sources.get(name) };
    }
    return undefined;
  }
}


const MISSING = Symbol('missing');

/** Follows `parts` from `start` into a value: mapping keys, and list indexes in range. UNKNOWN stays unknown. */
function descend(value: unknown, parts: readonly string[], start: number): unknown {
  let current = value;
  for (let i = start; i < parts.length; i++) {
    const part = parts[i]!;
    if (current === UNKNOWN) break;
    if (Array.isArray(current) && /^\d+$/.test(part) && Number(part) < current.length) current = current[Number(part)];
    else if (isRecord(current) && Object.hasOwn(current, part)) current = current[part];
    else return MISSING;
  }
  return current;
}

/**
 * A key of a params file as DVC addresses it (dvc/dependency/param.py): the literal key first (a flattened
 * `train.lr: 0.1`), else a dotted path into the file (`train.lr`, `layers[0]`).
 */
export function lookupParam(data: unknown, key: string): { found: true; value: unknown } | { found: false } {
  if (isRecord(data) && Object.hasOwn(data, key)) return { found: true, value: data[key] };
  const value = descend(data, splitExpr(key), 0);
  return value === MISSING ? { found: false } : { found: true, value };
}

export function isPrimitive(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** Python type names, for messages worded like DVC's ("Cannot interpolate data of type 'dict'"). */
export function pythonTypeName(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (isRecord(value)) return 'dict';
  return typeof value;
}

/** Resolve a string: exact `${x}` returns x's value with its type; otherwise the interpolated text. */
export function resolveString(text: string, ctx: TemplateContext): { resolved: boolean; value: unknown } {
  const found = findInterpolations(text);
  if (found.length === 0) return { resolved: true, value: unescapeTemplate(text) };
  const first = found[0]!;
  if (found.length === 1 && first.start === 0 && first.end === text.length) {
    const hit = ctx.select(first.expr);
    return hit.found && hit.value !== UNKNOWN ? { resolved: true, value: hit.value } : { resolved: false, value: text };
  }
  let out = '';
  let index = 0;
  for (const m of found) {
    const hit = ctx.select(m.expr);
    if (!hit.found || hit.value === UNKNOWN || !isPrimitive(hit.value)) return { resolved: false, value: text };
    out += text.slice(index, m.start) + toStr(hit.value);
    index = m.end;
  }
  return { resolved: true, value: unescapeTemplate(out + text.slice(index)) };
}

/** A reference that cannot be resolved as `dvc repro` would resolve it, worded as DVC words it. */
export class InterpolationError extends Error {
  override name = 'InterpolationError';
}

/**
 * Interpolates every string in a value (keys too), as DVC does when it expands a stage; throws InterpolationError
 * for a name that is not defined or a value that cannot go into a string. `field` is the stage key being
 * resolved: only `cmd` turns a dict into command-line flags.
 */
export function interpolate(value: unknown, ctx: TemplateContext, field?: string): unknown {
  if (typeof value === 'string') return interpolateString(value, ctx, field);
  if (Array.isArray(value)) return value.map((item) => interpolate(item, ctx, field));
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[String(interpolateString(key, ctx, field))] = interpolate(item, ctx, field);
  return out;
}

function interpolateString(text: string, ctx: TemplateContext, field: string | undefined): unknown {
  const found = findInterpolations(text);
  if (found.length === 0) return unescapeTemplate(text);
  const first = found[0]!;
  if (found.length === 1 && first.start === 0 && first.end === text.length) return selected(first.expr, ctx);
  let out = '';
  let index = 0;
  for (const m of found) {
    const value = selected(m.expr, ctx);
    out += text.slice(index, m.start);
    if (isPrimitive(value)) out += toStr(value);
    else if (isRecord(value) && field === 'cmd') out += dictToArgs(value);
    else throw new InterpolationError(`Cannot interpolate data of type '${pythonTypeName(value)}'`);
    index = m.end;
  }
  return unescapeTemplate(out + text.slice(index));
}

function selected(expr: string, ctx: TemplateContext): unknown {
  const hit = ctx.select(expr);
  if (!hit.found || hit.value === UNKNOWN) throw new InterpolationError(`Could not find '${expr}'`);
  return hit.value;
}

/** `\${` is DVC's escape for a literal `${`. */
function unescapeTemplate(text: string): string {
  return text.includes('\\${') ? text.replace(/\\\$\{/g, '${') : text;
}

/** A dict in `cmd` becomes flags (interpolate.py to_str for dict): `--key value`, nested keys joined with '.',
 * true → `--key`, false dropped, lists as `--key a b`, strings shell-quoted. */
function dictToArgs(dict: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of flatten(dict)) {
    if (value === true) parts.push(`--${key}`);
    else if (value === false) continue;
    else if (typeof value === 'string') parts.push(`--${key} ${shellQuote(value)}`);
    else if (Array.isArray(value)) {
      if (value.some((v) => isRecord(v) || Array.isArray(v))) throw new InterpolationError(`cannot turn nested list '${key}' into flags.`);
      parts.push(`--${key} ${value.map((v) => (typeof v === 'string' ? shellQuote(v) : toStr(v))).join(' ')}`);
    } else parts.push(`--${key} ${toStr(value)}`);
  }
  return parts.join(' ');
}

function flatten(dict: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(dict).flatMap(([k, v]) => (isRecord(v) ? flatten(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]]));
}

/** Python's shlex.quote. */
function shellQuote(value: string): string {
  if (value === '') return "''";
  return /[^\w@%+=:,./-]/.test(value) ? `'${value.replace(/'/g, `'"'"'`)}'` : value;
}

function mergedRecords(into: Record<string, unknown>, update: Record<string, unknown>): Record<string, unknown> {
  const out = { ...into };
  for (const [key, value] of Object.entries(update)) {
    const existing = out[key];
    out[key] = isRecord(existing) && isRecord(value) ? mergedRecords(existing, value) : value;
  }
  return out;
}

/** DVC's to_str (interpolate.py): Python's str(), except booleans, which it writes as true/false. */
export function toStr(value: unknown): string {
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (value === null || value === undefined) return 'None';
  return String(value);
}
