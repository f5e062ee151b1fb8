// What the runs table shows and how it is split between the store and core: the MLflow filter, the per-column quick
// filters and the sort become one search the store runs (SQL for mlflow.db, the server for REST) whenever MLflow's
// grammar can say them; what it cannot — a metric's min, max or value at a step, a duration — is done here over the
// store's answer.
import { searchFilterError } from '../tracking/search/filter';
import { type ColumnSpec, findColumn, searchIdentifier } from './columns';

/** Which value of a metric's history a metric column shows (mlflow #6348, #4267). */
export type MetricMode = { kind: 'latest' } | { kind: 'min' } | { kind: 'max' } | { kind: 'step'; step: number };

export interface TableSort {
  column: string;
  descending: boolean;
}

export interface TableQuery {
  /** MLflow search filter, e.g. `metrics.acc > 0.9 and params.model = 'cnn'`. */
  filter: string;
  /** Quick filters by column id: text to find, or a comparison (`> 0.9`) on number and time columns. */
  columnFilters: Record<string, string>;
  sort?: TableSort;
  /** By metric key; absent means latest. */
  metricModes: Record<string, MetricMode>;
  /** Hide params whose value is the same in every shown run. */
  onlyDifferences: boolean;
  /** A param key: rows grouped by its value. */
  groupBy?: string;
  /** When set, only these runs (a brush in parallel coordinates). */
  onlyRunIds?: string[];
}

export const EMPTY_QUERY: TableQuery = { filter: '', columnFilters: {}, metricModes: {}, onlyDifferences: false };

/** A comparison applied here, to the value a column shows. */
export interface CorePredicate {
  column: ColumnSpec;
  comparator: Comparator;
  operand: number;
}

export type Comparator = '>' | '>=' | '<' | '<=' | '=' | '!=';

export interface QueryPlan {
  /** The store's part: MLflow's grammar. */
  storeFilter: string;
  storeOrder: string[];
  /** Done here, over the store's answer. */
  corePredicates: CorePredicate[];
  coreSort?: { column: ColumnSpec; descending: boolean };
}

export class QueryError extends Error {
  override name = 'QueryError';
  constructor(
    message: string,
    /** The column whose quick filter is wrong; absent for the main filter. */
    readonly column?: string,
  ) {
    super(message);
  }
}

export function metricModeOf(query: TableQuery, column: ColumnSpec): MetricMode {
  return column.group === 'metrics' ? (query.metricModes[column.key] ?? { kind: 'latest' }) : { kind: 'latest' };
}

/** Whether the store can search and order this column as shown: not for metric aggregates nor durations. */
function storeCanUse(query: TableQuery, column: ColumnSpec): boolean {
  return searchIdentifier(column) !== undefined && metricModeOf(query, column).kind === 'latest';
}

/** Splits a query between the store and core; throws QueryError naming the filter that MLflow would refuse. */
export function planQuery(query: TableQuery, columns: readonly ColumnSpec[]): QueryPlan {
  const filter = query.filter.trim();
  const filterError = filter ? searchFilterError(filter) : undefined;
  if (filterError) throw new QueryError(filterError);
  const clauses = filter ? [filter] : [];
  const corePredicates: CorePredicate[] = [];
  for (const [id, text] of Object.entries(query.columnFilters)) {
    if (!text.trim()) continue;
    const column = findColumn(columns, id);
    if (!column) continue;
    const quick = quickFilter(column, text.trim(), storeCanUse(query, column));
    if ('clause' in quick) clauses.push(quick.clause);
    else corePredicates.push(quick);
  }
  const storeFilter = clauses.join(' and ');
  const checked = storeFilter ? searchFilterError(storeFilter) : undefined;
  if (checked) throw new QueryError(checked);
  const sortColumn = query.sort ? findColumn(columns, query.sort.column) : undefined;
  if (!sortColumn || !query.sort) return { storeFilter, storeOrder: [], corePredicates };
  if (storeCanUse(query, sortColumn)) {
    return { storeFilter, storeOrder: [`${searchIdentifier(sortColumn)} ${query.sort.descending ? 'DESC' : 'ASC'}`], corePredicates };
  }
  return { storeFilter, storeOrder: [], corePredicates, coreSort: { column: sortColumn, descending: query.sort.descending } };
}

const COMPARISON = /^(>=|<=|!=|>|<|=)?\s*(-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)$/;
/** A date, optionally with a time, in the local time zone of whoever types it: 2026-01-31, 2026-01-31 18:05. */
const DATE = /^(>=|<=|!=|>|<|=)?\s*(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$/;

/** A time column's comparison with a date turned into MLflow's epoch milliseconds; other text is left as it is. */
function datesAsMilliseconds(text: string): string {
  const date = DATE.exec(text);
  if (!date) return text;
  const [, comparator = '', year, month, day, hours = '0', minutes = '0'] = date;
  return `${comparator} ${new Date(Number(year), Number(month) - 1, Number(day), Number(hours), Number(minutes)).getTime()}`;
}

/**
 * A quick filter as an MLflow clause when the store can run it, else as a comparison done here. Number, time and
 * duration columns take `> 0.9`, `<= 3` or a bare number (equality); durations are in seconds, times a date
 * (`> 2026-01-31`, local time) or epoch milliseconds. Text columns find
 * the text anywhere, ignoring case (MLflow's ILIKE).
 */
function quickFilter(column: ColumnSpec, text: string, pushable: boolean): { clause: string } | CorePredicate {
  const identifier = searchIdentifier(column);
  if (column.kind === 'number' || column.kind === 'time' || column.kind === 'duration') {
    const match = COMPARISON.exec(column.kind === 'time' ? datesAsMilliseconds(text) : text);
    if (!match) {
      const example = column.kind === 'time' ? '> 2026-01-31, <= 2026-01-31 18:00' : '> 0.9, <= 3, != 1';
      throw new QueryError(`'${text}' is not a comparison: write a number, or ${example} (${column.label})`, column.id);
    }
    const comparator = (match[1] ?? '=') as Comparator;
    const operand = Number(match[2]);
    if (pushable && identifier) return { clause: `${identifier} ${comparator} ${match[2]}` };
    return { column, comparator, operand: column.kind === 'duration' ? operand * 1000 : operand };
  }
  if (!identifier) throw new QueryError(`${column.label} cannot be filtered`, column.id);
  // MLflow's LIKE has no escape character: a typed % or _ is a wildcard there too. Its strings have no escapes
  // either, so the text is quoted with the quote it does not hold.
  const pattern = `%${text}%`;
  if (!pattern.includes("'")) return { clause: `${identifier} ILIKE '${pattern}'` };
  if (!pattern.includes('"')) return { clause: `${identifier} ILIKE "${pattern}"` };
  throw new QueryError(`${column.label}: a filter cannot hold both ' and " (MLflow strings have no escapes)`, column.id);
}

export function compareWith(comparator: Comparator, value: number, operand: number): boolean {
  switch (comparator) {
    case '>':
      return value > operand;
    case '>=':
      return value >= operand;
    case '<':
      return value < operand;
    case '<=':
      return value <= operand;
    case '=':
      return value === operand;
    case '!=':
      return value !== operand;
  }
}
