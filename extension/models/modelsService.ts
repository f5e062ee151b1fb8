// One read of every registry the workspace has, shared by the Models tree, the commands and the promotion panel.
// Writes call refresh(), which drops the read and fires onDidChange, so every view updates at once.
import * as vscode from 'vscode';
import { type LoggedModelGroups, loggedModelGroups } from '../../core/loggedModels/loggedModelGroups';
import { compareVersions, type ModelVersion, type RegisteredModel, splitPrompts } from '../../core/registry/registry';
import type { MlopsLog } from '../output';
import type { WorkspaceLocations } from '../workspace/workspaceLocations';
import { type RegistrySource, resolveRegistrySources } from './registrySources';

export interface StoreSnapshot {
  source: RegistrySource;
  models: RegisteredModel[];
  prompts: RegisteredModel[];
  /** Versions per registered model name, newest first. */
  versions: Map<string, ModelVersion[]>;
  /** MLflow 3 logged models by experiment; empty for stores older than MLflow 3. */
  loggedModels: LoggedModelGroups;
  /** Why the logged models could not be read (the registry may still be fine). */
  loggedModelsError?: string;
  error?: string;
}

export interface RegistrySnapshot {
  stores: StoreSnapshot[];
  /** Unparseable tracking URIs, each with what to do. */
  errors: string[];
}

export class ModelsService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private current: Promise<RegistrySnapshot> | undefined;
  private sources: RegistrySource[] = [];

  constructor(
    private readonly log: MlopsLog,
    private readonly workspace: WorkspaceLocations,
  ) {}

  /** The registries as last read; the first call (when the view first shows) does the reading. */
  snapshot(): Promise<RegistrySnapshot> {
    this.current ??= this.read();
    return this.current;
  }

  /** Re-resolves the stores (settings may have changed) and re-reads them on next use. */
  refresh(): void {
    this.current = undefined;
    this.changed.fire();
  }

  async store(key: string): Promise<StoreSnapshot | undefined> {
    return (await this.snapshot()).stores.find((s) => s.source.key === key);
  }

  private async read(): Promise<RegistrySnapshot> {
    const { sources: resolved, errors } = await resolveRegistrySources(this.workspace);
    // Keep the open stores that are still configured alike: a promotion may be using one while the view refreshes.
    // A store whose credentials changed (a token was set) is opened again with them.
    const sources = resolved.map((fresh) => this.sources.find((s) => s.opensSameAs(fresh)) ?? fresh);
    for (const source of this.sources) if (!sources.includes(source)) source.dispose();
    this.sources = sources;
    for (const error of errors) this.log.error(error);
    const stores = await Promise.all(sources.map((source) => readStore(source)));
    for (const store of stores) if (store.error) this.log.error(`${store.source.uri}: ${store.error}`);
    for (const store of stores) if (store.loggedModelsError) this.log.error(`${store.source.uri}: logged models: ${store.loggedModelsError}`);
    return { stores, errors };
  }

  dispose(): void {
    for (const source of this.sources) source.dispose();
    this.changed.dispose();
  }
}

async function readStore(source: RegistrySource): Promise<StoreSnapshot> {
  const noLoggedModels: LoggedModelGroups = { groups: [], truncated: false };
  const empty = { source, models: [], prompts: [], versions: new Map<string, ModelVersion[]>(), loggedModels: noLoggedModels };
  const logged = loggedModelGroups(source.tracking, source.loggedModels).then(
    (loggedModels) => ({ loggedModels }),
    (error: Error) => ({ loggedModels: noLoggedModels, loggedModelsError: error.message }),
  );
  try {
    const [all, versions] = await Promise.all([source.registry.listModels(), source.registry.listVersions()]);
    const byModel = new Map<string, ModelVersion[]>();
    for (const version of [...versions].sort(compareVersions)) {
      const list = byModel.get(version.name) ?? [];
      list.push(version);
      byModel.set(version.name, list);
    }
    return { ...splitPrompts(all), source, versions: byModel, ...(await logged) };
  } catch (error) {
    return { ...empty, ...(await logged), error: (error as Error).message };
  }
}
