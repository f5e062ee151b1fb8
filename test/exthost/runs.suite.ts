// The Runs view inside the real extension host, over the demo workspace (mlflow.db and mlruns/ side by side):
// what the tree shows, filter validation, the plot panel's round trip, and a live metric append.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { openSqlite, useNativeBuilds } from '../../core/sqlite/driver';
import { DEMO_SWEEP_ID } from '../../core/demo/wandbSweep';
import { encodeRecord, RunFileWriter } from '../../core/wandb/encoder';
import { PARALLEL_ABOVE } from '../../core/wandb/runFile';
import { FileStore } from '../../core/tracking/index';
import type { PlotPanelStatus } from '../../extension/runs/plotPanel';
import type { InspectedNode } from '../../extension/runs/runsController';
import { startMlflowRestServer } from '../support/mlflowRestServer';
import { activateExtension } from './extensionUnderTest';
import { waitFor } from './waitFor';

const inspectTree = async (expandRunId?: string) => vscode.commands.executeCommand<InspectedNode[]>('mlops.runs.inspect', expandRunId);
const demoFolder = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
/** A server's one node once it answered (or failed), not the "Asking …" shown while it is read. */
const isAnswer = (node: InspectedNode) => node.kind === 'message' && !node.label.startsWith('Asking ');

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

/**
 * The id of the demo sweep's best run by its metric (val/loss, minimize), read from each run folder's
 * files/wandb-summary.json: what wandb writes beside the `.wandb` file, independent of the store under test.
 */
function bestRunIdByValLoss(wandbFolder: string): string {
  const summaries = readdirSync(wandbFolder)
    .filter((name) => name.startsWith('run-'))
    .map((name) => ({
      id: name.slice(name.lastIndexOf('-') + 1),
      valLoss: (JSON.parse(readFileSync(join(wandbFolder, name, 'files', 'wandb-summary.json'), 'utf8')) as Record<string, number>)['val/loss']!,
    }));
  return summaries.sort((a, b) => a.valLoss - b.valLoss)[0]!.id;
}

export function registerRunsTests(): void {
  describe('Runs view', () => {
    before(async () => {
      await activateExtension();
      await vscode.commands.executeCommand('workbench.view.extension.mlops');
    });

    it('shows the three demo stores (mlflow.db, mlruns/, wandb/), their experiments, runs with status, key metric and start time, and nested runs', async () => {
      const roots = await inspectTree();
      assert.deepEqual(
        roots.map((r) => [r.kind, r.label]),
        [
          ['store', 'mlflow.db (sqlite)'],
          ['store', 'mlruns (mlruns)'],
          ['store', 'wandb (W&B)'],
        ],
      );
      const [db, files, wandb] = roots;
      const sweep = wandb!.children!.find((e) => e.kind === 'experiment' && e.label === 'fraud-sweep');
      assert.ok(sweep, 'the demo W&B sweep project is an experiment of the W&B store');
      const sweepNode = (sweep.children ?? []).find((c) => c.kind === 'sweep');
      assert.ok(sweepNode, 'the project holds its sweep');
      assert.equal(sweepNode.label, `sweep ${DEMO_SWEEP_ID}`);
      assert.equal(sweepNode.description, 'fraud-lr-depth · minimize val/loss · 6 runs', 'named, metric and goal from the demo sweep.yaml');
      const sweepRuns = (sweepNode.children ?? []).filter((c) => c.kind === 'run');
      assert.equal(sweepRuns.length, 6, 'its six W&B runs are listed under it');
      assert.deepEqual(
        sweepRuns.filter((r) => r.description?.startsWith('best · ')).map((r) => runRef(r).runId),
        [bestRunIdByValLoss(join(demoFolder(), 'wandb'))],
        'the run with the lowest val/loss is marked best',
      );
      assert.ok(db!.children!.some((e) => e.kind === 'experiment' && e.label === 'fraud-detection'));
      assert.ok(files!.children!.some((e) => e.kind === 'experiment' && e.label === 'baselines'));
      const live = findRun([files!], 'baseline-live');
      assert.ok(live, 'the RUNNING baseline run is in the mlruns store');
      assert.match(live.description ?? '', /^accuracy \d\.\d+ · .+ ago$/);
      const parent = findRun([db!], 'sweep-xgb-depth');
      assert.ok(parent, 'the sweep parent run is listed');
      assert.ok((parent.children ?? []).filter((c) => c.kind === 'run').length >= 2, 'sweep children sit under their parent');
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

    it('plots a W&B run whose .wandb is larger than the size read in parts by worker threads', async () => {
      const folder = join(demoFolder(), 'wandb', 'run-20240301_000000-largerun');
      mkdirSync(folder, { recursive: true });
      const writer = new RunFileWriter();
      writer.add(encodeRecord({ run: { runId: 'largerun', project: 'large-runs', displayName: 'large-run', startTimeMs: 1_700_000_000_000 } }));
      let rows = 0;
      for (let size = 0; size <= PARALLEL_ABOVE + 1024 * 1024; rows++) {
        const row: Record<string, unknown> = { _step: rows, _timestamp: 1_700_000_000 + rows / 10 };
        for (let k = 0; k < 8; k++) row[`train/metric_${k}`] = (k + 1) / (rows + 1);
        size += writer.add(encodeRecord({ history: row }, rows + 2)).length;
      }
      writer.add(encodeRecord({ exit: 0, runtime: rows / 10 }));
      writeFileSync(join(folder, 'run-largerun.wandb'), writer.bytes());
      // core/wandb/segmentPool.ts reads the parts on worker threads from this file beside the bundle (without it, in this thread).
      assert.ok(existsSync(join((await activateExtension()).extension.extensionPath, 'dist', 'wandbSegmentWorker.js')));
      try {
        await vscode.commands.executeCommand('mlops.runs.refresh');
        const large = await waitFor('the large run', async () => findRun(await inspectTree(), 'large-run'), (node) => node !== undefined, 30_000);
        await vscode.commands.executeCommand('mlops.runs.openPlot', { runs: [runRef(large!)], metrics: ['train/metric_7'] });
        const [status] = await waitFor(
          'the large run plotted',
          async () => vscode.commands.executeCommand<PlotPanelStatus[]>('mlops.runs.plotStatus'),
          (panels) => panels.some((p) => p.rendered?.series === 1),
          60_000,
        );
        assert.deepEqual(status!.runs, ['largerun']);
        assert.ok((status!.rendered?.points ?? 0) > 100, `a downsampled line of ${rows} points: ${status!.rendered?.points} drawn`);
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      } finally {
        rmSync(folder, { recursive: true, force: true });
        await vscode.commands.executeCommand('mlops.runs.refresh');
      }
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
    it('sorts by an MLflow order_by clause and rejects a malformed one', async () => {
      const error = await vscode.commands.executeCommand<string | undefined>('mlops.runs.sort', 'metrics.accuracy SIDEWAYS');
      assert.match(error ?? '', /order_by/);
      assert.equal(await vscode.commands.executeCommand('mlops.runs.sort', 'metrics.accuracy DESC'), undefined);
      try {
        const baselines = (await inspectTree())[1]!.children!.find((e) => e.label === 'baselines')!;
        const values = baselines.children!.filter((r) => r.kind === 'run').map((r) => Number(/^accuracy ([\d.]+)/.exec(r.description ?? '')?.[1]));
        assert.ok(values.length >= 8 && values.every((v) => Number.isFinite(v)));
        assert.deepEqual(values, [...values].sort((a, b) => b - a), 'highest accuracy first');
      } finally {
        await vscode.commands.executeCommand('mlops.runs.sort', '');
      }
    });

    it('expands a run into Metrics, Params, Tags and its artifact files; a database run says where its artifacts are', async () => {
      const roots = await inspectTree();
      const { runId } = runRef(findRun([roots[1]!], 'baseline-live')!);
      const run = findRun(await inspectTree(runId), 'baseline-live')!;
      const sections = Object.fromEntries(run.children!.map((c) => [c.label, c]));
      assert.deepEqual(Object.keys(sections), ['Metrics', 'Params', 'Tags', 'Artifacts']);
      assert.deepEqual(
        sections.Metrics!.children!.map((m) => m.label),
        ['accuracy', 'f1_score', 'train_loss', 'val_loss'],
      );
      assert.match(sections.Metrics!.children![0]!.description ?? '', /^\d\.\d+ \(step \d+\)$/);
      assert.ok(sections.Params!.children!.length > 0);
      const artifacts = sections.Artifacts!.children!;
      assert.deepEqual(
        artifacts.map((a) => a.label),
        ['model', 'confusion_matrix.txt'],
      );
      assert.deepEqual(
        artifacts[0]!.children!.map((a) => a.label),
        ['MLmodel'],
      );
      const dbRun = findRun([roots[0]!], 'live-training')!;
      const dbSections = findRun(await inspectTree(runRef(dbRun).runId), 'live-training')!.children!;
      const dbArtifacts = dbSections.find((c) => c.label === 'Artifacts')!.children!;
      assert.deepEqual(
        dbArtifacts.map((a) => [a.kind, a.label]),
        [['message', 'Artifacts not available here']],
      );
    });

    it('a corrupt experiment meta.yaml becomes one node naming the file while the other experiments keep working', async () => {
      const folder = join(demoFolder(), 'mlruns', '9');
      mkdirSync(folder);
      writeFileSync(join(folder, 'meta.yaml'), 'name: [broken\nexperiment_id: 9\n');
      try {
        const roots = await waitFor(
          'the warning node',
          () => inspectTree(),
          (nodes) => (nodes[1]?.children ?? []).some((n) => n.kind === 'message'),
        );
        const warning = roots[1]!.children!.find((n) => n.kind === 'message')!;
        assert.ok(warning.label.startsWith(join(folder, 'meta.yaml')), warning.label);
        assert.match(warning.label, /not valid YAML/);
        assert.ok(findRun(roots, 'baseline-live'), 'runs of the other experiments still show');
        assert.ok(findRun(roots, 'live-training'), 'the other store still shows');
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
      await waitFor('the warning to go', () => inspectTree(), (nodes) => !(nodes[1]?.children ?? []).some((n) => n.kind === 'message'));
    });

    it('a truncated run meta.yaml and a run folder without one become warning nodes under their experiment', async () => {
      const mlruns = join(demoFolder(), 'mlruns');
      const probe = new FileStore(mlruns);
      const baselines = (await probe.searchExperiments()).items.find((e) => e.name === 'baselines')!;
      const [live] = (await probe.searchRuns({ experimentIds: [baselines.experimentId], filter: "attributes.run_name = 'baseline-live'" })).items;
      await probe.close();
      const experiment = join(mlruns, baselines.experimentId);
      const meta = readFileSync(join(experiment, live!.info.runId, 'meta.yaml'), 'utf8');
      // Made aside with an old mtime and moved in whole: damage from the past, not a run MLflow is creating now.
      const aside = join(demoFolder(), '.damaged-runs');
      const truncated = 'd'.repeat(32);
      const withoutMeta = 'e'.repeat(32);
      mkdirSync(join(aside, truncated), { recursive: true });
      mkdirSync(join(aside, withoutMeta, 'metrics'), { recursive: true });
      writeFileSync(join(aside, truncated, 'meta.yaml'), meta.slice(0, meta.length >> 1));
      writeFileSync(join(aside, withoutMeta, 'metrics', 'loss'), '1700000000000 0.5 0\n');
      const hourAgo = new Date(Date.now() - 3_600_000);
      for (const name of [truncated, withoutMeta]) {
        utimesSync(join(aside, name), hourAgo, hourAgo);
        renameSync(join(aside, name), join(experiment, name));
      }
      const warningsUnder = (nodes: InspectedNode[]) =>
        (nodes[1]?.children ?? []).find((e) => e.kind === 'experiment' && e.label === 'baselines')?.children?.filter((n) => n.kind === 'message') ?? [];
      try {
        const roots = await waitFor(
          'two warning nodes under baselines',
          () => inspectTree(),
          (nodes) => warningsUnder(nodes).length === 2,
        );
        const labels = warningsUnder(roots).map((n) => n.label).sort();
        assert.ok(labels[0]!.startsWith(`${join(experiment, truncated, 'meta.yaml')}: run skipped:`), labels[0]);
        assert.ok(labels[1]!.startsWith(`${join(experiment, withoutMeta, 'meta.yaml')}: run folder has no meta.yaml`), labels[1]);
        assert.ok(findRun(roots, 'baseline-live'), 'the good runs still show');
      } finally {
        for (const name of [truncated, withoutMeta]) rmSync(join(experiment, name), { recursive: true, force: true });
        rmSync(aside, { recursive: true, force: true });
      }
      await waitFor('the warnings to go', () => inspectTree(), (nodes) => warningsUnder(nodes).length === 0);
    });

    it('a write to mlflow.db updates the run in the tree (live SQLite store)', async () => {
      const { extension } = await activateExtension();
      useNativeBuilds(join(extension.extensionPath, 'native', 'better-sqlite3'));
      const live = findRun(await inspectTree(), 'live-training')!;
      const { runId } = runRef(live);
      const db = openSqlite(join(demoFolder(), 'mlflow.db'));
      try {
        const last = db.prepare("SELECT max(step) AS step, max(timestamp) AS ts FROM metrics WHERE run_uuid = ? AND key = 'accuracy'").get(runId)!;
        const step = Number(last.step) + 1;
        const ts = Number(last.ts) + 1000;
        db.transaction(() => {
          db.prepare("INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES ('accuracy', 0.4321, ?, ?, ?, 0)").run(ts, runId, step);
          db.prepare("UPDATE latest_metrics SET value = 0.4321, timestamp = ?, step = ? WHERE run_uuid = ? AND key = 'accuracy'").run(ts, step, runId);
        });
      } finally {
        db.close();
      }
      await waitFor(
        'the tree to show the new latest value',
        async () => findRun(await inspectTree(), 'live-training')?.description ?? '',
        (description) => description.startsWith('accuracy 0.4321'),
      );
    });

    it('an unreachable tracking server becomes one error node naming its URL', async () => {
      const config = vscode.workspace.getConfiguration('mlops');
      await config.update('trackingUri', 'http://127.0.0.1:9', vscode.ConfigurationTarget.Workspace);
      try {
        const roots = await waitFor(
          'the error node',
          () => inspectTree(),
          (nodes) => nodes.length === 1 && isAnswer(nodes[0]!),
          30_000,
        );
        assert.match(roots[0]!.label, /http:\/\/127\.0\.0\.1:9/);
        assert.match(roots[0]!.label, /Cannot reach the MLflow tracking server/);
      } finally {
        await config.update('trackingUri', undefined, vscode.ConfigurationTarget.Workspace);
      }
      await waitFor('the demo stores again', () => inspectTree(), (nodes) => nodes.length === 3 && nodes[0]!.kind === 'store', 30_000);
    });
    it('a store leaving or appearing in the workspace folder is picked up without a reload', async () => {
      const mlruns = join(demoFolder(), 'mlruns');
      const away = join(demoFolder(), 'mlruns-moved');
      renameSync(mlruns, away);
      try {
        const roots = await waitFor('the mlruns store to go', () => inspectTree(), (nodes) => !nodes.some((n) => n.label === 'mlruns (mlruns)'));
        assert.deepEqual(
          roots.map((n) => n.label),
          ['mlflow.db (sqlite)', 'wandb (W&B)'],
          'the remaining stores stay',
        );
      } finally {
        renameSync(away, mlruns);
      }
      await waitFor('the demo stores again', () => inspectTree(), (nodes) => nodes.length === 3 && nodes[1]!.label === 'mlruns (mlruns)', 30_000);
    });
    it('shows 100 runs of a large experiment, then "Load more" reads the next page', async () => {
      const folder = join(demoFolder(), 'mlruns', '42');
      mkdirSync(folder);
      writeFileSync(join(folder, 'meta.yaml'), "artifact_location: ''\ncreation_time: 0\nexperiment_id: '42'\nlifecycle_stage: active\nname: many-runs\n");
      for (let i = 0; i < 130; i++) {
        const runId = `bulk${String(i).padStart(28, '0')}`;
        mkdirSync(join(folder, runId, 'metrics'), { recursive: true });
        writeFileSync(
          join(folder, runId, 'meta.yaml'),
          `artifact_uri: ''\nend_time: ${2000 + i}\nexperiment_id: '42'\nlifecycle_stage: active\nrun_id: ${runId}\nrun_name: bulk-${i}\nstart_time: ${1000 + i}\nstatus: 3\nuser_id: test\n`,
        );
        writeFileSync(join(folder, runId, 'metrics', 'loss'), `${1000 + i} ${i / 100} 0\n`);
      }
      const experiment = async () => (await inspectTree())[1]?.children?.find((e) => e.label === 'many-runs');
      try {
        const first = await waitFor('the large experiment', experiment, (e) => (e?.children?.length ?? 0) > 0);
        const runs = first!.children!.filter((n) => n.kind === 'run');
        assert.equal(runs.length, 100);
        assert.equal(runs[0]!.label, 'bulk-129', 'newest first');
        assert.equal(first!.children!.at(-1)!.kind, 'loadMore');
        const storeUri = runRef(runs[0]!).storeUri;
        await vscode.commands.executeCommand('mlops.runs.loadMore', { storeUri, experimentId: '42' });
        const all = await waitFor('the second page', experiment, (e) => (e?.children ?? []).filter((n) => n.kind === 'run').length === 130);
        assert.ok(!all!.children!.some((n) => n.kind === 'loadMore'), 'no more pages');
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
      await waitFor('the experiment to go', experiment, (e) => e === undefined);
    });

    it('a locked mlflow.db becomes one error node naming the file; the tree recovers when the lock is released', async () => {
      const { extension } = await activateExtension();
      useNativeBuilds(join(extension.extensionPath, 'native', 'better-sqlite3'));
      const path = join(demoFolder(), 'mlflow.db');
      const locker = openSqlite(path);
      try {
        locker.exec('BEGIN EXCLUSIVE');
        await vscode.commands.executeCommand('mlops.runs.refresh');
        const roots = await waitFor(
          'the lock error',
          () => inspectTree(),
          (nodes) => nodes[0]?.children?.[0]?.kind === 'message',
          30_000,
        );
        const error = roots[0]!.children![0]!;
        assert.ok(error.label.includes(path), error.label);
        assert.match(error.label, /locked/);
        assert.ok(findRun([roots[1]!], 'baseline-live'), 'the mlruns store keeps working');
      } finally {
        locker.exec('ROLLBACK');
        locker.close();
      }
      await vscode.commands.executeCommand('mlops.runs.refresh');
      const roots = await waitFor('the database to read again', () => inspectTree(), (nodes) => nodes[0]?.children?.[0]?.kind === 'experiment');
      assert.ok(findRun([roots[0]!], 'live-training'));
    });
    it('reads a tracking server with the token from secret storage; without it, one node says the server refused', async () => {
      const served = new FileStore(join(demoFolder(), 'mlruns'));
      const server = await startMlflowRestServer(served, { token: 'demo-token' });
      const config = vscode.workspace.getConfiguration('mlops');
      try {
        await config.update('trackingUri', server.url, vscode.ConfigurationTarget.Workspace);
        const refused = await waitFor('the 401 node', () => inspectTree(), (nodes) => nodes.length === 1 && isAnswer(nodes[0]!), 30_000);
        assert.ok(refused[0]!.label.includes(server.url), refused[0]!.label);
        await vscode.commands.executeCommand('mlops.setTrackingToken', 'demo-token');
        const roots = await waitFor('the served experiments', () => inspectTree(), (nodes) => nodes.some((n) => n.label === 'baselines'), 30_000);
        assert.ok(findRun(roots, 'baseline-live'), 'runs come from the tracking server');
        assert.ok(server.requests.some((r) => r.includes('/api/2.0/mlflow/runs/search')));
      } finally {
        await vscode.commands.executeCommand('mlops.setTrackingToken', '');
        await config.update('trackingUri', undefined, vscode.ConfigurationTarget.Workspace);
        await server.close();
        await served.close();
      }
      await waitFor('the demo stores again', () => inspectTree(), (nodes) => nodes.length === 3 && nodes[0]!.kind === 'store', 30_000);
    });
  });
}
