// A real HTTP server on 127.0.0.1 that answers MLflow 3's trace routes over the traces of another TraceStore:
// POST /api/3.0/mlflow/traces/search, GET /api/3.0/mlflow/traces/<id>, and the download MLflow's UI uses,
// GET /ajax-api/3.0/mlflow/get-trace-artifact?request_id=<id>; and, given a LoggedModelStore, the logged-model routes
// POST /api/2.0/mlflow/logged-models/search and GET /api/2.0/mlflow/logged-models/<id>. Its JSON (TraceInfoV3 in proto3 JSON, traces.json as
// MLflow's Span.to_dict() writes it) is written here independently of core/traces/traceWire.ts and spanJson.ts, so
// the REST store is checked against the format rather than against itself.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LoggedModel, LoggedModelStore } from '../../core/loggedModels/loggedModel';
import type { Assessment, SpanRecord, TraceInfo, TraceStore } from '../../core/traces/trace';
import { SearchSyntaxError } from '../../core/tracking/search/filter';
import { StoreError } from '../../core/tracking/store';

export interface RunningTraceServer {
  url: string;
  /** Requests seen, as "METHOD /path". */
  requests: string[];
  close(): Promise<void>;
}

export interface TraceServerOptions {
  /** Answer every 3.0 route with a bare 404, as an MLflow 2 server does. */
  mlflow2?: boolean;
  loggedModels?: LoggedModelStore;
}

export async function startMlflowTraceServer(store: TraceStore, options: TraceServerOptions = {}): Promise<RunningTraceServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${(req.url ?? '').split('?')[0]}`);
    route(store, req, res, options).catch((error: Error) => send(res, 500, { error_code: 'INTERNAL_ERROR', message: error.message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function route(store: TraceStore, req: IncomingMessage, res: ServerResponse, options: TraceServerOptions): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  try {
    if (options.mlflow2 && path.includes('/3.0/')) return htmlNotFound(res);
    if (req.method === 'POST' && path === '/api/3.0/mlflow/traces/search') {
      const body = await readBody(req);
      const locations = (body.locations ?? []) as Array<{ mlflow_experiment?: { experiment_id?: string } }>;
      const page = await store.searchTraces({
        experimentIds: locations.map((l) => l.mlflow_experiment?.experiment_id ?? ''),
        filter: body.filter as string | undefined,
        orderBy: body.order_by as string[] | undefined,
        maxResults: body.max_results === undefined ? undefined : Number(body.max_results),
        pageToken: body.page_token as string | undefined,
      });
      const json: Record<string, unknown> = { traces: page.items.map((info) => traceInfoJson(info, [])) };
      if (page.nextPageToken) json.next_page_token = page.nextPageToken;
      return send(res, 200, json);
    }
    const info = /^\/api\/3\.0\/mlflow\/traces\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && info) {
      const trace = await store.getTrace(decodeURIComponent(info[1]!));
      return send(res, 200, { trace: { trace_info: traceInfoJson(trace.info, trace.assessments) } });
    }
    if (options.loggedModels && path.startsWith('/api/2.0/mlflow/logged-models/')) return await loggedModelRoute(options.loggedModels, req, res, path);
    if (req.method === 'GET' && path === '/ajax-api/3.0/mlflow/get-trace-artifact') {
      const trace = await store.getTrace(url.searchParams.get('request_id') ?? '');
      if (trace.data.kind !== 'spans') return send(res, 404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: trace.data.reason });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(`{"spans": [${trace.data.spans.map(spanDict).join(', ')}]}`);
      return;
    }
    return htmlNotFound(res);
  } catch (error) {
    if (error instanceof SearchSyntaxError) return send(res, 400, { error_code: 'INVALID_PARAMETER_VALUE', message: error.message });
    if (error instanceof StoreError && error.code === 'NOT_FOUND') return send(res, 404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: error.message });
    throw error;
  }
}

async function loggedModelRoute(store: LoggedModelStore, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  if (req.method === 'POST' && path === '/api/2.0/mlflow/logged-models/search') {
    const body = await readBody(req);
    const experimentIds = (body.experiment_ids ?? []) as string[];
    const runFilter = /^source_run_id = '([^']*)'$/.exec(String(body.filter ?? ''));
    if (runFilter) {
      const models = (await Promise.all(experimentIds.map((id) => store.modelsOfRun(runFilter[1]!, id)))).flat();
      return send(res, 200, { models: models.map(loggedModelJson) });
    }
    const page = await store.searchLoggedModels({
      experimentIds,
      maxResults: body.max_results === undefined ? undefined : Number(body.max_results),
      pageToken: body.page_token as string | undefined,
    });
    const json: Record<string, unknown> = { models: page.items.map(loggedModelJson) };
    if (page.nextPageToken) json.next_page_token = page.nextPageToken;
    return send(res, 200, json);
  }
  const id = /^\/api\/2\.0\/mlflow\/logged-models\/([^/]+)$/.exec(path);
  if (req.method === 'GET' && id) return send(res, 200, { model: loggedModelJson(await store.getLoggedModel(decodeURIComponent(id[1]!))) });
  return htmlNotFound(res);
}

/** service.proto LoggedModel: info and data, key/value lists, the status by name, NaN as a string. */
function loggedModelJson(model: LoggedModel): Record<string, unknown> {
  const info: Record<string, unknown> = {
    model_id: model.modelId,
    experiment_id: model.experimentId,
    name: model.name,
    creation_timestamp_ms: model.creationTimestampMs,
    artifact_uri: model.artifactLocation,
    status: model.status,
    tags: Object.entries(model.tags).map(([key, value]) => ({ key, value })),
  };
  if (model.lastUpdatedTimestampMs !== null) info.last_updated_timestamp_ms = model.lastUpdatedTimestampMs;
  if (model.sourceRunId !== null) info.source_run_id = model.sourceRunId;
  if (model.modelType !== null) info.model_type = model.modelType;
  if (model.statusMessage !== null) info.status_message = model.statusMessage;
  const metrics = model.metrics.map((m) => {
    const metric: Record<string, unknown> = { key: m.key, value: Number.isNaN(m.value) ? 'NaN' : m.value, timestamp: m.timestamp, step: m.step };
    if (m.runId !== null) metric.run_id = m.runId;
    if (m.datasetName !== null) metric.dataset_name = m.datasetName;
    if (m.datasetDigest !== null) metric.dataset_digest = m.datasetDigest;
    return metric;
  });
  return { info, data: { params: Object.entries(model.params).map(([key, value]) => ({ key, value })), metrics } };
}

/** TraceInfoV3 as proto3 JSON: Timestamp and Duration as strings, unset fields left out. */
function traceInfoJson(info: TraceInfo, assessments: Assessment[]): Record<string, unknown> {
  const json: Record<string, unknown> = {
    trace_id: info.traceId,
    trace_location: { type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: info.experimentId } },
    request_time: new Date(info.requestTime).toISOString(),
    state: info.state,
    trace_metadata: info.traceMetadata,
    tags: info.tags,
  };
  if (info.executionDuration !== null) json.execution_duration = `${(info.executionDuration / 1000).toFixed(3)}s`;
  if (info.requestPreview !== null) json.request_preview = info.requestPreview;
  if (info.responsePreview !== null) json.response_preview = info.responsePreview;
  if (info.clientRequestId !== null) json.client_request_id = info.clientRequestId;
  if (assessments.length > 0) json.assessments = assessments.map((a) => assessmentJson(a, info.traceId));
  return json;
}

function assessmentJson(a: Assessment, traceId: string): Record<string, unknown> {
  const json: Record<string, unknown> = {
    assessment_id: a.assessmentId,
    assessment_name: a.name,
    trace_id: traceId,
    source: a.source.id === null ? { source_type: a.source.type } : { source_type: a.source.type, source_id: a.source.id },
    valid: a.valid,
    [a.kind]: a.error ? { error: { error_code: a.error.code, error_message: a.error.message } } : { value: a.value },
  };
  if (a.createTime !== null) json.create_time = new Date(a.createTime).toISOString();
  if (a.lastUpdateTime !== null) json.last_update_time = new Date(a.lastUpdateTime).toISOString();
  if (a.rationale !== null) json.rationale = a.rationale;
  if (a.spanId !== null) json.span_id = a.spanId;
  if (a.runId !== null) json.run_id = a.runId;
  if (a.overrides !== null) json.overrides = a.overrides;
  if (Object.keys(a.metadata).length > 0) json.metadata = a.metadata;
  return json;
}

/** Span.to_dict() text: base64 ids, integer nanoseconds (spliced in as text: they exceed 2^53). */
function spanDict(span: SpanRecord): string {
  const b64 = (hex: string | null) => (hex === null ? null : Buffer.from(hex, 'hex').toString('base64'));
  const text = JSON.stringify({
    trace_id: b64(span.traceId.replace(/^tr-/, '').padStart(32, '0')),
    span_id: b64(span.spanId),
    parent_span_id: b64(span.parentSpanId),
    name: span.name,
    start_time_unix_nano: span.startTimeUnixNano,
    end_time_unix_nano: span.endTimeUnixNano,
    events: span.events.map((e) => ({ name: e.name, time_unix_nano: e.timeUnixNano, attributes: e.attributes })),
    status: span.status,
    attributes: span.rawAttributes,
  });
  return text.replace(/"(start_time_unix_nano|end_time_unix_nano|time_unix_nano)":"(\d+)"/g, '"$1":$2');
}

function htmlNotFound(res: ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/html' }).end('<!doctype html><title>404 Not Found</title>');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}
