// Traces in an mlflow.db, read-only: trace_info with trace_tags and trace_request_metadata, assessments, and spans
// either as rows of `spans` (MLflow >= 3.2 with the tag mlflow.trace.spansLocation = TRACKING_STORE; `content` is the
// span's JSON) or in traces.json under the mlflow.artifactLocation tag. Tables and columns are detected (PRAGMA
// table_info), never assumed from the alembic head: an MLflow 2.x file has no spans table, a 3.11 file has columns
// this reader does not know, and both read.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { openSqlite, type SqlDatabase, type SqlRow, type SqlValue } from '../../sqlite/driver';
import { decodePageToken, encodePageToken } from '../../tracking/search/pageToken';
import { type Page, StoreError, type StoreWarning } from '../../tracking/store';
import { parseTraceFilter, parseTraceOrderBy } from '../search/traceFilter';
import { parseSpanJson, parseTraceDataJson } from '../spanJson';
import { traceDataPlace } from '../spanLocation';
import { StoredSpan } from '../storedSpan';
import type { Assessment, SearchTracesRequest, SpanRecord, Trace, TraceInfo, TraceSpans, TraceStore } from '../trace';
import { SEARCH_TRACES_DEFAULT_MAX_RESULTS, SPANS_IN_TRACKING_STORE, TRACE_KEYS } from '../trace';
import { assessmentSourceType, stringMap, traceState } from '../traceWire';
import { buildTraceQuery, type TraceTables } from './traceSearchSql';

export interface SqliteTraceStoreOptions {
  busyTimeoutMs?: number;
  /** MLflow 3 workspaces: databases with an experiments.workspace column show this one (MLflow's default is 'default'). */
  workspace?: string;
  /** The folder a local mlflow.artifactLocation must stay inside; the database's folder by default. */
  workspaceRoot?: string;
}

interface Connection {
  db: SqlDatabase;
  /** undefined: the database has no trace_info table, so it holds no traces. */
  tables: TraceTables | undefined;
  workspaceScoped: boolean;
}

export class SqliteTraceStore implements TraceStore {
  readonly kind = 'sqlite' as const;
  readonly warnings: readonly StoreWarning[] = [];
  private connection?: Connection;

  constructor(
    readonly location: string,
    private readonly options: SqliteTraceStoreOptions = {},
  ) {}

  async searchTraces(request: SearchTracesRequest): Promise<Page<TraceInfo>> {
    const clauses = parseTraceFilter(request.filter);
    const orders = parseTraceOrderBy(request.orderBy);
    const offset = decodePageToken(request.pageToken);
    const limit = request.maxResults ?? SEARCH_TRACES_DEFAULT_MAX_RESULTS;
    return this.guard(() => {
      const { db, tables } = this.open();
      const experimentIds = this.visibleExperiments(request.experimentIds);
      if (!tables || experimentIds.length === 0) return { items: [] };
      // One extra row tells whether another page follows without counting every match.
      const query = buildTraceQuery({ columns: infoColumns(tables), experimentIds, clauses, orders, limit: limit + 1, offset, tables });
      const rows = db.prepare(query.sql).all(...query.params);
      const items = this.infosFromRows(rows.slice(0, limit));
      return rows.length > limit ? { items, nextPageToken: encodePageToken(offset + limit) } : { items };
    });
  }

  async getTraceInfo(traceId: string): Promise<TraceInfo> {
    const [info] = this.guard(() => this.readInfos([traceId]));
    if (!info) throw new StoreError(`Trace '${traceId}' not found in ${this.location}.`, this.location, 'NOT_FOUND');
    return info;
  }

  async getTrace(traceId: string): Promise<Trace> {
    const info = await this.getTraceInfo(traceId);
    return this.guard(() => ({ info, assessments: this.readAssessments(traceId), data: this.readSpans(info) }));
  }

  async close(): Promise<void> {
    this.connection?.db.close();
    this.connection = undefined;
  }

  private open(): Connection {
    if (this.connection) return this.connection;
    const db = openSqlite(this.location, { readonly: true, busyTimeoutMs: this.options.busyTimeoutMs ?? 5000 });
    try {
      const names = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => String(r.name)));
      const columns = (table: string) => new Set(db.prepare(`PRAGMA table_info(${table})`).all().map((r) => String(r.name)));
      const tables: TraceTables | undefined = names.has('trace_info')
        ? {
            traceInfoColumns: columns('trace_info'),
            tags: names.has('trace_tags'),
            metadata: names.has('trace_request_metadata'),
            spans: names.has('spans'),
            spanColumns: names.has('spans') ? columns('spans') : new Set(),
            assessments: names.has('assessments'),
          }
        : undefined;
      const workspaceScoped = names.has('experiments') && columns('experiments').has('workspace');
      this.connection = { db, tables, workspaceScoped };
      return this.connection;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** The asked experiments that exist in this database's workspace; MLflow ids here are integers. */
  private visibleExperiments(asked: string[]): string[] {
    const wanted = asked.filter((id) => /^\d+$/.test(id));
    const { db, workspaceScoped } = this.open();
    if (!workspaceScoped || wanted.length === 0) return wanted;
    const rows = db
      .prepare(`SELECT experiment_id FROM experiments WHERE workspace = ? AND experiment_id IN (${wanted.map(() => '?').join(', ')})`)
      .all(this.options.workspace ?? 'default', ...wanted.map(Number));
    const visible = new Set(rows.map((r) => String(r.experiment_id)));
    return wanted.filter((id) => visible.has(id));
  }

  /** TraceInfos of these ids, in the order given; ids the database does not have are left out. */
  private readInfos(ids: string[]): TraceInfo[] {
    const { db, tables } = this.open();
    if (!tables || ids.length === 0) return [];
    const rows = db.prepare(`SELECT ${infoColumns(tables)} FROM trace_info t WHERE t.request_id IN (${ids.map(() => '?').join(', ')})`).all(...ids);
    const byId = new Map(rows.map((row) => [String(row.request_id), row]));
    return this.infosFromRows(ids.map((id) => byId.get(id)).filter((row): row is SqlRow => row !== undefined));
  }

  /** trace_info rows with their tags and metadata, in the rows' order. */
  private infosFromRows(rows: SqlRow[]): TraceInfo[] {
    const { db, tables } = this.open();
    if (!tables || rows.length === 0) return [];
    const ids = rows.map((row) => String(row.request_id));
    const tags = tables.tags ? this.keyValues(db, 'trace_tags', ids) : new Map<string, Record<string, string>>();
    const metadata = tables.metadata ? this.keyValues(db, 'trace_request_metadata', ids) : new Map<string, Record<string, string>>();
    return rows.map((row, i) => infoFromRow(row, tags.get(ids[i]!) ?? {}, metadata.get(ids[i]!) ?? {}));
  }

  private keyValues(db: SqlDatabase, table: string, ids: string[]): Map<string, Record<string, string>> {
    const byTrace = new Map<string, Record<string, string>>();
    const rows = db.prepare(`SELECT request_id, key, value FROM ${table} WHERE request_id IN (${ids.map(() => '?').join(', ')})`).all(...ids);
    for (const row of rows) {
      const id = String(row.request_id);
      const entries = byTrace.get(id) ?? {};
      byTrace.set(id, entries);
      entries[String(row.key)] = row.value === null ? '' : String(row.value);
    }
    return byTrace;
  }

  private readAssessments(traceId: string): Assessment[] {
    const { db, tables } = this.open();
    if (!tables?.assessments) return [];
    return db.prepare('SELECT * FROM assessments WHERE trace_id = ? ORDER BY created_timestamp, assessment_id').all(traceId).map(assessmentFromRow);
  }

  private readSpans(info: TraceInfo): TraceSpans {
    const { db, tables } = this.open();
    const inTable = info.tags[TRACE_KEYS.spansLocation] === SPANS_IN_TRACKING_STORE;
    if (tables?.spans) {
      const spans = readSpanRows(db, tables, info.traceId);
      if (spans.length > 0 || inTable) return { kind: 'spans', spans };
    }
    const root = this.options.workspaceRoot ?? dirname(this.location);
    const place = traceDataPlace(info.tags[TRACE_KEYS.artifactLocation], root, info.traceId);
    if (place.kind === 'unavailable') return place;
    let text: string;
    try {
      text = readFileSync(place.path, 'utf8');
    } catch {
      return { kind: 'unavailable', reason: `The spans of trace ${info.traceId} should be in ${place.path}, which cannot be read.` };
    }
    return { kind: 'spans', spans: parseTraceDataJson(text, info.traceId) };
  }

  private guard<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      const message = (error as Error).message;
      const busy = /SQLITE_BUSY|database is locked/i.test(message);
      throw new StoreError(
        busy
          ? `${this.location} is locked by another writer (${message}); try again in a moment.`
          : `Cannot read traces from ${this.location}: ${message}. Check that it is an MLflow database.`,
        this.location,
        busy ? 'UNAVAILABLE' : 'CORRUPT',
      );
    }
  }
}

const SPAN_COLUMNS = ['span_id', 'parent_span_id', 'name', 'type', 'status', 'start_time_unix_nano', 'end_time_unix_nano'];

/** A trace's rows of `spans`, as spans that parse their JSON when first looked into (or at once, lacking a column). */
function readSpanRows(db: SqlDatabase, tables: TraceTables, traceId: string): SpanRecord[] {
  if (!SPAN_COLUMNS.every((c) => tables.spanColumns.has(c))) {
    const rows = db.prepare('SELECT content FROM spans WHERE trace_id = ? ORDER BY start_time_unix_nano, span_id').all(traceId);
    return rows.map((row) => parseSpanJson(String(row.content), traceId));
  }
  return db.prepare(SPAN_ROWS_SQL).all(traceId).map((row) => spanFromRow(traceId, row));
}

/** A trace's span rows, columns and content; nanoseconds pass 2^53, so they are read as text, every digit kept. */
export const SPAN_ROWS_SQL = `SELECT span_id, parent_span_id, name, type, status, CAST(start_time_unix_nano AS TEXT) AS start_ns,
    CAST(end_time_unix_nano AS TEXT) AS end_ns, content
  FROM spans WHERE trace_id = ? ORDER BY start_time_unix_nano, span_id`;

/** One row of SPAN_ROWS_SQL as a span that parses its content on first look. */
export function spanFromRow(traceId: string, row: SqlRow): SpanRecord {
  return new StoredSpan(
    traceId,
    {
      spanId: String(row.span_id),
      parentSpanId: row.parent_span_id === null || row.parent_span_id === '' ? null : String(row.parent_span_id),
      name: row.name === null ? '' : String(row.name),
      spanType: row.type === null ? null : String(row.type),
      status: String(row.status),
      startTimeUnixNano: String(row.start_ns),
      endTimeUnixNano: row.end_ns === null ? null : String(row.end_ns),
    },
    String(row.content),
  );
}

/** The trace_info columns this database has, of those a TraceInfo holds. */
function infoColumns(tables: TraceTables): string {
  const optional = ['client_request_id', 'request_preview', 'response_preview'].filter((c) => tables.traceInfoColumns.has(c));
  return ['request_id', 'experiment_id', 'timestamp_ms', 'execution_time_ms', 'status', ...optional].map((c) => `t.${c}`).join(', ');
}

function infoFromRow(row: SqlRow, tags: Record<string, string>, metadata: Record<string, string>): TraceInfo {
  return {
    traceId: String(row.request_id),
    experimentId: String(row.experiment_id),
    requestTime: Number(row.timestamp_ms),
    executionDuration: row.execution_time_ms === null || row.execution_time_ms === undefined ? null : Number(row.execution_time_ms),
    state: traceState(row.status),
    requestPreview: optionalText(row.request_preview),
    responsePreview: optionalText(row.response_preview),
    clientRequestId: optionalText(row.client_request_id),
    traceMetadata: metadata,
    tags,
  };
}

/** assessments rows: value, error and metadata are JSON text; assessment_type is 'feedback' or 'expectation'. */
function assessmentFromRow(row: SqlRow): Assessment {
  const error = json(row.error) as { error_code?: unknown; error_message?: unknown } | null;
  return {
    assessmentId: String(row.assessment_id),
    name: String(row.name ?? ''),
    kind: row.assessment_type === 'expectation' ? 'expectation' : 'feedback',
    value: json(row.value),
    error: error ? { code: optionalText(error.error_code as SqlValue), message: optionalText(error.error_message as SqlValue) } : null,
    rationale: optionalText(row.rationale),
    source: { type: assessmentSourceType(row.source_type), id: optionalText(row.source_id) },
    spanId: optionalText(row.span_id),
    runId: optionalText(row.run_id),
    createTime: row.created_timestamp === null || row.created_timestamp === undefined ? null : Number(row.created_timestamp),
    lastUpdateTime: row.last_updated_timestamp === null || row.last_updated_timestamp === undefined ? null : Number(row.last_updated_timestamp),
    metadata: stringMap(json(row.assessment_metadata)),
    overrides: optionalText(row.overrides),
    valid: row.valid === undefined || row.valid === null || Number(row.valid) !== 0,
  };
}

function json(value: SqlValue | undefined): unknown {
  if (value === null || value === undefined) return null;
  try {
    return JSON.parse(String(value));
  } catch {
    return String(value);
  }
}

function optionalText(value: SqlValue | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}
