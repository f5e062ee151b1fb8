// A real HTTP server on 127.0.0.1 that answers like an MLflow tracking server (REST API 2.0), serving the data of
// another TrackingStore. Its JSON follows mlflow/protos/service.proto as MLflow's server renders it, written here
// independently of core/tracking/rest/wire.ts so the client is checked against the format, not against itself:
// snake_case, enums by name, int64 as JSON numbers, empty fields omitted, non-finite doubles as strings.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SearchSyntaxError } from '../../core/tracking/search/filter';
import type { Experiment, Metric, Run, TrackingStore, ViewType } from '../../core/tracking/store';
import { StoreError } from '../../core/tracking/store';

export interface RestServerOptions {
  /** Require `Authorization: Bearer <token>`. */
  token?: string;
  /** Require Basic auth with these credentials. */
  basic?: { username: string; password: string };
  /** Status codes to answer, in order, before serving normally (e.g. [503, 429] to exercise retries). */
  failFirst?: number[];
  /** Delay every answer (to exercise client timeouts). */
  delayMs?: number;
}

export interface RunningRestServer {
  url: string;
  /** Requests seen, as "METHOD /path". */
  requests: string[];
  close(): Promise<void>;
}

const VIEW_TYPES: Record<string, ViewType> = { ACTIVE_ONLY: 'active', DELETED_ONLY: 'deleted', ALL: 'all' };

export async function startMlflowRestServer(store: TrackingStore, options: RestServerOptions = {}): Promise<RunningRestServer> {
  const requests: string[] = [];
  const failures = [...(options.failFirst ?? [])];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${(req.url ?? '').split('?')[0]}`);
    const answer = async () => {
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      const failure = failures.shift();
      if (failure !== undefined) return send(res, failure, { error_code: 'TEMPORARILY_UNAVAILABLE', message: 'try again' });
      if (!authorized(req, options)) return send(res, 401, { error_code: 'UNAUTHENTICATED', message: 'credentials required' });
      await route(store, req, res);
    };
    answer().catch((error: Error) => send(res, 500, { error_code: 'INTERNAL_ERROR', message: error.message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function authorized(req: IncomingMessage, options: RestServerOptions): boolean {
  const header = req.headers.authorization;
  if (options.token) return header === `Bearer ${options.token}`;
  if (options.basic) {
    const expected = Buffer.from(`${options.basic.username}:${options.basic.password}`).toString('base64');
    return header === `Basic ${expected}`;
  }
  return true;
}

async function route(store: TrackingStore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const query = url.searchParams;
  const endpoint = `${req.method} ${url.pathname}`;
  try {
    switch (endpoint) {
      case 'POST /api/2.0/mlflow/experiments/search': {
        const body = await readBody(req);
        const page = await store.searchExperiments({
          viewType: VIEW_TYPES[String(body.view_type ?? 'ACTIVE_ONLY')] ?? 'active',
          maxResults: Number(body.max_results ?? 1000),
          pageToken: body.page_token as string | undefined,
        });
        return send(res, 200, omitEmpty({ experiments: page.items.map(experimentJson), next_page_token: page.nextPageToken }));
      }
      case 'GET /api/2.0/mlflow/experiments/get': {
        const experiment = await store.getExperiment(query.get('experiment_id') ?? '');
        if (!experiment) return notFound(res, `No Experiment with id=${query.get('experiment_id')} exists`);
        return send(res, 200, { experiment: experimentJson(experiment) });
      }
      case 'POST /api/2.0/mlflow/runs/search': {
        const body = await readBody(req);
        const page = await store.searchRuns({
          experimentIds: (body.experiment_ids as string[] | undefined) ?? [],
          filter: body.filter as string | undefined,
          orderBy: body.order_by as string[] | undefined,
          maxResults: Number(body.max_results ?? 1000),
          pageToken: body.page_token as string | undefined,
          viewType: VIEW_TYPES[String(body.run_view_type ?? 'ACTIVE_ONLY')] ?? 'active',
        });
        return send(res, 200, omitEmpty({ runs: page.items.map(runJson), next_page_token: page.nextPageToken }));
      }
      case 'GET /api/2.0/mlflow/runs/get':
        return send(res, 200, { run: runJson(await store.getRun(query.get('run_id') ?? '')) });
      case 'GET /api/2.0/mlflow/metrics/get-history': {
        const history = await store.getMetricHistory(query.get('run_id') ?? '', query.get('metric_key') ?? '');
        const offset = Number(query.get('page_token') ?? 0);
        const size = Number(query.get('max_results') ?? 25000);
        const next = offset + size < history.length ? String(offset + size) : undefined;
        return send(res, 200, omitEmpty({ metrics: history.slice(offset, offset + size).map(metricJson), next_page_token: next }));
      }
      default:
        res.writeHead(404, { 'Content-Type': 'text/html' }).end('<!doctype html><title>404 Not Found</title>');
    }
  } catch (error) {
    if (error instanceof SearchSyntaxError) return send(res, 400, { error_code: 'INVALID_PARAMETER_VALUE', message: error.message });
    if (error instanceof StoreError && error.code === 'NOT_FOUND') return notFound(res, error.message);
    throw error;
  }
}

function notFound(res: ServerResponse, message: string): void {
  send(res, 404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message });
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

/** Proto3 JSON leaves out unset and empty fields. */
function omitEmpty(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(object).filter(([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)),
  );
}

function double(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return value;
}

function metricJson(metric: Metric): Record<string, unknown> {
  return omitEmpty({ key: metric.key, value: double(metric.value), timestamp: metric.timestamp, step: metric.step || undefined });
}

function experimentJson(experiment: Experiment): Record<string, unknown> {
  return omitEmpty({
    experiment_id: experiment.experimentId,
    name: experiment.name,
    artifact_location: experiment.artifactLocation,
    lifecycle_stage: experiment.lifecycleStage,
    creation_time: experiment.creationTime,
    last_update_time: experiment.lastUpdateTime,
    tags: experiment.tags.map((t) => ({ key: t.key, value: t.value })),
  });
}

function runJson(run: Run): Record<string, unknown> {
  const { info, data } = run;
  const json: Record<string, unknown> = {
    info: omitEmpty({
      run_id: info.runId,
      run_uuid: info.runId,
      run_name: info.runName,
      experiment_id: info.experimentId,
      user_id: info.userId,
      status: info.status,
      start_time: info.startTime,
      end_time: info.endTime ?? undefined,
      artifact_uri: info.artifactUri,
      lifecycle_stage: info.lifecycleStage,
    }),
    data: omitEmpty({
      metrics: data.metrics.map(metricJson),
      params: data.params.map((p) => ({ key: p.key, value: p.value })),
      tags: data.tags.map((t) => ({ key: t.key, value: t.value })),
    }),
  };
  const inputs = run.inputs?.datasetInputs ?? [];
  if (inputs.length > 0) {
    json.inputs = {
      dataset_inputs: inputs.map((d) =>
        omitEmpty({
          tags: d.context === undefined ? [] : [{ key: 'mlflow.data.context', value: d.context }],
          dataset: { name: d.name, digest: d.digest },
        }),
      ),
    };
  }
  return json;
}
