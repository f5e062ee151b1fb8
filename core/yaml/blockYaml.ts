// A fast path for the plain block YAML that DVC files are written in: block mappings and sequences of one-line
// plain or quoted scalars. It builds the same eemeli/yaml node types (with the same ranges) and the JS value in
// one pass, several times faster than the general parser on 16k-line pipelines. Anything outside that subset —
// flow collections, anchors, tags, block scalars, quoted multi-line scalars, directives, tabs, odd escapes — returns
// undefined and the caller uses eemeli/yaml, which also reports every syntax error. YAML 1.2 core schema only.
import type { Scalar as YamlScalar, YAMLMap, YAMLSeq } from 'yaml';
import { LightMap, LightPair, LightScalar, LightSeq } from './lightNodes';

export interface FastParse {
  /** Light nodes (lightNodes.ts) typed as yaml's: they hold every field the services read. */
  contents: YAMLMap | YAMLSeq | null;
  value: unknown;
  /** Key nodes that repeat an earlier key of the same mapping. */
  duplicates: YamlScalar[];
}

interface Line {
  start: number;
  /** Column where this line's content starts (for a `- key:` item, the key's column). */
  indent: number;
  /** Offset just past the last character (before `\r\n`/`\n`). */
  end: number;
}

class Unsupported extends Error {}

const MAX_DEPTH = 100;
const FLOW_OR_SPECIAL = new Set(['[', ']', '{', '}', ',', '#', '&', '*', '!', '|', '>', '%', '@', '`']);

export function parseBlockYaml(text: string): FastParse | undefined {
  try {
    return new BlockParser(text).parse();
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}

class BlockParser {
  private readonly lines: Line[] = [];
  private readonly duplicates: LightScalar[] = [];
  private i = 0;

  constructor(private readonly text: string) {
    let start = 0;
    while (start <= text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      let col = start;
      while (col < lineEnd && text.charCodeAt(col) === 32) col++;
      const ch = text[col];
      if (ch === '\t') throw new Unsupported();
      if (col < lineEnd && ch !== '#') {
        if (col === start && (ch === '%' || text.startsWith('---', col) || text.startsWith('...', col))) throw new Unsupported();
        this.lines.push({ start, indent: col - start, end: lineEnd });
      }
      start = end + 1;
    }
  }

  parse(): FastParse {
    const first = this.lines[0];
    if (!first) return { contents: null, value: null, duplicates: [] };
    if (first.indent !== 0) throw new Unsupported();
    const node = this.block(0, 0);
    if (this.i < this.lines.length) throw new Unsupported();
    return { contents: node.contents as unknown as YAMLMap | YAMLSeq, value: node.value, duplicates: this.duplicates as unknown as YamlScalar[] };
  }

  private block(indent: number, depth: number): { contents: LightMap | LightSeq; value: unknown } {
    if (depth > MAX_DEPTH) throw new Unsupported();
    const line = this.lines[this.i]!;
    return this.isSeqItem(line) ? this.seq(indent, depth) : this.map(indent, depth);
  }

  private isSeqItem(line: Line): boolean {
    const at = line.start + line.indent;
    if (this.text[at] !== '-') return false;
    const next = this.text[at + 1];
    return at + 1 >= line.end || next === ' ';
  }

  /** A line holding neither a list item nor a key: a plain or quoted scalar. */
  private isScalarLine(line: Line): boolean {
    return !this.isSeqItem(line) && !this.key(line.start + line.indent, line.end);
  }

  private map(indent: number, depth: number): { contents: LightMap; value: Record<string, unknown> } {
    const items: LightPair[] = [];
    const value: Record<string, unknown> = {};
    let from = -1;
    let to = -1;
    while (this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      if (line.indent < indent) break;
      if (line.indent > indent || this.isSeqItem(line)) throw new Unsupported();
      const keyStart = line.start + line.indent;
      const key = this.key(keyStart, line.end);
      if (!key) throw new Unsupported();
      if (from < 0) from = keyStart;
      this.i++;
      let valueNode: LightScalar | LightMap | LightSeq;
      let js: unknown;
      const rest = skipSpaces(this.text, key.colonEnd, line.end);
      if (rest >= line.end || this.text[rest] === '#') {
        const next = this.lines[this.i];
        if (next && next.indent > indent && this.isScalarLine(next)) {
          // `key:` with its value on the next line, as ruamel writes values too long for one line.
          this.i++;
          ({ node: valueNode, value: js } = this.continued(this.scalar(next.start + next.indent, next.end), next, indent));
        } else if (next && next.indent > indent) ({ contents: valueNode, value: js } = this.block(next.indent, depth + 1));
        else if (next && next.indent === indent && this.isSeqItem(next)) ({ contents: valueNode, value: js } = this.seq(indent, depth + 1));
        else {
          valueNode = emptyScalar(key.colonEnd);
          js = null;
        }
      } else {
        ({ node: valueNode, value: js } = this.continued(this.scalar(rest, line.end), line, indent));
      }
      items.push(new LightPair(key.node, valueNode));
      // A repeated key keeps its last value, as eemeli/yaml's toJS does; the caller reports it.
      if (key.text === '__proto__') throw new Unsupported();
      if (Object.hasOwn(value, key.text)) this.duplicates.push(key.node);
      value[key.text] = js;
      to = valueNode.range[1];
    }
    return { contents: new LightMap(items, [from, to, to]), value };
  }

  private seq(indent: number, depth: number): { contents: LightSeq; value: unknown[] } {
    const items: (LightScalar | LightMap | LightSeq)[] = [];
    const value: unknown[] = [];
    let from = -1;
    let to = -1;
    while (this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      if (line.indent < indent || (line.indent === indent && !this.isSeqItem(line))) break;
      if (line.indent > indent) throw new Unsupported();
      const dash = line.start + line.indent;
      if (from < 0) from = dash;
      const itemStart = skipSpaces(this.text, dash + 1, line.end);
      let node: LightScalar | LightMap | LightSeq;
      let js: unknown;
      if (itemStart >= line.end || this.text[itemStart] === '#') {
        this.i++;
        const next = this.lines[this.i];
        if (next && next.indent > indent) ({ contents: node, value: js } = this.block(next.indent, depth + 1));
        else {
          node = emptyScalar(dash + 1);
          js = null;
        }
      } else if (this.text[itemStart] === '-' && (itemStart + 1 >= line.end || this.text[itemStart + 1] === ' ')) {
        throw new Unsupported();
      } else if (this.key(itemStart, line.end)) {
        // `- key: value` opens a mapping whose keys sit at the column of the first key.
        this.lines[this.i] = { start: line.start, indent: itemStart - line.start, end: line.end };
        ({ contents: node, value: js } = this.map(itemStart - line.start, depth + 1));
      } else {
        this.i++;
        ({ node, value: js } = this.continued(this.scalar(itemStart, line.end), line, indent));
      }
      items.push(node);
      value.push(js);
      to = node.range[1];
    }
    return { contents: new LightSeq(items, [from, to, to]), value };
  }

  /**
   * A plain scalar may continue on following lines indented deeper than its parent (long `cmd:` lines); YAML
   * folds them with single spaces. Blank or comment lines inside, and quoted scalars, are left to eemeli/yaml.
   */
  private continued(first: { node: LightScalar; value: unknown }, line: Line, parentIndent: number): { node: LightScalar; value: unknown } {
    let next = this.lines[this.i];
    if (!next || next.indent <= parentIndent) return first;
    if (first.node.type !== undefined || first.node.range[1] !== trimmedEnd(this.text, line)) throw new Unsupported();
    let folded = first.node.source as string;
    let previous = line;
    while (next && next.indent > parentIndent) {
      const gap = this.text.slice(previous.end, next.start);
      if (gap !== '\n' && gap !== '\r\n') throw new Unsupported();
      const from = next.start + next.indent;
      const to = trimmedEnd(this.text, next);
      const part = this.text.slice(from, to);
      if (/(^|\s)#|:(\s|$)/.test(part)) throw new Unsupported();
      folded += ` ${part}`;
      previous = next;
      this.i++;
      next = this.lines[this.i];
    }
    const value = resolvePlain(folded);
    const node = new LightScalar(value, [first.node.range[0], trimmedEnd(this.text, previous), trimmedEnd(this.text, previous)]);
    node.source = folded;
    return { node, value };
  }

  /** An implicit key at `pos`: `key:` then a space or the end of the line. Undefined when the line is no key. */
  private key(pos: number, end: number): { node: LightScalar; text: string; colonEnd: number } | undefined {
    const ch = this.text[pos]!;
    if (ch === '"' || ch === "'") {
      const quoted = this.quoted(pos, end);
      if (this.text[quoted.end] !== ':') return undefined;
      const after = quoted.end + 1;
      if (after < end && this.text[after] !== ' ') throw new Unsupported();
      return { node: quoted.node, text: String(quoted.node.value), colonEnd: after };
    }
    if (FLOW_OR_SPECIAL.has(ch) || ch === '?' || ch === ':') return undefined;
    let colon = -1;
    for (let p = pos; p < end; p++) {
      const c = this.text.charCodeAt(p);
      if (c === 58 /* : */ && (p + 1 >= end || this.text.charCodeAt(p + 1) === 32)) {
        colon = p;
        break;
      }
      if (c === 35 /* # */ && p > pos && this.text.charCodeAt(p - 1) === 32) return undefined;
    }
    if (colon < 0) return undefined;
    let keyEnd = colon;
    while (keyEnd > pos && this.text.charCodeAt(keyEnd - 1) === 32) keyEnd--;
    const source = internedKey(this.text.slice(pos, keyEnd));
    const resolved = resolvePlain(source);
    if (typeof resolved !== 'string') throw new Unsupported();
    const node = new LightScalar(resolved, [pos, keyEnd, keyEnd]);
    node.source = source;
    return { node, text: resolved, colonEnd: colon + 1 };
  }

  private scalar(pos: number, end: number): { node: LightScalar; value: unknown } {
    const ch = this.text[pos]!;
    if (ch === '"' || ch === "'") {
      const quoted = this.quoted(pos, end);
      const rest = skipSpaces(this.text, quoted.end, end);
      if (rest < end && this.text[rest] !== '#') throw new Unsupported();
      if (rest < end && rest === quoted.end) throw new Unsupported();
      return { node: quoted.node, value: quoted.node.value };
    }
    if (FLOW_OR_SPECIAL.has(ch) || ((ch === '-' || ch === '?' || ch === ':') && (pos + 1 >= end || this.text[pos + 1] === ' '))) {
      throw new Unsupported();
    }
    let stop = end;
    for (let p = pos + 1; p < end; p++) {
      const c = this.text.charCodeAt(p);
      if (c === 35 /* # */ && this.text.charCodeAt(p - 1) === 32) {
        stop = p;
        break;
      }
      if (c === 58 /* : */ && (p + 1 >= end || this.text.charCodeAt(p + 1) === 32)) throw new Unsupported();
    }
    while (stop > pos && this.text.charCodeAt(stop - 1) === 32) stop--;
    const source = this.text.slice(pos, stop);
    const value = resolvePlain(source);
    const node = new LightScalar(value, [pos, stop, stop]);
    node.source = source;
    return { node, value };
  }

  private quoted(pos: number, end: number): { node: LightScalar; end: number } {
    const quote = this.text[pos];
    let out = '';
    let p = pos + 1;
    for (;;) {
      if (p >= end) throw new Unsupported();
      const c = this.text[p]!;
      if (c === quote) {
        if (quote === "'" && this.text[p + 1] === "'") {
          out += "'";
          p += 2;
          continue;
        }
        break;
      }
      if (quote === '"' && c === '\\') {
        const escaped = ESCAPES[this.text[p + 1] ?? ''];
        if (escaped === undefined) throw new Unsupported();
        out += escaped;
        p += 2;
        continue;
      }
      out += c;
      p++;
    }
    const node = new LightScalar(out, [pos, p + 1, p + 1]);
    node.type = quote === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE';
    return { node, end: p + 1 };
  }
}

const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', ' ': ' ' };

/**
 * Keys repeat (`outs`, `md5`, `path`… thousands of times in a lock file): one shared string per key makes storing
 * it as a property a cached lookup instead of a string-table search on every fresh slice.
 */
const keys = new Map<string, string>();

function internedKey(key: string): string {
  const known = keys.get(key);
  if (known !== undefined) return known;
  if (keys.size < 10_000) keys.set(key, key);
  return key;
}

function trimmedEnd(text: string, line: Line): number {
  let end = line.end;
  while (end > line.start && text.charCodeAt(end - 1) === 32) end--;
  return end;
}

function skipSpaces(text: string, pos: number, end: number): number {
  while (pos < end && text.charCodeAt(pos) === 32) pos++;
  return pos;
}

function emptyScalar(at: number): LightScalar {
  const node = new LightScalar(null, [at, at, at]);
  return node;
}

// YAML 1.2 core schema resolution of plain scalars (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

function resolvePlain(source: string): unknown {
  switch (source) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  const first = source.charCodeAt(0);
  const numeric = (first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46;
  if (!numeric) return source;
  if (INT.test(source)) {
    const value = Number(source);
    if (!Number.isSafeInteger(value)) throw new Unsupported();
    return value;
  }
  if (FLOAT.test(source)) return Number(source);
  // Hex, octal, infinities and NaN are numbers in YAML 1.2 that the full parser handles; `0xWxU.jpg` is a string.
  if (/^0x[0-9a-fA-F]+$/.test(source) || /^0o[0-7]+$/.test(source) || /^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$/.test(source)) throw new Unsupported();
  return source;
}
