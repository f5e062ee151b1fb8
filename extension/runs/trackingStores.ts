// The tracking stores the Runs view shows: every location the workspace resolves (extension/workspace), opened.
// A folder may hold mlflow.db and mlruns/ side by side; both are shown. Each local store is watched; a watcher storm
// becomes one invalidate + one change event through the CoalescingScheduler.
import { sep } from 'node:path';
import * as vscode from 'vscode';
import { CoalescingScheduler } from '../../core/scheduling/coalescingScheduler';
import type { TrackingStore } from '../../core/tracking/index';
import { locationLabel, locationWatch, type WorkspaceLocation } from '../../core/workspace/location';
import { type LocationServices, openLocation } from '../../core/workspace/open';
import type { MlopsLog } from '../output';
import type { WorkspaceLocations } from '../workspace/workspaceLocations';

const REFRESH_DELAY_MS = 300;

export interface StoreEntry {
  /** Canonical URI of the store's location (as detectStores writes it); tree ids and open plots key on it. */
  uri: string;
  /** Folder name (multi-root) plus the store's file, folder or URL. */
  label: string;
  store?: TrackingStore;
  /** Every service of the location (traces, logged models), opened on first use; store is its tracking. */
  services?: LocationServices;
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
    private readonly workspace: WorkspaceLocations,
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
    await Promise.all(old.map((e) => (e.services ?? e.store)?.close().catch(() => undefined)));
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
    for (const entry of this.entries ?? []) void (entry.services ?? entry.store)?.close().catch(() => undefined);
  }

  private async open(): Promise<StoreEntry[]> {
    const { locations, problems, discoveryFolders } = await this.workspace.resolve('tracking');
    // A store created after the view opened (the first `mlflow.start_run()`) must appear without a reload.
    for (const folder of discoveryFolders) this.watchForNewStores(vscode.Uri.file(folder));
    const broken = problems.map((problem): StoreEntry => {
      this.log.error(problem.message);
      return { uri: problem.uri, label: problem.uri, openError: problem.message };
    });
    return [...locations.map((location) => this.openOne(location)), ...broken];
  }

  private openOne(location: WorkspaceLocation): StoreEntry {
    const label = `${location.folderName ? `${location.folderName}: ` : ''}${locationLabel(location)}`;
    try {
      const services = openLocation(location);
      const store = services.tracking;
      const watched = locationWatch(location);
      if (watched) this.watch(new vscode.RelativePattern(vscode.Uri.file(watched.folder), watched.glob));
      return { uri: location.key, store, services, label };
    } catch (error) {
      const message = `Cannot open tracking store ${location.uri}: ${(error as Error).message}`;
      this.log.error(message);
      return { uri: location.key, label, openError: message };
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

