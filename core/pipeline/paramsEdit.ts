// Text edits that add a missing key to a params file, keeping its block style: the new key goes after the last
// entry of the deepest mapping that already exists on the key's path, at that mapping's indentation.
import { isMap, type YAMLMap } from 'yaml';
import { type ParsedDocument, scalarKey } from './document';
import type { FixEdit } from './types';
import { splitExpr } from '../dvc/templating';

export function addParamEdit(paramsPath: string, params: ParsedDocument | undefined, key: string): FixEdit | undefined {
  const parts = splitExpr(key);
  if (parts.length === 0) return undefined;
  if (!params || params.text.trim() === '' || !isMap(params.yaml?.contents)) {
    const text = params?.text ?? '';
    const lead = text.length > 0 && !text.endsWith('\n') ? '\n' : '';
    const end = params ? params.toRange(text.length, text.length).start : { line: 0, character: 0 };
    return { path: paramsPath, range: { start: end, end }, newText: lead + block(parts, '') };
  }
  let map: YAMLMap = params.yaml.contents;
  let depth = 0;
  for (; depth < parts.length - 1; depth++) {
    const pair = map.items.find((p) => scalarKey(p) === parts[depth]);
    if (!pair || !isMap(pair.value)) break;
    map = pair.value;
  }
  if (map.flow) return undefined;
  const last = map.items[map.items.length - 1];
  const firstKey = map.items[0]?.key as { range?: [number, number, number] } | undefined;
  const indentCol = firstKey?.range ? params.toRange(firstKey.range[0], firstKey.range[0]).start.character : 0;
  const lastEnd = (last?.value as { range?: [number, number, number] } | null)?.range?.[1] ??
    (last?.key as { range?: [number, number, number] } | undefined)?.range?.[1] ?? params.text.length;
  const newline = params.text.indexOf('\n', lastEnd);
  const offset = newline < 0 ? params.text.length : newline + 1;
  const lead = newline < 0 ? '\n' : '';
  const at = params.toRange(offset, offset).start;
  return { path: paramsPath, range: { start: at, end: at }, newText: lead + block(parts.slice(depth), ' '.repeat(indentCol)) };
}

/** `a.b.c` under an indent → nested block lines ending with `c: null` for the user to fill in. */
function block(parts: readonly string[], indent: string): string {
  return parts.map((p, i) => `${indent}${'  '.repeat(i)}${p}:${i === parts.length - 1 ? ' null' : ''}\n`).join('');
}
