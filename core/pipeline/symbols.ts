// Document symbols: stages in dvc.yaml and dvc.lock, entry points in MLproject, and the
// top-level keys elsewhere.
import { isMap } from 'yaml';
import { type ParsedDocument, rangeAtPath, scalarKey } from './document';
import type { Range } from './types';

export type SymbolKind = 'stage' | 'entry-point' | 'key';

export interface DocumentSymbolInfo {
  name: string;
  kind: SymbolKind;
  range: Range;
  selectionRange: Range;
  children: DocumentSymbolInfo[];
}

export function documentSymbols(doc: ParsedDocument): DocumentSymbolInfo[] {
  const root = doc.yaml?.contents;
  if (!isMap(root)) return [];
  const symbols: DocumentSymbolInfo[] = [];
  for (const pair of root.items) {
    const key = scalarKey(pair);
    if (key === undefined) continue;
    const container = (doc.kind === 'dvc-yaml' || doc.kind === 'dvc-lock') && key === 'stages' ? 'stage' : doc.kind === 'mlproject' && key === 'entry_points' ? 'entry-point' : undefined;
    const children = container && isMap(pair.value) ? childSymbols(doc, [key], pair.value.items.map((p) => scalarKey(p)), container) : [];
    symbols.push(symbol(doc, [key], 'key', children));
  }
  return symbols;
}

function childSymbols(doc: ParsedDocument, base: string[], names: (string | undefined)[], kind: SymbolKind): DocumentSymbolInfo[] {
  return names.flatMap((name) => (name === undefined ? [] : [symbol(doc, [...base, name], kind, [])]));
}

function symbol(doc: ParsedDocument, path: string[], kind: SymbolKind, children: DocumentSymbolInfo[]): DocumentSymbolInfo {
  const selectionRange = rangeAtPath(doc, path, 'key');
  const valueRange = rangeAtPath(doc, path, 'value');
  const range = { start: selectionRange.start, end: after(valueRange.end, selectionRange.end) ? valueRange.end : selectionRange.end };
  return { name: path[path.length - 1]!, kind, range, selectionRange, children };
}

function after(a: Range['end'], b: Range['end']): boolean {
  return a.line > b.line || (a.line === b.line && a.character > b.character);
}
