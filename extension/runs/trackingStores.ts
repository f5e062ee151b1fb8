// The tracking stores the Runs view shows, chosen as MLflow chooses (core/tracking/uri.ts): per workspace folder the
// folder's `mlops.trackingUri`, else MLFLOW_TRACKING_URI, else every store found in the folder (a workspace may hold
// mlflow.db and mlruns/ side by side; both are shown). Each local store is watched; a watcher storm becomes one
// invalidate + one change event through the CoalescingScheduler.
import { basename, dirname, sep } from 'node:path';
import * as vscode from 'vscode';
import { CoalescingScheduler } from '../../core/scheduling/coalescingScheduler';
import {
  canonicalTrackingUri,
  detectStores,
  openTrackingStore,
  parseTrackingUri,
  restOptionsFromEnv,
  type TrackingLocation,
  type TrackingStore,
} from '../../core/tracking/index';
import type { MlopsLog } from '../output';

/** SecretStorage key of the REST bearer token (set by mlops.setTrackingToken; never in settings). */
export const TRACKING_TOKEN_SECRET = 'mlops.trackingToken';
const REFRESH_DELAY_MS = 300;

export interface StoreEntry {
  /** Canonical URI of the store's location (as detectStores writes it); tree ids and open plots key on it. */
  uri: string;
  /** Folder name (multi-root) plus the store's file, folder or URL. */
  label: string;
  store?: TrackingStore;
  /** Why the store could not be opened (bad URI, missing driver); shown as the store's one node. */
  openError?: string;
}

export class TrackingStores implements vscode.Disposable {
  private entries: StoreEntry[] | undefined;
  private opening: Promise<StoreEntry[]> | undefined;
  private watchers: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<StoreEntry[]>();
  /** Fires after stores were invalidated by file changes, with the stores that changed. */
  readonly onDidChange = this.changed.event;
  private readonly storesChanged = new vscode.EventEmitter<void>();
  /** Fires when a store appears in or disappears from a workspace folder: the caller re-resolves (reset()). */
  readonly onDidChangeStores = this.storesChanged.event;
  private readonly scheduler = new CoalescingScheduler<string>(REFRESH_DELAY_MS, (paths) => this.invalidate([...paths]));

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: MlopsLog,
  ) {}

  /** Resolves and opens the stores on first use (never during activation: this does file I/O). */
  list(): Promise<StoreEntry[]> {
    // One resolution shared by every caller that asks while it runs (the tree and a command at once).
    this.opening ??= this.open().then((entries) => {
      this.entries = entries;
      return entries;
    });
    return this.opening;
  }

  find(uri: string): StoreEntry | undefined {
    return this.entries?.find((e) => e.uri === uri);
  }

  /** Closes every store and resolves again on the next list() (settings, token or folders changed). */
  async reset(): Promise<void> {
    const old = (await this.opening?.catch(() => undefined)) ?? [];
    this.opening = undefined;
    this.entries = undefined;
    this.disposeWatchers();
    await Promise.all(old.map((e) => e.store?.close().catch(() => undefined)));
  }

  /** Waits until queued file changes have been applied (tests). */
  idle(): Promise<void> {
    return this.scheduler.idle();
  }

  dispose(): void {
    this.scheduler.dispose();
    this.disposeWatchers();
    this.changed.dispose();
    this.storesChanged.dispose();
    for (const entry of this.entries ?? []) void entry.store?.close().catch(() => undefined);
  }

  private async open(): Promise<StoreEntry[]> {
    const token = await this.secrets.get(TRACKING_TOKEN_SECRET);
    const folders = vscode.workspace.workspaceFolders ?? [];
    const multiRoot = folders.length > 1;
    const wanted: Array<{ uri: string; cwd: string; folderName?: string }> = [];
    if (folders.length === 0) {
      const explicit = this.explicitUri(undefined);
      if (explicit) wanted.push({ uri: explicit, cwd: process.cwd() });
    }
    for (const folder of folders) {
      const cwd = folder.uri.fsPath;
      const explicit = this.explicitUri(folder.uri);
      // A store created after the view opened (the first `mlflow.start_run()`) must appear without a reload.
      if (!explicit) this.watchForNewStores(folder.uri);
      const uris = explicit ? [explicit] : detectStores(cwd);
      for (const uri of uris) wanted.push({ uri, cwd, ...(multiRoot ? { folderName: folder.name } : {}) });
    }
    const seen = new Set<string>();
    const entries: StoreEntry[] = [];
    for (const want of wanted) {
      const entry = this.openOne(want.uri, want.cwd, want.folderName, token, seen);
      if (entry) entries.push(entry);
    }
    return entries;
  }

  private explicitUri(scope: vscode.Uri | undefined): string | undefined {
    const setting = vscode.workspace.getConfiguration('mlops', scope).get<string>('trackingUri')?.trim();
    return setting || process.env.MLFLOW_TRACKING_URI?.trim() || undefined;
  }

  /** Opens one store, or returns undefined when `seen` already holds the same location (two folders, one store). */
  private openOne(uri: string, cwd: string, folderName: string | undefined, token: string | undefined, seen: Set<string>): StoreEntry | undefined {
    const prefix = folderName ? `${folderName}: ` : '';
    let location: TrackingLocation;
    try {
      location = parseTrackingUri(uri, cwd);
    } catch (error) {
      const message = `Cannot open tracking store ${uri}: ${(error as Error).message}`;
      this.log.error(message);
      return { uri, label: `${prefix}${uri}`, openError: message };
    }
    const canonical = canonicalTrackingUri(location);
    if (seen.has(canonical)) return undefined;
    seen.add(canonical);
    try {
      // A tree waiting on a dead server should say so in seconds, not after MLflow's 120 s timeout and 5 retries;
      // MLFLOW_HTTP_REQUEST_TIMEOUT / _MAX_RETRIES still win when set.
      const rest = { timeoutMs: 15_000, maxRetries: 1, backoffMs: 300, ...restOptionsFromEnv(process.env), ...(token ? { token } : {}) };
      const store = openTrackingStore(location, { rest, busyTimeoutMs: 2000 });
      if (location.kind === 'file') this.watch(new vscode.RelativePattern(vscode.Uri.file(location.root), '**'));
      // The -wal and -shm files change on every committed write in WAL mode; the main file may not.
      if (location.kind === 'sqlite') this.watch(new vscode.RelativePattern(vscode.Uri.file(dirname(location.path)), `${basename(location.path)}*`));
      return { uri: canonical, store, label: `${prefix}${storeLabel(location)}` };
    } catch (error) {
      const message = `Cannot open tracking store ${uri}: ${(error as Error).message}`;
      this.log.error(message);
      return { uri: canonical, label: `${prefix}${uri}`, openError: message };
    }
  }

  private watchForNewStores(folder: vscode.Uri): void {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '{mlflow.db,mlruns}'), false, true, false);
    const changed = () => this.storesChanged.fire();
    this.watchers.push(watcher, watcher.onDidCreate(changed), watcher.onDidDelete(changed));
  }

  private watch(pattern: vscode.RelativePattern): void {
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    const queue = (uri: vscode.Uri) => this.scheduler.schedule(uri.fsPath);
    this.watchers.push(watcher, watcher.onDidChange(queue), watcher.onDidCreate(queue), watcher.onDidDelete(queue));
  }

  private invalidate(paths: string[]): void {
    const touched = (this.entries ?? []).filter((entry) => {
      const store = entry.store;
      if (!store || store.kind === 'rest') return false;
      const base = store.kind === 'sqlite' ? store.location : store.location + sep;
      return paths.some((p) => p.startsWith(base) || p === store.location);
    });
    for (const entry of touched) entry.store!.invalidate(entry.store!.kind === 'file' ? paths : undefined);
    if (touched.length > 0) this.changed.fire(touched);
  }

  private disposeWatchers(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
  }
}


function storeLabel(location: TrackingLocation): string {
  switch (location.kind) {
    case 'file':
      return `${basename(location.root)} (mlruns)`;
    case 'sqlite':
      return `${basename(location.path)} (sqlite)`;
    case 'rest':
      return `${location.baseUrl} (server)`;
  }
}
