// The monitoring dashboard inside the real extension host on the demo workspace: opened by its command on drift.yaml
// it shows the first drifting batch core/monitor computes from the same files; a batch written into data/batches
// appears with no refresh; a malformed one is shown naming the file over the last series, and removing the files
// brings the original series back; opened on a folder of batches it writes the folder's drift.yaml for the reference
// given and shows those batches. State comes back through `mlops.monitor.status`.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { computeMonitorSeries, resolveMonitorJob } from '../../core/monitor/monitorJob';
import type { MonitorSeries } from '../../core/monitor/monitorSeries';
import { MONITOR_COMMANDS } from '../../extension/monitor/commands';
import type { MonitorDashboardStatus } from '../../extension/monitor/dashboardPanel';
import { activateExtension } from './extensionUnderTest';
import { waitFor } from './waitFor';

const status = () => vscode.commands.executeCommand<MonitorDashboardStatus[]>(MONITOR_COMMANDS.status);
/** Sorts after the demo's thirty days (2026-11-01 … 2026-11-30), so it is the latest batch. */
const NEW_BATCH = '2026-12-01.csv';
const MALFORMED_BATCH = '2026-12-02.csv';

export function registerMonitorTests(): void {
  describe('Monitoring dashboard', () => {
    let config = '';
    let expected: MonitorSeries;
    let batchesFolder = '';
    const written: string[] = [];

    before(async () => {
      await activateExtension();
      config = join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'drift.yaml');
      expected = await computeMonitorSeries(resolveMonitorJob(config));
      assert.ok(expected.firstCrossing !== null, 'the demo batches cross drift_share');
      batchesFolder = dirname(expected.batches[0]!.path);
    });

    after(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      for (const file of written) rmSync(file, { force: true, recursive: true });
    });

    it('opened on drift.yaml, it shows the first drifting batch core computes from the same files', async () => {
      const shown = await vscode.commands.executeCommand<MonitorSeries | undefined>(MONITOR_COMMANDS.openDashboard, vscode.Uri.file(config));
      assert.ok(shown, 'the command returned the series it showed');
      const crossing = expected.batches[expected.firstCrossing!]!.name;
      const [dashboard] = await waitFor('the dashboard to draw its batches', status, (s) => s[0]?.painted?.batches === expected.batches.length, 60_000);
      assert.equal(dashboard!.config, 'drift.yaml');
      assert.deepEqual(dashboard!.batches, expected.batches.map((b) => b.name));
      assert.equal(dashboard!.firstCrossing, crossing);
      assert.equal(dashboard!.painted!.firstCrossing, crossing);
      assert.equal(dashboard!.error, undefined);
    });

    it('a drifted batch copied into the batches folder appears as one more batch, with no refresh', async () => {
      const before = (await status())[0]!.computed;
      const drifted = expected.batches[expected.firstCrossing!]!;
      const added = join(batchesFolder, NEW_BATCH);
      written.push(added);
      copyFileSync(drifted.path, added);
      const count = expected.batches.length + 1;
      const [dashboard] = await waitFor('one more batch drawn', status, (s) => s[0]?.batches.length === count && s[0]?.painted?.batches === count, 60_000);
      assert.equal(dashboard!.batches.at(-1), NEW_BATCH);
      assert.equal(dashboard!.firstCrossing, drifted.name, 'the first crossing stays where it was');
      assert.equal(dashboard!.computed, before + 1, 'one file written, one recomputation');
    });

    it('a malformed batch is shown naming the file and line over the last series; removing it restores the series', async () => {
      const malformed = join(batchesFolder, MALFORMED_BATCH);
      written.push(malformed);
      writeFileSync(malformed, 'amount,hour\n1.5,3\n2.5,4,9\n');
      const [dashboard] = await waitFor('the error naming the file', status, (s) => (s[0]?.error ?? '').includes(`${MALFORMED_BATCH}:3`), 60_000);
      assert.match(dashboard!.error!, /3 fields where the header has 2/);
      assert.equal(dashboard!.batches.length, expected.batches.length + 1, 'the last good series stays drawn under the error');

      for (const file of written) rmSync(file, { force: true });
      const [restored] = await waitFor('the original batches', status, (s) => s[0]?.error === undefined && s[0]?.painted?.batches === expected.batches.length, 60_000);
      assert.deepEqual(restored!.batches, expected.batches.map((b) => b.name));
    });

    it('opened on a folder of batches, it writes the folder’s drift.yaml for the reference and shows those batches', async () => {
      const workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
      const folder = join(workspace, 'monitor-folder');
      mkdirSync(folder);
      written.push(folder);
      const days = [expected.batches[0]!, expected.batches[1]!, expected.batches[expected.firstCrossing!]!];
      for (const [i, batch] of days.entries()) copyFileSync(batch.path, join(folder, `day-${i + 1}.csv`));
      const shown = await vscode.commands.executeCommand<MonitorSeries | undefined>(
        MONITOR_COMMANDS.openDashboard,
        vscode.Uri.file(folder),
        vscode.Uri.file(join(workspace, 'reference.csv')),
      );
      assert.ok(shown, 'the command returned the series it showed');
      const configText = readFileSync(join(folder, 'drift.yaml'), 'utf8');
      assert.match(configText, /^reference: "\.\.\/reference\.csv"$/m);
      assert.match(configText, /^batches: \["\*\.csv"\]$/m);
      const fromCore = await computeMonitorSeries(resolveMonitorJob(join(folder, 'drift.yaml')));
      const mine = (s: MonitorDashboardStatus[]) => s.find((d) => d.config === 'monitor-folder/drift.yaml');
      const dashboard = mine(await waitFor('the folder’s dashboard to draw its batches', status, (s) => mine(s)?.painted?.batches === 3, 60_000))!;
      assert.deepEqual(dashboard.batches, ['day-1.csv', 'day-2.csv', 'day-3.csv']);
      const crossing = fromCore.firstCrossing === null ? null : fromCore.batches[fromCore.firstCrossing]!.name;
      assert.equal(dashboard.firstCrossing, crossing);
      // Opened again, the folder's drift.yaml is found: nothing is asked or written.
      const again = await vscode.commands.executeCommand<MonitorSeries | undefined>(MONITOR_COMMANDS.openDashboard, vscode.Uri.file(folder));
      assert.deepEqual(again?.batches.map((b) => b.name), ['day-1.csv', 'day-2.csv', 'day-3.csv']);
      assert.equal(readFileSync(join(folder, 'drift.yaml'), 'utf8'), configText);
    });
  });
}
