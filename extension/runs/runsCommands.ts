// The Runs view's commands. Each turns a user's pick (tree selection, input box, quick pick) into a call on the
// tree, the stores or a plot panel; none holds domain logic.
import * as vscode from 'vscode';
import { parseOrderBy, searchFilterError } from '../../core/tracking/index';
import { showConsoleOutput } from './consoleOutput';
import type { PlotRequest, RunRef } from './plotPanel';
import type { LoadMoreTarget, RunNode, RunsNode } from './runNodes';
import type { RunsTree } from './runsTree';
import type { TrackingStores } from './trackingStores';
import type { WorkspaceLocations } from '../workspace/workspaceLocations';

export interface RunsCommandContext {
  tree: RunsTree;
  view: vscode.TreeView<RunsNode>;
  stores: TrackingStores;
  /** Holds the token; setting it makes every view re-resolve its stores. */
  workspace: WorkspaceLocations;
  openPlot(request: PlotRequest): Promise<void>;
}

/** Handlers by command id; runsView.ts registers the ids at activation and calls these once the view is loaded. */
export function runsCommandHandlers(c: RunsCommandContext): Record<string, (...args: never[]) => unknown> {
  return {
    'mlops.runs.refresh': () => {
      void c.stores.list().then((entries) => {
        for (const entry of entries) entry.store?.invalidate();
        c.tree.refresh();
      });
    },
    'mlops.runs.filter': (filter?: string) => filterRuns(c, filter),
    // Other views (model versions, notebook outputs) show a run here: the Runs view focused and filtered to it.
    'mlops.runs.reveal': async (runId?: string) => {
      if (!runId || !/^[0-9A-Za-z_-]+$/.test(runId)) return;
      await vscode.commands.executeCommand('mlops.runs.focus');
      return filterRuns(c, `attributes.run_id = '${runId}'`);
    },
    'mlops.runs.sort': (orderBy?: string) => sortRuns(c, orderBy),
    'mlops.runs.copyRunId': async (node?: RunsNode) => {
      const runs = pickRuns(c, node);
      if (runs.length === 0) return;
      await vscode.env.clipboard.writeText(runs.map((r) => r.tree.run.info.runId).join('\n'));
      void vscode.window.setStatusBarMessage(`Copied ${runs.length === 1 ? 'run id' : `${runs.length} run ids`}`, 3000);
    },
    'mlops.runs.compare': async (node?: RunsNode, selected?: RunsNode[]) => {
      const runs = pickRuns(c, node, selected);
      if (runs.length < 2) {
        void vscode.window.showInformationMessage('Select two or more runs (Ctrl/Cmd-click) in the Runs view to compare them.');
        return;
      }
      await c.openPlot({ runs: runs.map(runRef) });
    },
    'mlops.runs.openPlot': async (arg?: RunsNode | PlotRequest, selected?: RunsNode[]) => {
      if (arg && 'runs' in arg) return c.openPlot(arg);
      const runs = pickRuns(c, arg, selected);
      if (runs.length === 0) {
        void vscode.window.showInformationMessage('Select one or more runs in the Runs view to plot their metrics.');
        return;
      }
      await c.openPlot({ runs: runs.map(runRef) });
    },
    'mlops.runs.showConsoleOutput': async (node?: RunsNode) => {
      const [run] = pickRuns(c, node);
      if (!run) {
        void vscode.window.showInformationMessage('Select a W&B run in the Runs view to show its console output.');
        return;
      }
      await showConsoleOutput(run.entry, run.tree.run);
    },
    'mlops.runs.loadMore': (target: LoadMoreTarget) => {
      const entry = c.stores.find(target.storeUri);
      if (entry) c.tree.loadMore(entry, target.experimentId);
    },
    // A token passed by another extension or a test skips the input box; '' removes the stored token.
    'mlops.setTrackingToken': async (given?: string) => {
      const token = given ?? await vscode.window.showInputBox({
        title: 'MLflow tracking server token',
        prompt: 'Sent as "Authorization: Bearer <token>" to http(s) tracking servers. Kept in VS Code\'s secret storage. Empty removes it.',
        password: true,
        ignoreFocusOut: true,
      });
      if (token !== undefined) await c.workspace.setToken(token);
    },
  };
}

/** The runs a command acts on: the context menu's multi-selection, else the clicked run, else the view's selection. */
function pickRuns(c: RunsCommandContext, node?: RunsNode, selected?: RunsNode[]): RunNode[] {
  const candidates = selected && selected.length > 0 ? selected : node ? [node] : c.view.selection;
  return candidates.filter((n): n is RunNode => n.kind === 'run');
}

function runRef(node: RunNode): RunRef {
  return { storeUri: node.entry.uri, runId: node.tree.run.info.runId };
}

/**
 * Asks for a filter (validated as you type, the error shown under the input), or applies the one passed by a
 * keybinding or another command; an invalid passed filter is shown as an error and returned, the old one kept.
 */
async function filterRuns(c: RunsCommandContext, given?: string): Promise<string | undefined> {
  if (given !== undefined) {
    const error = given.trim() ? searchFilterError(given.trim()) : undefined;
    if (error) {
      void vscode.window.showErrorMessage(`Invalid runs filter: ${error}`);
      return error;
    }
    applyFilter(c, given);
    return undefined;
  }
  const value = await vscode.window.showInputBox({
    title: 'Filter runs (MLflow search syntax)',
    prompt: "e.g. metrics.accuracy > 0.9 and params.model = 'cnn' — empty shows all runs",
    value: c.tree.filter ?? '',
    validateInput: (text) => (text.trim() ? searchFilterError(text.trim()) : undefined),
  });
  if (value !== undefined) applyFilter(c, value);
  return undefined;
}

function applyFilter(c: RunsCommandContext, value: string): void {
  c.tree.filter = value.trim() || undefined;
  c.view.message = c.tree.filter ? `Showing runs where ${c.tree.filter}` : undefined;
  describeView(c);
  c.tree.refresh();
}

/** Quick pick of order_by clauses, or the clause passed by a keybinding or another command (validated as MLflow does). */
async function sortRuns(c: RunsCommandContext, given?: string): Promise<string | undefined> {
  if (given !== undefined) {
    try {
      if (given.trim()) parseOrderBy(given.trim());
    } catch (error) {
      void vscode.window.showErrorMessage(`Invalid runs order: ${(error as Error).message}`);
      return (error as Error).message;
    }
    applyOrder(c, given.trim());
    return undefined;
  }
  const metricKeys = c.tree.loadedMetricKeys();
  const choices = [
    { label: 'start_time DESC', description: 'newest first (MLflow default)' },
    { label: 'start_time ASC', description: 'oldest first' },
    { label: 'attributes.run_name ASC', description: 'by name' },
    ...metricKeys.flatMap((key) => [
      { label: `metrics.\`${key}\` DESC`, description: `highest ${key} first` },
      { label: `metrics.\`${key}\` ASC`, description: `lowest ${key} first` },
    ]),
  ];
  const pick = await vscode.window.showQuickPick(choices, { title: 'Sort runs by', placeHolder: 'an MLflow order_by clause' });
  if (pick) applyOrder(c, pick.label);
  return undefined;
}

/** '' or MLflow's default order clears the clause, so the store's own default (start_time DESC, run_id) applies. */
function applyOrder(c: RunsCommandContext, orderBy: string): void {
  c.tree.orderBy = orderBy && orderBy !== 'start_time DESC' ? [orderBy] : [];
  describeView(c);
  c.tree.refresh();
}

/** The view title's description names the active filter and order, so a filtered tree never passes for all runs. */
function describeView(c: RunsCommandContext): void {
  const parts = [c.tree.filter ? `filter: ${c.tree.filter}` : '', c.tree.orderBy[0] ? `sort: ${c.tree.orderBy[0]}` : ''];
  c.view.description = parts.filter(Boolean).join(' · ') || undefined;
}
