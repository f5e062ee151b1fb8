// A fast reader for the flat meta.yaml files MLflow writes (PyYAML safe_dump of one mapping: `key: value` lines with
// plain, single-quoted, integer, null or `[]` values). Parsing 10k of them with the full YAML parser costs more than
// reading the files, so the common shape is read here and anything else — indentation, comments, double quotes,
// block scalars, numbers with a fraction — returns undefined and goes to the `yaml` package, which has the last word.

const LINE = /^([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?$/;
const PLAIN = /^[^\s'"[\]{}&*!|>%@`#,?:-][^#]*$/;
// YAML 1.2 core schema numbers (the yaml package's default): these are not strings, so leave them to it.
const NUMBER_LIKE = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/;
const RESERVED_WORD = /^(?:null|Null|NULL|~|true|True|TRUE|false|False|FALSE|\.inf|\.nan|[+-]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

export function parseFlatYaml(text: string): Record<string, unknown> | undefined {
  const result: Record<string, unknown> = {};
  for (const rawLine of text.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line === '') continue;
    const match = LINE.exec(line);
    if (!match) return undefined;
    const key = match[1]!;
    if (key in result) return undefined;
    const value = scalar(match[2] ?? '');
    if (value === UNSURE) return undefined;
    result[key] = value;
  }
  return result;
}

const UNSURE = Symbol('unsure');

function scalar(text: string): unknown {
  if (text === '' || text === 'null' || text === '~') return null;
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === '[]') return [];
  if (text === '{}') return {};
  if (/^-?[1-9][0-9]{0,14}$|^0$/.test(text)) return Number(text);
  if (text.length >= 2 && text.startsWith("'") && text.endsWith("'")) {
    const inner = text.slice(1, -1);
    return /^(?:[^']|'')*$/.test(inner) ? inner.replace(/''/g, "'") : UNSURE;
  }
  if (RESERVED_WORD.test(text) || NUMBER_LIKE.test(text)) return UNSURE;
  if (!PLAIN.test(text) || text.includes(': ') || text.endsWith(':') || text.endsWith(' ')) return UNSURE;
  return text;
}
