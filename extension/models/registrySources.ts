// Which registries the Models view reads, decided as MLflow decides the registry URI: the mlops.trackingUri setting,
// else MLFLOW_REGISTRY_URI, else MLFLOW_TRACKING_URI, else every store found in the workspace folder (mlflow.db and
// mlruns/ both, since the demo and many real projects hold two). Opening is cheap; reads happen on first use.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { JOURNAL_PATH, PromotionJournal } from '../../core/registry/journal';
import { openRegistry } from '../../core/registry/open';
import { canonicalTrackingUri } from '../../core/tracking/uri';
import { loadPolicy, POLICY_PATH } from '../../core/registry/policy';
import type { PromotionContext } from '../../core/registry/promotion';
import type { ModelRegistry } from '../../core/registry/registry';
import { restAuthFromEnv } from '../../core/registry/restRegistry';
import { openRunMetrics } from '../../core/registry/runMetrics';
import { openTrackingStore } from '../../core/tracking/open';
import { restOptionsFromEnv } from '../../core/tracking/rest/client';
import type { TrackingStore } from '../../core/tracking/store';
import { detectStores, parseTrackingUri, type TrackingLocation } from '../../core/tracking/uri';

export class RegistrySource implements vscode.Disposable {
  private openedRegistry: ModelRegistry | undefined;
  private openedTracking: TrackingStore | undefined;

  constructor(
    readonly uri: string,
    readonly location: TrackingLocation,
    /** The workspace folder: the policy and the promotion journal live under its .mlops/. */
    readonly folder: string,
  ) {}

  /** What the tree shows for the store: its file or folder name, or the server URL. */
  get label(): string {
    if (this.location.kind === 'rest') return this.location.baseUrl;
    const path = this.location.kind === 'file' ? this.location.root : this.location.path;
    return path.split(/[\\/]/).pop() ?? path;
  }

  /** One spelling per store, also the id tree items and panels use. */
  get key(): string {
    return canonicalTrackingUri(this.location);
  }

  get registry(): ModelRegistry {
    this.openedRegistry ??= openRegistry(this.location, { auth: restAuthFromEnv(process.env) });
    return this.openedRegistry;
  }

  get tracking(): TrackingStore {
    this.openedTracking ??= openTrackingStore(this.location, { rest: restOptionsFromEnv(process.env) });
    return this.openedTracking;
  }

  /** Policy and journal are read fresh for every promotion, so edits to promotion.yaml apply at once. */
  promotionContext(): PromotionContext {
    return {
      registry: this.registry,
      metrics: openRunMetrics(this.location, restAuthFromEnv(process.env)),
      policy: loadPolicy(join(this.folder, POLICY_PATH)),
      journal: new PromotionJournal(join(this.folder, JOURNAL_PATH)),
      store: this.key,
    };
  }

  /** The params of a version's run, {} when the version has no run or the run is gone. */
  async runParams(runId: string): Promise<Record<string, string>> {
    if (!runId) return {};
    try {
      const run = await this.tracking.getRun(runId);
      return Object.fromEntries(run.data.params.map((p) => [p.key, p.value]));
    } catch {
      return {};
    }
  }

  dispose(): void {
    this.openedRegistry?.close();
    void this.openedTracking?.close();
  }
}

export interface ResolvedSources {
  sources: RegistrySource[];
  /** A tracking URI that cannot be parsed, with the fix (from TrackingUriError). */
  errors: string[];
}

export function resolveRegistrySources(): ResolvedSources {
  const sources: RegistrySource[] = [];
  const errors: string[] = [];
  const add = (uri: string, folder: string) => {
    try {
      const source = new RegistrySource(uri, parseTrackingUri(uri, folder), folder);
      if (!sources.some((s) => s.key === source.key)) sources.push(source);
    } catch (error) {
      errors.push((error as Error).message);
    }
  };
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const cwd = folder.uri.fsPath;
    const explicit =
      vscode.workspace.getConfiguration('mlops', folder.uri).get<string>('trackingUri')?.trim() ||
      process.env.MLFLOW_REGISTRY_URI?.trim() ||
      process.env.MLFLOW_TRACKING_URI?.trim();
    if (explicit) add(explicit, cwd);
    else for (const uri of detectStores(cwd)) add(uri, cwd);
  }
  return { sources, errors };
}
