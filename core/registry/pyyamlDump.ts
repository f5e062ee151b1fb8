// Writes meta.yaml byte for byte as MLflow does: MLflow's write_yaml calls PyYAML's
// `yaml.safe_dump(data, default_flow_style=False, allow_unicode=True)` (sort_keys on, width 80, indent 2). This
// re-implements the block-style parts of PyYAML's emitter that meta.yaml needs (mappings, sequences, scalars),
// following PyYAML's analyze_scalar / choose_scalar_style / write_plain / write_single_quoted /
// write_double_quoted rules (YAML 1.1 implicit types decide when a string needs quotes).

export type YamlScalar = string | number | boolean | null;
export type YamlValue = YamlScalar | YamlValue[] | { [key: string]: YamlValue };

const BEST_WIDTH = 80;
const BEST_INDENT = 2;
const BREAKS = '\n\x85\u2028\u2029';
const WHITESPACE = `\0 \t\r${BREAKS}`;

/** PyYAML's YAML 1.1 implicit resolvers: a plain string matching one would read back as another type. */
const IMPLICIT_TYPES: RegExp[] = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:<<)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
  /^(?:=)$/,
];

export function dumpMlflowYaml(data: Record<string, YamlValue>): string {
  const out = new Writer();
  if (Object.keys(data).length === 0) return '{}\n';
  writeMapping(out, data, 0);
  out.newline();
  return out.text;
}

/** Called with the cursor where the first key goes (a fresh line at `indent`, or just after "- "). */
function writeMapping(out: Writer, map: { [key: string]: YamlValue }, indent: number): void {
  sortedKeys(map).forEach((key, index) => {
    if (index > 0) {
      out.newline();
      out.write(' '.repeat(indent));
    }
    out.write(`${key}:`);
    const value = map[key]!;
    if (!isCollection(value) || isEmpty(value)) {
      writeLeaf(out, value, indent + BEST_INDENT);
      return;
    }
    out.newline();
    // PyYAML writes a sequence inside a mapping without extra indentation ("indentless"), a mapping indented.
    if (Array.isArray(value)) {
      out.write(' '.repeat(indent));
      writeSequence(out, value, indent);
    } else {
      out.write(' '.repeat(indent + BEST_INDENT));
      writeMapping(out, value, indent + BEST_INDENT);
    }
  });
}

function writeSequence(out: Writer, items: YamlValue[], indent: number): void {
  items.forEach((item, index) => {
    if (index > 0) {
      out.newline();
      out.write(' '.repeat(indent));
    }
    out.write('-');
    if (!isCollection(item) || isEmpty(item)) {
      writeLeaf(out, item, indent + BEST_INDENT);
      return;
    }
    out.write(' ');
    if (Array.isArray(item)) writeSequence(out, item, indent + BEST_INDENT);
    else writeMapping(out, item, indent + BEST_INDENT);
  });
}

function writeLeaf(out: Writer, value: YamlValue, indent: number): void {
  if (Array.isArray(value)) out.write(' []');
  else if (value !== null && typeof value === 'object') out.write(' {}');
  else writeScalar(out, value, indent);
}

function isCollection(value: YamlValue): value is YamlValue[] | { [key: string]: YamlValue } {
  return value !== null && typeof value === 'object';
}

function isEmpty(value: YamlValue[] | { [key: string]: YamlValue }): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

function sortedKeys(record: Record<string, unknown>): string[] {
  // Python sorts str keys by code point.
  return Object.keys(record).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

class Writer {
  text = '';
  column = 0;
  write(data: string): void {
    this.text += data;
    this.column += data.length;
  }
  newline(): void {
    this.text += '\n';
    this.column = 0;
  }
  /** PyYAML's write_indent: break the line unless already at the indent, then pad to it. */
  indent(indent: number): void {
    if (this.column >= indent) this.newline();
    this.write(' '.repeat(indent - this.column));
  }
}

function writeScalar(out: Writer, value: YamlScalar, indent: number): void {
  if (value === null || typeof value !== 'string') {
    out.write(` ${value === null ? 'null' : typeof value === 'boolean' ? (value ? 'true' : 'false') : pythonNumber(value)}`);
    return;
  }
  const style = chooseStyle(value);
  if (style === 'plain') writePlain(out, value, indent);
  else if (style === 'single') writeSingleQuoted(out, value, indent);
  else writeDoubleQuoted(out, value, indent);
}

function pythonNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  if (Number.isNaN(value)) return '.nan';
  if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
  return String(value);
}

interface Analysis {
  allowPlain: boolean;
  allowSingle: boolean;
}

function analyze(value: string): Analysis {
  const text = Array.from(value);
  if (value === '') return { allowPlain: true, allowSingle: true };
  let blockIndicators = value.startsWith('---') || value.startsWith('...');
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  let precededByWhitespace = true;
  let followedByWhitespace = text.length === 1 || WHITESPACE.includes(text[1]!);
  for (let index = 0; index < text.length; index++) {
    const ch = text[index]!;
    if (index === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true;
      if ('?:'.includes(ch) && followedByWhitespace) blockIndicators = true;
      if (ch === '-' && followedByWhitespace) blockIndicators = true;
    } else {
      if (ch === ':' && followedByWhitespace) blockIndicators = true;
      if (ch === '#' && precededByWhitespace) blockIndicators = true;
    }
    if (BREAKS.includes(ch)) lineBreaks = true;
    if (!(ch === '\n' || (ch >= ' ' && ch <= '~')) && !isPrintableUnicode(ch)) special = true;
    if (ch === ' ') {
      if (index === 0) leadingSpace = true;
      if (index === text.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (BREAKS.includes(ch)) {
      if (index === 0) leadingBreak = true;
      if (index === text.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = WHITESPACE.includes(ch);
    followedByWhitespace = index + 2 >= text.length || WHITESPACE.includes(text[index + 2]!);
  }
  let allowPlain = !(leadingSpace || leadingBreak || trailingSpace || trailingBreak);
  let allowSingle = true;
  if (breakSpace) allowPlain = allowSingle = false;
  if (spaceBreak || special) allowPlain = allowSingle = false;
  if (lineBreaks || blockIndicators) allowPlain = false;
  return { allowPlain, allowSingle };
}

function isPrintableUnicode(ch: string): boolean {
  const code = ch.codePointAt(0)!;
  if (code === 0xfeff) return false;
  return code === 0x85 || (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code < 0x10ffff);
}

function chooseStyle(text: string): 'plain' | 'single' | 'double' {
  const analysis = analyze(text);
  const implicitPlain = !IMPLICIT_TYPES.some((pattern) => pattern.test(text));
  if (implicitPlain && analysis.allowPlain) return 'plain';
  return analysis.allowSingle ? 'single' : 'double';
}

function writePlain(out: Writer, value: string, indent: number): void {
  const text = Array.from(value);
  out.write(' ');
  let start = 0;
  let spaces = false;
  for (let end = 0; end <= text.length; end++) {
    const ch = end < text.length ? text[end] : undefined;
    if (spaces) {
      if (ch !== ' ') {
        // A single space after a word that reached past the width becomes a line break.
        if (start + 1 === end && out.column > BEST_WIDTH) out.indent(indent);
        else out.write(text.slice(start, end).join(''));
        start = end;
      }
    } else if (ch === undefined || ch === ' ') {
      out.write(text.slice(start, end).join(''));
      start = end;
    }
    spaces = ch === ' ';
  }
}

function writeSingleQuoted(out: Writer, value: string, indent: number): void {
  const text = Array.from(value);
  out.write(" '");
  let start = 0;
  let spaces = false;
  let breaks = false;
  for (let end = 0; end <= text.length; end++) {
    const ch = end < text.length ? text[end] : undefined;
    if (spaces) {
      if (ch === undefined || ch !== ' ') {
        if (start + 1 === end && out.column > BEST_WIDTH && start !== 0 && end !== text.length) out.indent(indent);
        else out.write(text.slice(start, end).join(''));
        start = end;
      }
    } else if (breaks) {
      if (ch === undefined || !BREAKS.includes(ch)) {
        if (text[start] === '\n') out.newline();
        for (const br of text.slice(start, end)) {
          if (br === '\n') out.newline();
          else {
            out.text += br;
            out.column = 0;
          }
        }
        out.indent(indent);
        start = end;
      }
    } else if (ch === undefined || ` ${BREAKS}'`.includes(ch)) {
      if (start < end) {
        out.write(text.slice(start, end).join(''));
        start = end;
      }
    }
    if (ch === "'") {
      out.write("''");
      start = end + 1;
    }
    if (ch !== undefined) {
      spaces = ch === ' ';
      breaks = BREAKS.includes(ch);
    }
  }
  out.write("'");
}

const ESCAPES: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\b': 'b',
  '\t': 't',
  '\n': 'n',
  '\v': 'v',
  '\f': 'f',
  '\r': 'r',
  '\x1b': 'e',
  '"': '"',
  '\\': '\\',
  '\x85': 'N',
  '\xa0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

function writeDoubleQuoted(out: Writer, value: string, indent: number): void {
  const text = Array.from(value);
  out.write(' "');
  let start = 0;
  for (let end = 0; end <= text.length; end++) {
    const ch = end < text.length ? text[end] : undefined;
    const needsEscape = ch !== undefined && ('"\\\x85\u2028\u2029\ufeff'.includes(ch) || !(ch >= ' ' && ch <= '~') && !isPrintableUnicode(ch));
    if (ch === undefined || needsEscape) {
      if (start < end) {
        out.write(text.slice(start, end).join(''));
        start = end;
      }
      if (ch !== undefined) {
        const code = ch.codePointAt(0)!;
        const short = ESCAPES[ch];
        if (short) out.write(`\\${short}`);
        else if (code <= 0xff) out.write(`\\x${code.toString(16).toUpperCase().padStart(2, '0')}`);
        else out.write(`\\u${code.toString(16).toUpperCase().padStart(4, '0')}`);
        start = end + 1;
      }
    }
    // PyYAML folds long double-quoted lines at a space, escaping the break with a trailing backslash.
    if (end > 0 && end < text.length - 1 && (ch === ' ' || start >= end) && out.column + (end - start) > BEST_WIDTH) {
      out.write(`${text.slice(start, end).join('')}\\`);
      start = end;
      out.indent(indent);
      if (text[start] === ' ') out.write('\\');
    }
  }
  out.write('"');
}
