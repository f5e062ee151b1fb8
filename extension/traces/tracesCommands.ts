// The Traces view's commands. Each turns a pick (tree selection, input box, quick pick, another view's run) into a
// call on the tree, the stores or a panel; what a filter means and how a trace reads come from core/traces.
import * as vscode from 'vscode';
import { listExperiments } from '../../core/tracking/index';
import { parseTraceOrderBy, traceFilterError } from '../../core/traces/search/traceFilter';
import type { TraceInfo } from '../../core/traces/trace';
import { summarizeTrace, traceName, tracesOfRunFilter } from '../../core/traces/tracePresentation';
import type { StoreEntry, TrackingStores } from '../runs/trackingStores';
import type { TraceNode, TraceRef, TracesNode, TracesPageTarget } from './traceNodes';
import { type TracesTree, traceStores } from './tracesTree';

export interface TracesCommandContext {
  tree: TracesTree;
  view: vscode.TreeView<TracesNode>;
  stores: TrackingStores;
  open(entry: StoreEntry, traceId: string, selectSpanId?: string): void;
  compare(entry: StoreEntry, older: TraceInfo, newer: TraceInfo): void;
}

/** A run as the Runs view's context menu passes it, or a bare run id from another command. */
type RunArgument = string | { kind: string; tree?: { run?: { info?: { runId?: string; experimentId?: string } } } };

export function tracesCommandHandlers(c: TracesCommandContext): Record<string, (...args: never[]) => unknown> {
  return {
    'mlops.traces.refresh': () => c.tree.refresh(),
    'mlops.traces.filter': (filter?: string) => filterTraces(c, filter),
    'mlops.traces.sort': (orderBy?: string) => sortTraces(c, orderBy),
    'mlops.traces.loadMore': (target: TracesPageTarget) => {
      const entry = c.stores.find(target.storeUri);
      if (entry) c.tree.loadMore(entry, target.experimentId);
    },
    'mlops.traces.open': async (arg?: TraceRef | TracesNode, spanId?: string) => {
      const ref = arg && 'traceId' in arg ? arg : arg?.kind === 'trace' ? { storeUri: arg.entry.uri, traceId: arg.info.traceId } : undefined;
      const node = ref ? undefined : c.view.selection.find((n): n is TraceNode => n.kind === 'trace');
      const target = ref ?? (node && { storeUri: node.entry.uri, traceId: node.info.traceId });
      if (!target) return;
      await c.stores.list();
      const entry = c.stores.find(target.storeUri);
      if (!entry) {
        void vscode.window.showErrorMessage(`No open store ${target.storeUri}: refresh the Traces view.`);
        return;
      }
      c.open(entry, target.traceId, spanId);
    },
    'mlops.traces.compare': (node?: TracesNode, selected?: TracesNode[]) => compareTraces(c, node, selected),
    'mlops.traces.copyTraceId': async (node?: TracesNode) => {
      const traces = pickTraces(c, node);
      if (traces.length === 0) return;
      await vscode.env.clipboard.writeText(traces.map((t) => t.info.traceId).join('\n'));
      void vscode.window.setStatusBarMessage(`Copied ${traces.length === 1 ? 'trace id' : `${traces.length} trace ids`}`, 3000);
    },
    // Trace → run: the Runs view focused and filtered to the run the trace was recorded under.
    'mlops.traces.revealRun': (node?: TracesNode) => {
      const runId = pickTraces(c, node).map((t) => summarizeTrace(t.info).sourceRunId).find((id) => id !== null);
      if (runId) return vscode.commands.executeCommand('mlops.runs.reveal', runId);
      void vscode.window.showInformationMessage('This trace was not recorded under a run (it has no mlflow.sourceRun).');
      return undefined;
    },
    // Run → traces: this view filtered to the run's traces; a run with exactly one trace opens it.
    'mlops.traces.showForRun': (run?: RunArgument) => showForRun(c, run),
  };
}

/** The traces a command acts on: the context menu's multi-selection, else the clicked trace, else the selection. */
function pickTraces(c: TracesCommandContext, node?: TracesNode, selected?: TracesNode[]): TraceNode[] {
  const candidates = selected && selected.length > 0 ? selected : node ? [node] : c.view.selection;
  return candidates.filter((n): n is TraceNode => n.kind === 'trace');
}

/** As the Runs view's filter: validated as you type with MLflow's messages; an invalid passed filter is returned. */
async function filterTraces(c: TracesCommandContext, given?: string): Promise<string | undefined> {
  if (given !== undefined) {
    const error = given.trim() ? traceFilterError(given.trim()) : undefined;
    if (error) {
      void vscode.window.showErrorMessage(`Invalid trace filter: ${error}`);
      return error;
    }
    applyFilter(c, given);
    return undefined;
  }
  const value = await vscode.window.showInputBox({
    title: 'Filter traces (MLflow trace search syntax)',
    prompt: "e.g. attributes.status = 'ERROR', attributes.execution_time_ms > 1000, tags.env = 'prod' — empty shows all traces",
    value: c.tree.filter ?? '',
    validateInput: (text) => (text.trim() ? traceFilterError(text.trim()) : undefined),
  });
  if (value !== undefined) applyFilter(c, value);
  return undefined;
}

function applyFilter(c: TracesCommandContext, value: string): void {
  c.tree.filter = value.trim() || undefined;
  c.view.message = c.tree.filter ? `Showing traces where ${c.tree.filter}` : undefined;
  describeView(c);
  c.tree.refresh();
}

const ORDER_CHOICES = [
  { label: 'attributes.timestamp_ms DESC', description: 'newest first (MLflow default)' },
  { label: 'attributes.timestamp_ms ASC', description: 'oldest first' },
  { label: 'attributes.execution_time_ms DESC', description: 'slowest first' },
  { label: 'attributes.execution_time_ms ASC', description: 'fastest first' },
  { label: 'attributes.status ASC', description: 'by state' },
  { label: 'attributes.name ASC', description: 'by name' },
];

async function sortTraces(c: TracesCommandContext, given?: string): Promise<string | undefined> {
  if (given !== undefined) {
    try {
      if (given.trim()) parseTraceOrderBy([given.trim()]);
    } catch (error) {
      void vscode.window.showErrorMessage(`Invalid trace order: ${(error as Error).message}`);
      return (error as Error).message;
    }
    applyOrder(c, given.trim());
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(ORDER_CHOICES, { title: 'Sort traces by', placeHolder: 'an MLflow order_by clause' });
  if (pick) applyOrder(c, pick.label);
  return undefined;
}

function applyOrder(c: TracesCommandContext, orderBy: string): void {
  c.tree.orderBy = orderBy && orderBy !== ORDER_CHOICES[0]!.label ? [orderBy] : [];
  describeView(c);
  c.tree.refresh();
}

function describeView(c: TracesCommandContext): void {
  const parts = [c.tree.filter ? `filter: ${c.tree.filter}` : '', c.tree.orderBy[0] ? `sort: ${c.tree.orderBy[0]}` : ''];
  c.view.description = parts.filter(Boolean).join(' · ') || undefined;
}

/** Two selected traces, or one and a pick among the traces read from the same store. Older on the left. */
async function compareTraces(c: TracesCommandContext, node?: TracesNode, selected?: TracesNode[]): Promise<void> {
  const traces = pickTraces(c, node, selected);
  if (traces.length === 0) {
    void vscode.window.showInformationMessage('Select two traces (Ctrl/Cmd-click) in the Traces view to compare them.');
    return;
  }
  const [first, second] = traces;
  if (second && first!.entry.uri === second.entry.uri) {
    compareInOrder(c, first!.entry, first!.info, second.info);
    return;
  }
  const other = await pickOtherTrace(c, first!.entry, first!.info);
  if (other) compareInOrder(c, first!.entry, first!.info, other);
}

export async function pickOtherTrace(c: Pick<TracesCommandContext, 'tree'>, entry: StoreEntry, trace: TraceInfo): Promise<TraceInfo | undefined> {
  const candidates = (await c.tree.loadedTraces(entry)).filter((t) => t.traceId !== trace.traceId);
  // Traces of the same app first: the same name, then the rest of the experiment.
  const rank = (t: TraceInfo) => (traceName(t) === traceName(trace) ? 0 : t.experimentId === trace.experimentId ? 1 : 2);
  const items = candidates
    .sort((a, b) => rank(a) - rank(b) || b.requestTime - a.requestTime)
    .map((info) => {
      const summary = summarizeTrace(info, 100);
      return { label: summary.name, description: `${info.state} · ${summary.latency || 'running'} · ${new Date(info.requestTime).toLocaleString()}`, detail: summary.request, info };
    });
  if (items.length === 0) {
    void vscode.window.showInformationMessage('No other trace is loaded from this store: expand its experiments in the Traces view first.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(items, { title: `Compare ${traceName(trace)} with…`, matchOnDescription: true, matchOnDetail: true });
  return pick?.info;
}

export function compareInOrder(c: Pick<TracesCommandContext, 'compare'>, entry: StoreEntry, a: TraceInfo, b: TraceInfo): void {
  if (a.requestTime <= b.requestTime) c.compare(entry, a, b);
  else c.compare(entry, b, a);
}

async function showForRun(c: TracesCommandContext, run?: RunArgument): Promise<void> {
  const runId = typeof run === 'string' ? run : run?.tree?.run?.info?.runId;
  if (!runId || !/^[0-9A-Za-z_-]+$/.test(runId)) return;
  const filter = tracesOfRunFilter(runId);
  await vscode.commands.executeCommand('mlops.traces.focus');
  applyFilter(c, filter);
  const found: Array<{ entry: StoreEntry; info: TraceInfo }> = [];
  for (const entry of traceStores(await c.stores.list())) {
    if (!entry.services || !entry.store) continue;
    const experimentIds = (await listExperiments(entry.store)).map((e) => e.experimentId);
    if (experimentIds.length === 0) continue;
    const page = await entry.services.traces.searchTraces({ experimentIds, filter, maxResults: 2 });
    found.push(...page.items.map((info) => ({ entry, info })));
  }
  if (found.length === 1) c.open(found[0]!.entry, found[0]!.info.traceId);
  else if (found.length === 0) void vscode.window.showInformationMessage(`Run ${runId} recorded no traces.`);
}
