// MLflow's SQL store read from an mlflow.db file, read-only. Features come from the columns present
// (PRAGMA table_info), not the alembic head: real files span heads 867495a8f9d4 (2024) to b7e4c1a90f23 (2026).
// MLflow's storage quirks: experiment_id is an INTEGER here and a string everywhere else; NaN is value 0 with
// is_nan = 1; ±inf is stored as ±1.7976931348623157e308 (sqlalchemy_store.py, _get_metric_value_details).
import { openSqlite, type SqlDatabase, type SqlRow, type SqlValue } from '../../sqlite/driver';
import { compareExperiments, paginate } from '../search/evaluate';
import { parseAndCheckFilter, parseOrderBy } from '../search/filter';
import { decodePageToken, encodePageToken } from '../search/pageToken';
import type {
  DatasetInput,
  Experiment,
  LifecycleStage,
  Metric,
  Page,
  Run,
  RunStatus,
  SearchExperimentsRequest,
  SearchRunsRequest,
  StoreWarning,
  TrackingStore,
} from '../store';
import { matchesViewType, SEARCH_MAX_RESULTS_DEFAULT, StoreError } from '../store';
import type { RunColumnReads } from '../runColumns';
import { toMetric } from './metricRows';
import { buildRunQuery, runNameExpression, type SqlFeatures } from './searchSql';
import { sqliteRunColumns } from './sqliteRunColumns';

const REQUIRED_TABLES = ['experiments', 'runs', 'metrics', 'latest_metrics', 'params', 'tags'];
const PAGE_CACHE_KIB = 32 * 1024;

export interface SqliteStoreOptions {
  /** How long to wait for a writer (MLflow holds the lock while it logs). */
  busyTimeoutMs?: number;
  /** MLflow 3 workspaces: stores with a `workspace` column show this one (MLflow's default is 'default'). */
  workspace?: string;
}

export class SqliteStore implements TrackingStore {
  readonly kind = 'sqlite' as const;
  readonly warnings: readonly StoreWarning[] = [];
  private connection?: { db: SqlDatabase; features: SqlFeatures; experimentColumns: Set<string> };
  readonly runColumns: RunColumnReads = sqliteRunColumns({
    connection: () => this.open(),
    experimentIds: () => new Set(this.readExperiments().map((e) => e.experimentId)),
    readRuns: (runIds) => this.readRuns(runIds),
    guard: (read) => this.guard(read),
  });

  constructor(
    readonly location: string,
    private readonly options: SqliteStoreOptions = {},
  ) {}

  async searchExperiments(request: SearchExperimentsRequest = {}): Promise<Page<Experiment>> {
    const experiments = this.guard(() => this.readExperiments())
      .filter((e) => matchesViewType(e.lifecycleStage, request.viewType))
      .sort(compareExperiments);
    return paginate(experiments, request.pageToken, request.maxResults ?? SEARCH_MAX_RESULTS_DEFAULT);
  }

  async getExperiment(experimentId: string): Promise<Experiment | undefined> {
    return this.guard(() => this.readExperiments()).find((e) => e.experimentId === experimentId);
  }

  async searchRuns(request: SearchRunsRequest): Promise<Page<Run>> {
    const filter = parseAndCheckFilter(request.filter);
    const orderBy = (request.orderBy ?? []).map(parseOrderBy);
    const offset = decodePageToken(request.pageToken);
    const limit = request.maxResults ?? SEARCH_MAX_RESULTS_DEFAULT;
    return this.guard(() => {
      const { db, features } = this.open();
      const inWorkspace = new Set(this.readExperiments().map((e) => e.experimentId));
      const experimentIds = request.experimentIds.filter((id) => inWorkspace.has(id));
      // One extra row tells whether another page follows without counting every match.
      const query = buildRunQuery({ experimentIds, viewType: request.viewType, filter, orderBy, limit: limit + 1, offset, features });
      const ids = db.prepare(query.sql).all(...query.params).map((row) => String(row.run_uuid));
      const page = ids.slice(0, limit);
      const runs = this.readRuns(page);
      return ids.length > limit ? { items: runs, nextPageToken: encodePageToken(offset + limit) } : { items: runs };
    });
  }

  async getRun(runId: string): Promise<Run> {
    const [run] = this.guard(() => this.readRuns([runId]));
    if (!run) throw new StoreError(`Run '${runId}' not found in ${this.location}.`, this.location, 'NOT_FOUND');
    return run;
  }

  async getMetricHistory(runId: string, key: string): Promise<Metric[]> {
    await this.getRun(runId);
    return this.guard(() =>
      this.open()
        .db.prepare('SELECT key, value, timestamp, step, is_nan FROM metrics WHERE run_uuid = ? AND key = ? ORDER BY rowid')
        .all(runId, key)
        .map(toMetric),
    );
  }

  invalidate(): void {
    // Every call reads the database afresh; there is nothing cached to drop.
  }

  async close(): Promise<void> {
    this.connection?.db.close();
    this.connection = undefined;
  }

  private open(): NonNullable<SqliteStore['connection']> {
    if (this.connection) return this.connection;
    const db = openSqlite(this.location, { readonly: true, busyTimeoutMs: this.options.busyTimeoutMs ?? 5000 });
    try {
      // MLflow's schema has no index on start_time or experiment_id: every page of a search scans `runs` (11 MB at
      // 100k runs). SQLite's default 2 MB page cache re-reads it from the file each time; 32 MB keeps it in memory.
      db.exec(`PRAGMA cache_size = -${PAGE_CACHE_KIB}`);
      const tables = new Set(
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => String(r.name)),
      );
      const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
      if (missing.length > 0) {
        throw new StoreError(
          `${this.location} has no MLflow tables (${missing.join(', ')} missing). It may be half-written (MLflow creates the tables on first use) or not an MLflow store; run MLflow once against it, or pick another tracking URI.`,
          this.location,
          'CORRUPT',
        );
      }
      const columns = (table: string) =>
        new Set(db.prepare(`PRAGMA table_info(${table})`).all().map((r) => String(r.name)));
      const features: SqlFeatures = {
        runNameColumn: columns('runs').has('name'),
        datasets: tables.has('inputs') && tables.has('datasets') && tables.has('input_tags'),
      };
      this.connection = { db, features, experimentColumns: columns('experiments') };
      return this.connection;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  private readExperiments(): Experiment[] {
    const { db, experimentColumns } = this.open();
    const optional = ['creation_time', 'last_update_time'].filter((c) => experimentColumns.has(c));
    const scoped = experimentColumns.has('workspace');
    const rows = db
      .prepare(
        `SELECT experiment_id, name, artifact_location, lifecycle_stage${optional.map((c) => `, ${c}`).join('')} FROM experiments${scoped ? ' WHERE workspace = ?' : ''}`,
      )
      .all(...(scoped ? [this.options.workspace ?? 'default'] : []));
    const tags = new Map<string, Experiment['tags']>();
    for (const row of db.prepare('SELECT experiment_id, key, value FROM experiment_tags').all()) {
      const id = String(row.experiment_id);
      tags.set(id, [...(tags.get(id) ?? []), { key: String(row.key), value: text(row.value) }]);
    }
    return rows.map((row) => {
      const experiment: Experiment = {
        experimentId: String(row.experiment_id),
        name: text(row.name),
        artifactLocation: text(row.artifact_location),
        lifecycleStage: stage(row.lifecycle_stage),
        tags: tags.get(String(row.experiment_id)) ?? [],
      };
      if (row.creation_time !== null && row.creation_time !== undefined) experiment.creationTime = Number(row.creation_time);
      if (row.last_update_time !== null && row.last_update_time !== undefined) experiment.lastUpdateTime = Number(row.last_update_time);
      return experiment;
    });
  }

  /** Full runs (info, latest metrics, params, tags, dataset inputs) for the given ids, in that order. */
  private readRuns(runIds: string[]): Run[] {
    if (runIds.length === 0) return [];
    const { db, features } = this.open();
    const marks = runIds.map(() => '?').join(', ');
    const infoRows = db
      .prepare(
        `SELECT r.run_uuid, ${runNameExpression(features)} AS run_name, r.experiment_id, r.user_id, r.status, r.start_time, r.end_time, r.artifact_uri, r.lifecycle_stage FROM runs r WHERE r.run_uuid IN (${marks})`,
      )
      .all(...runIds);
    const byId = new Map<string, Run>();
    for (const row of infoRows) {
      byId.set(String(row.run_uuid), {
        info: {
          runId: String(row.run_uuid),
          runName: text(row.run_name),
          experimentId: String(row.experiment_id),
          userId: text(row.user_id),
          status: (text(row.status) || 'RUNNING') as RunStatus,
          startTime: Number(row.start_time ?? 0),
          endTime: row.end_time === null || row.end_time === undefined ? null : Number(row.end_time),
          artifactUri: text(row.artifact_uri),
          lifecycleStage: stage(row.lifecycle_stage),
        },
        data: { metrics: [], params: [], tags: [] },
      });
    }
    const each = (sql: string, add: (run: Run, row: SqlRow) => void) => {
      for (const row of db.prepare(sql).all(...(runIds as SqlValue[]))) {
        const run = byId.get(String(row.run_uuid));
        if (run) add(run, row);
      }
    };
    each(`SELECT run_uuid, key, value, timestamp, step, is_nan FROM latest_metrics WHERE run_uuid IN (${marks})`, (run, row) =>
      run.data.metrics.push(toMetric(row)),
    );
    each(`SELECT run_uuid, key, value FROM params WHERE run_uuid IN (${marks})`, (run, row) =>
      run.data.params.push({ key: String(row.key), value: text(row.value) }),
    );
    each(`SELECT run_uuid, key, value FROM tags WHERE run_uuid IN (${marks})`, (run, row) =>
      run.data.tags.push({ key: String(row.key), value: text(row.value) }),
    );
    if (features.datasets) {
      each(
        `SELECT i.destination_id AS run_uuid, d.name, d.digest, (SELECT t.value FROM input_tags t WHERE t.input_uuid = i.input_uuid AND t.name = 'mlflow.data.context') AS context FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id WHERE i.source_type = 'DATASET' AND i.destination_type = 'RUN' AND i.destination_id IN (${marks})`,
        (run, row) => {
          const input: DatasetInput = { name: text(row.name), digest: text(row.digest) };
          if (row.context !== null && row.context !== undefined) input.context = text(row.context);
          run.inputs ??= { datasetInputs: [] };
          run.inputs.datasetInputs.push(input);
        },
      );
    }
    return runIds.flatMap((id) => {
      const run = byId.get(id);
      return run ? [run] : [];
    });
  }

  /** Turns driver errors into messages that name the file and say what to do. */
  private guard<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (error instanceof StoreError || (error as Error).name === 'SearchSyntaxError') throw error;
      throw describeSqliteError(error as Error, this.location, this.options.busyTimeoutMs ?? 5000);
    }
  }
}

function describeSqliteError(error: Error, path: string, timeoutMs: number): StoreError {
  const message = error.message;
  if (/locked|busy/i.test(message)) {
    return new StoreError(
      `${path} stayed locked by another process for ${timeoutMs} ms (${message}). MLflow may be writing to it; refresh when it is done.`,
      path,
      'UNAVAILABLE',
    );
  }
  if (/not a database|malformed|corrupt/i.test(message)) {
    return new StoreError(
      `${path} is not a readable SQLite database (${message}). If MLflow is still creating it, wait and refresh; otherwise restore it from a backup.`,
      path,
      'CORRUPT',
    );
  }
  if (/unable to open|no such file|cannot open/i.test(message)) {
    return new StoreError(`${path} cannot be opened (${message}). Check the sqlite:/// tracking URI.`, path, 'UNAVAILABLE');
  }
  return new StoreError(`${path}: ${message}`, path, 'UNAVAILABLE');
}

function text(value: SqlValue | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

function stage(value: SqlValue | undefined): LifecycleStage {
  return value === 'deleted' ? 'deleted' : 'active';
}
