// A tracking server read through MLflow's REST API 2.0 (experiments/search, runs/search, runs/get,
// metrics/get-history), following page_token until the server stops returning one.
import type {
  Experiment,
  Metric,
  Page,
  Run,
  SearchExperimentsRequest,
  SearchRunsRequest,
  StoreWarning,
  TrackingStore,
} from '../store';
import { SEARCH_MAX_RESULTS_DEFAULT, StoreError } from '../store';
import type { MlflowRestClient } from '../../rest/client';
import {
  experimentFromWire,
  metricFromWire,
  runFromWire,
  WIRE_VIEW_TYPE,
  type WireExperiment,
  type WireMetric,
  type WireRun,
} from './wire';

/** metrics/get-history pages; MLflow's server caps a page at 25000 values. */
const HISTORY_PAGE = 25000;

export class RestStore implements TrackingStore {
  readonly kind = 'rest' as const;
  readonly warnings: readonly StoreWarning[] = [];
  readonly location: string;

  /** `client` is the server location's one client, shared with its registry (core/workspace/open.ts). */
  constructor(private readonly client: MlflowRestClient) {
    this.location = client.baseUrl;
  }

  async searchExperiments(request: SearchExperimentsRequest = {}): Promise<Page<Experiment>> {
    const body: Record<string, unknown> = {
      max_results: request.maxResults ?? SEARCH_MAX_RESULTS_DEFAULT,
      view_type: WIRE_VIEW_TYPE[request.viewType ?? 'active'],
    };
    if (request.pageToken) body.page_token = request.pageToken;
    const response = await this.client.post<{ experiments?: WireExperiment[]; next_page_token?: string }>(
      'experiments/search',
      body,
    );
    return page((response.experiments ?? []).map(experimentFromWire), response.next_page_token);
  }

  async getExperiment(experimentId: string): Promise<Experiment | undefined> {
    try {
      const response = await this.client.get<{ experiment: WireExperiment }>('experiments/get', {
        experiment_id: experimentId,
      });
      return experimentFromWire(response.experiment);
    } catch (error) {
      if (error instanceof StoreError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }

  async searchRuns(request: SearchRunsRequest): Promise<Page<Run>> {
    const body: Record<string, unknown> = {
      experiment_ids: request.experimentIds,
      run_view_type: WIRE_VIEW_TYPE[request.viewType ?? 'active'],
      max_results: request.maxResults ?? SEARCH_MAX_RESULTS_DEFAULT,
    };
    if (request.filter) body.filter = request.filter;
    if (request.orderBy && request.orderBy.length > 0) body.order_by = request.orderBy;
    if (request.pageToken) body.page_token = request.pageToken;
    const response = await this.client.post<{ runs?: WireRun[]; next_page_token?: string }>('runs/search', body);
    return page((response.runs ?? []).map(runFromWire), response.next_page_token);
  }

  async getRun(runId: string): Promise<Run> {
    const response = await this.client.get<{ run: WireRun }>('runs/get', { run_id: runId });
    return runFromWire(response.run);
  }

  async getMetricHistory(runId: string, key: string): Promise<Metric[]> {
    const history: Metric[] = [];
    let pageToken: string | undefined;
    do {
      const response = await this.client.get<{ metrics?: WireMetric[]; next_page_token?: string }>(
        'metrics/get-history',
        { run_id: runId, metric_key: key, max_results: HISTORY_PAGE, page_token: pageToken },
      );
      history.push(...(response.metrics ?? []).map(metricFromWire));
      pageToken = response.next_page_token || undefined;
    } while (pageToken);
    return history;
  }

  invalidate(): void {
    // Every call asks the server; there is nothing cached to drop.
  }

  async close(): Promise<void> {}
}

function page<T>(items: T[], nextPageToken: string | undefined): Page<T> {
  return nextPageToken ? { items, nextPageToken } : { items };
}
