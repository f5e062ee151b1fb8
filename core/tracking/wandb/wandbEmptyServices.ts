// W&B run folders hold no MLflow traces or logged models: their services answer with nothing rather than an error,
// so the Traces view and a run's logged models simply show none for a W&B location.
import type { LoggedModel, LoggedModelStore, SearchLoggedModelsRequest } from '../../loggedModels/loggedModel';
import type { SearchTracesRequest, Trace, TraceInfo, TraceStore } from '../../traces/trace';
import { type Page, StoreError, type StoreWarning } from '../store';

export class WandbTraceStore implements TraceStore {
  readonly kind = 'wandb' as const;
  readonly warnings: readonly StoreWarning[] = [];
  constructor(readonly location: string) {}
  async searchTraces(_request: SearchTracesRequest): Promise<Page<TraceInfo>> {
    return { items: [] };
  }
  async getTraceInfo(traceId: string): Promise<TraceInfo> {
    throw this.missing(traceId);
  }
  async getTrace(traceId: string): Promise<Trace> {
    throw this.missing(traceId);
  }
  async close(): Promise<void> {}
  private missing(traceId: string): StoreError {
    return new StoreError(`No trace '${traceId}' in ${this.location}: W&B folders hold no MLflow traces.`, this.location, 'NOT_FOUND');
  }
}

export class WandbLoggedModelStore implements LoggedModelStore {
  readonly kind = 'wandb' as const;
  readonly warnings: readonly StoreWarning[] = [];
  constructor(readonly location: string) {}
  async searchLoggedModels(_request: SearchLoggedModelsRequest): Promise<Page<LoggedModel>> {
    return { items: [] };
  }
  async getLoggedModel(modelId: string): Promise<LoggedModel> {
    throw new StoreError(`No logged model '${modelId}' in ${this.location}: W&B folders hold no MLflow logged models.`, this.location, 'NOT_FOUND');
  }
  async modelsOfRun(): Promise<LoggedModel[]> {
    return [];
  }
  async close(): Promise<void> {}
}
