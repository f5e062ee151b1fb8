// Parsed trace search clauses as one SQLite query over MLflow's trace tables, with the in-memory evaluator's
// semantics (search/traceEvaluate.ts): tag and metadata clauses are EXISTS over trace_tags / trace_request_metadata
// (a trace without the key never matches), span clauses one EXISTS over `spans` that a single span must satisfy,
// and missing values order last in either direction.
import type { SqlValue } from '../../sqlite/driver';
import { likeToGlob } from '../../tracking/sqlite/searchSql';
import type { TraceClause, TraceOrder } from '../search/traceFilter';

/** What the database has, detected from its tables and columns (never from the alembic head). */
export interface TraceTables {
  traceInfoColumns: Set<string>;
  tags: boolean;
  metadata: boolean;
  spans: boolean;
  spanColumns: Set<string>;
  assessments: boolean;
}

export interface TraceQueryInput {
  /** The trace_info columns to select, qualified with `t.`. */
  columns: string;
  experimentIds: string[];
  clauses: readonly TraceClause[];
  orders: readonly TraceOrder[];
  limit: number;
  offset: number;
  tables: TraceTables;
}

interface Fragment {
  sql: string;
  params: SqlValue[];
}

/** A condition no row satisfies: the column or table it needs is not in this database. */
const NEVER: Fragment = { sql: '0', params: [] };

const ATTRIBUTE_COLUMNS: Record<string, string> = {
  request_id: 't.request_id',
  timestamp_ms: 't.timestamp_ms',
  execution_time_ms: 't.execution_time_ms',
  end_time_ms: '(t.timestamp_ms + t.execution_time_ms)',
  status: 't.status',
  client_request_id: 't.client_request_id',
  experiment_id: 't.experiment_id',
};

export function buildTraceQuery(input: TraceQueryInput): Fragment {
  const where: Fragment[] = [
    { sql: `t.experiment_id IN (${input.experimentIds.map(() => '?').join(', ')})`, params: input.experimentIds.map(Number) },
  ];
  for (const clause of input.clauses) if (clause.entity !== 'span') where.push(clauseCondition(clause, input.tables));
  const spanClauses = input.clauses.filter((c) => c.entity === 'span');
  if (spanClauses.length > 0) where.push(spanCondition(spanClauses, input.tables));
  const order = input.orders.map((o) => orderTerms(o, input.tables));
  const params = [...where.flatMap((f) => f.params), ...order.flatMap((f) => f.params)];
  // LIMIT and OFFSET are written as literals (they are checked integers): bound, they cost SQLite the top-N sort that
  // stops after the page, measured at twice the time on 100,000 traces.
  const sql =
    `SELECT ${input.columns} FROM trace_info t WHERE ${where.map((f) => f.sql).join(' AND ')} ` +
    `ORDER BY ${order.map((f) => f.sql).join(', ')} LIMIT ${integer(input.limit)} OFFSET ${integer(input.offset)}`;
  return { sql, params };
}

function integer(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a row count: ${value}`);
  return value;
}

function clauseCondition(clause: TraceClause, tables: TraceTables): Fragment {
  if (clause.entity === 'attribute') {
    const column = attributeColumn(clause.key, tables);
    return column ? comparison(column, clause.comparator, clause.value) : NEVER;
  }
  const table = clause.entity === 'tag' ? 'trace_tags' : 'trace_request_metadata';
  if (!(clause.entity === 'tag' ? tables.tags : tables.metadata)) return NEVER;
  const compared = comparison('k.value', clause.comparator, clause.value);
  return {
    sql: `EXISTS (SELECT 1 FROM ${table} k WHERE k.request_id = t.request_id AND k.key = ? AND ${compared.sql})`,
    params: [clause.key, ...compared.params],
  };
}

function spanCondition(clauses: readonly TraceClause[], tables: TraceTables): Fragment {
  if (!tables.spans) return NEVER;
  const conditions = clauses.map((c) => (tables.spanColumns.has(c.key) ? comparison(`s.${c.key}`, c.comparator, c.value) : NEVER));
  return {
    sql: `EXISTS (SELECT 1 FROM spans s WHERE s.trace_id = t.request_id AND ${conditions.map((f) => f.sql).join(' AND ')})`,
    params: conditions.flatMap((f) => f.params),
  };
}

function attributeColumn(key: string, tables: TraceTables): string | undefined {
  const column = ATTRIBUTE_COLUMNS[key];
  if (!column) return undefined;
  const named = /t\.(\w+)/g;
  for (const [, name] of column.matchAll(named)) if (!tables.traceInfoColumns.has(name!)) return undefined;
  return column;
}

/** = and != compare exactly; LIKE is case-sensitive (GLOB, since SQLite's LIKE ignores ASCII case), ILIKE is not. */
function comparison(column: string, comparator: TraceClause['comparator'], value: TraceClause['value']): Fragment {
  switch (comparator) {
    case 'LIKE':
      return { sql: `${column} GLOB ?`, params: [likeToGlob(String(value))] };
    case 'ILIKE':
      return { sql: `lower(${column}) LIKE lower(?)`, params: [String(value)] };
    case 'IN':
    case 'NOT IN': {
      const list = value as string[];
      return { sql: `${column} ${comparator} (${list.map(() => '?').join(', ')})`, params: list };
    }
    default:
      return { sql: `${column} ${comparator} ?`, params: [value as string | number] };
  }
}

function orderTerms(order: TraceOrder, tables: TraceTables): Fragment {
  const direction = order.ascending ? 'ASC' : 'DESC';
  let expression: Fragment;
  if (order.entity === 'attribute') {
    expression = { sql: attributeColumn(order.key, tables) ?? 'NULL', params: [] };
  } else {
    const table = order.entity === 'tag' ? 'trace_tags' : 'trace_request_metadata';
    const present = order.entity === 'tag' ? tables.tags : tables.metadata;
    expression = present
      ? { sql: `(SELECT k.value FROM ${table} k WHERE k.request_id = t.request_id AND k.key = ?)`, params: [order.key] }
      : { sql: 'NULL', params: [] };
  }
  // Columns that are never NULL need no IS NULL term; it would keep SQLite from walking the timestamp index.
  if (expression.sql === 't.timestamp_ms' || expression.sql === 't.request_id' || expression.sql === 't.experiment_id') {
    return { sql: `${expression.sql} ${direction}`, params: [] };
  }
  return { sql: `(${expression.sql}) IS NULL, ${expression.sql} ${direction}`, params: [...expression.params, ...expression.params] };
}
