// The one REST client's deadlines, retries and size cap against real misbehaving servers on 127.0.0.1, and its
// reading of MLflow's MLFLOW_HTTP_REQUEST_* variables (MLflow 2.x/3.x defaults and limits).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { MlflowRestClient, type RestOptions, restOptionsFromEnv } from '../../../core/rest/client';
import { backoffMs, retryAfterMs } from '../../../core/rest/retry';
import { StoreError } from '../../../core/tracking/store';
import {
  type MisbehavingServer,
  startDrippingServer,
  startLargeBodyServer,
  startSilentServer,
  startStatusServer,
} from '../../support/misbehavingServers';

const servers: MisbehavingServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));
const SLACK_MS = 700;
const QUICK: RestOptions = { backoffFactorMs: 0, backoffJitterMs: 0 };

async function started(server: Promise<MisbehavingServer>): Promise<MisbehavingServer> {
  const running = await server;
  servers.push(running);
  return running;
}

async function failure(server: MisbehavingServer, options: RestOptions): Promise<{ error: StoreError; ms: number }> {
  const start = performance.now();
  const error = await new MlflowRestClient(server.url, options).post('experiments/search', {}).then(
    () => assert.fail('the request should fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof StoreError, String(error));
  return { error, ms: performance.now() - start };
}

test('a server dripping a byte at a time ends at the deadline of the whole attempt', async () => {
  const server = await started(startDrippingServer(100));
  const { error, ms } = await failure(server, { ...QUICK, timeoutMs: 500, maxRetries: 0 });
  assert.equal(error.code, 'TIMEOUT');
  assert.match(error.message, /sent no complete answer within 500 ms \(1 attempt\).*MLFLOW_HTTP_REQUEST_TIMEOUT/);
  assert.ok(ms >= 450 && ms < 500 + SLACK_MS, `took ${ms.toFixed(0)} ms`);
});

test("the editor's budget ends a request however long MLflow's timeout and retries would wait", async () => {
  const server = await started(startSilentServer());
  const { error, ms } = await failure(server, { totalDeadlineMs: 600 });
  assert.equal(error.code, 'TIMEOUT');
  assert.match(error.message, new RegExp(`^${server.url.replace(/[.:/]/g, '\\$&')} is not answering: .* within 600 ms`));
  assert.ok(ms < 600 + SLACK_MS, `took ${ms.toFixed(0)} ms with MLflow's defaults of 120 s and 7 retries`);
});

test("MLflow's transient statuses are retried, others answered at once", async () => {
  for (const status of [408, 429, 500, 502, 503, 504]) {
    const server = await started(startStatusServer(status));
    const { error } = await failure(server, { ...QUICK, maxRetries: 2 });
    assert.equal(server.hits, 3, `HTTP ${status} is retried`);
    assert.match(error.message, new RegExp(`answered HTTP ${status}: status ${status} from the test server \\(3 attempts\\)`));
  }
  for (const status of [400, 401, 404, 501]) {
    const server = await started(startStatusServer(status));
    await failure(server, { ...QUICK, maxRetries: 2 });
    assert.equal(server.hits, 1, `HTTP ${status} is not retried`);
  }
});

test("a 429's Retry-After is waited out, as urllib3 does under MLflow", async () => {
  const server = await started(startStatusServer(429, { 'Retry-After': '1' }));
  const { ms } = await failure(server, { ...QUICK, maxRetries: 1 });
  assert.equal(server.hits, 2);
  assert.ok(ms >= 950 && ms < 1000 + SLACK_MS, `took ${ms.toFixed(0)} ms`);
});

test('an answer over the size cap fails clearly and is not retried, declared or streamed', async () => {
  for (const declared of [true, false]) {
    const server = await started(startLargeBodyServer(64 * 1024, declared));
    const { error } = await failure(server, { ...QUICK, maxRetries: 3, maxResponseBytes: 16 * 1024 });
    assert.equal(error.code, 'TOO_LARGE');
    assert.match(error.message, /answered more than 16384 bytes, the most read from a server\. Ask for fewer results/);
    assert.equal(server.hits, 1);
  }
  const small = await started(startLargeBodyServer(1024, false));
  assert.deepEqual(await new MlflowRestClient(small.url, { maxResponseBytes: 16 * 1024 }).post<{ experiments: unknown[] }>('experiments/search', {}).then((r) => r.experiments), []);
});

test("urllib3's backoff under MLflow: none before the first retry, then factor × 2^(n-1) plus jitter, at most 120 s", () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((n) => backoffMs(n, 2000, 0)), [0, 4000, 8000, 16000, 32000, 64000, 120000]);
  assert.equal(backoffMs(2, 2000, 1000, () => 0.5), 4500);
  assert.equal(backoffMs(1, 2000, 1000, () => 0.5), 0);
  assert.equal(retryAfterMs(503, '3'), 3000);
  assert.equal(retryAfterMs(500, '3'), undefined, 'Retry-After is read on 413, 429 and 503 only');
  assert.equal(retryAfterMs(429, new Date(10_000).toUTCString(), 4000), 6000);
});

test("MLFLOW_HTTP_REQUEST_* are read as MLflow reads them; a value MLflow refuses fails every request, naming it", async () => {
  assert.deepEqual(
    restOptionsFromEnv({ MLFLOW_HTTP_REQUEST_TIMEOUT: '3', MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0', MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: '1', MLFLOW_HTTP_REQUEST_BACKOFF_JITTER: '0.5' }),
    { timeoutMs: 3000, maxRetries: 0, backoffFactorMs: 1000, backoffJitterMs: 500 },
  );
  assert.deepEqual(restOptionsFromEnv({ MLFLOW_HTTP_REQUEST_TIMEOUT: '' }), {}, 'empty means the default, as in MLflow');
  for (const [name, value, reason] of [
    ['MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR', '0.2', /not a whole number/],
    ['MLFLOW_HTTP_REQUEST_MAX_RETRIES', '10', /out of range.*0 to 9/],
    ['MLFLOW_HTTP_REQUEST_TIMEOUT', '0', /out of range/],
  ] as const) {
    const options = restOptionsFromEnv({ [name]: value });
    assert.match(options.envError ?? '', new RegExp(`^${name}=${value.replace('.', '\\.')} .*${reason.source}`));
    const server = await started(startStatusServer(200));
    const { error } = await failure(server, options);
    assert.equal(server.hits, 0, 'nothing is sent');
    assert.match(error.message, new RegExp(name));
  }
});
