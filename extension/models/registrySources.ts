// The registries the Models view reads: every location the workspace resolves for the registry role
// (extension/workspace), each opened on first use with the one connection every view shares.
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { JOURNAL_PATH, PromotionJournal } from '../../core/registry/journal';
import { loadPolicy, POLICY_PATH } from '../../core/registry/policy';
import type { LoggedModelStore } from '../../core/loggedModels/loggedModel';
import type { PromotionContext } from '../../core/registry/promotion';
import type { ModelRegistry } from '../../core/registry/registry';
import type { TrackingStore } from '../../core/tracking/store';
import { locationName, type WorkspaceLocation } from '../../core/workspace/location';
import { type LocationServices, openLocation } from '../../core/workspace/open';
import type { WorkspaceLocations } from '../workspace/workspaceLocations';

export class RegistrySource {
  /** Opening does no I/O; each service opens on first use. */
  private readonly services: LocationServices;

  constructor(readonly location: WorkspaceLocation) {
    this.services = openLocation(location);
  }

  /** The URI as written (setting, variable or discovered file). */
  get uri(): string {
    return this.location.uri;
  }

  /** The workspace folder: the policy and the promotion journal live under its .mlops/. */
  get folder(): string {
    return this.location.folder;
  }

  /** What the tree shows for the store: its file or folder name, or the server URL. */
  get label(): string {
    return locationName(this.location);
  }

  /** The same store reached the same way (credentials and transport included). */
  opensSameAs(other: RegistrySource): boolean {
    return other.key === this.key && isDeepStrictEqual(other.location.connection, this.location.connection);
  }

  /** One spelling per store, also the id tree items and panels use. */
  get key(): string {
    return this.location.key;
  }

  get registry(): ModelRegistry {
    return this.services.registry;
  }

  get tracking(): TrackingStore {
    return this.services.tracking;
  }

  get loggedModels(): LoggedModelStore {
    return this.services.loggedModels;
  }

  /** Policy and journal are read fresh for every promotion, so edits to promotion.yaml apply at once. */
  promotionContext(): PromotionContext {
    return {
      registry: this.registry,
      metrics: this.services.runMetrics,
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
    void this.services.close();
  }
}

export interface ResolvedSources {
  sources: RegistrySource[];
  /** A tracking URI that cannot be parsed, with the fix (from TrackingUriError). */
  errors: string[];
}

export async function resolveRegistrySources(workspace: WorkspaceLocations): Promise<ResolvedSources> {
  const { locations, problems } = await workspace.resolve('registry');
  return { sources: locations.map((location) => new RegistrySource(location)), errors: problems.map((p) => p.message) };
}
