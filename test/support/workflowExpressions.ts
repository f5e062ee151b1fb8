// GitHub Actions expressions, the part workflows written by `mlops ci init` use ("Evaluate expressions in workflows
// and actions"): property paths into contexts, 'string' literals, == and != (strings compared case-insensitively),
// ! , && and || returning an operand (so `a || 'default'` works), parentheses, and the status functions
// always(), success(), failure(). A missing property is null, which == '' is false and which || skips.
export interface ExpressionContext {
  github: Record<string, unknown>;
  inputs: Record<string, string>;
  secrets: Record<string, string>;
  env: Record<string, string>;
  needs: Record<string, { result: string; outputs: Record<string, string> }>;
  steps: Record<string, { outputs: Record<string, string> }>;
  /** A step of this job failed: success() is false, failure() true. */
  jobFailed: boolean;
}

type Value = string | number | boolean | null | Record<string, unknown>;

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|'((?:[^']|'')*)'|(==|!=|&&|\|\||!|\(|\))|([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\])*)|(\S))/y;

export function evaluateExpression(text: string, context: ExpressionContext): Value {
  const source = text.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const tokens: string[][] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const match = TOKEN.exec(source);
    if (!match || (match[0].trim() === '' && TOKEN.lastIndex >= source.length)) break;
    if (match[5]) throw new Error(`unsupported character '${match[5]}' in expression: ${text}`);
    tokens.push(match.slice(1, 5) as string[]);
  }
  let at = 0;
  const peek = () => tokens[at]?.[2];
  const or = (): Value => {
    let left = and();
    while (peek() === '||') {
      at++;
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };
  const and = (): Value => {
    let left = equality();
    while (peek() === '&&') {
      at++;
      const right = equality();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const equality = (): Value => {
    let left = unary();
    while (peek() === '==' || peek() === '!=') {
      const op = tokens[at++]![2];
      const same = equal(left, unary());
      left = op === '==' ? same : !same;
    }
    return left;
  };
  const unary = (): Value => {
    if (peek() === '!') {
      at++;
      return !truthy(unary());
    }
    return primary();
  };
  const primary = (): Value => {
    const token = tokens[at++];
    if (!token) throw new Error(`expression ends early: ${text}`);
    const [number, string, op, path] = token;
    if (number !== undefined) return Number(number);
    if (string !== undefined) return string.replace(/''/g, "'");
    if (op === '(') {
      const value = or();
      if (tokens[at++]?.[2] !== ')') throw new Error(`missing ')' in expression: ${text}`);
      return value;
    }
    if (path === undefined) throw new Error(`unexpected '${op}' in expression: ${text}`);
    if (tokens[at]?.[2] === '(') {
      if (tokens[at + 1]?.[2] !== ')') throw new Error(`only argument-less status functions are supported: ${text}`);
      at += 2;
      return statusFunction(path, context, text);
    }
    return lookup(path, context);
  };
  const value = or();
  if (at !== tokens.length) throw new Error(`unexpected text after position ${at} in expression: ${text}`);
  return value;
}

/** Replaces each `${{ … }}` in a string with its value as text. */
export function interpolate(text: string, context: ExpressionContext): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expression: string) => {
    const value = evaluateExpression(expression, context);
    return value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}

function statusFunction(name: string, context: ExpressionContext, text: string): boolean {
  if (name === 'always') return true;
  if (name === 'success') return !context.jobFailed;
  if (name === 'failure') return context.jobFailed;
  throw new Error(`unsupported function ${name}() in expression: ${text}`);
}

function lookup(path: string, context: ExpressionContext): Value {
  if (path === 'true' || path === 'false') return path === 'true';
  if (path === 'null') return null;
  const [root, ...rest] = path.split('.');
  let value: unknown = (context as unknown as Record<string, unknown>)[root!];
  if (value === undefined || root === 'jobFailed') throw new Error(`unknown context '${root}' in expression: ${path}`);
  for (const key of rest) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value === undefined ? null : (value as Value);
}

function equal(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return a === b;
}

function truthy(value: Value): boolean {
  return value !== '' && value !== false && value !== null && value !== 0;
}
