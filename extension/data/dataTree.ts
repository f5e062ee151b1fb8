// The Data view: DVC projects → folders → tracked outputs → their versions from git history. Only types come from
// core here; the data itself arrives through DataState, which is loaded the first time the view asks for children.
import { posix } from 'node:path';
import * as vscode from 'vscode';
import type { DataVersion } from '../../core/data/history';
import { formatByteSize } from '../../core/format/byteSize';
import { visibleText } from '../../core/format/visibleText';
import type { DataStatus } from '../../core/data/status';
import type { DvcProject, TrackedOutput } from '../../core/dvc/workspace';
import type { DataState } from './dataState';
import { outputTooltip, versionTooltip } from './tooltips';

export type DataNode =
  | { kind: 'project'; project: DvcProject; label: string; outputs: TrackedOutput[] }
  | { kind: 'folder'; folder: string; outputs: TrackedOutput[] }
  | { kind: 'output'; output: TrackedOutput }
  | { kind: 'version'; output: TrackedOutput; version: DataVersion; current: boolean }
  | { kind: 'message'; text: string; detail?: string };

export const STATUS_TEXT: Record<DataStatus, string> = {
  unchanged: 'unchanged',
  modified: 'modified',
  missing: 'missing',
  not_in_cache: 'not in cache',
};

export class DataTreeProvider implements vscode.TreeDataProvider<DataNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DataNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private subscription: vscode.Disposable | undefined;
  private loaded: DataState | undefined;

  constructor(private readonly state: () => Promise<DataState>) {}

  async getChildren(node?: DataNode): Promise<DataNode[]> {
    const state = await this.state();
    this.loaded = state;
    this.subscription ??= state.onDidChange(() => this.changed.fire(undefined));
    if (!node) return rootNodes(state);
    switch (node.kind) {
      case 'project':
        return groupByFolder(node.outputs);
      case 'folder':
        return node.outputs.map((output) => ({ kind: 'output', output }));
      case 'output':
        return versionNodes(state, node.output);
      default:
        return [];
    }
  }

  getTreeItem(node: DataNode): vscode.TreeItem {
    switch (node.kind) {
      case 'project': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = new vscode.ThemeIcon('database');
        item.tooltip = node.project.root;
        item.contextValue = 'project';
        return item;
      }
      case 'folder': {
        const item = new vscode.TreeItem(node.folder, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = vscode.ThemeIcon.Folder;
        item.contextValue = 'folder';
        return item;
      }
      case 'output':
        return this.outputItem(node.output);
      case 'version':
        return versionItem(node);
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('warning');
        if (node.detail) item.tooltip = node.detail;
        return item;
      }
    }
  }

  dispose(): void {
    this.subscription?.dispose();
    this.changed.dispose();
  }

  private outputItem(output: TrackedOutput): vscode.TreeItem {
    const item = new vscode.TreeItem(posix.basename(output.path), vscode.TreeItemCollapsibleState.Collapsed);
    // The real file's URI: the file icon theme and our FileDecorationProvider (status badge) both apply to it.
    item.resourceUri = vscode.Uri.file(output.absPath);
    item.iconPath = output.entry.isDir ? vscode.ThemeIcon.Folder : vscode.ThemeIcon.File;
    const source = output.pointer.kind === 'lock' ? `stage ${output.pointer.stage}` : output.pointer.file;
    const status = this.loaded?.statusOf(output.absPath)?.status;
    item.description = status && status !== 'unchanged' ? `${STATUS_TEXT[status]} · ${source}` : source;
    item.contextValue = output.entry.isDir ? 'output.dir' : 'output.file';
    item.tooltip = new vscode.MarkdownString(outputTooltip(output, this.loaded?.statusOf(output.absPath)?.problem));
    return item;
  }
}

function rootNodes(state: DataState): DataNode[] {
  const outputs = state.outputs;
  if (outputs.length === 0) return [];
  const projects = [...new Set(outputs.map((o) => o.project))];
  if (projects.length === 1) return groupByFolder(outputs);
  return projects.map((project) => {
    const folder = state.all.find((f) => f.workspace.projects.includes(project))?.folder;
    const relative = folder ? posix.relative(folder.uri.fsPath.split('\\').join('/'), project.root.split('\\').join('/')) : '';
    const label = folder ? posix.join(folder.name, relative) : project.root;
    return { kind: 'project', project, label, outputs: outputs.filter((o) => o.project === project) };
  });
}

/** Outputs at the project root first, then one node per folder (sorted), each listing its outputs by name. */
function groupByFolder(outputs: TrackedOutput[]): DataNode[] {
  const byFolder = new Map<string, TrackedOutput[]>();
  for (const output of [...outputs].sort((a, b) => a.path.localeCompare(b.path))) {
    const folder = posix.dirname(output.path);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), output]);
  }
  const atRoot: DataNode[] = (byFolder.get('.') ?? []).map((output) => ({ kind: 'output', output }));
  const folders: DataNode[] = [...byFolder.entries()]
    .filter(([folder]) => folder !== '.')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([folder, list]) => ({ kind: 'folder', folder, outputs: list }));
  return [...folders, ...atRoot];
}

async function versionNodes(state: DataState, output: TrackedOutput): Promise<DataNode[]> {
  try {
    const versions = await state.versionsOf(output);
    if (versions.length === 0) return [{ kind: 'message', text: 'no committed versions', detail: `${output.pointer.file} is not in git history yet: commit it to start versioning.` }];
    return versions.map((version) => ({ kind: 'version', output, version, current: version.md5 !== undefined && version.md5 === output.entry.md5 }));
  } catch (error) {
    return [{ kind: 'message', text: 'could not read git history', detail: (error as Error).message }];
  }
}

function versionItem(node: Extract<DataNode, { kind: 'version' }>): vscode.TreeItem {
  const { version } = node;
  const item = new vscode.TreeItem(`${version.commit.slice(0, 7)} ${version.date.slice(0, 10)}`, vscode.TreeItemCollapsibleState.None);
  const size = version.size !== undefined ? formatByteSize(version.size) : undefined;
  const files = version.nfiles !== undefined ? `${version.nfiles} files` : undefined;
  item.description = [node.current ? 'pointer' : undefined, size, files, visibleText(version.subject)].filter(Boolean).join(' · ');
  item.iconPath = new vscode.ThemeIcon(node.current ? 'pass-filled' : 'git-commit');
  item.contextValue = node.output.entry.isDir ? 'version.dir' : 'version.file';
  item.tooltip = new vscode.MarkdownString(versionTooltip(version, node.current));
  return item;
}
