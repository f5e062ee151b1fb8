// Hosts the pipeline webview: sends the DAG of every workspace folder (layered by core/graph) and opens a stage's
// definition in dvc.yaml, or a data node's .dvc file, when the user clicks it. One panel; showing it again
// reveals it. The drawing follows the Data view's refreshes (dvc.yaml, dvc.lock, params and tracked files).
import { join } from 'node:path';
import * as vscode from 'vscode';
import { layeredLayout } from '../../core/graph/layeredLayout';
import type { PipelineGraph, PipelineNodeView, PipelineToHost, PipelineToUi } from '../../webviews/pipeline/contract';
import type { MlopsLog } from '../output';
import { WebviewPanelHost } from '../webviews/panelHost';
import type { DataState } from './dataState';

interface NodeTarget {
  absFile: string;
  line: number | undefined;
}

let current: PipelinePanel | undefined;

export function showPipeline(extensionUri: vscode.Uri, state: DataState, log: MlopsLog): PipelinePanel {
  if (current) {
    current.host.panel.reveal();
    return current;
  }
  current = new PipelinePanel(extensionUri, state, log);
  return current;
}

export class PipelinePanel {
  readonly host: WebviewPanelHost<PipelineToUi, PipelineToHost>;
  private targets = new Map<string, NodeTarget>();
  private readonly subscription: vscode.Disposable;

  constructor(
    extensionUri: vscode.Uri,
    private readonly state: DataState,
    private readonly log: MlopsLog,
  ) {
    this.host = WebviewPanelHost.open<PipelineToUi, PipelineToHost>(extensionUri, { viewType: 'mlops.pipeline', title: 'DVC Pipeline', bundle: 'pipeline' });
    this.host.onMessage((message) => this.receive(message));
    this.subscription = state.onDidChange(() => void this.send());
    this.host.onDidDispose(() => {
      this.subscription.dispose();
      this.host.dispose();
      if (current === this) current = undefined;
    });
  }

  private async receive(message: PipelineToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        await this.send();
        return;
      case 'refresh':
        await this.state.refresh();
        return;
      case 'openNode':
        await this.open(message.id);
        return;
    }
  }

  private async send(): Promise<void> {
    const { graph, targets } = this.graph();
    this.targets = targets;
    await this.host.post({ type: 'setGraph', graph });
  }

  private graph(): { graph: PipelineGraph; targets: Map<string, NodeTarget> } {
    const graph: PipelineGraph = { folders: [], problems: [] };
    const targets = new Map<string, NodeTarget>();
    for (const [index, { folder, dag }] of this.state.dags().entries()) {
      const idOf = (id: string) => `${index}:${id}`;
      const edges = dag.edges.map((e) => ({ from: idOf(e.from), to: idOf(e.to), path: e.path }));
      const { places } = layeredLayout(
        dag.nodes.map((n) => idOf(n.id)),
        edges,
      );
      const nodes = dag.nodes.map((n): PipelineNodeView => {
        const id = idOf(n.id);
        targets.set(id, { absFile: join(n.project, n.file), line: n.line });
        const { layer, order } = places.get(id)!;
        const view: PipelineNodeView = { id, kind: n.kind, name: n.name, file: n.file, stale: n.stale, reasons: n.reasons, frozen: n.frozen, layer, order };
        if (n.line !== undefined) view.line = n.line;
        return view;
      });
      graph.folders.push({ name: folder.name, nodes, edges });
      graph.problems.push(...dag.problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`));
    }
    return { graph, targets };
  }

  private async open(id: string): Promise<void> {
    const target = this.targets.get(id);
    if (!target) return;
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(target.absFile));
      const line = Math.max(0, (target.line ?? 1) - 1);
      const position = new vscode.Position(line, 0);
      await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, selection: new vscode.Range(position, position) });
    } catch (error) {
      this.log.error(`Could not open ${target.absFile}: ${(error as Error).message}`);
      void vscode.window.showErrorMessage(`Could not open ${target.absFile}: ${(error as Error).message}`);
    }
  }
}
