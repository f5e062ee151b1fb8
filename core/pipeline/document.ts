// The one parsed model per document version that every service (validation, hover, completion, definition,
// symbols, code actions) reads. Parsing keeps node ranges (eemeli/yaml CST offsets) so each finding can point at
// the smallest span: a key, a value, a `${}` expression.
import { isMap, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument, type ScalarTag, type YAMLMap } from 'yaml';
import { Document, type Tags } from 'yaml';
import { parseBlockYaml } from '../yaml/blockYaml';
import type { PathSegment } from '../yaml/records';
import { yamlVersionFor } from './fileKind';
import type { FileKind, PipelineDiagnostic, Range } from './types';

/** Work on a file is capped: beyond these sizes we report one diagnostic instead of parsing. */
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;
export const MAX_DOCUMENT_LINES = 50_000;
/** PyYAML and ruamel expand aliases eagerly; a "billion laughs" document must not expand here. */
const MAX_ALIAS_COUNT = 1000;

export type { PathSegment } from '../yaml/records';

export interface ParsedDocument {
  path: string;
  kind: FileKind;
  version: number;
  text: string;
  /** undefined when the file was too large to parse. */
  yaml: Document.Parsed | undefined;
  /** Plain JS value of the document; undefined when it could not be built. */
  value: unknown;
  parseDiagnostics: PipelineDiagnostic[];
  toRange(start: number, end: number): Range;
  offsetAt(line: number, character: number): number;
  /** Built by lookupPath on first use. */
  pairIndexes?: Map<YAMLMap, Map<string, Pair>>;
}

export interface NodeLookup {
  pair?: Pair;
  key?: Node;
  value?: Node;
}

export function parsePipelineDocument(path: string, kind: FileKind, text: string, version = 0): ParsedDocument {
  const lines = new LineCounter();
  const model: ParsedDocument = {
    path,
    kind,
    version,
    text,
    yaml: undefined,
    value: undefined,
    parseDiagnostics: [],
    toRange: (start, end) => ({ start: positionAt(lines, start), end: positionAt(lines, Math.max(start, end)) }),
    offsetAt: (line, character) => offsetAt(lines, text, line, character),
  };
  const lineCount = countLines(text, MAX_DOCUMENT_LINES + 1);
  if (text.length > MAX_DOCUMENT_BYTES || lineCount > MAX_DOCUMENT_LINES) {
    model.parseDiagnostics.push({
      severity: 'warning',
      code: 'file-too-large',
      message:
        `File is too large to check (${text.length > MAX_DOCUMENT_BYTES ? `${Math.round(text.length / 1024)} KB` : `over ${MAX_DOCUMENT_LINES} lines`}); ` +
        `checks stop above ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB or ${MAX_DOCUMENT_LINES} lines. Split the file to get diagnostics.`,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    });
    return model;
  }
  const fast = yamlVersionFor(kind) === '1.2' ? parseBlockYaml(text) : undefined;
  if (fast) {
    // The general parser fills the line table as it lexes; the fast path fills it here.
    lines.addNewLine(0);
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
    const doc = new Document() as Document.Parsed;
    doc.contents = fast.contents as Document.Parsed['contents'];
    model.yaml = doc;
    model.value = fast.value;
    model.parseDiagnostics.push(...fast.duplicates.map((key) => duplicateKeyDiagnostic(model, key)));
    return model;
  }
  const doc = parseDocument(text, {
    lineCounter: lines,
    version: yamlVersionFor(kind),
    // Duplicate keys are found below with one Set per mapping; yaml's own check is quadratic per mapping.
    uniqueKeys: false,
    prettyErrors: false,
    strict: false,
    customTags: yamlVersionFor(kind) === '1.1' ? pyyamlFloats : undefined,
  });
  model.yaml = doc;
  for (const err of doc.errors) {
    model.parseDiagnostics.push({
      severity: 'error',
      code: 'yaml-syntax',
      message: `YAML syntax error: ${firstLine(err.message)}`,
      range: model.toRange(err.pos[0], err.pos[1]),
    });
  }
  model.parseDiagnostics.push(...duplicateKeys(model, doc.contents));
  try {
    model.value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    model.parseDiagnostics.push({
      severity: 'error',
      code: 'yaml-aliases',
      message: `YAML could not be expanded: ${(err as Error).message}. Reduce alias use (limit ${MAX_ALIAS_COUNT}).`,
      range: model.toRange(0, 0),
    });
  }
  return model;
}

function duplicateKeyDiagnostic(model: ParsedDocument, key: Node): PipelineDiagnostic {
  const range = key.range;
  const name = isScalar(key) ? String(key.value) : '';
  return {
    severity: 'error',
    code: 'duplicate-key',
    message: `Duplicate key '${name}': YAML mappings must have unique keys (the later value would silently win). Remove or rename one.`,
    range: range ? model.toRange(range[0], range[1]) : model.toRange(0, 0),
  };
}

/** Every repeated key of every mapping, as an error on the repeated key (iterative walk: no stack limit). */
function duplicateKeys(model: ParsedDocument, root: unknown): PipelineDiagnostic[] {
  const out: PipelineDiagnostic[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = scalarKey(pair);
        if (key !== undefined && seen.has(key)) out.push(duplicateKeyDiagnostic(model, pair.key as Node));
        if (key !== undefined) seen.add(key);
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return out;
}

/**
 * PyYAML's float resolver needs a dot and a signed exponent (`1.0e-1`), so `1e-1` and `1.0e1` stay strings;
 * eemeli/yaml's 1.1 schema is more lenient, so its exponent form is narrowed to PyYAML's.
 */
const PYYAML_EXP_FLOAT = /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*[eE][-+][0-9]+$/;

function pyyamlFloats(tags: Tags): Tags {
  return tags.map((t) => {
    const tag = t as ScalarTag;
    if (tag.tag !== 'tag:yaml.org,2002:float' || tag.format !== 'EXP') return t;
    return { ...tag, test: PYYAML_EXP_FLOAT };
  });
}

/** Find the pair, key node and value node at a path of map keys / sequence indexes. */
export function lookupPath(doc: ParsedDocument, path: readonly PathSegment[]): NodeLookup | undefined {
  let current: unknown = doc.yaml?.contents;
  let found: NodeLookup = { value: current as Node };
  for (const seg of path) {
    if (isMap(current)) {
      const pair = pairIndex(doc, current).get(String(seg));
      if (!pair) return undefined;
      found = { pair, key: pair.key as Node, value: (pair.value ?? undefined) as Node | undefined };
      current = pair.value;
    } else if (isSeq(current) && typeof seg === 'number') {
      const item = current.items[seg];
      if (item === undefined) return undefined;
      found = { value: item as Node };
      current = item;
    } else {
      return undefined;
    }
  }
  return found;
}

/**
 * Key → pair for a mapping, built once per parsed node: path lookups stay O(depth) on 16k-line files. The indexes
 * hang off their document, not a WeakMap keyed by node: V8's minor GC keeps WeakMap entries alive, so every parsed
 * document would be promoted to the old generation.
 */
function pairIndex(doc: ParsedDocument, map: YAMLMap): Map<string, Pair> {
  doc.pairIndexes ??= new Map();
  let index = doc.pairIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.items) {
      const key = scalarKey(pair);
      if (key !== undefined && !index.has(key)) index.set(key, pair);
    }
    doc.pairIndexes.set(map, index);
  }
  return index;
}

/** The key of a pair as text (non-scalar keys have none). */
export function scalarKey(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

export function nodeRange(doc: ParsedDocument, node: Node | undefined | null): Range | undefined {
  if (!node?.range) return undefined;
  return doc.toRange(node.range[0], node.range[1]);
}

/** The best range for a path: the value, else the key, else the start of the document. */
export function rangeAtPath(doc: ParsedDocument, path: readonly PathSegment[], prefer: 'key' | 'value'): Range {
  for (let depth = path.length; depth >= 0; depth--) {
    const hit = lookupPath(doc, path.slice(0, depth));
    if (!hit) continue;
    const first = prefer === 'key' && depth === path.length ? (hit.key ?? hit.value) : (hit.value ?? hit.key);
    const second = first === hit.value ? hit.key : hit.value;
    const range = nodeRange(doc, first) ?? nodeRange(doc, second);
    if (range) return range;
  }
  return doc.toRange(0, 0);
}

export interface PathAtOffset {
  path: PathSegment[];
  /** Whether the offset is on a key (or where a new key would go) rather than on a value. */
  onKey: boolean;
  node?: Node;
}

/** The deepest node containing an offset, with its path — the entry point of hover, completion and definition. */
export function pathAtOffset(doc: ParsedDocument, offset: number): PathAtOffset {
  const path: PathSegment[] = [];
  let current: unknown = doc.yaml?.contents;
  for (;;) {
    if (isMap(current)) {
      const pair = current.items.find((p) => within(p.key as Node, offset) || within(p.value as Node, offset));
      if (!pair) return { path, onKey: true, node: current };
      const key = scalarKey(pair) ?? '';
      if (within(pair.key as Node, offset)) return { path: [...path, key], onKey: true, node: pair.key as Node };
      path.push(key);
      current = pair.value;
      continue;
    }
    if (isSeq(current)) {
      const index = current.items.findIndex((item) => within(item as Node, offset));
      if (index < 0) return { path, onKey: false, node: current };
      path.push(index);
      current = current.items[index];
      continue;
    }
    return { path, onKey: false, node: (current ?? undefined) as Node | undefined };
  }
}

function within(node: Node | null | undefined, offset: number): boolean {
  return !!node?.range && node.range[0] <= offset && offset <= node.range[1];
}

function positionAt(lines: LineCounter, offset: number): { line: number; character: number } {
  const pos = lines.linePos(offset);
  return { line: Math.max(0, pos.line - 1), character: Math.max(0, pos.col - 1) };
}

function offsetAt(lines: LineCounter, text: string, line: number, character: number): number {
  const starts = lines.lineStarts;
  if (line >= starts.length) return text.length;
  return Math.min(text.length, (starts[Math.max(0, line)] ?? 0) + character);
}

function countLines(text: string, stopAt: number): number {
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0 && count < stopAt; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
