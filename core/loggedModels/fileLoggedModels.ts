// Logged models in an mlruns/ folder (MLflow 3's FileStore): `<experiment>/models/m-<hex>/` with meta.yaml
// (model_id, name, source_run_id, status as its number, creation_timestamp, …), params/<key>, tags/<key> and
// metrics/<key> lines `timestamp value step run_id [dataset_name dataset_digest]`; a run lists what it produced in
// `<run>/outputs/<m-id>/meta.yaml`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MetaError, parseMeta } from '../tracking/file/meta';
import { parseMetricValue } from '../tracking/file/metricFile';
import { isMissingFile, isPlainName, listKeys, subfolders } from '../tracking/file/storedFiles';
import { paginate } from '../tracking/search/evaluate';
import { type Page, StoreError, type StoreWarning } from '../tracking/store';
import {
  compareLoggedModels,
  type LoggedModel,
  type LoggedModelMetric,
  type LoggedModelStore,
  loggedModelStatus,
  SEARCH_LOGGED_MODELS_DEFAULT_MAX_RESULTS,
  type SearchLoggedModelsRequest,
} from './loggedModel';

export class FileLoggedModelStore implements LoggedModelStore {
  readonly kind = 'file' as const;
  private readWarnings: StoreWarning[] = [];

  constructor(readonly location: string) {}

  get warnings(): readonly StoreWarning[] {
    return this.readWarnings;
  }

  async searchLoggedModels(request: SearchLoggedModelsRequest): Promise<Page<LoggedModel>> {
    this.readWarnings = [];
    const models = request.experimentIds.flatMap((id) => this.experimentModels(id)).filter((m) => m.lifecycleStage !== 'deleted');
    const page = paginate(models.map((m) => m.model).sort(compareLoggedModels), request.pageToken, request.maxResults ?? SEARCH_LOGGED_MODELS_DEFAULT_MAX_RESULTS);
    return page.nextPageToken ? { items: page.items, nextPageToken: page.nextPageToken } : { items: page.items };
  }

  async getLoggedModel(modelId: string): Promise<LoggedModel> {
    if (isPlainName(modelId)) {
      for (const experimentId of subfolders(this.location)) {
        const found = this.readModel(join(this.location, experimentId, 'models', modelId));
        if (found) return found.model;
      }
    }
    throw new StoreError(`Logged model '${modelId}' not found in ${this.location}.`, this.location, 'NOT_FOUND');
  }

  async modelsOfRun(runId: string, experimentId: string): Promise<LoggedModel[]> {
    if (!isPlainName(runId) || !isPlainName(experimentId)) return [];
    const outputs = new Set(subfolders(join(this.location, experimentId, runId, 'outputs')));
    return this.experimentModels(experimentId)
      .filter((m) => m.lifecycleStage !== 'deleted' && (m.model.sourceRunId === runId || outputs.has(m.model.modelId)))
      .map((m) => m.model)
      .sort(compareLoggedModels);
  }

  async close(): Promise<void> {}

  private experimentModels(experimentId: string): Array<{ model: LoggedModel; lifecycleStage: string }> {
    if (!isPlainName(experimentId)) return [];
    const dir = join(this.location, experimentId, 'models');
    return subfolders(dir).flatMap((name) => {
      const found = this.readModel(join(dir, name));
      return found ? [found] : [];
    });
  }

  private readModel(dir: string): { model: LoggedModel; lifecycleStage: string } | undefined {
    const metaPath = join(dir, 'meta.yaml');
    let meta: Record<string, unknown>;
    try {
      meta = parseMeta(readFileSync(metaPath, 'utf8'));
    } catch (error) {
      if (isMissingFile(error)) return undefined;
      this.readWarnings.push({ path: metaPath, message: (error as Error).message, ...(error instanceof MetaError && error.line ? { line: error.line } : {}) });
      return undefined;
    }
    if (typeof meta.model_id !== 'string') return undefined;
    const model: LoggedModel = {
      modelId: meta.model_id,
      name: text(meta.name) ?? '',
      experimentId: text(meta.experiment_id) ?? '',
      sourceRunId: text(meta.source_run_id),
      status: loggedModelStatus(meta.status),
      statusMessage: text(meta.status_message),
      creationTimestampMs: Number(meta.creation_timestamp ?? meta.creation_timestamp_ms ?? 0),
      lastUpdatedTimestampMs: meta.last_updated_timestamp === undefined || meta.last_updated_timestamp === null ? null : Number(meta.last_updated_timestamp),
      artifactLocation: text(meta.artifact_location) ?? '',
      modelType: text(meta.model_type),
      metrics: this.readMetrics(join(dir, 'metrics')),
      params: readKeyFiles(join(dir, 'params')),
      tags: readKeyFiles(join(dir, 'tags')),
    };
    return { model, lifecycleStage: text(meta.lifecycle_stage) ?? 'active' };
  }

  private readMetrics(dir: string): LoggedModelMetric[] {
    const metrics: LoggedModelMetric[] = [];
    for (const key of listKeys(dir).sort()) {
      const path = join(dir, key);
      readFileSync(path, 'utf8')
        .split('\n')
        .forEach((line, index) => {
          if (line.trim() === '') return;
          const [timestamp, value, step, runId, datasetName, datasetDigest] = line.trim().split(/\s+/);
          const parsed = value === undefined ? undefined : parseMetricValue(value);
          if (parsed === undefined || !Number.isFinite(Number(timestamp))) {
            this.readWarnings.push({ path, line: index + 1, message: `metric line '${line}' is not 'timestamp value step run_id'; skipped` });
            return;
          }
          metrics.push({
            key,
            value: parsed,
            step: Number(step ?? 0),
            timestamp: Number(timestamp),
            runId: runId ?? null,
            datasetName: datasetName ?? null,
            datasetDigest: datasetDigest ?? null,
          });
        });
    }
    return metrics;
  }
}

function readKeyFiles(folder: string): Record<string, string> {
  return Object.fromEntries(listKeys(folder).sort().map((key) => [key, readFileSync(join(folder, key), 'utf8')]));
}

function text(value: unknown): string | null {
  return value === null || value === undefined || value === '' ? null : String(value);
}
