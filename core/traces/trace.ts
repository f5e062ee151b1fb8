// The one interface every trace store implements (MLflow's tracing half of AbstractStore: search_traces,
// get_trace_info, get_trace), with MLflow 3's entities (mlflow/entities/trace_info.py, span.py, assessment.py) in
// camelCase. Callers hold a TraceStore and never learn whether the traces come from mlruns/, mlflow.db or a server.
import type { Page, StoreKind, StoreWarning } from '../tracking/store';

/** TraceInfoV3.state; MLflow 2 called it status (TraceStatus) with the same names. */
export type TraceState = 'OK' | 'ERROR' | 'IN_PROGRESS' | 'STATE_UNSPECIFIED';

export interface TraceInfo {
  /** `tr-<32 hex>` (MLflow 3) or the request id an older client chose. */
  traceId: string;
  experimentId: string;
  /** When the request started, milliseconds since epoch. */
  requestTime: number;
  /** Milliseconds; null while the trace is IN_PROGRESS or when the store has none. */
  executionDuration: number | null;
  state: TraceState;
  requestPreview: string | null;
  responsePreview: string | null;
  clientRequestId: string | null;
  /** MLflow 3 trace_metadata (MLflow 2 request_metadata): mlflow.sourceRun, mlflow.trace.tokenUsage, … */
  traceMetadata: Record<string, string>;
  tags: Record<string, string>;
}

/** OpenTelemetry's status codes as MLflow writes them in span JSON. */
export type SpanStatusCode = 'STATUS_CODE_UNSET' | 'STATUS_CODE_OK' | 'STATUS_CODE_ERROR';

export interface SpanEvent {
  name: string;
  /** Exact decimal nanoseconds since epoch (they exceed 2^53, so never a JS number). */
  timeUnixNano: string;
  /** Event attributes are plain values (exception.type, exception.message, exception.stacktrace). */
  attributes: Record<string, unknown>;
}

/**
 * One span as the store holds it. Attribute values stay the JSON strings MLflow wrote (mlflow.spanInputs can be
 * megabytes); decodeSpanAttributes reads them when someone looks. A span read from the `spans` table parses its
 * JSON only when its attributes, events or an error status message are first read (storedSpan.ts).
 */
export interface SpanRecord {
  /** The MLflow trace id (`tr-…`) the span belongs to. */
  traceId: string;
  /** 16 lowercase hex digits. */
  spanId: string;
  /** 16 lowercase hex digits; null for the root. */
  parentSpanId: string | null;
  name: string;
  /** The `mlflow.spanType` attribute (LLM, CHAIN, RETRIEVER, …); null when the span has none. */
  spanType: string | null;
  /** Exact decimal nanoseconds since epoch. */
  startTimeUnixNano: string;
  /** null while the span is still open. */
  endTimeUnixNano: string | null;
  status: { code: SpanStatusCode; message: string };
  /** Attribute name → JSON-encoded value, as stored. */
  rawAttributes: Record<string, string>;
  events: SpanEvent[];
}

export type AssessmentSourceType = 'HUMAN' | 'LLM_JUDGE' | 'CODE' | 'SOURCE_TYPE_UNSPECIFIED';

/** Feedback (a judgement of the output) or an expectation (the ground truth), as MLflow 3 logs them. */
export interface Assessment {
  assessmentId: string;
  name: string;
  kind: 'feedback' | 'expectation';
  /** The value as logged: a number, string, boolean, list or object. */
  value: unknown;
  /** A feedback whose judge failed carries the error instead of a value. */
  error: { code: string | null; message: string | null } | null;
  rationale: string | null;
  source: { type: AssessmentSourceType; id: string | null };
  spanId: string | null;
  runId: string | null;
  createTime: number | null;
  lastUpdateTime: number | null;
  metadata: Record<string, string>;
  /** The assessment this one replaces, if any; `valid` is false once another overrides it. */
  overrides: string | null;
  valid: boolean;
}

/** Where the spans are, or why they cannot be read from here. */
export type TraceSpans =
  | { kind: 'spans'; spans: SpanRecord[] }
  | { kind: 'unavailable'; reason: string };

export interface Trace {
  info: TraceInfo;
  assessments: Assessment[];
  data: TraceSpans;
}

export interface SearchTracesRequest {
  experimentIds: string[];
  /** MLflow's trace filter, e.g. `attributes.status = 'ERROR' AND tags.env = 'prod'` (traceFilter.ts). */
  filter?: string;
  /** e.g. `attributes.timestamp_ms DESC`; MLflow appends timestamp_ms DESC, request_id ASC. */
  orderBy?: string[];
  /** Page size; MLflow's default for search_traces is 100. */
  maxResults?: number;
  pageToken?: string;
}

export const SEARCH_TRACES_DEFAULT_MAX_RESULTS = 100;

export interface TraceStore {
  readonly kind: StoreKind;
  /** The folder, database file or base URL the store reads. */
  readonly location: string;
  /** Files skipped by the last read, each naming its file; the caller shows them. */
  readonly warnings: readonly StoreWarning[];
  searchTraces(request: SearchTracesRequest): Promise<Page<TraceInfo>>;
  /** Throws StoreError NOT_FOUND when the store has no such trace. */
  getTraceInfo(traceId: string): Promise<TraceInfo>;
  /** The info, assessments and spans of one trace; throws StoreError NOT_FOUND when there is none. */
  getTrace(traceId: string): Promise<Trace>;
  close(): Promise<void>;
}

/** Well-known tag and metadata keys (mlflow/tracing/constant.py: TraceTagKey, TraceMetadataKey, SpanAttributeKey). */
export const TRACE_KEYS = {
  traceName: 'mlflow.traceName',
  artifactLocation: 'mlflow.artifactLocation',
  spansLocation: 'mlflow.trace.spansLocation',
  sourceRun: 'mlflow.sourceRun',
  tokenUsage: 'mlflow.trace.tokenUsage',
  spanType: 'mlflow.spanType',
  spanInputs: 'mlflow.spanInputs',
  spanOutputs: 'mlflow.spanOutputs',
  chatMessages: 'mlflow.chat.messages',
  chatTokenUsage: 'mlflow.chat.tokenUsage',
} as const;

/** The `mlflow.trace.spansLocation` value of traces whose spans are rows of the `spans` table. */
export const SPANS_IN_TRACKING_STORE = 'TRACKING_STORE';
