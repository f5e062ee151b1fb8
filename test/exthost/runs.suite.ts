// The Runs view inside the real extension host, over the demo workspace (mlflow.db and mlruns/ side by side):
// what the tree shows, filter validation, the plot panel's round trip, and a live metric append.
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { PlotPanelStatus } from '../../extension/runs/plotPanel';
import type { InspectedNode } from '../../extension/runs/runsView';
import { activateExtension } from './extensionUnderTest';

const inspectTree = () => vscode.commands.executeCommand<InspectedNode[]>('mlops.runs.inspect');

function walk(nodes: InspectedNode[], visit: (node: InspectedNode) => void): void {
  for (const node of nodes) {
    visit(node);
    walk(node.children ?? [], visit);
  }
}

function findRun(nodes: InspectedNode[], label: string): InspectedNode | undefined {
  let found: InspectedNode | undefined;
  walk(nodes, (n) => {
    if (!found && n.kind === 'run' && n.label === label) found = n;
  });
  return found;
}

/** `<store uri>|run|<run id>` → both parts. */
function runRef(node: InspectedNode): { storeUri: string; runId: string } {
  const [storeUri, , runId] = node.id!.split('|');
  return { storeUri: storeUri!, runId: runId! };
}

async function waitFor<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await read();
  }
  return last;
}

export function registerRunsTests(): void {
  describe('Runs view', () => {
    before(async () => {
      await activateExtension();
      await vscode.commands.executeCommand('workbench.view.extension.mlops');
    });

    it('shows both demo stores, their experiments, runs with status, key metric and start time, and nested runs', async () => {
      const roots = await inspectTree();
      assert.deepEqual(
        roots.map((r) => [r.kind, r.label]),
        [
          ['store', 'mlflow.db (sqlite)'],
          ['store', 'mlruns (mlruns)'],
        ],
      );
      const [db, files] = roots;
      assert.ok(db!.children!.some((e) => e.kind === 'experiment' && e.label === 'fraud-detection'));
      assert.ok(files!.children!.some((e) => e.kind === 'experiment' && e.label === 'baselines'));
      const live = findRun([files!], 'baseline-live');
      assert.ok(live, 'the RUNNING baseline run is in the mlruns store');
      assert.match(live.description ?? '', /^accuracy \d\.\d+ · .+ ago$/);
      const sweep = findRun([db!], 'sweep-xgb-depth');
      assert.ok(sweep, 'the sweep parent run is listed');
      assert.ok((sweep.children ?? []).filter((c) => c.kind === 'run').length >= 2, 'sweep children sit under their parent');
      let runs = 0;
      walk([db!], (n) => {
        if (n.kind === 'run') runs++;
      });
      assert.ok(runs >= 20, `only ${runs} runs in mlflow.db`);
    });

    it('validates filters with MLflow’s grammar and applies a valid one', async () => {
      const error = await vscode.commands.executeCommand<string | undefined>('mlops.runs.filter', "params.model = 'a' OR params.model = 'b'");
      assert.match(error ?? '', /OR/i, 'OR is rejected with MLflow’s message');
      const accepted = await vscode.commands.executeCommand<string | undefined>('mlops.runs.filter', "attributes.run_name = 'baseline-live'");
      assert.equal(accepted, undefined);
      try {
        const filtered = await inspectTree();
        const names: string[] = [];
        walk(filtered, (n) => {
          if (n.kind === 'run') names.push(n.label);
        });
        assert.deepEqual(names, ['baseline-live']);
      } finally {
        await vscode.commands.executeCommand('mlops.runs.filter', '');
      }
      const all = await inspectTree();
      assert.ok(findRun(all, 'sweep-xgb-depth'), 'clearing the filter shows every run again');
    });

    it('opens a plot of two runs from two stores and the webview reports two series drawn', async () => {
      const roots = await inspectTree();
      const first = findRun([roots[0]!], 'live-training');
      const second = findRun([roots[1]!], 'baseline-live');
      assert.ok(first && second);
      await vscode.commands.executeCommand('mlops.runs.openPlot', { runs: [runRef(first), runRef(second)], metrics: ['accuracy'] });
      const [status] = await waitFor(
        'the plot webview to draw',
        async () => vscode.commands.executeCommand<PlotPanelStatus[]>('mlops.runs.plotStatus'),
        (panels) => panels.some((p) => p.rendered?.series === 2),
        30_000,
      );
      assert.deepEqual(status!.metrics, ['accuracy']);
      assert.deepEqual(status!.runs, [runRef(first).runId, runRef(second).runId]);
      assert.ok((status!.rendered?.points ?? 0) > 2);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    it('a metric line appended to a RUNNING run updates its key metric in the tree', async () => {
      const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
      const live = findRun(await inspectTree(), 'baseline-live')!;
      const { runId } = runRef(live);
      const file = join(folder, 'mlruns', '1', runId, 'metrics', 'accuracy');
      const lastLine = readFileSync(file, 'utf8').trim().split('\n').at(-1)!;
      const [timestamp, , step] = lastLine.split(' ').map(Number);
      appendFileSync(file, `${timestamp! + 1000} 0.1234 ${step! + 1}\n`);
      const updated = await waitFor(
        'the tree to show the appended value',
        async () => findRun(await inspectTree(), 'baseline-live')?.description ?? '',
        (description) => description.startsWith('accuracy 0.1234'),
      );
      assert.match(updated, /^accuracy 0\.1234 · /);
    });
  });
}
