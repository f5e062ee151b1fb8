// Logged models on a tracking server (MLflow >= 3.0): POST api/2.0/mlflow/logged-models/search and
// GET api/2.0/mlflow/logged-models/<id>, through the location's one REST client.
import type { MlflowRestClient } from '../rest/client';
import type { Page, StoreWarning } from '../tracking/store';
import {
  compareLoggedModels,
  type LoggedModel,
  type LoggedModelStore,
  SEARCH_LOGGED_MODELS_DEFAULT_MAX_RESULTS,
  type SearchLoggedModelsRequest,
} from './loggedModel';
import { loggedModelFromWire, type WireLoggedModel } from './loggedModelWire';

export class RestLoggedModelStore implements LoggedModelStore {
  readonly kind = 'rest' as const;
  readonly warnings: readonly StoreWarning[] = [];
  readonly location: string;

  constructor(private readonly client: MlflowRestClient) {
    this.location = client.baseUrl;
  }

  async searchLoggedModels(request: SearchLoggedModelsRequest): Promise<Page<LoggedModel>> {
    const body: Record<string, unknown> = {
      experiment_ids: request.experimentIds,
      max_results: request.maxResults ?? SEARCH_LOGGED_MODELS_DEFAULT_MAX_RESULTS,
    };
    if (request.pageToken) body.page_token = request.pageToken;
    const response = await this.client.post<{ models?: WireLoggedModel[]; next_page_token?: string }>('logged-models/search', body);
    const items = toModels(response.models);
    return response.next_page_token ? { items, nextPageToken: response.next_page_token } : { items };
  }

  async getLoggedModel(modelId: string): Promise<LoggedModel> {
    const response = await this.client.get<{ model?: WireLoggedModel }>(`logged-models/${encodeURIComponent(modelId)}`, {});
    const [model] = toModels(response.model ? [response.model] : []);
    if (!model) throw new Error(`${this.location} answered logged-models/${modelId} without a model.`);
    return model;
  }

  async modelsOfRun(runId: string, experimentId: string): Promise<LoggedModel[]> {
    const models: LoggedModel[] = [];
    let pageToken: string | undefined;
    do {
      const body: Record<string, unknown> = { experiment_ids: [experimentId], filter: `source_run_id = '${runId.replace(/'/g, '')}'` };
      if (pageToken) body.page_token = pageToken;
      const response = await this.client.post<{ models?: WireLoggedModel[]; next_page_token?: string }>('logged-models/search', body);
      models.push(...toModels(response.models));
      pageToken = response.next_page_token || undefined;
    } while (pageToken);
    return models.sort(compareLoggedModels);
  }

  async close(): Promise<void> {}
}

function toModels(wire: WireLoggedModel[] | undefined): LoggedModel[] {
  return (wire ?? []).flatMap((w) => {
    const model = loggedModelFromWire(w);
    return model ? [model] : [];
  });
}
