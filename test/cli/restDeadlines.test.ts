// Issue 11, defect 4: a tracking server that hangs, drips or fails must not hold a command forever. Each command
// ends within MLFLOW_HTTP_REQUEST_TIMEOUT per attempt, MLFLOW_HTTP_REQUEST_MAX_RETRIES retries and urllib3's backoff
// between them (what MLflow 2.x/3.x's client does), against real servers on 127.0.0.1.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { CliIO } from '../../cli/command';
import { runCli } from '../../cli/main';
import {
  type MisbehavingServer,
  startDrippingServer,
  startSilentServer,
  startStatusServer,
} from '../support/misbehavingServers';

const cwd = mkdtempSync(join(tmpdir(), 'mlops-cli-deadlines-'));
const servers: MisbehavingServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(cwd, { recursive: true, force: true });
});

const TIMEOUT_S = 1;
const RETRIES = 2;
const BACKOFF_FACTOR = 1;
const ENV = {
  MLFLOW_HTTP_REQUEST_TIMEOUT: String(TIMEOUT_S),
  MLFLOW_HTTP_REQUEST_MAX_RETRIES: String(RETRIES),
  MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: String(BACKOFF_FACTOR),
  MLFLOW_HTTP_REQUEST_BACKOFF_JITTER: '0',
};
/** urllib3's Retry sleeps 0 before the first retry, then factor × 2^(n-1) before retry n. */
const BACKOFF_S = Array.from({ length: RETRIES }, (_, i) => (i === 0 ? 0 : BACKOFF_FACTOR * 2 ** i)).reduce((a, b) => a + b, 0);
const BOUND_MS = ((RETRIES + 1) * TIMEOUT_S + BACKOFF_S) * 1000;
/** Process and loopback overhead on a loaded 2-core machine; far below any one deadline. */
const SLACK_MS = 1500;

const COMMANDS: Array<{ name: string; args: (url: string) => string[] }> = [
  { name: 'runs', args: (url) => ['runs', '--tracking-uri', url] },
  { name: 'experiments', args: (url) => ['experiments', '--tracking-uri', url] },
  { name: 'models', args: (url) => ['models', '--registry-uri', url] },
];

async function timed(args: string[]): Promise<{ code: number; err: string; ms: number }> {
  const err: string[] = [];
  const io: CliIO = { out: () => undefined, err: (t) => err.push(t), cwd, env: ENV };
  const start = performance.now();
  const code = await runCli(args, io);
  return { code, err: err.join('\n'), ms: performance.now() - start };
}

async function started(server: Promise<MisbehavingServer>): Promise<MisbehavingServer> {
  const running = await server;
  servers.push(running);
  return running;
}

for (const kind of ['silent', 'dripping'] as const) {
  for (const command of COMMANDS) {
    test(`mlops ${command.name} against a ${kind} server ends within the deadline plus retries`, { timeout: BOUND_MS * 4 }, async () => {
      const server = await started(kind === 'silent' ? startSilentServer() : startDrippingServer());
      const { code, err, ms } = await timed(command.args(server.url));
      assert.equal(code, 2, err);
      assert.ok(ms <= BOUND_MS + SLACK_MS, `took ${ms.toFixed(0)} ms, bound ${BOUND_MS} ms`);
      assert.equal(server.hits, RETRIES + 1, 'a request that timed out is retried, as urllib3 retries read errors');
      assert.match(err, new RegExp(`${server.url.replace(/[.:/]/g, '\\$&')}.*no complete answer within ${TIMEOUT_S} s.*MLFLOW_HTTP_REQUEST_TIMEOUT`, 's'));
    });
  }
}

for (const command of COMMANDS) {
  test(`mlops ${command.name} retries 503 with MLflow's backoff, then names the status`, { timeout: BOUND_MS * 4 }, async () => {
    const server = await started(startStatusServer(503));
    const { code, err, ms } = await timed(command.args(server.url));
    assert.equal(code, 2, err);
    assert.equal(server.hits, RETRIES + 1);
    assert.ok(ms >= BACKOFF_S * 1000 - 50, `backoff honoured: ${ms.toFixed(0)} ms`);
    assert.ok(ms <= BACKOFF_S * 1000 + SLACK_MS, `took ${ms.toFixed(0)} ms`);
    assert.match(err, /503/);
  });
}

test('statuses MLflow does not retry (501, 404) are answered at once', async () => {
  for (const status of [501, 404]) {
    const server = await started(startStatusServer(status));
    const { code, ms } = await timed(['experiments', '--tracking-uri', server.url]);
    assert.equal(code, 2);
    assert.equal(server.hits, 1, `HTTP ${status} is not retried`);
    assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
  }
});
