// DVC's `${…}` templating (dvc/parsing/interpolate.py and context.py): `${expr}` not preceded by `\`; `a.b[0]`
// and `a.b.0` address the same value; a value that is exactly one `${x}` keeps x's type; inside a longer string
// only primitives may be interpolated, except that a dict becomes CLI flags in `cmd`.
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

  /** Merge a mapping in (later sources win, as `merge_update` does for distinct keys). */
  merge(data: unknown, source: VarSource | undefined): void {
    if (!isRecord(data)) return;
    for (const [key, value] of Object.entries(data)) {
      this.values.set(key, value);
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
    let current: unknown = root.value;
    for (let i = 1; i < parts.length; i++) {
      const part = parts[i]!;
      if (current === UNKNOWN) break;
      if (Array.isArray(current) && /^\d+$/.test(part) && Number(part) < current.length) current = current[Number(part)];
      else if (isRecord(current) && Object.hasOwn(current, part)) current = current[part];
      else return { found: false };
    }
    return { found: true, value: current, source: root.source };
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

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
  if (found.length === 0) return { resolved: true, value: text.replace(/\\\$\{/g, '${') };
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
    out += text.slice(index, m.start) + pythonString(hit.value);
    index = m.end;
  }
  return { resolved: true, value: (out + text.slice(index)).replace(/\\\$\{/g, '${') };
}

/** How Python's str() prints a YAML scalar (True/False/None), as DVC's to_str does. */
export function pythonString(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null) return 'None';
  return String(value);
}
