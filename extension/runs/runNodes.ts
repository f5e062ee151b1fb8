// The Runs view's node types and how each renders as a TreeItem. The provider (runsTree.ts) decides which nodes
// exist; this file only turns a node into what VS Code draws.
import * as vscode from 'vscode';
import type { LoggedModel } from '../../core/loggedModels/loggedModel';
import type { ArtifactEntry } from '../../core/runsView/artifacts';
import { formatMetricValue, keyMetric, relativeTime, type RunTreeEntry, runLabel } from '../../core/runsView/runPresentation';
import type { SweepGroup } from '../../core/runsView/sweeps';

export { runLabel };
import type { Experiment, Run, RunStatus } from '../../core/tracking/index';
import { type LoggedModelSection, loggedModelItem, sectionItem } from '../loggedModels/loggedModelItems';
import type { StoreEntry } from './trackingStores';

export type RunSection = 'metrics' | 'params' | 'tags' | 'artifacts';

export type RunsNode =
  | { kind: 'store'; entry: StoreEntry }
  | { kind: 'experiment'; entry: StoreEntry; experiment: Experiment }
  | { kind: 'run'; entry: StoreEntry; tree: RunTreeEntry; best?: boolean }
  /** A W&B sweep's runs under their project (core/runsView/sweeps.ts). */
  | { kind: 'sweep'; entry: StoreEntry; experimentId: string; sweep: SweepGroup }
  | { kind: 'section'; entry: StoreEntry; run: Run; section: RunSection }
  | { kind: 'metric'; entry: StoreEntry; run: Run; key: string; value: number; step: number }
  | { kind: 'value'; label: string; value: string }
  | { kind: 'artifact'; artifact: ArtifactEntry }
  | { kind: 'message'; label: string; detail: string; severity: 'error' | 'warning' | 'info' }
  | { kind: 'loadMore'; entry: StoreEntry; experimentId: string }
  /** The MLflow 3 logged models a run produced, then each one's Metrics / Params / Tags. */
  | { kind: 'loggedModels'; entry: StoreEntry; run: Run; models: LoggedModel[] }
  | { kind: 'loggedModel'; entry: StoreEntry; model: LoggedModel }
  | { kind: 'loggedSection'; entry: StoreEntry; model: LoggedModel; section: LoggedModelSection };

export type RunNode = Extract<RunsNode, { kind: 'run' }>;

/** What "Load more" asks for: the next page of one experiment's runs in one store. */
export interface LoadMoreTarget {
  storeUri: string;
  experimentId: string;
}

const STATUS_ICONS: Record<RunStatus, vscode.ThemeIcon> = {
  RUNNING: new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue')),
  SCHEDULED: new vscode.ThemeIcon('clock'),
  FINISHED: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  FAILED: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  KILLED: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground')),
};

const MESSAGE_ICONS = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('editorWarning.foreground')),
  info: new vscode.ThemeIcon('info'),
};

const SECTION_TITLES: Record<RunSection, string> = { metrics: 'Metrics', params: 'Params', tags: 'Tags', artifacts: 'Artifacts' };
const { Collapsed, None } = vscode.TreeItemCollapsibleState;

export function treeItem(node: RunsNode, keyMetricSetting: string, now: number): vscode.TreeItem {
  switch (node.kind) {
    case 'store': {
      const item = new vscode.TreeItem(node.entry.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `store:${node.entry.uri}`;
      item.iconPath = new vscode.ThemeIcon('database');
      item.tooltip = node.entry.uri;
      item.contextValue = 'store';
      return item;
    }
    case 'experiment': {
      const item = new vscode.TreeItem(node.experiment.name, Collapsed);
      item.id = `${node.entry.uri}|exp|${node.experiment.experimentId}`;
      item.description = `id ${node.experiment.experimentId}`;
      item.iconPath = new vscode.ThemeIcon('beaker');
      item.contextValue = 'experiment';
      return item;
    }
    case 'run':
      return runItem(node, keyMetricSetting, now);
    case 'sweep':
      return sweepItem(node);
    case 'section': {
      const item = new vscode.TreeItem(SECTION_TITLES[node.section], Collapsed);
      item.id = `${node.entry.uri}|run|${node.run.info.runId}|${node.section}`;
      const count = node.section === 'artifacts' ? undefined : node.run.data[node.section].length;
      if (count !== undefined) item.description = String(count);
      item.contextValue = `section-${node.section}`;
      return item;
    }
    case 'metric': {
      const item = new vscode.TreeItem(node.key, None);
      item.description = `${formatMetricValue(node.value)} (step ${node.step})`;
      item.iconPath = new vscode.ThemeIcon('graph-line');
      item.contextValue = 'metric';
      item.tooltip = `Open a plot of ${node.key}`;
      item.command = {
        command: 'mlops.runs.openPlot',
        title: 'Open Metric Plot',
        arguments: [{ runs: [{ storeUri: node.entry.uri, runId: node.run.info.runId }], metrics: [node.key] }],
      };
      return item;
    }
    case 'value': {
      const item = new vscode.TreeItem(node.label, None);
      item.description = node.value;
      item.tooltip = `${node.label} = ${node.value}`;
      return item;
    }
    case 'artifact': {
      const { artifact } = node;
      const item = new vscode.TreeItem(artifact.name, artifact.isDirectory ? Collapsed : None);
      item.resourceUri = vscode.Uri.file(artifact.path);
      item.iconPath = artifact.isDirectory ? vscode.ThemeIcon.Folder : vscode.ThemeIcon.File;
      if (!artifact.isDirectory) item.command = { command: 'vscode.open', title: 'Open Artifact', arguments: [item.resourceUri] };
      item.contextValue = artifact.isDirectory ? 'artifactFolder' : 'artifactFile';
      return item;
    }
    case 'message': {
      const item = new vscode.TreeItem(node.label, None);
      item.iconPath = MESSAGE_ICONS[node.severity];
      item.tooltip = node.detail;
      item.contextValue = `message-${node.severity}`;
      if (node.severity !== 'info') item.command = { command: 'mlops.showOutput', title: 'Show Output' };
      return item;
    }
    case 'loggedModels': {
      const item = new vscode.TreeItem('Logged models', Collapsed);
      item.id = `${node.entry.uri}|run|${node.run.info.runId}|loggedModels`;
      item.description = String(node.models.length);
      item.iconPath = new vscode.ThemeIcon('library');
      return item;
    }
    case 'loggedModel':
      return loggedModelItem(node.model, `${node.entry.uri}|run`, now);
    case 'loggedSection':
      return sectionItem(node.model, node.section, `${node.entry.uri}|run`);
    case 'loadMore': {
      const item = new vscode.TreeItem('Load more…', None);
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      const target: LoadMoreTarget = { storeUri: node.entry.uri, experimentId: node.experimentId };
      item.command = { command: 'mlops.runs.loadMore', title: 'Load More Runs', arguments: [target] };
      item.contextValue = 'loadMore';
      return item;
    }
  }
}

function runItem(node: RunNode, keyMetricSetting: string, now: number): vscode.TreeItem {
  const { run } = node.tree;
  const item = new vscode.TreeItem(runLabel(run), Collapsed);
  item.id = `${node.entry.uri}|run|${run.info.runId}`;
  const metric = keyMetric(run, keyMetricSetting || undefined);
  const parts = [metric ? `${metric.key} ${formatMetricValue(metric.value)}` : undefined, relativeTime(run.info.startTime, now)];
  item.description = [node.best ? 'best' : undefined, ...parts].filter(Boolean).join(' · ');
  item.iconPath = STATUS_ICONS[run.info.status];
  // Runs whose store keeps console output (W&B) also get "Show Console Output".
  item.contextValue = node.entry.store?.getConsoleOutput ? 'run.withConsole' : 'run';
  item.tooltip = runTooltip(run);
  return item;
}

/** "sweep <id>", with what its configuration says: name, metric and goal; without one, why no run is marked best. */
function sweepItem(node: Extract<RunsNode, { kind: 'sweep' }>): vscode.TreeItem {
  const { sweep } = node;
  const item = new vscode.TreeItem(`sweep ${sweep.sweepId}`, Collapsed);
  item.id = `${node.entry.uri}|exp|${node.experimentId}|sweep|${sweep.sweepId}`;
  const metric = sweep.config?.metric;
  const runs = `${sweep.runs.length} run${sweep.runs.length === 1 ? '' : 's'}`;
  item.description = [sweep.config?.name, metric ? `${metric.goal} ${metric.name}` : undefined, runs].filter(Boolean).join(' · ');
  item.iconPath = new vscode.ThemeIcon('symbol-event');
  item.contextValue = 'sweep';
  const tip = new vscode.MarkdownString();
  tip.appendText(`W&B sweep ${sweep.sweepId} · ${runs}`);
  tip.appendMarkdown('\n\n');
  if (sweep.config) tip.appendText(`Configuration: ${sweep.config.file} (${sweep.config.method})${metric ? `; best run by ${metric.name}, ${metric.goal}` : '; it names no metric'}`);
  else tip.appendText('No sweep configuration (sweep*.yaml with method, metric and parameters) in this project matches these runs: no run is marked best.');
  item.tooltip = tip;
  return item;
}

function runTooltip(run: Run): vscode.MarkdownString {
  const tip = new vscode.MarkdownString();
  tip.appendMarkdown('**');
  tip.appendText(runLabel(run));
  tip.appendMarkdown('**\n\n');
  tip.appendText(`${run.info.status} · started ${new Date(run.info.startTime).toISOString()} · run id ${run.info.runId}`);
  if (run.data.params.length > 0) {
    tip.appendMarkdown('\n\n---\n\n');
    for (const param of run.data.params) {
      tip.appendText(`${param.key} = ${param.value}`);
      tip.appendMarkdown('  \n');
    }
  }
  return tip;
}
