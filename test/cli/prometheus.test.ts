// Real Prometheus: Debian's prometheus and prometheus-pushgateway (installed by scripts/setup-e2e.sh), started here on
// free 127.0.0.1 ports with temp storage. `mlops drift --push-gateway` pushes, Prometheus scrapes the gateway every
// second, and the series are read back through Prometheus's HTTP query API; promtool checks the --out file.
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { CliIO } from '../../cli/command';
import { runCli } from '../../cli/main';

const BINARIES = ['/usr/bin/prometheus', '/usr/bin/prometheus-pushgateway', '/usr/bin/promtool'];
const fixtures = join(__dirname, '../fixtures/drift');
const folder = mkdtempSync(join(tmpdir(), 'mlops-prometheus-'));
const children: ChildProcess[] = [];
let gateway = '';
let prometheus = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, seconds = 20): Promise<T> {
  const end = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`${what} not within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function start(binary: string, args: string[]): void {
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (c: Buffer) => {
    log = (log + c.toString()).slice(-4000);
  });
  child.on('exit', (code) => {
    if (code) console.error(`${binary} exited ${code}:\n${log}`);
  });
  children.push(child);
}

before(async () => {
  const missing = BINARIES.filter((b) => !existsSync(b));
  if (missing.length) throw new Error(`${missing.join(', ')} missing: run scripts/setup-e2e.sh (apt-get install prometheus prometheus-pushgateway)`);
  for (const f of ['reference.csv', 'current.csv']) copyFileSync(join(fixtures, f), join(folder, f));
  const [gatewayPort, prometheusPort] = [await freePort(), await freePort()];
  gateway = `http://127.0.0.1:${gatewayPort}`;
  prometheus = `http://127.0.0.1:${prometheusPort}`;
  writeFileSync(
    join(folder, 'prometheus.yml'),
    `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: pushgateway\n    honor_labels: true\n    static_configs:\n      - targets: ['127.0.0.1:${gatewayPort}']\n`,
  );
  start('/usr/bin/prometheus-pushgateway', [`--web.listen-address=127.0.0.1:${gatewayPort}`]);
  start('/usr/bin/prometheus', [
    `--config.file=${join(folder, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(folder, 'tsdb')}`,
    `--web.listen-address=127.0.0.1:${prometheusPort}`,
  ]);
  await waitFor('pushgateway ready', async () => ((await fetch(`${gateway}/-/ready`)).ok ? true : undefined));
  await waitFor('prometheus ready', async () => ((await fetch(`${prometheus}/-/ready`)).ok ? true : undefined));
});

after(async () => {
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
  rmSync(folder, { recursive: true, force: true });
});

async function mlops(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), cwd: folder, env: {} };
  const code = await runCli(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const res = await fetch(`${prometheus}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await res.json()) as { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  assert.equal(body.status, 'success');
  return body.data.result;
}

test('mlops drift pushed to the Pushgateway is scraped by Prometheus and read back by query', async () => {
  const json = JSON.parse((await mlops('drift', 'reference.csv', 'current.csv', '--json', '--ignore', 'id')).out);
  const pushed = await mlops('drift', 'reference.csv', 'current.csv', '--ignore', 'id', '--format', 'prometheus', '--push-gateway', gateway, '--job', 'drift_ci', '--label', 'dataset=fraud "daily"');
  assert.equal(pushed.err, '');
  assert.equal(pushed.code, 0);
  const share = await waitFor('the drifted share in Prometheus', async () => {
    const result = await query('mlops_drifted_columns_share{job="drift_ci"}');
    return result.length ? result : undefined;
  });
  assert.equal(share[0]!.metric.dataset, 'fraud "daily"');
  assert.equal(Number(share[0]!.value[1]), json.share_of_drifted_columns);
  const detected = await query('mlops_column_drift_detected{job="drift_ci"} == 1');
  const drifted = Object.entries(json.columns as Record<string, { drift_detected: boolean }>).filter(([, c]) => c.drift_detected).map(([n]) => n);
  assert.deepEqual(detected.map((r) => r.metric.column).sort(), drifted.sort());
  const scores = await query('mlops_drift_score{job="drift_ci"}');
  assert.equal(scores.length, Object.keys(json.columns).length);
  for (const s of scores) assert.equal(s.metric.stattest, json.columns[s.metric.column!].stattest);
});

test('promtool check metrics accepts the --out file of drift and monitor', async () => {
  for (const argv of [
    ['drift', 'reference.csv', 'current.csv', '--format', 'prometheus', '--out', 'drift.prom'],
    ['monitor', '--reference', 'reference.csv', 'current.csv', 'reference.csv', '--format', 'prometheus', '--out', 'monitor.prom'],
  ]) {
    const result = await mlops(...argv);
    assert.ok(result.code === 0 || result.code === 1, result.err);
    const file = join(folder, argv.at(-1)!);
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^# HELP mlops_drift_score /m);
    assert.equal(text.match(/^# TYPE mlops_drift_score gauge$/gm)?.length, 1);
    // promtool prints lint problems and exits non-zero on any.
    execFileSync('/usr/bin/promtool', ['check', 'metrics'], { input: text });
  }
  const monitor = readFileSync(join(folder, 'monitor.prom'), 'utf8');
  assert.match(monitor, /mlops_dataset_drift\{batch="current\.csv"\} [01]/);
  assert.match(monitor, /mlops_dataset_drift\{batch="reference\.csv"\} 0/);
});
