// How an MLflow 3 logged model reads as tree items, the same in the Models view (under its experiment, under a
// registered version made from it) and in the Runs view (under the run that logged it): the model with its status,
// then Metrics (with the dataset each was computed on), Params and Tags.
import * as vscode from 'vscode';
import type { LoggedModel, LoggedModelStatus } from '../../core/loggedModels/loggedModel';
import { formatMetricValue, relativeTime } from '../../core/runsView/runPresentation';

export type LoggedModelSection = 'metrics' | 'params' | 'tags';

/** One line under a section: a metric, a param or a tag. */
export interface LoggedModelValue {
  label: string;
  description: string;
  tooltip: string;
}

const STATUS_ICONS: Record<LoggedModelStatus, vscode.ThemeIcon> = {
  LOGGED_MODEL_READY: new vscode.ThemeIcon('package', new vscode.ThemeColor('testing.iconPassed')),
  LOGGED_MODEL_PENDING: new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue')),
  LOGGED_MODEL_UPLOAD_FAILED: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  LOGGED_MODEL_STATUS_UNSPECIFIED: new vscode.ThemeIcon('package'),
};

const SECTION_TITLES: Record<LoggedModelSection, string> = { metrics: 'Metrics', params: 'Params', tags: 'Tags' };

/** "READY", "UPLOAD_FAILED": the status without its enum prefix. */
export function statusWord(status: LoggedModelStatus): string {
  return status.replace(/^LOGGED_MODEL_(STATUS_)?/, '');
}

/** `idPrefix` keeps ids unique where one model shows twice (its experiment and a version made from it). */
export function loggedModelItem(model: LoggedModel, idPrefix: string, now: number): vscode.TreeItem {
  const item = new vscode.TreeItem(model.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `${idPrefix}|logged|${model.modelId}`;
  item.description = [statusWord(model.status), model.modelType ?? '', relativeTime(model.creationTimestampMs, now)].filter(Boolean).join(' · ');
  item.iconPath = STATUS_ICONS[model.status];
  item.contextValue = model.sourceRunId ? 'mlops.loggedModel.withRun' : 'mlops.loggedModel';
  const tip = new vscode.MarkdownString();
  tip.appendMarkdown('**');
  tip.appendText(model.name);
  tip.appendMarkdown('**\n\n');
  const lines = [
    `${model.modelId} · ${statusWord(model.status)}${model.statusMessage ? `: ${model.statusMessage}` : ''}`,
    `logged ${new Date(model.creationTimestampMs).toISOString()}`,
    ...(model.sourceRunId ? [`by run ${model.sourceRunId}`] : []),
    `experiment ${model.experimentId}`,
    model.artifactLocation,
  ];
  tip.appendText(lines.join('\n'));
  item.tooltip = tip;
  return item;
}

/** The sections a model has something in. */
export function loggedModelSections(model: LoggedModel): LoggedModelSection[] {
  const counts = sectionCounts(model);
  return (['metrics', 'params', 'tags'] as const).filter((section) => counts[section] > 0);
}

export function sectionItem(model: LoggedModel, section: LoggedModelSection, idPrefix: string): vscode.TreeItem {
  const item = new vscode.TreeItem(SECTION_TITLES[section], vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `${idPrefix}|logged|${model.modelId}|${section}`;
  item.description = String(sectionCounts(model)[section]);
  return item;
}

export function sectionValues(model: LoggedModel, section: LoggedModelSection): LoggedModelValue[] {
  if (section === 'metrics') {
    return [...model.metrics]
      .sort((a, b) => a.key.localeCompare(b.key) || (a.datasetName ?? '').localeCompare(b.datasetName ?? '') || a.step - b.step)
      .map((m) => {
        const where = [m.datasetName ? `on ${m.datasetName}` : '', `step ${m.step}`].filter(Boolean).join(', ');
        return {
          label: m.key,
          description: `${formatMetricValue(m.value)} (${where})`,
          tooltip: `${m.key} = ${m.value}${m.datasetName ? `\ndataset ${m.datasetName}${m.datasetDigest ? ` (digest ${m.datasetDigest})` : ''}` : ''}${m.runId ? `\nrun ${m.runId}` : ''}`,
        };
      });
  }
  return Object.entries(model[section])
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => ({ label: key, description: value, tooltip: `${key} = ${value}` }));
}

export function valueItem(value: LoggedModelValue): vscode.TreeItem {
  const item = new vscode.TreeItem(value.label, vscode.TreeItemCollapsibleState.None);
  item.description = value.description;
  item.tooltip = value.tooltip;
  return item;
}

function sectionCounts(model: LoggedModel): Record<LoggedModelSection, number> {
  return { metrics: model.metrics.length, params: Object.keys(model.params).length, tags: Object.keys(model.tags).length };
}
