// `${...}` templating in dvc.yaml (dvc/parsing/interpolate.py): a string that is exactly one `${ref}` takes the
// referenced value with its type; otherwise each reference is formatted into the string. `\${` escapes.
import { isRecord } from './yamlSource';

export type TemplateContext = Record<string, unknown>;

export class InterpolationError extends Error {
  override name = 'InterpolationError';
}

const REFERENCE = /(\\)?\$\{\s*([^}]*?)\s*\}/g;
const WHOLE = /^\$\{\s*([^}]*?)\s*\}$/;

export function interpolate(value: unknown, context: TemplateContext): unknown {
  if (typeof value === 'string') return interpolateString(value, context);
  if (Array.isArray(value)) return value.map((item) => interpolate(item, context));
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[interpolateString(key, context) as string] = interpolate(item, context);
    return out;
  }
  return value;
}

function interpolateString(text: string, context: TemplateContext): unknown {
  const whole = WHOLE.exec(text);
  if (whole) return lookup(whole[1]!, context);
  return text.replace(REFERENCE, (match, escaped: string | undefined, ref: string) => {
    if (escaped) return match.slice(1);
    const value = lookup(ref, context);
    if (isRecord(value)) return dictToArgs(value);
    if (Array.isArray(value)) throw new InterpolationError(`'\${${ref}}' is a list and cannot be joined into a string.`);
    return pythonStr(value);
  });
}

/** Resolves `a.b[0].c` (and DVC's `a.b.0`) against the context. */
export function lookup(ref: string, context: TemplateContext): unknown {
  const parts = ref.replace(/\[([^\]]*)\]/g, '.$1').split('.').filter((p) => p !== '');
  if (parts.length === 0) throw new InterpolationError('an empty reference has no name to look up.');
  let current: unknown = context;
  for (const part of parts) {
    if (Array.isArray(current) && /^\d+$/.test(part) && Number(part) < current.length) current = current[Number(part)];
    else if (isRecord(current) && part in current) current = current[part];
    else throw new InterpolationError(`could not find '${ref}' (no '${part}') in params.yaml, vars or the foreach item.`);
  }
  return current;
}

/** A dictionary inside a string becomes command-line flags (interpolate.py to_str for dict): `--key value`,
 * nested keys joined with '.', true → `--key`, false dropped, lists as `--key a b`, strings shell-quoted. */
function dictToArgs(dict: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of flatten(dict)) {
    if (value === true) parts.push(`--${key}`);
    else if (value === false) continue;
    else if (typeof value === 'string') parts.push(`--${key} ${shellQuote(value)}`);
    else if (Array.isArray(value)) {
      if (value.some((v) => isRecord(v) || Array.isArray(v))) throw new InterpolationError(`cannot turn nested list '${key}' into flags.`);
      parts.push(`--${key} ${value.map((v) => (typeof v === 'string' ? shellQuote(v) : pythonStr(v))).join(' ')}`);
    } else parts.push(`--${key} ${pythonStr(value)}`);
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

/** DVC formats values with Python's str(), except booleans, which it writes as true/false (interpolate.to_str). */
export function pythonStr(value: unknown): string {
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (value === null || value === undefined) return 'None';
  return String(value);
}
