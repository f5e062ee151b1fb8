// MLflow's trace search grammar (mlflow/utils/search_utils.py, SearchTraceUtils): AND-ed clauses
// `<entity>.<key> <comparator> <value>` over trace attributes, tags, metadata and spans, and order_by clauses over
// attributes, tags and metadata. `name` is the tag mlflow.traceName and `run_id` the metadata mlflow.sourceRun, as
// MLflow maps them; `timestamp` and `execution_time` are the _ms attributes. Every store applies the parsed clauses,
// so a filter means the same on mlruns/, mlflow.db and a server. Error wording follows MLflow's.
import type { Token } from '../../tracking/search/tokens';
import {
  type Comparison,
  parseComparisons,
  pySet,
  SearchSyntaxError,
  splitOrderBy,
  stripQuotes,
  trimBackticks,
} from '../../tracking/search/filter';
import { TRACE_KEYS } from '../trace';

export type TraceEntity = 'attribute' | 'tag' | 'metadata' | 'span';

export type NumericTraceAttribute = 'timestamp_ms' | 'execution_time_ms' | 'end_time_ms';
export type StringTraceAttribute = 'request_id' | 'status' | 'client_request_id';
export type TraceAttribute = NumericTraceAttribute | StringTraceAttribute | 'experiment_id';
export type SpanField = 'name' | 'type';

export type TraceComparator = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'LIKE' | 'ILIKE' | 'IN' | 'NOT IN';

export type TraceClause =
  | { entity: 'attribute'; key: NumericTraceAttribute; comparator: TraceComparator; value: number }
  | { entity: 'attribute'; key: StringTraceAttribute; comparator: TraceComparator; value: string | string[] }
  | { entity: 'tag' | 'metadata'; key: string; comparator: TraceComparator; value: string | string[] }
  | { entity: 'span'; key: SpanField; comparator: TraceComparator; value: string | string[] };

export interface TraceOrder {
  entity: 'attribute' | 'tag' | 'metadata';
  key: string;
  ascending: boolean;
}

const ENTITIES: Record<string, TraceEntity> = {
  attribute: 'attribute',
  attributes: 'attribute',
  trace: 'attribute',
  tag: 'tag',
  tags: 'tag',
  metadata: 'metadata',
  request_metadata: 'metadata',
  span: 'span',
};

const NUMERIC: Set<string> = new Set<NumericTraceAttribute>(['timestamp_ms', 'execution_time_ms', 'end_time_ms']);
const ATTRIBUTE_ALIASES: Record<string, TraceAttribute> = {
  timestamp: 'timestamp_ms',
  timestamp_ms: 'timestamp_ms',
  execution_time: 'execution_time_ms',
  execution_time_ms: 'execution_time_ms',
  end_time: 'end_time_ms',
  end_time_ms: 'end_time_ms',
  request_id: 'request_id',
  trace_id: 'request_id',
  status: 'status',
  client_request_id: 'client_request_id',
  experiment_id: 'experiment_id',
};
/** Attribute keys MLflow stores as a tag or as metadata. */
const MAPPED_KEYS: Record<string, { entity: 'tag' | 'metadata'; key: string }> = {
  name: { entity: 'tag', key: TRACE_KEYS.traceName },
  run_id: { entity: 'metadata', key: TRACE_KEYS.sourceRun },
};
const SEARCHABLE = new Set([...Object.keys(ATTRIBUTE_ALIASES), ...Object.keys(MAPPED_KEYS)].filter((k) => k !== 'experiment_id'));
const ORDERABLE = new Set([...Object.keys(ATTRIBUTE_ALIASES), ...Object.keys(MAPPED_KEYS)].filter((k) => !k.startsWith('end_time')));
const SPAN_FIELDS = new Set<SpanField>(['name', 'type']);

const NUMBER_COMPARATORS = new Set<TraceComparator>(['=', '!=', '>', '>=', '<', '<=']);
const STRING_ATTRIBUTE_COMPARATORS = new Set<TraceComparator>(['=', '!=', 'IN', 'NOT IN']);
const KEY_VALUE_COMPARATORS = new Set<TraceComparator>(['=', '!=', 'LIKE', 'ILIKE']);
const MAPPED_COMPARATORS = new Set<TraceComparator>(['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN']);
const SPAN_COMPARATORS: Record<SpanField, Set<TraceComparator>> = {
  name: new Set(['=', '!=', 'LIKE', 'ILIKE']),
  type: new Set(['=', '!=', 'IN', 'NOT IN']),
};

export function parseTraceFilter(filter: string | undefined): TraceClause[] {
  return parseComparisons(filter).map(toClause);
}

/** For input boxes: MLflow's message for a trace filter that would be refused, or undefined when it is valid. */
export function traceFilterError(filter: string): string | undefined {
  try {
    parseTraceFilter(filter);
    return undefined;
  } catch (error) {
    if (error instanceof SearchSyntaxError) return error.message;
    throw error;
  }
}

function toClause(comparison: Comparison): TraceClause {
  const { left, right } = comparison;
  const comparator = comparison.comparator as TraceComparator;
  if (left.kind !== 'identifier') {
    throw new SearchSyntaxError(`Invalid comparison clause. Expected 'Identifier' found '${left.text}'`);
  }
  if (right === null) throw new SearchSyntaxError('IS NULL / IS NOT NULL is not supported in trace search');
  const { entity, key } = identifier(left.text, SEARCHABLE);
  if (entity === 'span') {
    if (!SPAN_FIELDS.has(key as SpanField)) {
      throw new SearchSyntaxError(`Invalid span key '${key}' specified. Valid keys are '${pySet(SPAN_FIELDS)}'`);
    }
    checkComparator(comparator, SPAN_COMPARATORS[key as SpanField]);
    return { entity, key: key as SpanField, comparator, value: stringValue(right, 'span') };
  }
  if (entity === 'tag' || entity === 'metadata') {
    checkComparator(comparator, KEY_VALUE_COMPARATORS);
    return { entity, key, comparator, value: stringValue(right, entity) };
  }
  const mapped = MAPPED_KEYS[key];
  if (mapped) {
    checkComparator(comparator, MAPPED_COMPARATORS);
    return { ...mapped, comparator, value: stringValue(right, 'attribute') };
  }
  const attribute = ATTRIBUTE_ALIASES[key]!;
  if (NUMERIC.has(attribute)) {
    checkComparator(comparator, NUMBER_COMPARATORS);
    if (Array.isArray(right) || right.kind !== 'number') {
      const shown = Array.isArray(right) ? '(…)' : right.text;
      throw new SearchSyntaxError(`Expected numeric value type for numeric attribute: ${key}. Found ${shown}`);
    }
    return { entity, key: attribute as NumericTraceAttribute, comparator, value: Number(right.text) };
  }
  checkComparator(comparator, STRING_ATTRIBUTE_COMPARATORS);
  if (!Array.isArray(right) && right.kind === 'number') {
    throw new SearchSyntaxError(`Only the '${pySet(NUMERIC)}' attributes support comparison with numeric values.`);
  }
  return { entity, key: attribute as StringTraceAttribute, comparator, value: stringValue(right, 'attribute') };
}

function checkComparator(comparator: TraceComparator, valid: Set<TraceComparator>): void {
  if (!valid.has(comparator)) throw new SearchSyntaxError(`Invalid comparator '${comparator}' not one of '${pySet(valid)}'`);
}

function stringValue(token: Token | string[], entity: string): string | string[] {
  if (Array.isArray(token)) return token;
  if (token.kind === 'string' || token.kind === 'identifier') return stripQuotes(token.text, true);
  throw new SearchSyntaxError(`Expected a quoted string value for ${entity} (e.g. 'my-value'). Got value ${token.text}`);
}

/** SearchTraceUtils._get_identifier: `<entity>.<key>`, or a bare attribute name. */
function identifier(text: string, validAttributes: Set<string>): { entity: TraceEntity; key: string } {
  const dot = text.indexOf('.');
  const rawEntity = trimBackticks(dot < 0 ? 'attribute' : text.slice(0, dot));
  const entity = ENTITIES[rawEntity];
  if (!entity) {
    throw new SearchSyntaxError(`Invalid entity type '${rawEntity}'. Valid values are ${pySet(new Set(Object.keys(ENTITIES)))}`);
  }
  const key = trimBackticks(stripQuotes(dot < 0 ? text : text.slice(dot + 1), false));
  if (entity === 'attribute' && !validAttributes.has(key)) {
    throw new SearchSyntaxError(`Invalid attribute key '${key}' specified. Valid keys are '${pySet(validAttributes)}'`);
  }
  return { entity, key };
}

/** order_by clauses with MLflow's tie-breakers appended: timestamp_ms DESC, then request_id ASC. */
export function parseTraceOrderBy(orderBy: readonly string[] | undefined): TraceOrder[] {
  const orders = (orderBy ?? []).map(parseTraceOrder);
  const has = (key: string) => orders.some((o) => o.entity === 'attribute' && o.key === key);
  if (!has('timestamp_ms')) orders.push({ entity: 'attribute', key: 'timestamp_ms', ascending: false });
  if (!has('request_id')) orders.push({ entity: 'attribute', key: 'request_id', ascending: true });
  return orders;
}

function parseTraceOrder(clause: string): TraceOrder {
  const split = splitOrderBy(clause);
  const { entity, key } = identifier(split.identifier, ORDERABLE);
  if (entity === 'span') throw new SearchSyntaxError(`Invalid order_by entity \`span\` with key \`${key}\``);
  if (entity !== 'attribute') return { entity, key, ascending: split.ascending };
  const mapped = MAPPED_KEYS[key];
  return mapped ? { ...mapped, ascending: split.ascending } : { entity, key: ATTRIBUTE_ALIASES[key]!, ascending: split.ascending };
}

/** The clauses that look at spans (a store may need to read spans only for these). */
export function spanClauses(clauses: readonly TraceClause[]): Extract<TraceClause, { entity: 'span' }>[] {
  return clauses.filter((c): c is Extract<TraceClause, { entity: 'span' }> => c.entity === 'span');
}
