// The Traces view inside the real extension host, over the demo workspace (the traced RAG agent in mlflow.db and
// mlruns/): what the tree shows, MLflow's filter checked and applied, a run's traces, the explorer panel's round trip,
// a trace written while the view is open, and the logged model under the run that logged it in the Runs view.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { buildRagAgent } from '../../core/demo/ragAgent';
import { writeTracesToMlruns } from '../../core/demo/traceRecords';
import { openSqlite } from '../../core/sqlite/driver';
import type { InspectedNode } from '../../extension/runs/runsController';
import type { ComparePanelStatus } from '../../extension/traces/comparePanel';
import type { ExplorerPanelStatus } from '../../extension/traces/explorerPanel';
import type { InspectedTraceNode } from '../../extension/traces/tracesController';
import { activateExtension } from './extensionUnderTest';
import { waitFor } from './waitFor';

const inspect = () => vscode.commands.executeCommand<InspectedTraceNode[]>('mlops.traces.inspect');
const status = () => vscode.commands.executeCommand<{ explorers: ExplorerPanelStatus[]; compares: ComparePanelStatus[] }>('mlops.traces.explorerStatus');
const demoFolder = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;

function sql(query: string): Array<Record<string, unknown>> {
  const db = openSqlite(join(demoFolder(), 'mlflow.db'), { readonly: true });
  try {
    return db.prepare(query).all();
  } finally {
    db.close();
  }
}

/** Trace ids per store label, in the order the tree shows them. */
function tracesByStore(roots: InspectedTraceNode[]): Record<string, string[]> {
  return Object.fromEntries(
    roots.map((store) => [store.label, (store.children ?? []).flatMap((e) => (e.children ?? []).filter((t) => t.kind === 'trace').map((t) => t.id!.split('|').at(-1)!))]),
  );
}

export function registerTracesTests(): void {
  describe('Traces view', () => {
    before(async () => {
      await activateExtension();
      await vscode.commands.executeCommand('workbench.view.extension.mlops');
    });

    it('lists the agent’s traces of both stores, newest first, with latency, tokens and the question', async () => {
      const roots = await inspect();
      assert.deepEqual(
        roots.map((r) => [r.kind, r.label]),
        [
          ['store', 'mlflow.db (sqlite)'],
          ['store', 'mlruns (mlruns)'],
        ],
        'the W&B folder holds no MLflow traces, so the view leaves it out',
      );
      const expected = sql('SELECT request_id FROM trace_info ORDER BY timestamp_ms DESC, request_id').map((r) => String(r.request_id));
      const shown = tracesByStore(roots);
      assert.deepEqual(shown['mlflow.db (sqlite)'], expected);
      assert.equal(shown['mlruns (mlruns)']!.length, 3);
      const experiment = roots[0]!.children!.find((e) => e.kind === 'experiment')!;
      assert.deepEqual([experiment.label, experiment.description], ['support-rag-agent', '10 traces · id 4']);
      const failed = experiment.children!.find((t) => t.description?.includes('B-2210'))!;
      const tokens = JSON.parse(String(sql("SELECT value FROM trace_request_metadata WHERE key = 'mlflow.trace.tokenUsage' AND request_id IN (SELECT request_id FROM trace_info WHERE status = 'ERROR')")[0]!.value)).total_tokens;
      assert.match(failed.description!, new RegExp(`^6\\.\\d\\d s · ${tokens} tokens · .* · “Where is my order B-2210\\?”$`));
    });

    it("checks filters with MLflow's messages and applies a valid one to every store", async () => {
      const error = await vscode.commands.executeCommand<string | undefined>('mlops.traces.filter', "attributes.status >= 'ERROR'");
      assert.match(error ?? '', /Invalid comparator '>='/);
      assert.equal(await vscode.commands.executeCommand('mlops.traces.filter', "attributes.status = 'ERROR'"), undefined);
      try {
        const roots = await inspect();
        assert.deepEqual(tracesByStore(roots)['mlflow.db (sqlite)'], sql("SELECT request_id FROM trace_info WHERE status = 'ERROR'").map((r) => String(r.request_id)));
        assert.deepEqual(roots[1]!.children!.map((n) => [n.kind, n.label]), [['message', 'No traces match the filter']]);
      } finally {
        await vscode.commands.executeCommand('mlops.traces.filter', '');
      }
    });

    it('a run shows its traces (mlflow.sourceRun), and the Runs view shows the model it logged', async () => {
      const runId = String(sql("SELECT DISTINCT value FROM trace_request_metadata WHERE key = 'mlflow.sourceRun'")[0]!.value);
      await vscode.commands.executeCommand('mlops.traces.showForRun', runId);
      try {
        const linked = sql(`SELECT request_id FROM trace_request_metadata WHERE key = 'mlflow.sourceRun' AND value = '${runId}'`).map((r) => String(r.request_id));
        assert.deepEqual(tracesByStore(await inspect())['mlflow.db (sqlite)']!.sort(), linked.sort());
      } finally {
        await vscode.commands.executeCommand('mlops.traces.filter', '');
      }
      const runs = await vscode.commands.executeCommand<InspectedNode[]>('mlops.runs.inspect', runId);
      let models: InspectedNode | undefined;
      const visit = (nodes: InspectedNode[]) => {
        for (const node of nodes) {
          if ((node.kind as string) === 'loggedModels') models = node;
          visit(node.children ?? []);
        }
      };
      visit(runs);
      assert.deepEqual([models?.label, models?.description], ['Logged models', '1']);
    });

    it('opens a trace in the explorer, which draws every span', async () => {
      const traceId = String(sql("SELECT request_id FROM trace_info WHERE request_preview LIKE '%A-1042%'")[0]!.request_id);
      const spans = Number(sql(`SELECT count(*) AS n FROM spans WHERE trace_id = '${traceId}'`)[0]!.n);
      const storeUri = (await inspect())[0]!.id!.replace(/^traces:store:/, '');
      await vscode.commands.executeCommand('mlops.traces.open', { storeUri, traceId });
      const [panel] = (await waitFor('the explorer painted', status, (s) => s.explorers.some((p) => p.painted !== undefined), 30_000)).explorers;
      assert.deepEqual([panel!.traceId, panel!.spans, panel!.painted!.rows, panel!.title], [traceId, spans, spans, 'Trace: support_agent']);
      assert.ok(panel!.firstPaintMs! > 0);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('a trace an app writes while the view is open appears', async () => {
      const experiment = '2';
      const written = buildRagAgent(99, experiment, { turns: 1, withRun: false }).traces;
      const folder = join(demoFolder(), 'mlruns', experiment, 'traces', written[0]!.info.traceId);
      try {
        writeTracesToMlruns(join(demoFolder(), 'mlruns'), written);
        await waitFor('the new trace in the tree', inspect, (roots) => tracesByStore(roots)['mlruns (mlruns)']!.includes(written[0]!.info.traceId), 15_000);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  });
}
