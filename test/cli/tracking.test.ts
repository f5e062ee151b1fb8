// `mlops experiments`, `mlops runs` and `mlops metric-history` through runCli with captured output, against
// generated stores (file and sqlite) and a tracking server on 127.0.0.1.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { CliIO } from '../../cli/command';
import { runCli } from '../../cli/main';
import { SqliteStore } from '../../core/tracking/sqlite/sqliteStore';
import { contractData, writeMlflowDb, writeMlruns } from '../support/generatedStores';
import { type RunningRestServer, startMlflowRestServer } from '../support/mlflowRestServer';

const folder = mkdtempSync(join(tmpdir(), 'mlops-cli-tracking-'));
const data = contractData();
const dbUri = `sqlite:///${join(folder, 'db', 'mlflow.db')}`;
let server: RunningRestServer;

before(async () => {
  writeMlruns(join(folder, 'ws', 'mlruns'), data);
  writeMlflowDb(join(folder, 'db', 'mlflow.db'), data);
  mkdirSync(join(folder, 'empty'));
  server = await startMlflowRestServer(new SqliteStore(join(folder, 'db', 'mlflow.db')));
});
after(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

async function cli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), cwd: options.cwd ?? folder, env: options.env ?? {} };
  const code = await runCli(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test("experiments --json has MLflow's experiments/search shape", async () => {
  const { code, out } = await cli(['experiments', '--tracking-uri', dbUri, '--view', 'all', '--json']);
  assert.equal(code, 0);
  const parsed = JSON.parse(out) as { experiments: Array<Record<string, unknown>> };
  assert.deepEqual(
    parsed.experiments.map((e) => [e.experiment_id, e.name, e.lifecycle_stage]),
    data.experiments
      .slice()
      .sort((a, b) => b.creationTime - a.creationTime)
      .map((e) => [e.experimentId, e.name, e.lifecycleStage]),
  );
  assert.equal(typeof parsed.experiments[0]!.creation_time, 'number');
});

test('runs --json: filter, order, experiment by name, latest metric per key', async () => {
  const { code, out } = await cli([
    'runs',
    '--tracking-uri',
    dbUri,
    '--experiment',
    'tuning',
    '--filter',
    "params.model = 'rf'",
    '--order-by',
    'attributes.run_id DESC',
    '--json',
  ]);
  assert.equal(code, 0, out);
  const parsed = JSON.parse(out) as {
    runs: Array<{ info: Record<string, unknown>; data: { metrics?: Array<{ key: string; value: unknown; step: number }> } }>;
  };
  const expected = data.runs
    .filter((r) => r.experimentId === '7' && r.lifecycleStage === 'active' && r.params.model === 'rf')
    .map((r) => r.runId)
    .sort()
    .reverse();
  assert.ok(expected.length > 1);
  assert.deepEqual(
    parsed.runs.map((r) => r.info.run_id),
    expected,
  );
  const first = data.runs.find((r) => r.runId === expected[0])!;
  const accuracy = parsed.runs[0]!.data.metrics!.find((m) => m.key === 'accuracy')!;
  assert.deepEqual([accuracy.value, accuracy.step], [first.metrics.accuracy!.at(-1)!.value, 2]);
  assert.equal(parsed.runs[0]!.info.status, first.status);
});

test('runs without --max-results returns all; with it, the first N', async () => {
  const all = JSON.parse((await cli(['runs', '--tracking-uri', join(folder, 'ws', 'mlruns'), '--json'])).out) as { runs: unknown[] };
  const active = data.runs.filter((r) => r.experimentId !== '9' && r.lifecycleStage === 'active');
  assert.equal(all.runs.length, active.length);
  const few = JSON.parse((await cli(['runs', '--tracking-uri', dbUri, '--max-results', '3', '--json'])).out) as { runs: unknown[] };
  assert.equal(few.runs.length, 3);
});

test('metric-history --json writes NaN and infinities as strings', async () => {
  const minus = JSON.parse((await cli(['metric-history', '--tracking-uri', server.url, '--run-id', 'run05', '--key', 'accuracy', '--json'])).out);
  assert.deepEqual(
    minus.metrics.map((m: { value: unknown }) => m.value),
    data.runs[5]!.metrics.accuracy!.map((m) => (m.value === Number.NEGATIVE_INFINITY ? '-Infinity' : m.value)),
  );
  assert.equal(minus.metrics.at(-1).value, '-Infinity');
  const nan = JSON.parse((await cli(['metric-history', '--tracking-uri', dbUri, '--run-id', 'run21', '--key', 'accuracy', '--json'])).out);
  assert.equal(nan.metrics.at(-1).value, 'NaN');
  const inf = JSON.parse((await cli(['metric-history', '--tracking-uri', dbUri, '--run-id', 'run13', '--key', 'accuracy', '--json'])).out);
  assert.equal(inf.metrics.at(-1).value, 'Infinity');
});

test('without --json: readable tables', async () => {
  const experiments = await cli(['experiments', '--tracking-uri', dbUri]);
  assert.match(experiments.out, /^ID\s+NAME\s+STAGE\s+CREATED\n7\s+tuning\s+active\s+2023-11-14/);
  const runs = await cli(['runs', '--tracking-uri', dbUri, '--filter', "run_id = 'run03'"]);
  assert.match(runs.out, /^RUN ID\s+NAME\s+EXPERIMENT\s+STATUS\s+STARTED\s+METRICS\nrun03\s+run-amber-3\s+tuning\s+KILLED\s+/);
  const history = await cli(['metric-history', '--tracking-uri', dbUri, '--run-id', 'run03', '--key', 'accuracy']);
  assert.equal(history.out.split('\n').length, 4);
});

test('--tracking-uri defaults to MLFLOW_TRACKING_URI, then a store in the working folder', async () => {
  const fromEnv = await cli(['experiments', '--json'], { cwd: join(folder, 'empty'), env: { MLFLOW_TRACKING_URI: dbUri } });
  assert.equal(JSON.parse(fromEnv.out).experiments.length, 2);
  const detected = await cli(['runs', '--json', '--filter', "tags.team = 'Vision'"], { cwd: join(folder, 'ws') });
  assert.ok(JSON.parse(detected.out).runs.length > 0);
  const none = await cli(['experiments'], { cwd: join(folder, 'empty') });
  assert.equal(none.code, 2);
  assert.match(none.err, /No tracking store found in .*empty: pass --tracking-uri, set MLFLOW_TRACKING_URI/);
});

test('bad usage and bad queries exit 2 with a message', async () => {
  const view = await cli(['experiments', '--tracking-uri', dbUri, '--view', 'gone']);
  assert.deepEqual([view.code, view.err], [2, "mlops experiments: --view must be active, deleted or all (got 'gone')."]);
  const missing = await cli(['metric-history', '--tracking-uri', dbUri, '--key', 'x']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /--run-id and --key are required/);
  const filter = await cli(['runs', '--tracking-uri', dbUri, '--filter', "metrics.a > 1 OR params.b = 'x'"]);
  assert.equal(filter.code, 2);
  assert.match(filter.err, /Invalid clause\(s\) in filter string/);
  const experiment = await cli(['runs', '--tracking-uri', dbUri, '--experiment', 'nope']);
  assert.match(experiment.err, /No experiment with id or name 'nope'/);
});

test('file-store warnings go to stderr naming the file while the runs still print', async () => {
  const mlruns = join(folder, 'damaged', 'mlruns');
  writeMlruns(mlruns, data);
  const broken = join(mlruns, '7', 'run03', 'meta.yaml');
  writeFileSync(broken, 'run_id: [run03\n');
  const { code, out, err } = await cli(['runs', '--tracking-uri', mlruns, '--json']);
  assert.equal(code, 0);
  assert.equal(JSON.parse(out).runs.length, data.runs.filter((r) => r.experimentId !== '9' && r.lifecycleStage === 'active').length - 1);
  assert.match(err, new RegExp(`^warning: ${broken.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+: run skipped: meta\\.yaml is not valid YAML`));
});

test('runs --format csv --columns: run_id, then the columns exactly as given; metrics latest, absent values empty', async () => {
  const columns = 'params.model,metrics.accuracy,metrics.`eval/f1`,tags.team,attributes.status';
  const { code, out } = await cli(['runs', '--tracking-uri', dbUri, '--experiment', 'tuning', '--order-by', 'attributes.run_id ASC', '--format', 'csv', '--columns', columns]);
  assert.equal(code, 0);
  const lines = out.split('\n');
  assert.equal(lines[0], `run_id,${columns}`);
  const expected = data.runs
    .filter((r) => r.experimentId === '7' && r.lifecycleStage === 'active')
    .sort((a, b) => (a.runId < b.runId ? -1 : 1))
    .map((r) => {
      const latest = (key: string) => {
        const history = r.metrics[key];
        if (!history) return '';
        const last = [...history].sort((a, b) => a.step - b.step || a.timestamp - b.timestamp || a.value - b.value).at(-1)!;
        return String(last.value);
      };
      return [r.runId, r.params.model ?? '', latest('accuracy'), latest('eval/f1'), r.tags.team ?? '', r.status].join(',');
    });
  assert.deepEqual(lines.slice(1), expected);
  assert.ok(lines.some((l) => l.includes(',-Infinity,')), 'MLflow spells -Infinity');
  assert.ok(lines.some((l) => /,,/.test(l)), 'a run without eval/f1 has an empty field');
});

test('runs --format csv: --columns is required and must be MLflow identifiers', async () => {
  const missing = await cli(['runs', '--tracking-uri', dbUri, '--format', 'csv']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /--format csv needs --columns/);
  const bad = await cli(['runs', '--tracking-uri', dbUri, '--format', 'csv', '--columns', 'params.model,weights.x']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--columns: Invalid entity type 'weights'/);
  const both = await cli(['runs', '--tracking-uri', dbUri, '--json', '--format', 'csv', '--columns', 'params.model']);
  assert.equal(both.code, 2);
});
