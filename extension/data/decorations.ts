// Status badges on tracked paths, in the Explorer and in the Data view (whose output items carry the real file URI).
// The first decoration request starts loading the data; until it is there, nothing is decorated.
import * as vscode from 'vscode';
import type { DataStatus } from '../../core/data/status';
import type { DataState } from './dataState';
import { STATUS_TEXT } from './dataTree';

const BADGES: Record<Exclude<DataStatus, 'unchanged'>, { badge: string; color: string }> = {
  modified: { badge: 'M', color: 'gitDecoration.modifiedResourceForeground' },
  missing: { badge: '!', color: 'gitDecoration.deletedResourceForeground' },
  not_in_cache: { badge: 'NC', color: 'gitDecoration.ignoredResourceForeground' },
};

export class DataDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private state: DataState | undefined;
  private subscription: vscode.Disposable | undefined;

  constructor(private readonly load: () => Promise<DataState>) {}

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== 'file') return undefined;
    if (!this.state) {
      this.start();
      return undefined;
    }
    const status = this.state.statusOf(uri.fsPath)?.status;
    if (!status || status === 'unchanged') return undefined;
    const { badge, color } = BADGES[status];
    return new vscode.FileDecoration(badge, `DVC: ${STATUS_TEXT[status]}`, new vscode.ThemeColor(color));
  }

  dispose(): void {
    this.subscription?.dispose();
    this.changed.dispose();
  }

  private starting = false;

  private start(): void {
    if (this.starting) return;
    this.starting = true;
    void this.load().then(
      (state) => {
        this.state = state;
        this.subscription = state.onDidChangeStatus((paths) => this.changed.fire(paths.map((p) => vscode.Uri.file(p))));
        this.changed.fire(undefined);
      },
      () => {
        this.starting = false;
      },
    );
  }
}
