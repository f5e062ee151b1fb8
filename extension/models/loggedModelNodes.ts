// The Models view's logged-model branch: a "Logged models" node per store → experiments → models → Metrics / Params
// / Tags, and the logged model a registered version was made from (`models:/m-…`). modelsTree.ts hands these kinds
// here; the rendering is shared with the Runs view (extension/loggedModels/loggedModelItems.ts).
import * as vscode from 'vscode';
import type { LoggedModelGroup } from '../../core/loggedModels/loggedModelGroups';
import { type LoggedModel, loggedModelIdOf } from '../../core/loggedModels/loggedModel';
import type { ModelVersion } from '../../core/registry/registry';
import { type LoggedModelSection, loggedModelItem, loggedModelSections, sectionItem, sectionValues, valueItem } from '../loggedModels/loggedModelItems';
import type { StoreSnapshot } from './modelsService';

export type LoggedModelNode =
  | { kind: 'loggedModels'; store: StoreSnapshot }
  | { kind: 'loggedExperiment'; store: StoreSnapshot; group: LoggedModelGroup }
  /** `under` keeps tree ids unique: the experiment's key, or the version's. */
  | { kind: 'loggedModel'; store: StoreSnapshot; model: LoggedModel; under: string }
  | { kind: 'loggedSection'; store: StoreSnapshot; model: LoggedModel; section: LoggedModelSection; under: string }
  | { kind: 'loggedValue'; label: string; description: string; tooltip: string }
  | { kind: 'loggedMissing'; text: string };

export function hasLoggedModels(store: StoreSnapshot): boolean {
  return store.loggedModels.groups.length > 0 || store.loggedModelsError !== undefined;
}

export function loggedModelsRoot(store: StoreSnapshot): LoggedModelNode[] {
  return hasLoggedModels(store) ? [{ kind: 'loggedModels', store }] : [];
}

export function loggedModelChildren(node: LoggedModelNode): LoggedModelNode[] {
  switch (node.kind) {
    case 'loggedModels': {
      const { store } = node;
      const error: LoggedModelNode[] = store.loggedModelsError ? [{ kind: 'loggedMissing', text: `Logged models could not be read: ${store.loggedModelsError}` }] : [];
      return [...error, ...store.loggedModels.groups.map((group): LoggedModelNode => ({ kind: 'loggedExperiment', store, group }))];
    }
    case 'loggedExperiment':
      return node.group.models.map((model) => ({ kind: 'loggedModel', store: node.store, model, under: `${node.store.source.key}|exp|${node.group.experiment.experimentId}` }));
    case 'loggedModel':
      return loggedModelSections(node.model).map((section) => ({ kind: 'loggedSection', store: node.store, model: node.model, section, under: node.under }));
    case 'loggedSection':
      return sectionValues(node.model, node.section).map((value) => ({ kind: 'loggedValue', ...value }));
    default:
      return [];
  }
}

export function loggedModelTreeItem(node: LoggedModelNode): vscode.TreeItem {
  switch (node.kind) {
    case 'loggedModels': {
      const item = new vscode.TreeItem('Logged models', vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `${node.store.source.key}|loggedModels`;
      item.iconPath = new vscode.ThemeIcon('library');
      const count = node.store.loggedModels.groups.reduce((sum, g) => sum + g.models.length, 0);
      item.description = `${count}${node.store.loggedModels.truncated ? '+' : ''}`;
      item.tooltip = 'Models logged by runs (MLflow 3 LoggedModels), by experiment';
      return item;
    }
    case 'loggedExperiment': {
      const item = new vscode.TreeItem(node.group.experiment.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `${node.store.source.key}|loggedModels|${node.group.experiment.experimentId}`;
      item.iconPath = new vscode.ThemeIcon('beaker');
      item.description = `${node.group.models.length} · id ${node.group.experiment.experimentId}`;
      return item;
    }
    case 'loggedModel':
      return loggedModelItem(node.model, node.under, Date.now());
    case 'loggedSection':
      return sectionItem(node.model, node.section, node.under);
    case 'loggedValue':
      return valueItem(node);
    case 'loggedMissing': {
      const item = new vscode.TreeItem(node.text);
      item.iconPath = new vscode.ThemeIcon('info');
      item.tooltip = node.text;
      return item;
    }
  }
}

/** The logged model a version was registered from: from the store's read, else asked for by id. */
export async function versionLoggedModel(store: StoreSnapshot, version: ModelVersion): Promise<LoggedModelNode[]> {
  const modelId = loggedModelIdOf(version);
  if (!modelId) return [];
  const under = `${store.source.key}|${version.name}|${version.version}`;
  const known = store.loggedModels.groups.flatMap((g) => g.models).find((m) => m.modelId === modelId);
  try {
    const model = known ?? (await store.source.loggedModels.getLoggedModel(modelId));
    return [{ kind: 'loggedModel', store, model, under }];
  } catch (error) {
    return [{ kind: 'loggedMissing', text: `Logged model ${modelId} is not in this store (${(error as Error).message})` }];
  }
}
