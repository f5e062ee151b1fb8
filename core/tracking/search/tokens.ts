// A tokenizer for MLflow's search filter strings. MLflow hands the string to sqlparse and then inspects the token
// groups (mlflow/utils/search_utils.py); this reproduces the token classes that decide its behaviour: identifiers
// (dotted, with `backtick` or "double-quoted" parts), 'single-quoted' strings, numbers, comparison operators,
// keywords and parenthesised lists.

export type TokenKind =
  | 'identifier'
  | 'string'
  | 'number'
  | 'operator'
  | 'keyword'
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'semicolon'
  | 'invalid';

export interface Token {
  kind: TokenKind;
  text: string;
}

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'IN', 'IS', 'NULL', 'LIKE', 'ILIKE', 'TRUE', 'FALSE', 'NAND']);
const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?(?![A-Za-z_])/;

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const rest = input.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const token = readToken(rest);
    tokens.push(token);
    i += token.text.length;
  }
  return tokens;
}

function readToken(rest: string): Token {
  const ch = rest[0]!;
  if (ch === '(') return { kind: 'lparen', text: ch };
  if (ch === ')') return { kind: 'rparen', text: ch };
  if (ch === ',') return { kind: 'comma', text: ch };
  if (ch === ';') return { kind: 'semicolon', text: ch };
  if (ch === "'") {
    const end = closingQuote(rest, "'");
    return end < 0 ? { kind: 'invalid', text: rest } : { kind: 'string', text: rest.slice(0, end + 1) };
  }
  const op = /^[<>=~!]+/.exec(rest);
  if (op) return { kind: 'operator', text: op[0] };
  const number = NUMBER.exec(rest);
  if (number) return { kind: 'number', text: number[0] };
  const identifier = readIdentifier(rest);
  if (identifier === undefined) return { kind: 'invalid', text: rest.split(/\s/)[0] || ch };
  if (!identifier.includes('.') && KEYWORDS.has(identifier.toUpperCase())) {
    const upper = identifier.toUpperCase();
    return { kind: upper === 'LIKE' || upper === 'ILIKE' ? 'operator' : 'keyword', text: identifier };
  }
  return { kind: 'identifier', text: identifier };
}

/** A dotted name whose parts are words, `backticked` or "double-quoted"; undefined when a quote never closes. */
function readIdentifier(rest: string): string | undefined {
  let i = 0;
  for (;;) {
    const part = readIdentifierPart(rest.slice(i));
    if (part === undefined) return undefined;
    i += part.length;
    if (rest[i] !== '.' || i + 1 >= rest.length) break;
    i += 1;
  }
  return rest.slice(0, i);
}

function readIdentifierPart(rest: string): string | undefined {
  const ch = rest[0];
  if (ch === '`' || ch === '"') {
    const end = closingQuote(rest, ch);
    return end < 0 ? undefined : rest.slice(0, end + 1);
  }
  const word = /^[A-Za-z0-9_$]+/.exec(rest);
  return word ? word[0] : undefined;
}

function closingQuote(text: string, quote: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

