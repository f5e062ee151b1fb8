// What the Data view, the Explorer decorations and the pipeline panel show, read from core/data once and then kept
// fresh: pointer files, dvc.lock/dvc.yaml and git HEAD changes rescan the workspace; changes to tracked files only
// recompute their status. Watchers exist only once something asked for the data (never during activation).
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import * as vscode from 'vscode';
import { buildPipelineDag, type PipelineDag } from '../../core/data/dag';
import { type DataVersion, listVersions } from '../../core/data/history';
import { type OutputStatus, workspaceStatus } from '../../core/data/status';
import { type DvcWorkspace, scanWorkspace, type TrackedOutput } from '../../core/dvc/workspace';
import { CoalescingScheduler } from '../../core/scheduling/coalescingScheduler';
import type { MlopsLog } from '../output';

/** One workspace folder's DVC content. */
export interface FolderData {
  folder: vscode.WorkspaceFolder;
  workspace: DvcWorkspace;
}

type ChangeKind = 'scan' | 'status';

// Watcher storms (a training loop rewriting outputs, a branch switch rewriting pointers) become one refresh.
const REFRESH_DELAY_MS = 300;

export class DataState implements vscode.Disposable {
  private folders: FolderData[] = [];
  private statuses = new Map<string, OutputStatus>();
  private versions = new Map<string, Promise<DataVersion[]>>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after every refresh with the absolute paths whose status may have changed. */
  private readonly statusChanged = new vscode.EventEmitter<string[]>();
  readonly onDidChange = this.changed.event;
  readonly onDidChangeStatus = this.statusChanged.event;
  private readonly scheduler: CoalescingScheduler<ChangeKind>;
  private readonly disposables: vscode.Disposable[] = [];
  private trackedWatchers: vscode.Disposable[] = [];

  private constructor(private readonly log: MlopsLog) {
    this.scheduler = new CoalescingScheduler<ChangeKind>(
      REFRESH_DELAY_MS,
      (keys) => this.reload(keys.has('scan') ? 'scan' : 'status'),
      (error) => this.log.error(`Data view refresh failed: ${(error as Error).message}`),
    );
  }

  static async create(log: MlopsLog): Promise<DataState> {
    const state = new DataState(log);
    await state.reload('scan');
    state.watchPointers();
    return state;
  }

  get all(): readonly FolderData[] {
    return this.folders;
  }

  get outputs(): TrackedOutput[] {
    return this.folders.flatMap((f) => f.workspace.outputs);
  }

  statusOf(absPath: string): OutputStatus | undefined {
    return this.statuses.get(absPath);
  }

  /** The pipeline graph of each workspace folder that has one. */
  dags(): { folder: vscode.WorkspaceFolder; dag: PipelineDag }[] {
    return this.folders.filter((f) => f.workspace.pipelines.length > 0).map((f) => ({ folder: f.folder, dag: buildPipelineDag(f.workspace) }));
  }

  /** Versions newest first; read from git once per scan. */
  versionsOf(output: TrackedOutput): Promise<DataVersion[]> {
    let versions = this.versions.get(output.absPath);
    if (!versions) {
      versions = listVersions({ projectRoot: output.project.root, pointer: output.pointer, pointerPath: output.pointerPath });
      this.versions.set(output.absPath, versions);
      versions.catch(() => this.versions.delete(output.absPath));
    }
    return versions;
  }

  refresh(): Promise<void> {
    this.scheduler.schedule('scan');
    return this.scheduler.idle();
  }

  /** Recompute statuses now (after our own checkout), without waiting for the watchers. */
  async refreshStatus(): Promise<void> {
    this.scheduler.schedule('status');
    await this.scheduler.idle();
  }

  dispose(): void {
    this.scheduler.dispose();
    for (const d of [...this.disposables, ...this.trackedWatchers]) d.dispose();
    this.changed.dispose();
    this.statusChanged.dispose();
  }

  private async reload(kind: ChangeKind): Promise<void> {
    const before = new Set(this.statuses.keys());
    if (kind === 'scan') {
      this.folders = (vscode.workspace.workspaceFolders ?? []).flatMap((folder) => this.scan(folder));
      this.versions.clear();
      this.watchTracked();
    }
    this.statuses = new Map();
    for (const { workspace } of this.folders) {
      const statuses = workspaceStatus(workspace);
      for (const [i, output] of workspace.outputs.entries()) this.statuses.set(output.absPath, statuses[i]!);
    }
    this.changed.fire();
    this.statusChanged.fire([...new Set([...before, ...this.statuses.keys()])]);
  }

  private scan(folder: vscode.WorkspaceFolder): FolderData[] {
    if (folder.uri.scheme !== 'file') return [];
    try {
      const workspace = scanWorkspace(folder.uri.fsPath);
      for (const problem of workspace.problems) {
        this.log.warn(`${posix.join(folder.name, problem.file)}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`);
      }
      return workspace.outputs.length > 0 || workspace.pipelines.length > 0 ? [{ folder, workspace }] : [];
    } catch (error) {
      this.log.error(`Could not read DVC files in ${folder.uri.fsPath}: ${(error as Error).message}`);
      return [];
    }
  }

  private watchPointers(): void {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const glob of ['**/*.dvc', '**/dvc.lock', '**/dvc.yaml', '**/.dvc/config']) {
        this.watch(new vscode.RelativePattern(folder, glob), 'scan', this.disposables);
      }
      // HEAD moves on checkout and reset; a commit only appends to logs/HEAD (HEAD itself still names the branch).
      const gitDir = folder.uri.scheme === 'file' ? findGitDir(folder.uri.fsPath) : undefined;
      if (gitDir) this.watch(new vscode.RelativePattern(vscode.Uri.file(gitDir), '{HEAD,logs/HEAD}'), 'scan', this.disposables);
      // Params change a stage's staleness in the pipeline view without changing any tracked output.
      this.watch(new vscode.RelativePattern(folder, '**/params.yaml'), 'status', this.disposables);
    }
    this.disposables.push(vscode.workspace.onDidChangeWorkspaceFolders(() => this.scheduler.schedule('scan')));
  }

  private watchTracked(): void {
    for (const d of this.trackedWatchers) d.dispose();
    this.trackedWatchers = [];
    for (const output of this.outputs) {
      const uri = vscode.Uri.file(output.absPath);
      this.watch(new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), posix.basename(uri.path)), 'status', this.trackedWatchers);
      if (output.entry.isDir) this.watch(new vscode.RelativePattern(uri, '**/*'), 'status', this.trackedWatchers);
    }
  }

  private watch(pattern: vscode.RelativePattern, kind: ChangeKind, into: vscode.Disposable[]): void {
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    const schedule = () => this.scheduler.schedule(kind);
    into.push(watcher, watcher.onDidChange(schedule), watcher.onDidCreate(schedule), watcher.onDidDelete(schedule));
  }
}

/** The git directory of the repository holding `folder` (which may sit below its root); worktrees name it in a `.git` file. */
function findGitDir(folder: string): string | undefined {
  for (let dir = folder; ; dir = dirname(dir)) {
    const dotGit = join(dir, '.git');
    const stats = statSync(dotGit, { throwIfNoEntry: false });
    if (stats?.isDirectory()) return dotGit;
    if (stats?.isFile()) {
      const target = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
      return target ? resolve(dir, target) : undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}
