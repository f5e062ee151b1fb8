// The Models view: (store →) registered models → versions, then a Prompts section (MLflow 3 prompt registry) with
// each prompt's versions, then the store's logged models by experiment (loggedModelNodes.ts). Returns no items when
// no store holds anything, so the view's welcome text shows.
import * as vscode from 'vscode';
import { loggedModelIdOf } from '../../core/loggedModels/loggedModel';
import type { ModelVersion, RegisteredModel, Stage } from '../../core/registry/registry';
import { hasLoggedModels, type LoggedModelNode, loggedModelChildren, loggedModelsRoot, loggedModelTreeItem, versionLoggedModel } from './loggedModelNodes';
import { hfRepoReferences } from '../../core/hf/repoReference';
import { type HfNode, type HfSnapshot, hfChildren, hfRoots, hfTreeItem, readHfSnapshot } from './hfNodes';
import type { ModelsService, StoreSnapshot } from './modelsService';

export type ModelsNode =
  | { kind: 'store'; store: StoreSnapshot }
  | { kind: 'model'; store: StoreSnapshot; model: RegisteredModel }
  | { kind: 'prompts'; store: StoreSnapshot }
  | { kind: 'prompt'; store: StoreSnapshot; model: RegisteredModel }
  | { kind: 'version'; store: StoreSnapshot; version: ModelVersion; prompt: boolean }
  | { kind: 'message'; text: string; error: boolean }
  | LoggedModelNode
  | HfNode;

export type VersionNode = Extract<ModelsNode, { kind: 'version' }>;

const STAGE_ICONS: Record<Stage, vscode.ThemeIcon> = {
  Production: new vscode.ThemeIcon('rocket', new vscode.ThemeColor('charts.green')),
  Staging: new vscode.ThemeIcon('beaker', new vscode.ThemeColor('charts.yellow')),
  None: new vscode.ThemeIcon('circle-outline'),
  Archived: new vscode.ThemeIcon('archive', new vscode.ThemeColor('disabledForeground')),
};

export class ModelsTree implements vscode.TreeDataProvider<ModelsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ModelsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private hf: HfSnapshot | undefined;

  constructor(private readonly service: ModelsService) {
    this.subscription = service.onDidChange(() => {
      this.hf = undefined;
      this.changed.fire(undefined);
    });
  }

  /** The HF cache as last read (read again on refresh). */
  hfSnapshot(): HfSnapshot {
    this.hf ??= readHfSnapshot();
    return this.hf;
  }

  async getChildren(node?: ModelsNode): Promise<ModelsNode[]> {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'store':
        return storeChildren(node.store);
      case 'model':
        return versionsOf(node.store, node.model, false);
      case 'prompts':
        return node.store.prompts.map((model) => ({ kind: 'prompt', store: node.store, model }));
      case 'prompt':
        return versionsOf(node.store, node.model, true);
      case 'version':
        return [...(await versionLoggedModel(node.store, node.version)), ...this.hfLinks(node.version)];
      case 'message':
        return [];
      default:
        return node.kind.startsWith('hf') ? hfChildren(node as HfNode) : loggedModelChildren(node as LoggedModelNode);
    }
  }

  getTreeItem(node: ModelsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'store':
        return storeItem(node.store);
      case 'model':
        return modelItem(node, 'mlops.model', 'package');
      case 'prompts': {
        const item = new vscode.TreeItem('Prompts', vscode.TreeItemCollapsibleState.Expanded);
        item.id = `${node.store.source.key}|prompts`;
        item.iconPath = new vscode.ThemeIcon('comment-discussion');
        item.description = `${node.store.prompts.length}`;
        return item;
      }
      case 'prompt':
        return modelItem(node, 'mlops.prompt', 'note');
      case 'version': {
        const item = versionItem(node);
        if (!node.prompt && this.hfLinks(node.version).length > 0) item.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text);
        item.iconPath = new vscode.ThemeIcon(node.error ? 'error' : 'info');
        item.tooltip = node.text;
        return item;
      }
      default:
        return node.kind.startsWith('hf') ? hfTreeItem(node as HfNode) : loggedModelTreeItem(node as LoggedModelNode);
    }
  }

  private async roots(): Promise<ModelsNode[]> {
    const { stores, errors } = await this.service.snapshot();
    const messages: ModelsNode[] = errors.map((text) => ({ kind: 'message', text, error: true }));
    const withContent = stores.filter((s) => s.error || s.models.length > 0 || s.prompts.length > 0 || hasLoggedModels(s));
    const hf = hfRoots(this.hfSnapshot());
    if (withContent.length === 0) return [...messages, ...hf];
    if (stores.length === 1) return [...messages, ...storeChildren(stores[0]!), ...hf];
    return [...messages, ...stores.map((store): ModelsNode => ({ kind: 'store', store })), ...hf];
  }

  /** The cached HF repositories a version's source or tags name, as links into the Hugging Face branch. */
  private hfLinks(version: ModelVersion): ModelsNode[] {
    const hf = this.hfSnapshot();
    const repos = hf.info?.repos ?? [];
    const ids = hfRepoReferences(version.source, version.tags, new Set(repos.map((r) => r.repoId)));
    const under = `${version.name}|${version.version}`;
    return repos.filter((r) => ids.includes(r.repoId)).map((repo) => ({ kind: 'hfLink', repo, under }));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function storeChildren(store: StoreSnapshot): ModelsNode[] {
  if (store.error) return [{ kind: 'message', text: store.error, error: true }];
  const models: ModelsNode[] = store.models.map((model) => ({ kind: 'model', store, model }));
  const prompts: ModelsNode[] = store.prompts.length > 0 ? [{ kind: 'prompts', store }] : [];
  return [...models, ...prompts, ...loggedModelsRoot(store)];
}

function versionsOf(store: StoreSnapshot, model: RegisteredModel, prompt: boolean): ModelsNode[] {
  return (store.versions.get(model.name) ?? []).map((version) => ({ kind: 'version', store, version, prompt }));
}

function storeItem(store: StoreSnapshot): vscode.TreeItem {
  const noRegistry = !store.error && store.models.length === 0 && store.prompts.length === 0;
  // A store without a registry may still hold logged models: it opens onto them.
  const empty = noRegistry && !hasLoggedModels(store);
  const item = new vscode.TreeItem(store.source.label, empty ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Expanded);
  item.id = store.source.key;
  item.iconPath = new vscode.ThemeIcon(store.error ? 'error' : 'database');
  item.description = store.error ? 'unreadable' : noRegistry ? 'no registered models' : store.source.uri;
  item.tooltip = store.error ? `${store.source.uri}\n${store.error}` : store.source.uri;
  item.contextValue = 'mlops.registryStore';
  return item;
}

function modelItem(node: Extract<ModelsNode, { kind: 'model' | 'prompt' }>, contextValue: string, icon: string): vscode.TreeItem {
  const { model, store } = node;
  const versions = store.versions.get(model.name) ?? [];
  const item = new vscode.TreeItem(model.name, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `${store.source.key}|${contextValue}|${model.name}`;
  item.iconPath = new vscode.ThemeIcon(icon);
  item.description = `${versions.length} version${versions.length === 1 ? '' : 's'}`;
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendMarkdown(`**${escapeMarkdown(model.name)}**\n\n`);
  if (model.description) tooltip.appendText(`${model.description}\n\n`);
  const aliases = Object.entries(model.aliases).map(([alias, version]) => `@${alias} → ${version}`);
  if (aliases.length > 0) tooltip.appendText(`Aliases: ${aliases.join(', ')}\n\n`);
  tooltip.appendText(`Store: ${store.source.uri}`);
  item.tooltip = tooltip;
  item.contextValue = contextValue;
  return item;
}

function versionItem(node: VersionNode): vscode.TreeItem {
  const { version, prompt, store } = node;
  // A version made from a logged model (`models:/m-…`) opens onto it.
  const fromLoggedModel = !prompt && loggedModelIdOf(version) !== null;
  const item = new vscode.TreeItem(`Version ${version.version}`, fromLoggedModel ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = `${store.source.key}|${version.name}|${version.version}`;
  const parts = [
    ...(prompt ? [] : [version.stage]),
    ...version.aliases.map((alias) => `@${alias}`),
    ...(version.creationTimestamp ? [formatTime(version.creationTimestamp)] : []),
  ];
  item.description = parts.join(' · ');
  item.iconPath = prompt ? new vscode.ThemeIcon('symbol-string') : STAGE_ICONS[version.stage];
  item.tooltip = versionTooltip(version, prompt);
  item.contextValue = prompt ? 'mlops.promptVersion' : version.runId ? 'mlops.modelVersion.withRun' : 'mlops.modelVersion';
  if (prompt) item.command = { command: 'mlops.models.openPrompt', title: 'Open Prompt Template', arguments: [node] };
  return item;
}

function versionTooltip(version: ModelVersion, prompt: boolean): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendMarkdown(`**${escapeMarkdown(version.name)}** version ${version.version}\n\n`);
  const lines = [
    ...(prompt ? [] : [`Stage: ${version.stage}`]),
    ...(version.aliases.length > 0 ? [`Aliases: ${version.aliases.map((a) => `@${a}`).join(', ')}`] : []),
    ...(version.creationTimestamp ? [`Created: ${new Date(version.creationTimestamp).toISOString()}`] : []),
    ...(version.runId ? [`Run: ${version.runId}`] : []),
    ...(version.source && !prompt ? [`Source: ${version.source}`] : []),
    `Status: ${version.status}`,
    ...(version.tags['mlops.promoted_by'] ? [`Promoted by ${version.tags['mlops.promoted_by']} at ${version.tags['mlops.promoted_at'] ?? '?'} from ${version.tags['mlops.promoted_from'] ?? '?'}`] : []),
    ...(version.tags['mlops.override_reason'] ? [`Gate overridden: ${version.tags['mlops.override_reason']}`] : []),
    ...(version.description ? [version.description] : []),
  ];
  tooltip.appendText(lines.join('\n'));
  return tooltip;
}

/** Local time without seconds: enough to tell versions apart at a glance. */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
