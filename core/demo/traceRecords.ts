// Writes traces the way MLflow 3 stores them, for the demo workspace and for tests that compare stores on identical
// data. mlflow.db: trace_info, trace_tags, trace_request_metadata, assessments and one `spans` row per span with its
// Span.to_dict() JSON in `content` (tag mlflow.trace.spansLocation = TRACKING_STORE), as the SQL store of MLflow >= 3.2
// does. mlruns/: <exp>/traces/<trace_id>/ with trace_info.yaml (TraceInfo.to_dict(): v3 keys, execution_duration_ms),
// tags/, request_metadata/, assessments/<id>.yaml and artifacts/traces.json, as MLflow 3's FileStore does.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { SqlDatabase } from '../sqlite/driver';
import type { Assessment, TraceInfo } from '../traces/trace';
import { SPANS_IN_TRACKING_STORE, TRACE_KEYS } from '../traces/trace';
import { assessmentToWire, timestampToWire } from '../traces/traceWire';

export interface WrittenSpan {
  /** 16 hex digits. */
  spanId: string;
  parentSpanId: string | null;
  name: string;
  /** SpanType (LLM, CHAT_MODEL, RETRIEVER, …), written as the mlflow.spanType attribute. */
  type: string;
  startNs: bigint;
  endNs: bigint;
  status: 'OK' | 'ERROR' | 'UNSET';
  statusMessage?: string;
  /** Decoded values; each is JSON-encoded on the way out, as MLflow does. */
  attributes: Record<string, unknown>;
  events?: Array<{ name: string; timeNs: bigint; attributes: Record<string, string> }>;
}

export interface WrittenTrace {
  info: TraceInfo;
  spans: WrittenSpan[];
  assessments: Assessment[];
}

/** 16 hex digits of the trace id (`tr-<32 hex>`) as the OpenTelemetry trace id bytes. */
function otelTraceIdBase64(traceId: string): string {
  const hex = traceId.replace(/^tr-/, '').padStart(32, '0').slice(-32);
  return Buffer.from(hex, 'hex').toString('base64');
}

/** Span.to_dict() as json.dumps writes it: base64 ids, integer nanoseconds, attribute values JSON-encoded. */
export function spanDictJson(traceId: string, span: WrittenSpan): string {
  const attributes: Record<string, string> = {
    'mlflow.traceRequestId': JSON.stringify(traceId),
    [TRACE_KEYS.spanType]: JSON.stringify(span.type),
  };
  for (const [key, value] of Object.entries(span.attributes)) attributes[key] = JSON.stringify(value);
  const dict = {
    trace_id: otelTraceIdBase64(traceId),
    span_id: Buffer.from(span.spanId, 'hex').toString('base64'),
    parent_span_id: span.parentSpanId === null ? null : Buffer.from(span.parentSpanId, 'hex').toString('base64'),
    name: span.name,
    start_time_unix_nano: String(span.startNs),
    end_time_unix_nano: String(span.endNs),
    events: (span.events ?? []).map((e) => ({ name: e.name, time_unix_nano: String(e.timeNs), attributes: e.attributes })),
    status: { code: `STATUS_CODE_${span.status}`, message: span.statusMessage ?? '' },
    attributes,
  };
  // Nanoseconds are integers in MLflow's JSON; written as strings above so that no digit is lost, then unquoted.
  return JSON.stringify(dict).replace(/"((?:start|end)_time_unix_nano|time_unix_nano)":"(\d+)"/g, '"$1":$2');
}

export function writeTracesToDb(db: SqlDatabase, traces: readonly WrittenTrace[]): void {
  const info = db.prepare(
    `INSERT INTO trace_info (request_id, experiment_id, timestamp_ms, execution_time_ms, status, client_request_id,
       request_preview, response_preview) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const tag = db.prepare('INSERT INTO trace_tags (key, value, request_id) VALUES (?, ?, ?)');
  const metadata = db.prepare('INSERT INTO trace_request_metadata (key, value, request_id) VALUES (?, ?, ?)');
  const span = db.prepare(
    `INSERT INTO spans (trace_id, experiment_id, span_id, parent_span_id, name, type, status, start_time_unix_nano,
       end_time_unix_nano, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const assessment = db.prepare(
    `INSERT INTO assessments (assessment_id, trace_id, name, assessment_type, value, error, created_timestamp,
       last_updated_timestamp, source_type, source_id, run_id, span_id, rationale, overrides, valid, assessment_metadata)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const trace of traces) {
    const i = trace.info;
    const experimentId = Number(i.experimentId);
    info.run(i.traceId, experimentId, i.requestTime, i.executionDuration, i.state, i.clientRequestId, i.requestPreview, i.responsePreview);
    for (const [key, value] of Object.entries({ ...i.tags, [TRACE_KEYS.spansLocation]: SPANS_IN_TRACKING_STORE })) tag.run(key, value, i.traceId);
    for (const [key, value] of Object.entries(i.traceMetadata)) metadata.run(key, value, i.traceId);
    for (const s of trace.spans) {
      // BIGINT columns take the nanoseconds as decimal text: a JS number would round them.
      span.run(i.traceId, experimentId, s.spanId, s.parentSpanId, s.name, s.type, s.status, String(s.startNs), String(s.endNs), spanDictJson(i.traceId, s));
    }
    for (const a of trace.assessments) {
      const error = a.error ? JSON.stringify({ error_code: a.error.code, error_message: a.error.message }) : null;
      const metadataJson = Object.keys(a.metadata).length > 0 ? JSON.stringify(a.metadata) : null;
      assessment.run(
        a.assessmentId, i.traceId, a.name, a.kind, JSON.stringify(a.value), error, a.createTime ?? i.requestTime,
        a.lastUpdateTime ?? a.createTime ?? i.requestTime, a.source.type, a.source.id, a.runId, a.spanId, a.rationale,
        a.overrides, a.valid ? 1 : 0, metadataJson,
      );
    }
  }
}

export function writeTracesToMlruns(root: string, traces: readonly WrittenTrace[]): void {
  for (const trace of traces) {
    const i = trace.info;
    const dir = join(root, i.experimentId, 'traces', i.traceId);
    write(join(dir, 'trace_info.yaml'), stringify(traceInfoDict(i), { sortMapEntries: true, lineWidth: 0 }));
    for (const [key, value] of Object.entries(i.tags)) write(join(dir, 'tags', key), value);
    write(join(dir, 'tags', TRACE_KEYS.artifactLocation), `file://${join(dir, 'artifacts')}`);
    for (const [key, value] of Object.entries(i.traceMetadata)) write(join(dir, 'request_metadata', key), value);
    for (const a of trace.assessments) {
      write(join(dir, 'assessments', `${a.assessmentId}.yaml`), stringify(assessmentToWire(a, i.traceId), { sortMapEntries: true, lineWidth: 0 }));
    }
    write(join(dir, 'artifacts', 'traces.json'), `{"spans": [${trace.spans.map((s) => spanDictJson(i.traceId, s)).join(', ')}]}`);
  }
}

/** TraceInfo.to_dict() less the tags and metadata, which the FileStore keeps one file per key. */
function traceInfoDict(info: TraceInfo): Record<string, unknown> {
  const dict: Record<string, unknown> = {
    trace_id: info.traceId,
    trace_location: { mlflow_experiment: { experiment_id: info.experimentId }, type: 'MLFLOW_EXPERIMENT' },
    request_time: timestampToWire(info.requestTime),
    state: info.state,
  };
  if (info.executionDuration !== null) dict.execution_duration_ms = info.executionDuration;
  if (info.requestPreview !== null) dict.request_preview = info.requestPreview;
  if (info.responsePreview !== null) dict.response_preview = info.responsePreview;
  if (info.clientRequestId !== null) dict.client_request_id = info.clientRequestId;
  return dict;
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
