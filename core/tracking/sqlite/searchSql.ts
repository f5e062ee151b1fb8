// MLflow's search grammar translated to SQL over its schema (the rules of SqlAlchemyStore._search_runs), so a
// filter over 100k runs runs inside SQLite. Each filter clause joins the one row its key can have (latest_metrics,
// params and tags are keyed by (key, run_uuid)), which lets SQLite start from the key's index; ordering keeps
// MLflow's rule: values, then NaN, then missing.
import type { FilterClause, OrderByClause } from '../search/filter';
import { translateKeyAlias } from '../search/filter';
import type { SqlValue } from '../../sqlite/driver';
import type { ViewType } from '../store';

export interface SqlFeatures {
  /** runs.name exists (MLflow >= 1.29); before that the name is only the mlflow.runName tag. */
  runNameColumn: boolean;
  /** inputs, datasets and input_tags exist (MLflow >= 2.4). */
  datasets: boolean;
}

export interface RunQuery {
  sql: string;
  params: SqlValue[];
}

export function runNameExpression(features: SqlFeatures): string {
  const tag = "(SELECT t.value FROM tags t WHERE t.run_uuid = r.run_uuid AND t.key = 'mlflow.runName')";
  return features.runNameColumn ? `COALESCE(NULLIF(r.name, ''), ${tag}, '')` : `COALESCE(${tag}, '')`;
}

export function buildRunQuery(options: {
  experimentIds: string[];
  viewType: ViewType | undefined;
  filter: FilterClause[];
  orderBy: OrderByClause[];
  /** -1 for every match. */
  limit: number;
  offset: number;
  features: SqlFeatures;
  /** The result columns; the run id alone by default. */
  select?: string;
}): RunQuery {
  const joins: string[] = [];
  const joinParams: SqlValue[] = [];
  const where: string[] = [];
  const whereParams: SqlValue[] = [];
  const ids = options.experimentIds.map(Number).filter(Number.isInteger);
  where.push(`r.experiment_id IN (${ids.map(() => '?').join(', ')})`);
  whereParams.push(...ids);
  const stages = viewStages(options.viewType);
  where.push(`r.lifecycle_stage IN (${stages.map(() => '?').join(', ')})`);
  whereParams.push(...stages);
  const add = (sql: ClauseSql) => {
    if (sql.join) {
      joins.push(sql.join);
      joinParams.push(...sql.joinParams);
    }
    if (sql.where) {
      where.push(sql.where);
      whereParams.push(...sql.params);
    }
  };
  options.filter.forEach((clause, index) => {
    add(clauseSql(clause, `f${index}`, options.features));
  });
  const order: string[] = [];
  options.orderBy.forEach((clause, index) => {
    const sql = orderSql(clause, `o${index}`, options.features);
    add({ join: sql.join, joinParams: sql.params, params: [] });
    order.push(...sql.order);
  });
  order.push('r.start_time DESC', 'r.run_uuid ASC');
  const sql =
    `SELECT ${options.select ?? 'r.run_uuid AS run_uuid'} FROM runs r ${joins.join(' ')} WHERE ${where.join(' AND ')} ` +
    `ORDER BY ${order.join(', ')} LIMIT ? OFFSET ?`;
  return { sql, params: [...joinParams, ...whereParams, options.limit, options.offset] };
}

export function viewStages(viewType: ViewType | undefined): string[] {
  if (viewType === 'all') return ['active', 'deleted'];
  return viewType === 'deleted' ? ['deleted'] : ['active'];
}

/** A join (with its parameters, bound before WHERE's) and/or a WHERE condition (with its parameters). */
interface ClauseSql {
  join?: string | undefined;
  joinParams: SqlValue[];
  where?: string;
  params: SqlValue[];
}

function clauseSql(clause: FilterClause, alias: string, features: SqlFeatures): ClauseSql {
  const { comparator, value } = clause;
  const key = translateKeyAlias(clause.key);
  switch (clause.type) {
    case 'metric': {
      // latest_metrics has one row per (key, run), so an inner join filters without duplicating runs. NaN is
      // stored as value 0 with is_nan = 1; as in Python, NaN only satisfies `!=`.
      const test =
        comparator === '!='
          ? `(${alias}.is_nan = 1 OR ${alias}.value != ?)`
          : `(${alias}.is_nan = 0 AND ${alias}.value ${comparator} ?)`;
      return { ...keyJoin('latest_metrics', alias, key), where: test, params: [Number(value)] };
    }
    case 'parameter':
    case 'tag': {
      const table = clause.type === 'tag' ? 'tags' : 'params';
      const exists = `EXISTS (SELECT 1 FROM ${table} ${alias} WHERE ${alias}.run_uuid = r.run_uuid AND ${alias}.key = ?)`;
      if (comparator === 'IS NULL') return { joinParams: [], where: `NOT ${exists}`, params: [key] };
      if (comparator === 'IS NOT NULL') return { joinParams: [], where: exists, params: [key] };
      const cmp = stringComparison(`${alias}.value`, comparator, value);
      return { ...keyJoin(table, alias, key), where: cmp.sql, params: cmp.params };
    }
    case 'attribute': {
      const column = attributeColumn(key, features);
      if (key === 'start_time' || key === 'end_time') {
        return {
          joinParams: [],
          where: `(${column} IS NOT NULL AND ${column} ${comparator} ?)`,
          params: [Math.trunc(Number(value))],
        };
      }
      const cmp = stringComparison(column, comparator, value);
      return { joinParams: [], where: `(${column} IS NOT NULL AND ${cmp.sql})`, params: cmp.params };
    }
    case 'dataset': {
      if (!features.datasets) return { joinParams: [], where: '0', params: [] };
      const base =
        `SELECT 1 FROM inputs ${alias}i JOIN datasets ${alias}d ON ${alias}d.dataset_uuid = ${alias}i.source_id ` +
        `WHERE ${alias}i.source_type = 'DATASET' AND ${alias}i.destination_type = 'RUN' AND ${alias}i.destination_id = r.run_uuid`;
      if (key === 'context') {
        const cmp = stringComparison(`${alias}t.value`, comparator, value);
        return {
          joinParams: [],
          where: `EXISTS (${base.replace(' WHERE ', ` JOIN input_tags ${alias}t ON ${alias}t.input_uuid = ${alias}i.input_uuid AND ${alias}t.name = 'mlflow.data.context' WHERE `)} AND ${cmp.sql})`,
          params: cmp.params,
        };
      }
      const cmp = stringComparison(`${alias}d.${key === 'name' ? 'name' : 'digest'}`, comparator, value);
      return { joinParams: [], where: `EXISTS (${base} AND ${cmp.sql})`, params: cmp.params };
    }
  }
}

function keyJoin(table: string, alias: string, key: string): Pick<ClauseSql, 'join' | 'joinParams'> {
  return { join: `JOIN ${table} ${alias} ON ${alias}.run_uuid = r.run_uuid AND ${alias}.key = ?`, joinParams: [key] };
}

function attributeColumn(key: string, features: SqlFeatures): string {
  switch (key) {
    case 'run_id':
      return 'r.run_uuid';
    case 'run_name':
      return runNameExpression(features);
    default:
      return `r.${key}`;
  }
}

/**
 * = and != compare exactly; LIKE is case-sensitive as in MLflow's evaluator, so it becomes GLOB (SQLite's LIKE
 * ignores ASCII case); ILIKE compares lower-cased text.
 */
function stringComparison(column: string, comparator: string, value: FilterClause['value']): { sql: string; params: SqlValue[] } {
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
      return { sql: `${column} ${comparator} ?`, params: [String(value)] };
  }
}

export function likeToGlob(pattern: string): string {
  let glob = '';
  for (const ch of pattern) {
    if (ch === '%') glob += '*';
    else if (ch === '_') glob += '?';
    else if (ch === '*' || ch === '?' || ch === '[') glob += `[${ch}]`;
    else glob += ch;
  }
  return glob;
}

function orderSql(clause: OrderByClause, alias: string, features: SqlFeatures): { join?: string; params: SqlValue[]; order: string[] } {
  const direction = clause.ascending ? 'ASC' : 'DESC';
  const key = translateKeyAlias(clause.key);
  if (clause.type === 'metric') {
    return {
      join: `LEFT JOIN latest_metrics ${alias} ON ${alias}.run_uuid = r.run_uuid AND ${alias}.key = ?`,
      params: [key],
      order: [`(${alias}.run_uuid IS NULL)`, `${alias}.is_nan`, `${alias}.value ${direction}`],
    };
  }
  if (clause.type === 'parameter' || clause.type === 'tag') {
    const table = clause.type === 'tag' ? 'tags' : 'params';
    return {
      join: `LEFT JOIN ${table} ${alias} ON ${alias}.run_uuid = r.run_uuid AND ${alias}.key = ?`,
      params: [key],
      order: [`(${alias}.value IS NULL)`, `${alias}.value ${direction}`],
    };
  }
  const column = attributeColumn(key, features);
  return { params: [], order: [`(${column} IS NULL)`, `${column} ${direction}`] };
}
