// The host side of trace outputs in notebooks: one ExplorerHost per output (the same one the explorer panel uses),
// kept until the output goes away. A whole trace in the output (MLflow 2.x's display, `%mlops trace`) is shown as it
// is; ids (MLflow 3's display) are read from the store the workspace resolves for the notebook's folder.
import * as vscode from 'vscode';
import { type NotebookTracePayload, parseNotebookTracePayload } from '../../core/traces/notebookTrace';
import type { Trace } from '../../core/traces/trace';
import { traceName } from '../../core/traces/tracePresentation';
import { type LocationServices, openLocation } from '../../core/workspace/open';
import type { ExplorerToHost, HostToExplorer, TraceChoice } from '../../webviews/traceExplorer/contract';
import type { MlopsLog } from '../output';
import type { WorkspaceLocation } from '../../core/workspace/location';
import { ExplorerHost } from '../traces/explorerHost';
import { folderOf, type WorkspaceLocations } from '../workspace/workspaceLocations';
import type { Reply } from './rendererMessaging';

interface TraceOutputSession {
  host: ExplorerHost;
  services?: LocationServices;
}

const sessions = new Map<string, TraceOutputSession>();

function key(notebook: vscode.NotebookDocument, outputId: string): string {
  return `${notebook.uri.toString()}#${outputId}`;
}

/** A trace output appeared (or was rendered again): read what it names and send the first trace. */
export async function openTraceOutput(notebook: vscode.NotebookDocument, outputId: string, text: string, reply: Reply, log: MlopsLog, workspace: WorkspaceLocations): Promise<void> {
  await closeTraceOutput(notebook, outputId);
  const post = (message: HostToExplorer) => reply({ type: 'explorer', outputId, message });
  let source: TraceSource;
  try {
    source = await traceSource(parseNotebookTracePayload(text), notebook, workspace);
  } catch (error) {
    post({ type: 'error', message: (error as Error).message });
    return;
  }
  const host = new ExplorerHost({
    post,
    load: source.load,
    choices: source.choices,
    revealRun: (runId) => void vscode.commands.executeCommand('mlops.runs.reveal', runId),
    failed: (message) => log.error(`notebook: ${message}`),
  });
  sessions.set(key(notebook, outputId), { host, services: source.services });
  await host.show(source.choices[0]!.traceId);
}

interface TraceSource {
  load(traceId: string): Promise<Trace>;
  choices: TraceChoice[];
  services?: LocationServices;
}

async function traceSource(payload: NotebookTracePayload, notebook: vscode.NotebookDocument, workspace: WorkspaceLocations): Promise<TraceSource> {
  if (payload.kind === 'traces') {
    const { traces } = payload;
    return {
      load: async (traceId) => traces.find((t) => t.info.traceId === traceId)!,
      choices: traces.map((t) => ({ traceId: t.info.traceId, label: traceName(t.info) })),
    };
  }
  const services = openLocation(await notebookLocation(notebook, workspace));
  return { load: (traceId) => services.traces.getTrace(traceId), choices: payload.traceIds.map((traceId) => ({ traceId, label: traceId })), services };
}

export function traceOutputMessage(notebook: vscode.NotebookDocument, outputId: string, message: ExplorerToHost): void {
  sessions.get(key(notebook, outputId))?.host.receive(message);
}

export async function closeTraceOutput(notebook: vscode.NotebookDocument, outputId: string): Promise<void> {
  const session = sessions.get(key(notebook, outputId));
  sessions.delete(key(notebook, outputId));
  await session?.services?.close();
}

/** A row of `%mlops traces`: the trace in the explorer panel, from the store the notebook's folder resolves. */
export async function openTraceInPanel(notebook: vscode.NotebookDocument, traceId: string, workspace: WorkspaceLocations): Promise<void> {
  const location = await notebookLocation(notebook, workspace);
  await vscode.commands.executeCommand('mlops.traces.open', { storeUri: location.key, traceId });
}

async function notebookLocation(notebook: vscode.NotebookDocument, workspace: WorkspaceLocations): Promise<WorkspaceLocation> {
  const folder = folderOf(notebook.uri);
  if (!folder) throw new Error("Open the folder that holds the notebook's MLflow store as a workspace to read its traces.");
  const location = await workspace.forFolder(folder, 'tracking');
  if (!location) {
    throw new Error(`No MLflow tracking store found for ${folder.uri.fsPath}: set mlops.trackingUri or MLFLOW_TRACKING_URI, or add an mlflow.db or mlruns/ folder.`);
  }
  if ('message' in location) throw new Error(location.message);
  return location;
}
