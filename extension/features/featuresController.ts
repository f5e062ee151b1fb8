// The Features view: Feast feature repositories of the workspace folders (every feature_store.yaml), each read by
// core/feast into the tree core/feast/featuresTree decides. Refreshes when feature_store.yaml, a registry or an online
// store changes (`feast apply`, `feast materialize`), a burst of writes being one refresh.
import { dirname, relative } from 'node:path';
import * as vscode from 'vscode';
import type { EntityKeyPart } from '../../core/feast/entityKey';
import { type FeatureRepo, findFeatureRepos, openFeatureRepo } from '../../core/feast/featureRepo';
import { type FeatureTreeNode, featureViewDetails, projectTree } from '../../core/feast/featuresTree';
import { readOnlineValues, sampleEntityKeys } from '../../core/feast/onlineStore';
import { findDefinition } from '../../core/feast/pythonDefinitions';
import { CoalescingScheduler } from '../../core/scheduling/coalescingScheduler';
import type { MlopsLog } from '../output';
import { ReportDocuments } from '../reportDocuments';

/** The scheme of the read-only details and online-values pages. */
const REPORT_SCHEME = 'mlops-feast-report';

interface LoadedRepo {
  key: string;
  repo: FeatureRepo;
  root: string;
}

export class FeaturesController implements vscode.Disposable {
  private repos: LoadedRepo[] | undefined;
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/{feature_store.yaml,*.db}');
  private readonly scheduler = new CoalescingScheduler<string>(300, () => this.reload(), (e) => this.log.error(`Features view: ${(e as Error).message}`));
  private readonly reports = new ReportDocuments(REPORT_SCHEME);
  private readonly reportProvider = vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, this.reports);

  constructor(
    private readonly log: MlopsLog,
    private readonly fire: () => void,
  ) {
    const changed = (uri: vscode.Uri) => this.scheduler.schedule(uri.fsPath);
    this.watcher.onDidChange(changed);
    this.watcher.onDidCreate(changed);
    this.watcher.onDidDelete(changed);
  }

  dispose(): void {
    this.watcher.dispose();
    this.scheduler.dispose();
    this.reportProvider.dispose();
    this.reports.dispose();
  }

  private reload(): void {
    this.repos = undefined;
    this.fire();
  }

  private load(): LoadedRepo[] {
    if (this.repos) return this.repos;
    const repos: LoadedRepo[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const configFile of findFeatureRepos(folder.uri.fsPath)) {
        const repo = openFeatureRepo(configFile, folder.uri.fsPath);
        if (repo.problem) this.log.error(repo.problem);
        repos.push({ key: configFile, repo, root: folder.uri.fsPath });
      }
    }
    this.repos = repos;
    return repos;
  }

  getChildren(node: FeatureTreeNode | undefined): FeatureTreeNode[] {
    if (node) return node.children ?? [];
    const now = new Date();
    return this.load().map(({ key, repo, root }) => {
      const where = relative(root, dirname(key)) || '.';
      if (!repo.registry || !repo.config) return { id: key, label: where, description: repo.problem ?? '', tooltip: repo.problem ?? '', icon: 'error' };
      const tree = projectTree(key, repo.registry, repo.config.project, now);
      return { ...tree, description: `${where}${tree.description ? ` · ${tree.description}` : ''}` };
    });
  }

  getTreeItem(node: FeatureTreeNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, node.children?.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.iconPath = new vscode.ThemeIcon(node.icon, node.stale ? new vscode.ThemeColor('list.warningForeground') : undefined);
    item.contextValue = node.view ? 'feastFeatureView' : node.object ? 'feastObject' : undefined;
    if (node.view) item.command = { command: 'mlops.features.showDetails', title: 'Show Details', arguments: [node] };
    return item;
  }

  async execute(id: string, node: FeatureTreeNode | undefined): Promise<void> {
    if (id === 'mlops.features.refresh') return this.reload();
    if (!node) return;
    const owner = this.load().find((r) => node.id.startsWith(`${r.key}/`));
    if (!owner?.repo.registry || !owner.repo.config) return;
    const view = [...owner.repo.registry.featureViews, ...owner.repo.registry.streamFeatureViews].find((v) => v.name === node.view && v.project === owner.repo.config?.project);
    if (id === 'mlops.features.showDetails' && view) {
      await this.reports.show(`${view.name} details.md`, featureViewDetails(view, new Date()));
    } else if (id === 'mlops.features.goToDefinition' && node.object) {
      const found = findDefinition(owner.repo.config.repoDir, node.object.kind, node.object.name);
      if (!found) {
        void vscode.window.showWarningMessage(`No ${node.object.kind.replace(/_/g, ' ')} named '${node.object.name}' is defined in the .py files of ${owner.repo.config.repoDir}.`);
        return;
      }
      const position = new vscode.Position(found.line, found.column);
      await vscode.window.showTextDocument(vscode.Uri.file(found.file), { selection: new vscode.Range(position, position) });
    } else if (id === 'mlops.features.showOnlineValues' && view) {
      await this.showOnlineValues(owner, view.name, view.entities);
    }
  }

  private async showOnlineValues(owner: LoadedRepo, viewName: string, entityNames: string[]): Promise<void> {
    const config = owner.repo.config!;
    const registry = owner.repo.registry!;
    if (config.onlineStore.kind !== 'sqlite') {
      void vscode.window.showInformationMessage(`The online store of ${config.configFile} is ${config.onlineStore.type}, not a local SQLite file.`);
      return;
    }
    const entities = registry.entities.filter((e) => entityNames.includes(e.name) && e.project === config.project);
    const joinKeys = entities.flatMap((e) => e.joinKeys);
    const dbPath = config.onlineStore.path;
    try {
      const samples = sampleEntityKeys(dbPath, config.project, viewName, joinKeys, 20).map((k) => k.map((p) => `${p.joinKey}=${p.value}`).join(', '));
      const input = await vscode.window.showInputBox({
        title: `Online values of ${viewName}`,
        prompt: `Entity key: ${joinKeys.map((k) => `${k}=…`).join(', ')}${samples.length ? ` (e.g. ${samples.slice(0, 3).join('; ')})` : ''}`,
        value: samples[0],
      });
      if (!input) return;
      const key = parseKey(input, entities.flatMap((e) => e.joinKeys.map((k) => ({ joinKey: k, valueType: e.valueType }))));
      if (typeof key === 'string') {
        void vscode.window.showErrorMessage(key);
        return;
      }
      const values = readOnlineValues(dbPath, config.project, viewName, key, config.entityKeySerializationVersion);
      if (!values) {
        void vscode.window.showInformationMessage(`No online values for ${input} in ${viewName} (${dbPath}).`);
        return;
      }
      const lines = [`# ${viewName} · ${input}`, '', '| feature | value | event time |', '|---|---|---|', ...values.map((v) => `| ${v.feature} | ${JSON.stringify(v.value)} | ${v.eventTime ?? ''} |`), ''];
      await this.reports.show(`${viewName} ${input.replace(/[\\/]/g, '_')}.md`, lines.join('\n'));
    } catch (error) {
      void vscode.window.showErrorMessage((error as Error).message);
    }
  }
}

/** "driver_id=1001" or just "1001" for a single join key; numbers for INT64/INT32 keys. */
function parseKey(input: string, keys: { joinKey: string; valueType: string }[]): EntityKeyPart[] | string {
  const parts = input.split(',').map((p) => p.trim()).filter(Boolean);
  const out: EntityKeyPart[] = [];
  for (const [i, part] of parts.entries()) {
    const eq = part.indexOf('=');
    const name = eq >= 0 ? part.slice(0, eq).trim() : keys[i]?.joinKey;
    const raw = eq >= 0 ? part.slice(eq + 1).trim() : part;
    const spec = keys.find((k) => k.joinKey === name);
    if (!spec) return `Unknown join key '${name}': this view's keys are ${keys.map((k) => k.joinKey).join(', ')}.`;
    const numeric = spec.valueType === 'INT64' || spec.valueType === 'INT32';
    if (numeric && !/^-?\d+$/.test(raw)) return `${spec.joinKey} is ${spec.valueType}: '${raw}' is not an integer.`;
    out.push({ joinKey: spec.joinKey, valueType: spec.valueType, value: numeric ? Number(raw) : raw });
  }
  if (out.length !== keys.length) return `Give every join key: ${keys.map((k) => `${k.joinKey}=…`).join(', ')}.`;
  return out;
}
