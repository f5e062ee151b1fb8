// Logged models in an mlflow.db (MLflow >= 3.0): logged_models with logged_model_metrics, logged_model_params and
// logged_model_tags, and the run → model links MLflow records in `inputs` (source_type RUN_OUTPUT, destination_type
// MODEL_OUTPUT). Tables are detected; a database from before MLflow 3 simply has no logged models.
import { openSqlite, type SqlDatabase, type SqlRow } from '../sqlite/driver';
import { paginate } from '../tracking/search/evaluate';
import { type Page, StoreError, type StoreWarning } from '../tracking/store';
import {
  compareLoggedModels,
  type LoggedModel,
  type LoggedModelStore,
  loggedModelStatus,
  SEARCH_LOGGED_MODELS_DEFAULT_MAX_RESULTS,
  type SearchLoggedModelsRequest,
} from './loggedModel';

interface Connection {
  db: SqlDatabase;
  tables: Set<string>;
}

export class SqliteLoggedModelStore implements LoggedModelStore {
  readonly kind = 'sqlite' as const;
  readonly warnings: readonly StoreWarning[] = [];
  private connection?: Connection;

  constructor(
    readonly location: string,
    private readonly options: { busyTimeoutMs?: number } = {},
  ) {}

  async searchLoggedModels(request: SearchLoggedModelsRequest): Promise<Page<LoggedModel>> {
    const ids = request.experimentIds.filter((id) => /^\d+$/.test(id));
    const models = this.guard(() =>
      ids.length === 0 ? [] : this.read(`experiment_id IN (${ids.map(() => '?').join(', ')}) AND ${ACTIVE}`, ids.map(Number)),
    );
    const page = paginate(models.sort(compareLoggedModels), request.pageToken, request.maxResults ?? SEARCH_LOGGED_MODELS_DEFAULT_MAX_RESULTS);
    return page.nextPageToken ? { items: page.items, nextPageToken: page.nextPageToken } : { items: page.items };
  }

  async getLoggedModel(modelId: string): Promise<LoggedModel> {
    const [model] = this.guard(() => this.read('model_id = ?', [modelId]));
    if (!model) throw new StoreError(`Logged model '${modelId}' not found in ${this.location}.`, this.location, 'NOT_FOUND');
    return model;
  }

  async modelsOfRun(runId: string): Promise<LoggedModel[]> {
    return this.guard(() => {
      const { db, tables } = this.open();
      const outputs = tables.has('inputs')
        ? db
            .prepare("SELECT destination_id FROM inputs WHERE source_type = 'RUN_OUTPUT' AND source_id = ? AND destination_type = 'MODEL_OUTPUT'")
            .all(runId)
            .map((r) => String(r.destination_id))
        : [];
      const marks = outputs.map(() => '?').join(', ');
      const where = outputs.length > 0 ? `(source_run_id = ? OR model_id IN (${marks})) AND ${ACTIVE}` : `source_run_id = ? AND ${ACTIVE}`;
      return this.read(where, [runId, ...outputs]).sort(compareLoggedModels);
    });
  }

  async close(): Promise<void> {
    this.connection?.db.close();
    this.connection = undefined;
  }

  private open(): Connection {
    if (this.connection) return this.connection;
    const db = openSqlite(this.location, { readonly: true, busyTimeoutMs: this.options.busyTimeoutMs ?? 5000 });
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => String(r.name)));
    this.connection = { db, tables };
    return this.connection;
  }

  private read(where: string, params: Array<string | number>): LoggedModel[] {
    const { db, tables } = this.open();
    if (!tables.has('logged_models')) return [];
    const rows = db.prepare(`SELECT * FROM logged_models WHERE ${where}`).all(...params);
    if (rows.length === 0) return [];
    const ids = rows.map((r) => String(r.model_id));
    const marks = ids.map(() => '?').join(', ');
    const children = (table: string, order: string) =>
      tables.has(table) ? db.prepare(`SELECT * FROM ${table} WHERE model_id IN (${marks}) ORDER BY ${order}`).all(...ids) : [];
    const metrics = groupBy(children('logged_model_metrics', 'metric_name, metric_timestamp_ms, metric_step'));
    const params_ = groupBy(children('logged_model_params', 'param_key'));
    const tags = groupBy(children('logged_model_tags', 'tag_key'));
    return rows.map((row) => {
      const id = String(row.model_id);
      return {
        modelId: id,
        name: String(row.name ?? ''),
        experimentId: String(row.experiment_id),
        sourceRunId: text(row.source_run_id),
        status: loggedModelStatus(row.status === null ? 0 : Number(row.status)),
        statusMessage: text(row.status_message),
        creationTimestampMs: Number(row.creation_timestamp_ms ?? 0),
        lastUpdatedTimestampMs: row.last_updated_timestamp_ms === null ? null : Number(row.last_updated_timestamp_ms),
        artifactLocation: String(row.artifact_location ?? ''),
        modelType: text(row.model_type),
        metrics: (metrics.get(id) ?? []).map((m) => ({
          key: String(m.metric_name),
          // MLflow stores NaN as NULL here (metric_value FLOAT nullable).
          value: m.metric_value === null ? Number.NaN : Number(m.metric_value),
          step: Number(m.metric_step ?? 0),
          timestamp: Number(m.metric_timestamp_ms ?? 0),
          runId: text(m.run_id),
          datasetName: text(m.dataset_name),
          datasetDigest: text(m.dataset_digest),
        })),
        params: Object.fromEntries((params_.get(id) ?? []).map((p) => [String(p.param_key), String(p.param_value ?? '')])),
        tags: Object.fromEntries((tags.get(id) ?? []).map((t) => [String(t.tag_key), String(t.tag_value ?? '')])),
      };
    });
  }

  private guard<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new StoreError(`Cannot read logged models from ${this.location}: ${(error as Error).message}`, this.location, 'CORRUPT');
    }
  }
}

/** A model MLflow has not deleted; stores from 3.0 may leave lifecycle_stage NULL. */
const ACTIVE = "(lifecycle_stage IS NULL OR lifecycle_stage != 'deleted')";

function groupBy(rows: SqlRow[]): Map<string, SqlRow[]> {
  const grouped = new Map<string, SqlRow[]>();
  for (const row of rows) {
    const id = String(row.model_id);
    const list = grouped.get(id) ?? [];
    list.push(row);
    grouped.set(id, list);
  }
  return grouped;
}

function text(value: SqlRow[string] | undefined): string | null {
  return value === null || value === undefined || value === '' ? null : String(value);
}
