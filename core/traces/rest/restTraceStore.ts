// Traces on a tracking server, through the location's one REST client (same credentials, deadlines and retries as
// runs): MLflow 3's POST api/3.0/mlflow/traces/search and GET api/3.0/mlflow/traces/<id>, and for the spans the
// download MLflow's own UI makes, GET ajax-api/3.0/mlflow/get-trace-artifact?request_id=<id> (the trace's
// traces.json, from the artifact store or the spans table as the server keeps them). An MLflow 2 server answers the
// 3.0 routes with 404; its api/2.0 routes are used then.
import { type ApiPrefix, type MlflowRestClient, RestError } from '../../rest/client';
import { type Page, StoreError, type StoreWarning } from '../../tracking/store';
import { parseTraceDataJson, SpanJsonError } from '../spanJson';
import type { Assessment, SearchTracesRequest, Trace, TraceInfo, TraceSpans, TraceStore } from '../trace';
import { SEARCH_TRACES_DEFAULT_MAX_RESULTS } from '../trace';
import { assessmentFromWire, traceInfoFromWire } from '../traceWire';

type WireInfo = Record<string, unknown> & { assessments?: Record<string, unknown>[] };

export class RestTraceStore implements TraceStore {
  readonly kind = 'rest' as const;
  readonly warnings: readonly StoreWarning[] = [];
  readonly location: string;
  /** Learned on the first 404 of a 3.0 route: the server is MLflow 2. */
  private v2 = false;

  constructor(private readonly client: MlflowRestClient) {
    this.location = client.baseUrl;
  }

  async searchTraces(request: SearchTracesRequest): Promise<Page<TraceInfo>> {
    const maxResults = request.maxResults ?? SEARCH_TRACES_DEFAULT_MAX_RESULTS;
    const response = await this.withV2Fallback(
      () =>
        this.client.post<{ traces?: WireInfo[]; next_page_token?: string }>(
          'traces/search',
          omitUndefined({
            locations: request.experimentIds.map((id) => ({ type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: id } })),
            filter: request.filter || undefined,
            max_results: maxResults,
            order_by: request.orderBy?.length ? request.orderBy : undefined,
            page_token: request.pageToken || undefined,
          }),
          'api/3.0',
        ),
      () =>
        this.client.get<{ traces?: WireInfo[]; next_page_token?: string }>('traces', {
          experiment_ids: request.experimentIds.join(','),
          filter: request.filter || undefined,
          max_results: maxResults,
          order_by: request.orderBy?.join(',') || undefined,
          page_token: request.pageToken || undefined,
        }),
    );
    const items = (response.traces ?? []).flatMap((raw) => {
      const info = traceInfoFromWire(raw);
      return info ? [info] : [];
    });
    return response.next_page_token ? { items, nextPageToken: response.next_page_token } : { items };
  }

  async getTraceInfo(traceId: string): Promise<TraceInfo> {
    return (await this.fetchInfo(traceId)).info;
  }

  async getTrace(traceId: string): Promise<Trace> {
    const { info, assessments } = await this.fetchInfo(traceId);
    return { info, assessments, data: await this.fetchSpans(traceId) };
  }

  async close(): Promise<void> {}

  private async fetchInfo(traceId: string): Promise<{ info: TraceInfo; assessments: Assessment[] }> {
    const id = encodeURIComponent(traceId);
    const raw = await this.withV2Fallback(
      async () => (await this.client.get<{ trace?: { trace_info?: WireInfo } }>(`traces/${id}`, {}, 'api/3.0')).trace?.trace_info,
      async () => (await this.client.get<{ trace_info?: WireInfo }>(`traces/${id}/info`, {})).trace_info,
    );
    const info = raw && traceInfoFromWire(raw);
    if (!info) throw new StoreError(`Trace '${traceId}' not found on ${this.location}.`, this.location, 'NOT_FOUND');
    const assessments = (raw.assessments ?? []).flatMap((a) => {
      const assessment = assessmentFromWire(a);
      return assessment ? [assessment] : [];
    });
    return { info, assessments };
  }

  private async fetchSpans(traceId: string): Promise<TraceSpans> {
    const api: ApiPrefix = this.v2 ? 'ajax-api/2.0' : 'ajax-api/3.0';
    let text: string;
    try {
      text = await this.client.getText('get-trace-artifact', { request_id: traceId }, api);
    } catch (error) {
      if (error instanceof RestError && error.code === 'NOT_FOUND') {
        return { kind: 'unavailable', reason: `${this.location} has no spans for trace ${traceId} (${error.message}).` };
      }
      throw error;
    }
    try {
      return { kind: 'spans', spans: parseTraceDataJson(text, traceId) };
    } catch (error) {
      if (!(error instanceof SpanJsonError)) throw error;
      throw new StoreError(`${this.location} sent trace data for ${traceId} that does not read: ${error.message}`, this.location, 'CORRUPT');
    }
  }

  /** The 3.0 call, or on a server without 3.0 routes (404 with no MLflow error code) the 2.0 one. */
  private async withV2Fallback<T>(v3: () => Promise<T>, v2: () => Promise<T>): Promise<T> {
    if (this.v2) return v2();
    try {
      return await v3();
    } catch (error) {
      if (!(error instanceof RestError) || error.status !== 404 || error.errorCode !== undefined) throw error;
      this.v2 = true;
      return v2();
    }
  }
}

function omitUndefined(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}
