// MLflow's run search grammar (mlflow/utils/search_utils.py, SearchUtils.parse_search_filter and
// parse_order_by_for_search_runs): clauses joined by AND only, `<entity>.<key> <comparator> <value>`. Error messages
// keep MLflow's wording so users can search for them.
import { type Token, tokenize } from './tokens';

export type EntityType = 'metric' | 'parameter' | 'tag' | 'attribute' | 'dataset';

export interface FilterClause {
  type: EntityType;
  key: string;
  /** Upper-case for word comparators (LIKE, ILIKE, IN, NOT IN, IS NULL, IS NOT NULL). */
  comparator: string;
  /** The number as written for metrics and numeric attributes, the unquoted string, a list for IN, null for IS NULL. */
  value: string | string[] | null;
}

export interface OrderByClause {
  type: EntityType;
  key: string;
  ascending: boolean;
}

/** INVALID_PARAMETER_VALUE in MLflow: the filter or order_by cannot be used. */
export class SearchSyntaxError extends Error {
  override name = 'SearchSyntaxError';
}

const IDENTIFIERS: EntityType[] = ['metric', 'parameter', 'tag', 'attribute', 'dataset'];
const ENTITY_ALIASES: Record<string, EntityType> = {
  metric: 'metric',
  metrics: 'metric',
  parameter: 'parameter',
  parameters: 'parameter',
  param: 'parameter',
  params: 'parameter',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  dataset: 'dataset',
  datasets: 'dataset',
};

// RunInfo.get_searchable_attributes() / get_orderable_attributes() plus SearchUtils' alternate spellings.
const RUN_ATTRIBUTES = ['run_id', 'run_name', 'user_id', 'status', 'start_time', 'end_time', 'artifact_uri'];
export const NUMERIC_ATTRIBUTES = new Set(['start_time', 'end_time', 'created', 'Created']);
const SEARCHABLE_ATTRIBUTES = new Set([...RUN_ATTRIBUTES, 'created', 'Created', 'run name', 'Run name', 'Run Name']);
const ORDERABLE_ATTRIBUTES = new Set([...RUN_ATTRIBUTES, 'created', 'Created']);
const DATASET_ATTRIBUTES = new Set(['name', 'digest', 'context']);

/** MLflow's SearchUtils.translate_key_alias: `created` is start_time, `run name` is run_name. */
export function translateKeyAlias(key: string): string {
  if (key === 'created' || key === 'Created') return 'start_time';
  if (key === 'run name' || key === 'Run name' || key === 'Run Name') return 'run_name';
  return key;
}

export function parseSearchFilter(filter: string | undefined): FilterClause[] {
  return parseComparisons(filter).map(toClause);
}

/**
 * The comparisons of an AND-ed filter, as sqlparse groups them, before any entity is checked; shared by the run
 * grammar here and the trace grammar (core/traces/search/traceFilter.ts).
 */
export function parseComparisons(filter: string | undefined): Comparison[] {
  if (!filter || filter.trim() === '') return [];
  const tokens = tokenize(filter);
  const semicolon = tokens.findIndex((t) => t.kind === 'semicolon');
  if (semicolon >= 0 && semicolon < tokens.length - 1) {
    throw new SearchSyntaxError(
      `Search filter contained multiple expression '${filter}'. Provide AND-ed expression list.`,
    );
  }
  const { comparisons, invalid } = groupComparisons(tokens);
  if (invalid.length > 0) {
    throw new SearchSyntaxError(
      `Invalid clause(s) in filter string: ${invalid.map((t) => `'${t}'`).join(', ')}`,
    );
  }
  return comparisons;
}

export interface Comparison {
  left: Token;
  comparator: string;
  right: Token | string[] | null;
}

/** Mirrors sqlparse's grouping: comparisons, IN/NOT IN lists and IS [NOT] NULL, separated by AND; the rest is invalid. */
function groupComparisons(tokens: Token[]): { comparisons: Comparison[]; invalid: string[] } {
  const comparisons: Comparison[] = [];
  const invalid: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i]!;
    if (token.kind === 'keyword' && token.text.toUpperCase() === 'AND') {
      i++;
      continue;
    }
    const matched = matchComparison(tokens, i);
    if (matched) {
      comparisons.push(matched.comparison);
      i = matched.next;
      continue;
    }
    invalid.push(token.text);
    i++;
  }
  return { comparisons, invalid };
}

const OPERAND_KINDS = new Set(['identifier', 'number', 'string']);

function matchComparison(tokens: Token[], i: number): { comparison: Comparison; next: number } | undefined {
  const [a, b, c, d] = [tokens[i], tokens[i + 1], tokens[i + 2], tokens[i + 3]];
  if (!a || !b || !c) return undefined;
  if (OPERAND_KINDS.has(a.kind) && b.kind === 'operator' && OPERAND_KINDS.has(c.kind)) {
    return { comparison: { left: a, comparator: b.text.toUpperCase(), right: c }, next: i + 3 };
  }
  if (a.kind !== 'identifier') return undefined;
  const word = (t: Token | undefined, w: string) => t?.kind === 'keyword' && t.text.toUpperCase() === w;
  if (word(b, 'IS') && word(c, 'NULL')) {
    return { comparison: { left: a, comparator: 'IS NULL', right: null }, next: i + 3 };
  }
  if (word(b, 'IS') && word(c, 'NOT') && word(d, 'NULL')) {
    return { comparison: { left: a, comparator: 'IS NOT NULL', right: null }, next: i + 4 };
  }
  if (word(b, 'IN')) {
    const list = readList(tokens, i + 2);
    return list && { comparison: { left: a, comparator: 'IN', right: list.values }, next: list.next };
  }
  if (word(b, 'NOT') && word(c, 'IN')) {
    const list = readList(tokens, i + 3);
    return list && { comparison: { left: a, comparator: 'NOT IN', right: list.values }, next: list.next };
  }
  return undefined;
}

/** A parenthesised list of quoted strings, as MLflow's _parse_run_ids accepts for `run_id IN (...)`. */
function readList(tokens: Token[], start: number): { values: string[]; next: number } | undefined {
  if (tokens[start]?.kind !== 'lparen') return undefined;
  const values: string[] = [];
  for (let i = start + 1; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'rparen') return { values, next: i + 1 };
    if (token.kind === 'comma') continue;
    const quoted = token.kind === 'string' || (token.kind === 'identifier' && isQuoted(token.text, '"'));
    if (!quoted) {
      throw new SearchSyntaxError(
        `While parsing a list in the query, expected string value, punctuation, or whitespace, but got different type in list: ${token.text}`,
      );
    }
    values.push(token.text.slice(1, -1));
  }
  return undefined;
}

function toClause(comparison: Comparison): FilterClause {
  const { left, comparator, right } = comparison;
  if (left.kind !== 'identifier') {
    throw new SearchSyntaxError(`Invalid comparison clause. Expected 'Identifier' found '${left.text}'`);
  }
  const { type, key } = parseIdentifier(left.text, SEARCHABLE_ATTRIBUTES);
  if (right === null) {
    if (type !== 'tag' && type !== 'parameter') {
      throw new SearchSyntaxError('IS NULL / IS NOT NULL is only supported for tags and params');
    }
    return { type, key, comparator, value: null };
  }
  return { type, key, comparator, value: valueFor(type, key, right) };
}

function valueFor(type: EntityType, key: string, token: Token | string[]): string | string[] {
  if (Array.isArray(token)) {
    if (type === 'attribute' && key !== 'run_id') {
      throw new SearchSyntaxError(
        "Only the 'run_id' attribute supports comparison with a list of quoted string values.",
      );
    }
    if (type === 'attribute' || type === 'dataset') return token;
    throw new SearchSyntaxError(`Expected a quoted string value for ${type} (e.g. 'my-value'). Got value (…)`);
  }
  const stringy = token.kind === 'string' || token.kind === 'identifier';
  switch (type) {
    case 'metric':
      if (token.kind !== 'number') {
        throw new SearchSyntaxError(`Expected numeric value type for metric. Found ${token.text}`);
      }
      return token.text;
    case 'parameter':
    case 'tag':
      if (stringy) return stripQuotes(token.text, true);
      throw new SearchSyntaxError(
        `Expected a quoted string value for ${type} (e.g. 'my-value'). Got value ${token.text}`,
      );
    case 'attribute':
      if (NUMERIC_ATTRIBUTES.has(key)) {
        if (token.kind !== 'number') {
          throw new SearchSyntaxError(
            `Expected numeric value type for numeric attribute: ${key}. Found ${token.text}`,
          );
        }
        return token.text;
      }
      if (stringy) return stripQuotes(token.text, true);
      throw new SearchSyntaxError(`Expected a quoted string value for attributes. Got value ${token.text}`);
    case 'dataset':
      if (stringy) return stripQuotes(token.text, true);
      throw new SearchSyntaxError(`Expected a quoted string value for dataset attributes. Got value ${token.text}`);
  }
}

/** SearchUtils._get_identifier: `<entity>.<key>`, or a bare attribute name. */
function parseIdentifier(text: string, validAttributes: Set<string>): { type: EntityType; key: string } {
  const dot = text.indexOf('.');
  const rawEntity = dot < 0 ? 'attribute' : text.slice(0, dot);
  const rawKey = dot < 0 ? text : text.slice(dot + 1);
  const entity = trimBackticks(rawEntity);
  const type = ENTITY_ALIASES[entity];
  if (!type) {
    throw new SearchSyntaxError(
      `Invalid entity type '${entity}'. Valid values are [${IDENTIFIERS.map((i) => `'${i}'`).join(', ')}]`,
    );
  }
  const key = trimBackticks(stripQuotes(rawKey, false));
  if (type === 'attribute' && !validAttributes.has(key)) {
    throw new SearchSyntaxError(`Invalid attribute key '${key}' specified. Valid keys are '${pySet(validAttributes)}'`);
  }
  if (type === 'dataset' && !DATASET_ATTRIBUTES.has(key)) {
    throw new SearchSyntaxError(`Invalid dataset key '${key}' specified. Valid keys are '${pySet(DATASET_ATTRIBUTES)}'`);
  }
  return { type, key };
}

export function pySet(values: Set<string>): string {
  return `{${[...values].map((v) => `'${v}'`).join(', ')}}`;
}

function isQuoted(value: string, quote: string): boolean {
  return value.length >= 2 && value.startsWith(quote) && value.endsWith(quote);
}

export function trimBackticks(value: string): string {
  return isQuoted(value, '`') ? value.slice(1, -1) : value;
}

export function stripQuotes(value: string, expectQuoted: boolean): string {
  if (isQuoted(value, "'") || isQuoted(value, '"')) return value.slice(1, -1);
  if (expectQuoted) {
    throw new SearchSyntaxError(
      `Parameter value is either not quoted or unidentified quote types used for string value ${value}. Use either single or double quotes.`,
    );
  }
  return value;
}

/**
 * One order_by clause: `<identifier> [ASC|DESC]`. As in MLflow, an identifier alone is used as written, while with
 * a direction the identifier is shell-unquoted (backticks count as quotes) before it is split.
 */
export function parseOrderBy(clause: string): OrderByClause {
  const { identifier, ascending } = splitOrderBy(clause);
  return { ...parseIdentifier(identifier, ORDERABLE_ATTRIBUTES), ascending };
}

/** An order_by clause's identifier (not yet checked against an entity) and direction. */
export function splitOrderBy(clause: string): { identifier: string; ascending: boolean } {
  const cannotParse = () => new SearchSyntaxError(`Invalid order_by clause '${clause}'. Could not be parsed.`);
  if (clause === '' || clause.trim() !== clause) throw cannotParse();
  const tokens = tokenize(clause);
  const [first, second] = tokens;
  if (first?.kind !== 'identifier' || tokens.length > 2) throw cannotParse();
  let identifier = first.text;
  let ascending = true;
  if (second) {
    if (second.kind !== 'identifier' && second.kind !== 'keyword') throw cannotParse();
    const direction = second.text.toLowerCase();
    if (direction !== 'asc' && direction !== 'desc') {
      throw new SearchSyntaxError(`Invalid ordering key in order_by clause '${clause}'.`);
    }
    ascending = direction === 'asc';
    identifier = identifier.replace(/[`"]/g, '');
  }
  return { identifier: identifier.trim(), ascending };
}

const COMPARATORS: Record<EntityType, (key: string) => Set<string>> = {
  metric: () => new Set(['>', '>=', '!=', '=', '<', '<=']),
  parameter: () => new Set(['!=', '=', 'LIKE', 'ILIKE', 'IS NULL', 'IS NOT NULL']),
  tag: () => new Set(['!=', '=', 'LIKE', 'ILIKE', 'IS NULL', 'IS NOT NULL']),
  attribute: (key) =>
    NUMERIC_ATTRIBUTES.has(key)
      ? new Set(['>', '>=', '!=', '=', '<', '<='])
      : new Set(['!=', '=', 'LIKE', 'ILIKE', 'IN', 'NOT IN']),
  dataset: () => new Set(['!=', '=', 'LIKE', 'ILIKE', 'IN', 'NOT IN']),
};

/** SearchUtils.is_metric/is_param/…: MLflow checks comparators when it applies a clause, not when it parses. */
export function checkComparator(clause: FilterClause): void {
  const valid = COMPARATORS[clause.type](clause.key);
  if (!valid.has(clause.comparator)) {
    const shown = [...valid].filter((c) => !c.startsWith('IS '));
    throw new SearchSyntaxError(`Invalid comparator '${clause.comparator}' not one of '${pySet(new Set(shown))}'`);
  }
}

/** Parses and checks a filter the way every store applies it. */
export function parseAndCheckFilter(filter: string | undefined): FilterClause[] {
  const clauses = parseSearchFilter(filter);
  for (const clause of clauses) checkComparator(clause);
  return clauses;
}

/** For input boxes: MLflow's message for a filter that would be refused, or undefined when it is valid. */
export function searchFilterError(filter: string): string | undefined {
  try {
    parseAndCheckFilter(filter);
    return undefined;
  } catch (error) {
    if (error instanceof SearchSyntaxError) return error.message;
    throw error;
  }
}
