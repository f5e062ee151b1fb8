// The runs table and parallel coordinates inside the real extension host, over the demo's mlflow.db: a table opened
// by command paints its rows and reads the whole order; a run written to the database appears in the open table;
// parallel coordinates of the sweep draws every run. Status comes back through `mlops.runsTable.status`.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { openSqlite, useNativeBuilds } from '../../core/sqlite/driver';
import type { InspectedNode } from '../../extension/runs/runsController';
import type { RunsTablesStatus } from '../../extension/runsTable/tableCommands';
import { activateExtension } from './extensionUnderTest';
import { waitFor } from './waitFor';

const status = () => vscode.commands.executeCommand<RunsTablesStatus>('mlops.runsTable.status');
const demoDb = () => join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'mlflow.db');
const LIVE_RUN = 'tablelive0000000000000000000000';


export function registerRunsTableTests(): void {
  describe('Runs table and parallel coordinates', () => {
    let storeUri = '';

    before(async () => {
      await activateExtension();
      await vscode.commands.executeCommand('workbench.view.extension.mlops');
      const roots = await vscode.commands.executeCommand<InspectedNode[]>('mlops.runs.inspect');
      storeUri = roots.find((r) => r.label === 'mlflow.db (sqlite)')!.id!.replace(/^store:/, '');
    });

    after(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      // The suites after this one see the demo as generated.
      const db = openSqlite(demoDb());
      try {
        db.transaction(() => {
          for (const table of ['latest_metrics', 'runs']) db.prepare(`DELETE FROM ${table} WHERE run_uuid = ?`).run(LIVE_RUN);
        });
      } finally {
        db.close();
      }
    });

    it('opens the sweep’s table by command: rows on screen, the whole order read, columns from the runs', async () => {
      await vscode.commands.executeCommand('mlops.runs.openTable', { storeUri, experimentIds: ['3'] });
      const [table] = (await waitFor('the table to paint its rows', status, (s) => (s.tables[0]?.painted?.rows ?? 0) > 0 && s.tables[0]!.state.complete, 30_000)).tables;
      assert.equal(table!.title, 'Runs: hyperparam-sweep');
      assert.equal(table!.state.runCount, 19);
      assert.equal(table!.painted!.rows, 19);
      const ids = table!.state.columns.map((c) => c.id);
      for (const id of ['attributes.run_name', 'params.learning_rate', 'params.optimizer', 'metrics.accuracy', 'metrics.val_loss']) assert.ok(ids.includes(id), id);
      assert.ok(table!.firstPaintMs! > 0);
    });

    it('a run written to mlflow.db appears in the open table', async () => {
      const { extension } = await activateExtension();
      useNativeBuilds(join(extension.extensionPath, 'native', 'better-sqlite3'));
      const db = openSqlite(demoDb());
      try {
        db.transaction(() => {
          db.prepare(
            "INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time, source_version, lifecycle_stage, artifact_uri, experiment_id) VALUES (?, 'appears-live', 'LOCAL', '', '', 'demo', 'RUNNING', 1900000000000, NULL, '', 'active', '', 3)",
          ).run(LIVE_RUN);
          db.prepare("INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES ('accuracy', 0.5, 1900000000000, 0, 0, ?)").run(LIVE_RUN);
        });
      } finally {
        db.close();
      }
      const [table] = (await waitFor('the new run in the table', status, (s) => s.tables[0]?.state.runCount === 20, 30_000)).tables;
      assert.ok(table!.state.complete);
    });

    it('parallel coordinates of the sweep draws a line per run, an axis per varying param and the metric', async () => {
      await vscode.commands.executeCommand('mlops.runs.openParallelCoordinates', { storeUri, experimentIds: ['3'] });
      const [chart] = (await waitFor('the lines', status, (s) => (s.parallels[0]?.painted?.lines ?? 0) > 0, 30_000)).parallels;
      assert.equal(chart!.runs, 20);
      assert.equal(chart!.painted!.lines, 20);
      assert.equal(chart!.axes.at(-1), `metrics.${chart!.metric}`);
      assert.ok(chart!.axes.includes('params.learning_rate') && chart!.axes.includes('params.max_depth'), chart!.axes.join());
    });
  });
}
