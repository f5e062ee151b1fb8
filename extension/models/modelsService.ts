// One read of every registry the workspace has, shared by the Models tree, the commands and the promotion panel.
// Writes call refresh(), which drops the read and fires onDidChange, so every view updates at once.
import * as vscode from 'vscode';
import { compareVersions, type ModelVersion, type RegisteredModel, splitPrompts } from '../../core/registry/registry';
import type { MlopsLog } from '../output';
import { type RegistrySource, resolveRegistrySources } from './registrySources';

export interface StoreSnapshot {
  source: RegistrySource;
  models: RegisteredModel[];
  prompts: RegisteredModel[];
  /** Versions per registered model name, newest first. */
  versions: Map<string, ModelVersion[]>;
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

  constructor(private readonly log: MlopsLog) {}

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
    const { sources: resolved, errors } = resolveRegistrySources();
    // Keep the open stores that are still configured: a promotion may be using one while the view refreshes.
    const sources = resolved.map((fresh) => this.sources.find((s) => s.key === fresh.key) ?? fresh);
    for (const source of this.sources) if (!sources.includes(source)) source.dispose();
    this.sources = sources;
    for (const error of errors) this.log.error(error);
    const stores = await Promise.all(sources.map((source) => readStore(source)));
    for (const store of stores) if (store.error) this.log.error(`${store.source.uri}: ${store.error}`);
    return { stores, errors };
  }

  dispose(): void {
    for (const source of this.sources) source.dispose();
    this.changed.dispose();
  }
}

async function readStore(source: RegistrySource): Promise<StoreSnapshot> {
  const empty = { source, models: [], prompts: [], versions: new Map<string, ModelVersion[]>() };
  try {
    const [all, versions] = await Promise.all([source.registry.listModels(), source.registry.listVersions()]);
    const byModel = new Map<string, ModelVersion[]>();
    for (const version of [...versions].sort(compareVersions)) {
      const list = byModel.get(version.name) ?? [];
      list.push(version);
      byModel.set(version.name, list);
    }
    return { ...splitPrompts(all), source, versions: byModel };
  } catch (error) {
    return { ...empty, error: (error as Error).message };
  }
}
