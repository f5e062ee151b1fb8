// W&B words its sweep errors with Python's repr() of the values it read (`{'min': 0.5} is not valid…`, `min 1e-05
// is not less than max 0.001`), so messages need Python's view of each number: YAML `1.0` is a float to Python and
// prints as `1.0`, `1e-5` prints as `1e-05`. Whether a number was written as a float is read from its YAML source.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { ParsedDocument, PathSegment } from '../document';

/** Paths (JSON-encoded) of the numbers written as floats (`1.0`, `1e-5`, `.inf`). */
export type FloatPaths = ReadonlySet<string>;

const FLOAT_SOURCE = /[.eE]|inf|nan/i;

export const pathKey = (path: readonly PathSegment[]): string => JSON.stringify(path);

export function floatPaths(doc: ParsedDocument): FloatPaths {
  const out = new Set<string>();
  const stack: [unknown, PathSegment[]][] = [[doc.yaml?.contents, []]];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (isMap(node)) {
      for (const pair of node.items) if (isScalar(pair.key)) stack.push([pair.value, [...path, String(pair.key.value)]]);
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        stack.push([item, [...path, i]]);
      });
    } else if (isScalar(node) && typeof node.value === 'number') {
      const range = (node as Node).range;
      if (range && FLOAT_SOURCE.test(doc.text.slice(range[0], range[1]))) out.add(pathKey(path));
    }
  }
  return out;
}

/** Python's repr() of a YAML value at a path: `'text'`, `1.0`, `1e-05`, `True`, `None`, `[1, 2]`, `{'a': 1}`. */
export function pythonRepr(value: unknown, path: readonly PathSegment[], floats: FloatPaths): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return floats.has(pathKey(path)) || !Number.isInteger(value) ? pythonFloat(value) : String(value);
  if (typeof value === 'string') return pythonString(value);
  if (Array.isArray(value)) return `[${value.map((v, i) => pythonRepr(v, [...path, i], floats)).join(', ')}]`;
  if (value instanceof Date) return pythonString(value.toISOString());
  if (typeof value === 'object') {
    const items = Object.entries(value).map(([k, v]) => `${pythonString(k)}: ${pythonRepr(v, [...path, k], floats)}`);
    return `{${items.join(', ')}}`;
  }
  return String(value);
}

/** repr(float): the shortest round-trip digits, scientific below 1e-4 and from 1e16 (`1e-05`, `1e+16`). */
export function pythonFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const [mantissa, exp] = x.toExponential().split('e') as [string, string];
  const exponent = Number(exp);
  if (x !== 0 && (exponent < -4 || exponent >= 16)) {
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const fixed = String(x);
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

function pythonString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(quote === "'" ? /'/g : /"/g, `\\${quote}`);
  return `${quote}${body}${quote}`;
}

/** Python's `isinstance(value, int)` for a YAML number (booleans are ints to Python, but never to jsonschema). */
export function isPythonInt(value: unknown, path: readonly PathSegment[], floats: FloatPaths): boolean {
  return typeof value === 'number' && Number.isInteger(value) && !floats.has(pathKey(path));
}
