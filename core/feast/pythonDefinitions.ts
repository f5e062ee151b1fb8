// Where a Feast object is defined in the repository's Python files, found without running Python: a small lexer
// (strings, comments, brackets) finds calls of Feast's constructors — `Entity(name="driver", …)`, also `feast.Entity(…)`
// and the older positional `Entity("driver", …)` — and the decorators `@on_demand_feature_view(…)` /
// `@stream_feature_view(…)` whose object is named by the function below them unless they pass name=.
// Commented-out definitions and names in strings elsewhere are not definitions.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type DefinitionKind =
  | 'entity' | 'feature_view' | 'on_demand_feature_view' | 'stream_feature_view' | 'request_feature_view' | 'feature_service' | 'data_source';

export interface FeastDefinition {
  kind: DefinitionKind;
  name: string;
  file: string;
  /** 0-based line and column of the constructor or decorator name. */
  line: number;
  column: number;
}

const CALLS: Record<string, DefinitionKind> = {
  Entity: 'entity',
  FeatureView: 'feature_view',
  BatchFeatureView: 'feature_view',
  StreamFeatureView: 'stream_feature_view',
  OnDemandFeatureView: 'on_demand_feature_view',
  RequestFeatureView: 'request_feature_view',
  FeatureService: 'feature_service',
  FileSource: 'data_source',
  PushSource: 'data_source',
  RequestSource: 'data_source',
  KafkaSource: 'data_source',
  KinesisSource: 'data_source',
  BigQuerySource: 'data_source',
  RedshiftSource: 'data_source',
  SnowflakeSource: 'data_source',
  SparkSource: 'data_source',
  TrinoSource: 'data_source',
  AthenaSource: 'data_source',
  PostgreSQLSource: 'data_source',
};
const DECORATORS: Record<string, DefinitionKind> = {
  on_demand_feature_view: 'on_demand_feature_view',
  stream_feature_view: 'stream_feature_view',
  batch_feature_view: 'feature_view',
};

interface Token {
  type: 'name' | 'string' | 'op';
  text: string;
  offset: number;
}

/** Python tokens enough for call structure: names, string literals (value only for plain ones), punctuation. */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const re = /#[^\n]*|([rRbBuUfF]{0,2})("""|'''|"|')|([A-Za-z_]\w*)|([()[\]{}=,@.:])|\s+|./gy;
  re.lastIndex = 0;
  while (re.lastIndex < source.length) {
    const m = re.exec(source);
    if (!m) break;
    if (m[2]) {
      const quote = m[2];
      const start = m.index;
      const bodyStart = re.lastIndex;
      let at = bodyStart;
      while (at < source.length && !source.startsWith(quote, at)) {
        if (source[at] === '\\') at++;
        else if (quote.length === 1 && source[at] === '\n') break;
        at++;
      }
      const raw = source.slice(bodyStart, at);
      re.lastIndex = Math.min(source.length, at + quote.length);
      tokens.push({ type: 'string', text: /[fF]/.test(m[1] ?? '') ? '' : raw, offset: start });
    } else if (m[3]) tokens.push({ type: 'name', text: m[3], offset: m.index });
    else if (m[4]) tokens.push({ type: 'op', text: m[4], offset: m.index });
  }
  return tokens;
}

/** The definitions in one Python source. */
export function findDefinitionsInSource(source: string, file: string): FeastDefinition[] {
  const tokens = tokenize(source);
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') lineStarts.push(i + 1);
  const position = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, column: offset - (lineStarts[lo] as number) };
  };
  const out: FeastDefinition[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.type !== 'name' || tokens[i + 1]?.text !== '(') continue;
    const decorated = tokens[i - 1]?.text === '@' || (tokens[i - 1]?.text === '.' && isDecoratorChain(tokens, i));
    const kind = decorated ? DECORATORS[token.text] : CALLS[token.text];
    if (!kind) continue;
    const { name, end } = callName(tokens, i + 1);
    const defined = name ?? (decorated ? functionNameAfter(tokens, end) : undefined);
    if (defined) out.push({ kind, name: defined, file, ...position(token.offset) });
  }
  return out;
}

function isDecoratorChain(tokens: Token[], i: number): boolean {
  let j = i - 1;
  while (tokens[j]?.text === '.' && tokens[j - 1]?.type === 'name') j -= 2;
  return tokens[j]?.text === '@';
}

/** name= (or a first positional string) of the call whose '(' is at `open`, and the index of its ')'. */
function callName(tokens: Token[], open: number): { name: string | undefined; end: number } {
  let depth = 0;
  let name: string | undefined;
  let argIndex = 0;
  for (let j = open; j < tokens.length; j++) {
    const t = tokens[j] as Token;
    if (t.type === 'op' && '([{'.includes(t.text)) depth++;
    else if (t.type === 'op' && ')]}'.includes(t.text)) {
      depth--;
      if (depth === 0) return { name, end: j };
    } else if (depth === 1 && t.text === ',') argIndex++;
    else if (depth === 1 && t.type === 'name' && t.text === 'name' && tokens[j + 1]?.text === '=' && tokens[j + 2]?.type === 'string') {
      name = (tokens[j + 2] as Token).text || name;
    } else if (depth === 1 && argIndex === 0 && t.type === 'string' && tokens[j - 1]?.text === '(' && name === undefined) {
      const next = tokens[j + 1]?.text;
      if (next === ',' || next === ')') name = t.text;
    }
  }
  return { name, end: tokens.length };
}

function functionNameAfter(tokens: Token[], end: number): string | undefined {
  for (let j = end + 1; j < tokens.length && j < end + 40; j++) {
    const t = tokens[j] as Token;
    if (t.type === 'name' && t.text === 'def') return tokens[j + 1]?.type === 'name' ? (tokens[j + 1] as Token).text : undefined;
    if (t.type === 'name' && t.text === 'class') return undefined;
  }
  return undefined;
}

const SKIPPED = new Set(['node_modules', '.git', '.venv', 'venv', 'env', '__pycache__', 'site-packages', 'build', 'dist']);

/** Every definition in the .py files under `repoDir` (Feast's apply reads the same files), in file order. */
export function findDefinitions(repoDir: string, maxFiles = 2000): FeastDefinition[] {
  const out: FeastDefinition[] = [];
  let files = 0;
  const walk = (dir: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (files >= maxFiles) return;
      const path = join(dir, entry.name);
      if (entry.isDirectory() && !SKIPPED.has(entry.name) && !entry.name.startsWith('.')) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.py')) {
        files++;
        let source: string;
        try {
          source = readFileSync(path, 'utf8');
        } catch {
          continue;
        }
        if (/\b(feast|Entity|FeatureView|FeatureService)\b/.test(source)) out.push(...findDefinitionsInSource(source, path));
      }
    }
  };
  walk(repoDir);
  return out;
}

/** The definition of one object; the kinds that share a namespace in Feast (views) match each other. */
export function findDefinition(repoDir: string, kind: DefinitionKind, name: string): FeastDefinition | undefined {
  const views: DefinitionKind[] = ['feature_view', 'on_demand_feature_view', 'stream_feature_view', 'request_feature_view'];
  const matches = (d: FeastDefinition) => d.name === name && (d.kind === kind || (views.includes(kind) && views.includes(d.kind)));
  return findDefinitions(repoDir).find(matches);
}
