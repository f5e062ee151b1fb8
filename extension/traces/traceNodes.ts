// The Traces view's node types and how each renders as a TreeItem. The provider (tracesTree.ts) decides which nodes
// exist; this file only turns a node into what VS Code draws.
import * as vscode from 'vscode';
import { relativeTime } from '../../core/runsView/runPresentation';
import type { Experiment } from '../../core/tracking/index';
import type { TraceInfo, TraceState } from '../../core/traces/trace';
import { formatTokens, summarizeTrace, type TraceSummary } from '../../core/traces/tracePresentation';
import type { StoreEntry } from '../runs/trackingStores';

export type TracesNode =
  | { kind: 'store'; entry: StoreEntry }
  | { kind: 'experiment'; entry: StoreEntry; experiment: Experiment; shown: number; more: boolean; expanded: boolean }
  | { kind: 'trace'; entry: StoreEntry; info: TraceInfo }
  | { kind: 'message'; label: string; detail: string; severity: 'error' | 'warning' | 'info' }
  | { kind: 'loadMore'; entry: StoreEntry; experimentId: string };

export type TraceNode = Extract<TracesNode, { kind: 'trace' }>;

/** What a click, "Load more" or another view passes to open or page traces. */
export interface TraceRef {
  storeUri: string;
  traceId: string;
}

export interface TracesPageTarget {
  storeUri: string;
  experimentId: string;
}

const STATE_ICONS: Record<TraceState, vscode.ThemeIcon> = {
  OK: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  ERROR: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  IN_PROGRESS: new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue')),
  STATE_UNSPECIFIED: new vscode.ThemeIcon('circle-outline'),
};

const MESSAGE_ICONS = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('editorWarning.foreground')),
  info: new vscode.ThemeIcon('info'),
};

const { Collapsed, Expanded, None } = vscode.TreeItemCollapsibleState;
/** The request preview's length in a row: enough to tell requests apart, short enough to keep the latency in view. */
const PREVIEW_LENGTH = 60;

export function treeItem(node: TracesNode, now: number): vscode.TreeItem {
  switch (node.kind) {
    case 'store': {
      const item = new vscode.TreeItem(node.entry.label, Expanded);
      item.id = `traces:store:${node.entry.uri}`;
      item.iconPath = new vscode.ThemeIcon('database');
      item.tooltip = node.entry.uri;
      item.contextValue = 'store';
      return item;
    }
    case 'experiment': {
      const item = new vscode.TreeItem(node.experiment.name, node.expanded ? Expanded : Collapsed);
      item.id = `traces:${node.entry.uri}|exp|${node.experiment.experimentId}`;
      item.description = `${node.shown}${node.more ? '+' : ''} trace${node.shown === 1 && !node.more ? '' : 's'} · id ${node.experiment.experimentId}`;
      item.iconPath = new vscode.ThemeIcon('beaker');
      item.contextValue = 'experiment';
      return item;
    }
    case 'trace':
      return traceItem(node, now);
    case 'message': {
      const item = new vscode.TreeItem(node.label, None);
      item.iconPath = MESSAGE_ICONS[node.severity];
      item.tooltip = node.detail;
      item.contextValue = `message-${node.severity}`;
      if (node.severity !== 'info') item.command = { command: 'mlops.showOutput', title: 'Show Output' };
      return item;
    }
    case 'loadMore': {
      const item = new vscode.TreeItem('Load more…', None);
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      const target: TracesPageTarget = { storeUri: node.entry.uri, experimentId: node.experimentId };
      item.command = { command: 'mlops.traces.loadMore', title: 'Load More Traces', arguments: [target] };
      item.contextValue = 'loadMore';
      return item;
    }
  }
}

/** Name, then latency · tokens · when · what was asked: the row a person scans for the slow or failed request. */
function traceItem(node: TraceNode, now: number): vscode.TreeItem {
  const { info } = node;
  const summary = summarizeTrace(info, PREVIEW_LENGTH);
  const item = new vscode.TreeItem(summary.name, None);
  item.id = `traces:${node.entry.uri}|trace|${info.traceId}`;
  const parts = [
    summary.latency || 'running',
    summary.totalTokens === null ? '' : formatTokens(summary.totalTokens),
    relativeTime(info.requestTime, now),
    summary.request ? `“${summary.request}”` : '',
  ];
  item.description = parts.filter(Boolean).join(' · ');
  item.iconPath = STATE_ICONS[info.state];
  item.contextValue = summary.sourceRunId ? 'trace.withRun' : 'trace';
  item.tooltip = traceTooltip(info, summary);
  const ref: TraceRef = { storeUri: node.entry.uri, traceId: info.traceId };
  item.command = { command: 'mlops.traces.open', title: 'Open Trace', arguments: [ref] };
  return item;
}

function traceTooltip(info: TraceInfo, summary: TraceSummary): vscode.MarkdownString {
  const tip = new vscode.MarkdownString();
  tip.appendMarkdown('**');
  tip.appendText(summary.name);
  tip.appendMarkdown('**\n\n');
  const lines = [
    `${info.state} · ${summary.latency || 'running'}${summary.totalTokens === null ? '' : ` · ${formatTokens(summary.totalTokens)}`}`,
    `started ${new Date(info.requestTime).toISOString()}`,
    `trace id ${info.traceId}`,
    ...(summary.sourceRunId ? [`run ${summary.sourceRunId}`] : []),
  ];
  tip.appendText(lines.join('\n'));
  for (const [title, text] of [
    ['Request', info.requestPreview],
    ['Response', info.responsePreview],
  ] as const) {
    if (!text) continue;
    tip.appendMarkdown(`\n\n---\n\n**${title}**\n\n`);
    tip.appendText(text.length > 500 ? `${text.slice(0, 499)}…` : text);
  }
  return tip;
}
