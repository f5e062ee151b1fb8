// Wires the Data view into VS Code. Nothing here reads the disk: the modules that do (core/data, simple-git) are
// imported on first use, so activation stays cheap; the data loads when the view or the Explorer first asks.
import * as vscode from 'vscode';
import type { MlopsLog } from '../output';
import type { ActionContext } from './actions';
import type { DataState } from './dataState';
import { type DataNode, DataTreeProvider } from './dataTree';
import { DataDecorations } from './decorations';
import { REPORT_SCHEME, VERSION_SCHEME } from './schemes';

type VersionOrOutput = Extract<DataNode, { kind: 'version' | 'output' }>;
type VersionNode = Extract<DataNode, { kind: 'version' }>;

export function registerDataView(context: vscode.ExtensionContext, log: MlopsLog): void {
  let loading: Promise<ActionContext> | undefined;
  const load = (): Promise<ActionContext> => {
    loading ??= (async () => {
      const [{ DataState }, documents, { ReportDocuments }] = await Promise.all([import('./dataState.js'), import('./readOnlyDocuments.js'), import('../reportDocuments.js')]);
      const state = await DataState.create(log);
      const reports = new ReportDocuments(REPORT_SCHEME);
      context.subscriptions.push(
        state,
        reports,
        vscode.workspace.registerTextDocumentContentProvider(VERSION_SCHEME, new documents.CachedVersionContent(documents.pullHintFor(() => state.outputs))),
        vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports),
      );
      return { state, reports, log };
    })();
    loading.catch((error: unknown) => {
      log.error(`The Data view could not load: ${(error as Error).message}`);
      loading = undefined;
    });
    return loading;
  };
  const state = (): Promise<DataState> => load().then((ctx) => ctx.state);
  const tree = new DataTreeProvider(state);
  const view = vscode.window.createTreeView('mlops.data', { treeDataProvider: tree, canSelectMany: true, showCollapseAll: true });
  const decorations = new DataDecorations(state);
  const actions = () => import('./actions.js');
  context.subscriptions.push(
    tree,
    view,
    decorations,
    vscode.window.registerFileDecorationProvider(decorations),
    vscode.commands.registerCommand('mlops.pipeline.show', async () => {
      const [{ showPipeline }, ctx] = await Promise.all([import('./pipelinePanel.js'), load()]);
      showPipeline(context.extensionUri, ctx.state, log);
    }),
    vscode.commands.registerCommand('mlops.data.refresh', async () => (await state()).refresh()),
    vscode.commands.registerCommand('mlops.data.compareWithWorkspace', async (node: VersionOrOutput) =>
      (await actions()).compareWithWorkspace(await load(), node),
    ),
    vscode.commands.registerCommand('mlops.data.compareVersions', async (node: VersionNode, selected?: DataNode[]) =>
      (await actions()).compareVersions(await load(), node, selected),
    ),
    vscode.commands.registerCommand('mlops.data.checkoutVersion', async (node: VersionNode) => (await actions()).checkoutThisVersion(await load(), node)),
    vscode.commands.registerCommand('mlops.data.copyHash', async (node: VersionOrOutput) => (await actions()).copyHash(node)),
    vscode.commands.registerCommand('mlops.data.revealInExplorer', async (node: VersionOrOutput) => (await actions()).revealInExplorer(node)),
    vscode.commands.registerCommand('mlops.data.openCommit', async (node: VersionNode) => (await actions()).openCommit(await load(), node)),
  );
}
