// Column reads (../runColumns.ts) answered by SQL over MLflow's schema: a search's order and nesting in one query
// over `runs`, and one key's values as a range of the (key, run_uuid) primary keys of params, tags and latest_metrics
// — the indexes MLflow's schema already has, so nothing is written to the user's file.
import type { SqlDatabase, SqlValue } from '../../sqlite/driver';
import type { MetricSummary, RunAttribute, RunColumnReads, RunHeader, RunKeys } from '../runColumns';
import { parseAndCheckFilter, parseOrderBy } from '../search/filter';
import { PARENT_RUN_TAG, type Run, type ViewType } from '../store';
import { metricValue } from './metricRows';
import { buildRunQuery, runNameExpression, type SqlFeatures, viewStages } from './searchSql';

/** What the store lends its column reads: its connection, its workspace's experiments and its run reader. */
export interface SqliteAccess {
  connection(): { db: SqlDatabase; features: SqlFeatures };
  /** Experiment ids visible in this store's workspace (MLflow 3 workspaces). */
  experimentIds(): Set<string>;
  readRuns(runIds: string[]): Run[];
  /** Turns driver errors into StoreErrors naming the file. */
  guard<T>(read: () => T): T;
}

const ATTRIBUTE_COLUMNS: Record<RunAttribute, string> = {
  run_name: 'name',
  status: 'status',
  start_time: 'start_time',
  end_time: 'end_time',
  user_id: 'user_id',
};
const NUMERIC_COLUMNS = new Set(['start_time', 'end_time']);

/** Up to this many runs are named in an IN list; more read the key's whole index range and keep the wanted ones. */
const IN_LIST_LIMIT = 1000;

export function sqliteRunColumns(access: SqliteAccess): RunColumnReads {
  const { guard } = access;
  return {
    async headers(selection, limit) {
      const filter = parseAndCheckFilter(selection.filter);
      const orderBy = (selection.orderBy ?? []).map(parseOrderBy);
      return guard(() => {
        const { db, features } = access.connection();
        const inWorkspace = access.experimentIds();
        const query = buildRunQuery({
          experimentIds: selection.experimentIds.filter((id) => inWorkspace.has(id)),
          viewType: selection.viewType,
          filter,
          orderBy,
          limit: limit ?? -1,
          offset: 0,
          features,
        });
        // Few runs are children: their parents come from the tag's own index range, not one probe per run.
        const parents = new Map<string, string>();
        for (const row of db.prepare('SELECT run_uuid, value FROM tags WHERE key = ?').all(PARENT_RUN_TAG)) {
          if (row.value !== null && row.value !== undefined) parents.set(String(row.run_uuid), String(row.value));
        }
        return db
          .prepare(query.sql)
          .all(...query.params)
          .map((row): RunHeader => {
            const runId = String(row.run_uuid);
            const parentRunId = parents.get(runId);
            return parentRunId === undefined ? { runId } : { runId, parentRunId };
          });
      });
    },

    async runs(runIds) {
      return guard(() => {
        const runs: Run[] = [];
        for (let i = 0; i < runIds.length; i += IN_LIST_LIMIT) runs.push(...access.readRuns(runIds.slice(i, i + IN_LIST_LIMIT)));
        return runs;
      });
    },

    async keys(experimentIds, viewType) {
      return guard(() => {
        const { db } = access.connection();
        const inWorkspace = access.experimentIds();
        const ids = experimentIds.filter((id) => inWorkspace.has(id)).map(Number);
        const keysOf = (table: string) => distinctKeys(db, table, ids, viewType);
        const keys: RunKeys = { params: keysOf('params'), metrics: keysOf('latest_metrics'), tags: keysOf('tags') };
        return keys;
      });
    },

    async values(entity, key, runIds) {
      return guard(() => {
        const { db, features } = access.connection();
        const values = new Map<string, string | number>();
        if (entity === 'attribute') {
          const column = ATTRIBUTE_COLUMNS[key as RunAttribute];
          if (!column) return values;
          const sql = `SELECT r.run_uuid AS run_uuid, ${column === 'name' ? runNameExpression(features) : `r.${column}`} AS value FROM runs r WHERE 1`;
          for (const row of keyRows(db, sql, [], runIds, '', 'r.run_uuid')) {
            if (row.value === null || row.value === undefined) continue;
            values.set(String(row.run_uuid), NUMERIC_COLUMNS.has(column) ? Number(row.value) : String(row.value));
          }
          return values;
        }
        const table = entity === 'param' ? 'params' : entity === 'tag' ? 'tags' : 'latest_metrics';
        const columns = entity === 'metric' ? 'run_uuid, value, is_nan' : 'run_uuid, value';
        for (const row of keyRows(db, `SELECT ${columns} FROM ${table} WHERE key = ?`, [key], runIds)) {
          const value = entity === 'metric' ? metricValue(Number(row.value), Number(row.is_nan) === 1) : String(row.value ?? '');
          values.set(String(row.run_uuid), value);
        }
        return values;
      });
    },

    async metricSummaries(key, runIds, step) {
      return guard(() => {
        const { db } = access.connection();
        const summaries = new Map<string, MetricSummary>();
        const spread =
          'SELECT run_uuid, MIN(CASE WHEN is_nan = 0 THEN value END) AS lo, MAX(CASE WHEN is_nan = 0 THEN value END) AS hi FROM metrics WHERE key = ?';
        for (const row of keyRows(db, spread, [key], runIds, ' GROUP BY run_uuid')) {
          const bound = (value: SqlValue | undefined) => (value === null || value === undefined ? Number.NaN : metricValue(Number(value), false));
          summaries.set(String(row.run_uuid), { min: bound(row.lo), max: bound(row.hi) });
        }
        if (step === undefined) return summaries;
        // MLflow's "latest" within a step: the largest timestamp, then the largest value.
        const atStep = 'SELECT run_uuid, value, is_nan FROM metrics WHERE key = ? AND step = ?';
        for (const row of keyRows(db, atStep, [key, step], runIds, ' ORDER BY timestamp, value')) {
          const summary = summaries.get(String(row.run_uuid));
          if (summary) summary.atStep = metricValue(Number(row.value), Number(row.is_nan) === 1);
        }
        return summaries;
      });
    },
  };
}

/**
 * Rows of `sql` (which filters on one key) for the wanted runs: named in an IN list when they are few, else the
 * key's whole index range filtered here — one range scan beats a 100k-entry list.
 */
function keyRows(db: SqlDatabase, sql: string, params: SqlValue[], runIds: readonly string[], tail = '', idColumn = 'run_uuid') {
  if (runIds.length <= IN_LIST_LIMIT) {
    if (runIds.length === 0) return [];
    const marks = runIds.map(() => '?').join(', ');
    return db.prepare(`${sql} AND ${idColumn} IN (${marks})${tail}`).all(...params, ...runIds);
  }
  const wanted = new Set(runIds);
  return db
    .prepare(`${sql}${tail}`)
    .all(...params)
    .filter((row) => wanted.has(String(row.run_uuid)));
}

/**
 * The keys of one table that runs of these experiments have. The distinct keys come from a skip-scan of the
 * (key, run_uuid) primary key — one index probe per key, however many rows — and each is kept when some run of the
 * experiments has it.
 */
function distinctKeys(db: SqlDatabase, table: string, experimentIds: number[], viewType: ViewType | undefined): string[] {
  if (experimentIds.length === 0) return [];
  const stages = viewStages(viewType);
  const sql =
    `WITH RECURSIVE k(key) AS (SELECT MIN(key) FROM ${table} UNION ALL SELECT (SELECT MIN(key) FROM ${table} WHERE key > k.key) FROM k WHERE k.key IS NOT NULL) ` +
    `SELECT k.key AS key FROM k WHERE k.key IS NOT NULL AND EXISTS (SELECT 1 FROM ${table} x JOIN runs r ON r.run_uuid = x.run_uuid ` +
    `WHERE x.key = k.key AND r.experiment_id IN (${experimentIds.map(() => '?').join(', ')}) AND r.lifecycle_stage IN (${stages.map(() => '?').join(', ')}))`;
  return db
    .prepare(sql)
    .all(...experimentIds, ...stages)
    .map((row) => String(row.key))
    .sort();
}
