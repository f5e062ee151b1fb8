// A fast reader for the plain block YAML that DVC itself writes into `.dvc` and `dvc.lock` files (block mappings and
// lists, plain or single-quoted scalars, comments). Listing a path's versions parses one pointer per commit, and the
// full YAML parser costs ~100 µs each; this costs a few. Anything outside that subset returns undefined and the
// caller uses the full parser, so results never differ — a test checks both agree on every fixture.

/** `gap`: a blank or comment line came before this one (it would change how a multi-line scalar folds). */
type Line = { indent: number; text: string; gap: boolean };

class Unsupported extends Error {}

export function readPlainYaml(text: string): unknown {
  const lines: Line[] = [];
  let gap = false;
  // One scan by offsets: a slice per content line instead of split + trimStart + trimEnd.
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let to = end;
    while (to > start && (text.charCodeAt(to - 1) === 32 || text.charCodeAt(to - 1) === 13)) to--;
    let from = start;
    while (from < to && text.charCodeAt(from) === 32) from++;
    const first = text.charCodeAt(from);
    if (from === to || first === 35 /* # */) gap = true;
    else {
      // A tab, a document marker or a directive is outside the subset.
      if (first === 9 || first === 37 /* % */ || text.startsWith('---', from) || text.startsWith('...', from)) return undefined;
      const body = text.slice(from, to);
      if (body.includes('\t')) return undefined;
      lines.push({ indent: from - start, text: body, gap });
      gap = false;
    }
    start = end + 1;
  }
  if (lines.length === 0) return null;
  try {
    const reader = new BlockReader(lines);
    const value = reader.block(lines[0]!.indent);
    return reader.done() ? value : undefined;
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

class BlockReader {
  private at = 0;
  constructor(private readonly lines: Line[]) {}

  done(): boolean {
    return this.at === this.lines.length;
  }

  block(indent: number): unknown {
    const line = this.lines[this.at]!;
    return isItem(line.text) ? this.sequence(indent) : this.mapping(indent);
  }

  private sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    for (let line = this.lines[this.at]; line && line.indent === indent && isItem(line.text); line = this.lines[this.at]) {
      const rest = line.text === '-' ? '' : line.text.slice(2).trimStart();
      if (rest === '') {
        this.at++;
        items.push(this.nested(indent));
        continue;
      }
      // `- key: value` starts a mapping whose keys sit two columns further in.
      const inner = indent + (line.text.length - rest.length);
      if (splitKey(rest) || isItem(rest)) {
        this.lines[this.at] = { indent: inner, text: rest, gap: false };
        items.push(this.block(inner));
      } else {
        this.at++;
        items.push(scalar(this.continued(rest, indent)));
      }
    }
    return items;
  }

  private mapping(indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    for (let line = this.lines[this.at]; line && line.indent === indent && !isItem(line.text); line = this.lines[this.at]) {
      const pair = splitKey(line.text);
      if (!pair || pair[0] in map) throw new Unsupported();
      this.at++;
      const [key, rest] = pair;
      if (rest !== '') map[key] = scalar(this.continued(rest, indent));
      else {
        const next = this.lines[this.at];
        // A list may sit at the same indentation as its key (`outs:\n- md5: …`), as DVC writes it.
        map[key] = next && next.indent === indent && isItem(next.text) ? this.sequence(indent) : this.nested(indent);
      }
    }
    const next = this.lines[this.at];
    if (next && next.indent > indent) throw new Unsupported();
    return map;
  }

  /** A plain scalar goes on over more-indented lines, folded with single spaces (ruamel wraps long values so). */
  private continued(first: string, indent: number): string {
    let text = first;
    for (let line = this.lines[this.at]; line && line.indent > indent; line = this.lines[this.at]) {
      if (line.gap || first.startsWith("'") || line.text.includes(': ') || line.text.includes(' #') || line.text.endsWith(':')) throw new Unsupported();
      text += ` ${line.text}`;
      this.at++;
    }
    return text;
  }

  private nested(parentIndent: number): unknown {
    const next = this.lines[this.at];
    if (!next || next.indent <= parentIndent) return null;
    // `key:` with its value on the next line, as ruamel writes values too long for one line.
    if (!isItem(next.text) && !splitKey(next.text)) {
      this.at++;
      return scalar(this.continued(next.text, parentIndent));
    }
    return this.block(next.indent);
  }
}

function isItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

const SPECIAL_START = /^['"{}[\]&*!|>%@`,?#-]/;
/** Keys already checked: pointer files repeat the same few (`outs`, `md5`, `size`, `path`…) thousands of times. */
const plainKeys = new Set<string>();

function splitKey(text: string): [string, string] | undefined {
  const colon = text.indexOf(': ');
  const end = colon >= 0 ? colon : text.endsWith(':') ? text.length - 1 : -1;
  if (end <= 0) return undefined;
  const key = text.slice(0, end);
  if (!plainKeys.has(key)) {
    if (SPECIAL_START.test(key) || /['"{}[\]#]/.test(key) || key !== key.trim()) throw new Unsupported();
    if (plainKeys.size < 10_000) plainKeys.add(key);
  }
  return [key, text.slice(end + 1).trim()];
}

const WORDS = new Map<string, unknown>([
  ...['true', 'True', 'TRUE'].map((w): [string, unknown] => [w, true]),
  ...['false', 'False', 'FALSE'].map((w): [string, unknown] => [w, false]),
  ...['null', 'Null', 'NULL', '~'].map((w): [string, unknown] => [w, null]),
]);

function scalar(text: string): unknown {
  if (text.startsWith("'")) {
    if (text.length < 2 || !text.endsWith("'") || text.slice(1, -1).includes("'")) throw new Unsupported();
    return text.slice(1, -1);
  }
  if (/^["{}[\]&*!|>%@`]/.test(text) || text.includes(' #') || text.includes(': ') || text.endsWith(':')) throw new Unsupported();
  const word = WORDS.get(text);
  if (word !== undefined) return word;
  // Only text starting like a number can be one (md5s and paths, the bulk of DVC files, stop here).
  if (!/^[-+.\d]/.test(text)) return text;
  if (/^[-+]?\d+$/.test(text)) {
    const value = Number(text);
    if (!Number.isSafeInteger(value)) throw new Unsupported();
    return value;
  }
  if (/^[-+]?(\.\d+|\d+(\.\d*)?)([eE][-+]?\d+)?$/.test(text)) return Number(text);
  if (/^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$/.test(text) || /^0x[0-9a-fA-F]+$/.test(text) || /^0o[0-7]+$/.test(text)) throw new Unsupported();
  return text;
}
