// MLflow's REST v3 JSON for traces (mlflow/protos/service.proto TraceInfoV3, assessments.proto; rendered by
// protobuf's JSON mapping with snake_case names, as MLflow's server and its FileStore's trace_info.yaml both do):
// request_time an RFC 3339 Timestamp, execution_duration a Duration ("0.340s"), state by name, metadata and tags as
// maps. Older shapes read too: MLflow 2's TraceInfo (request_id, timestamp_ms, execution_time_ms, status, key/value
// lists) and MLflow 3's trace_info.yaml, which writes execution_duration_ms. Used to read servers and trace_info.yaml
// files, and to print the CLI's JSON.
import { decodeSpanAttributes } from './spanJson';
import type { Assessment, AssessmentSourceType, SpanEvent, SpanRecord, TraceInfo, TraceState } from './trace';

export interface WireTraceLocation {
  type: 'MLFLOW_EXPERIMENT';
  mlflow_experiment: { experiment_id: string };
}

export interface WireTraceInfo {
  trace_id: string;
  client_request_id?: string;
  trace_location: WireTraceLocation;
  request_time: string;
  execution_duration: string | null;
  state: TraceState;
  request_preview: string | null;
  response_preview: string | null;
  trace_metadata: Record<string, string>;
  tags: Record<string, string>;
  assessments?: WireAssessment[];
}

export interface WireSpan {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  /** fixed64 in the proto, so a decimal string in proto3 JSON: nanosecond times exceed what a JSON number holds. */
  start_time_unix_nano: string;
  end_time_unix_nano: string | null;
  status: { code: string; message: string };
  attributes: Record<string, unknown>;
  events: Array<{ name: string; time_unix_nano: string; attributes: Record<string, unknown> }>;
}

export interface WireAssessment {
  assessment_id: string;
  assessment_name: string;
  trace_id: string;
  span_id?: string;
  source: { source_type: AssessmentSourceType; source_id?: string };
  create_time?: string;
  last_update_time?: string;
  feedback?: { value?: unknown; error?: { error_code?: string; error_message?: string } };
  expectation?: { value?: unknown };
  rationale?: string;
  metadata?: Record<string, string>;
  overrides?: string;
  valid: boolean;
  run_id?: string;
}

/** google.protobuf.Timestamp's JSON: UTC, with 0, 3, 6 or 9 fraction digits as the value needs. */
export function timestampToWire(ms: number): string {
  const iso = new Date(ms).toISOString();
  return ms % 1000 === 0 ? iso.replace('.000Z', 'Z') : iso;
}

/** google.protobuf.Duration's JSON: seconds with 0, 3, 6 or 9 fraction digits ("0.340s", "2s"). */
export function durationToWire(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(Math.round(ms));
  const seconds = Math.floor(abs / 1000);
  const millis = abs % 1000;
  return millis === 0 ? `${sign}${seconds}s` : `${sign}${seconds}.${String(millis).padStart(3, '0')}s`;
}

export function parseWireDuration(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string') return null;
  const match = /^(-?\d+(?:\.\d+)?)s$/.exec(value.trim());
  return match ? Math.round(Number(match[1]) * 1000) : null;
}

export function parseWireTimestamp(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string' || value.trim() === '') return null;
  if (/^\d+$/.test(value)) return Number(value);
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

export function traceInfoToWire(info: TraceInfo): WireTraceInfo {
  const wire: WireTraceInfo = {
    trace_id: info.traceId,
    trace_location: { type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: info.experimentId } },
    request_time: timestampToWire(info.requestTime),
    execution_duration: info.executionDuration === null ? null : durationToWire(info.executionDuration),
    state: info.state,
    request_preview: info.requestPreview,
    response_preview: info.responsePreview,
    trace_metadata: info.traceMetadata,
    tags: info.tags,
  };
  if (info.clientRequestId !== null) wire.client_request_id = info.clientRequestId;
  return wire;
}

const STATES = new Set<TraceState>(['OK', 'ERROR', 'IN_PROGRESS', 'STATE_UNSPECIFIED']);

/** A trace's state from a v3 `state`, a v2 `status` or the SQL column; TRACE_STATUS_UNSPECIFIED reads as unspecified. */
export function traceState(value: unknown): TraceState {
  return typeof value === 'string' && STATES.has(value as TraceState) ? (value as TraceState) : 'STATE_UNSPECIFIED';
}

/** Any of the TraceInfo shapes above; undefined when it has no trace id. `experimentId` fills in a v2 info without one. */
export function traceInfoFromWire(raw: Record<string, unknown>, experimentId?: string): TraceInfo | undefined {
  const traceId = text(raw.trace_id) ?? text(raw.request_id);
  if (!traceId) return undefined;
  const location = raw.trace_location as { mlflow_experiment?: { experiment_id?: unknown } } | undefined;
  return {
    traceId,
    experimentId: text(location?.mlflow_experiment?.experiment_id) ?? text(raw.experiment_id) ?? experimentId ?? '',
    requestTime: parseWireTimestamp(raw.request_time ?? raw.timestamp_ms) ?? 0,
    executionDuration: parseWireDuration(raw.execution_duration_ms ?? raw.execution_duration ?? raw.execution_time_ms),
    state: traceState(raw.state ?? raw.status),
    requestPreview: text(raw.request_preview) ?? text(raw.request) ?? null,
    responsePreview: text(raw.response_preview) ?? text(raw.response) ?? null,
    clientRequestId: text(raw.client_request_id) ?? null,
    traceMetadata: stringMap(raw.trace_metadata ?? raw.request_metadata),
    tags: stringMap(raw.tags),
  };
}

/** A map, or MLflow 2's list of {key, value}, as a record of strings. */
export function stringMap(value: unknown): Record<string, string> {
  const map: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const entry of value as Array<{ key?: unknown; value?: unknown }>) {
      if (typeof entry?.key === 'string') map[entry.key] = entry.value === undefined || entry.value === null ? '' : String(entry.value);
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, entry] of Object.entries(value)) map[key] = entry === null || entry === undefined ? '' : String(entry);
  }
  return map;
}

export function spanToWire(span: SpanRecord): WireSpan {
  return {
    trace_id: span.traceId,
    span_id: span.spanId,
    parent_span_id: span.parentSpanId,
    name: span.name,
    start_time_unix_nano: span.startTimeUnixNano,
    end_time_unix_nano: span.endTimeUnixNano,
    status: span.status,
    attributes: decodeSpanAttributes(span),
    events: span.events.map((e: SpanEvent) => ({ name: e.name, time_unix_nano: e.timeUnixNano, attributes: e.attributes })),
  };
}

const SOURCE_TYPES = new Set<AssessmentSourceType>(['HUMAN', 'LLM_JUDGE', 'CODE', 'SOURCE_TYPE_UNSPECIFIED']);

export function assessmentSourceType(value: unknown): AssessmentSourceType {
  return typeof value === 'string' && SOURCE_TYPES.has(value as AssessmentSourceType) ? (value as AssessmentSourceType) : 'SOURCE_TYPE_UNSPECIFIED';
}

/** An Assessment as the REST API and the FileStore's assessments/<id>.yaml write it; undefined without an id. */
export function assessmentFromWire(raw: Record<string, unknown>): Assessment | undefined {
  const assessmentId = text(raw.assessment_id);
  if (!assessmentId) return undefined;
  const feedback = raw.feedback as WireAssessment['feedback'] | undefined;
  const expectation = raw.expectation as (WireAssessment['expectation'] & { serialized_value?: { value?: unknown } }) | undefined;
  const source = (raw.source ?? {}) as { source_type?: unknown; source_id?: unknown };
  const error = (feedback?.error ?? raw.error) as { error_code?: unknown; error_message?: unknown } | undefined;
  return {
    assessmentId,
    name: text(raw.assessment_name) ?? text(raw.name) ?? '',
    kind: expectation ? 'expectation' : 'feedback',
    value: expectation ? (expectation.value ?? serializedValue(expectation.serialized_value?.value)) : feedback?.value ?? null,
    error: error ? { code: text(error.error_code) ?? null, message: text(error.error_message) ?? null } : null,
    rationale: text(raw.rationale) ?? null,
    source: { type: assessmentSourceType(source.source_type), id: text(source.source_id) ?? null },
    spanId: text(raw.span_id) ?? null,
    runId: text(raw.run_id) ?? null,
    createTime: parseWireTimestamp(raw.create_time ?? raw.create_time_ms),
    lastUpdateTime: parseWireTimestamp(raw.last_update_time ?? raw.last_update_time_ms),
    metadata: stringMap(raw.metadata),
    overrides: text(raw.overrides) ?? null,
    valid: raw.valid !== false,
  };
}

export function assessmentToWire(assessment: Assessment, traceId: string): WireAssessment {
  const wire: WireAssessment = {
    assessment_id: assessment.assessmentId,
    assessment_name: assessment.name,
    trace_id: traceId,
    source: { source_type: assessment.source.type },
    valid: assessment.valid,
  };
  if (assessment.source.id !== null) wire.source.source_id = assessment.source.id;
  if (assessment.spanId !== null) wire.span_id = assessment.spanId;
  if (assessment.createTime !== null) wire.create_time = timestampToWire(assessment.createTime);
  if (assessment.lastUpdateTime !== null) wire.last_update_time = timestampToWire(assessment.lastUpdateTime);
  if (assessment.kind === 'expectation') wire.expectation = { value: assessment.value };
  else {
    wire.feedback = { value: assessment.value };
    if (assessment.error) wire.feedback.error = { error_code: assessment.error.code ?? undefined, error_message: assessment.error.message ?? undefined };
  }
  if (assessment.rationale !== null) wire.rationale = assessment.rationale;
  if (Object.keys(assessment.metadata).length > 0) wire.metadata = assessment.metadata;
  if (assessment.overrides !== null) wire.overrides = assessment.overrides;
  if (assessment.runId !== null) wire.run_id = assessment.runId;
  return wire;
}

/** Expectations of complex values are stored serialized (JSON) by MLflow. */
function serializedValue(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
