// `mlops traces`, `mlops trace` and `mlops logged-models` on real MLflow 3 stores: the JSON in the exact shapes
// scripts depend on (MLflow's REST v3 forms), pages, filters, and text that shows hostile names as escapes.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { writeTracesToMlruns } from '../../core/demo/traceRecords';
import { openSqlite } from '../../core/sqlite/driver';
import { runCaptured } from '../support/cliRun';
import { generatedTraces } from '../support/traceStores';

const FIXTURES = join(__dirname, '../fixtures/mlflow3');
const AGENTIC = join(FIXTURES, 'agentic-business-ops');
const DSPY = join(FIXTURES, 'dspyjup');
const HEART = join(FIXTURES, 'heart-disease-2024ab05143');
const DSPY_TRACE = 'tr-c3f8ccfcfd1ce910d7277a703eedd5e9';

const TRACE_INFO_KEYS = ['trace_id', 'trace_location', 'request_time', 'execution_duration', 'state', 'request_preview', 'response_preview', 'trace_metadata', 'tags'];

describe('mlops traces / trace / logged-models', () => {
  const temps: string[] = [];
  after(() => {
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  });

  it('traces --json: TraceInfoV3 objects newest first, and a next_page_token', async () => {
    const { code, out } = await runCaptured(AGENTIC, ['traces', '--json']);
    assert.equal(code, 0);
    const parsed = JSON.parse(out) as { traces: Array<Record<string, unknown>>; next_page_token: string | null };
    assert.deepEqual(Object.keys(parsed), ['traces', 'next_page_token']);
    assert.equal(parsed.next_page_token, null);
    assert.equal(parsed.traces.length, 4);
    assert.deepEqual(Object.keys(parsed.traces[0]!), TRACE_INFO_KEYS);
    assert.deepEqual(parsed.traces[3], {
      ...parsed.traces[3],
      trace_id: 'tr-97d6815ddb71a2b9ed52357c13c58161',
      trace_location: { type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: '565662728625871820' } },
      request_time: '2025-12-22T00:55:08.840Z',
      execution_duration: '0.416s',
      state: 'ERROR',
    });
    const times = parsed.traces.map((t) => Date.parse(String(t.request_time)));
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
  });

  it('traces: --filter in MLflow grammar, pages through --page-token', async () => {
    const failed = JSON.parse((await runCaptured(AGENTIC, ['traces', '--json', '--filter', "attributes.status = 'ERROR'"])).out);
    assert.deepEqual(failed.traces.map((t: { trace_id: string }) => t.trace_id), ['tr-97d6815ddb71a2b9ed52357c13c58161']);
    const first = JSON.parse((await runCaptured(AGENTIC, ['traces', '--json', '--max-results', '3'])).out);
    assert.equal(first.traces.length, 3);
    assert.ok(first.next_page_token);
    const second = JSON.parse((await runCaptured(AGENTIC, ['traces', '--json', '--max-results', '3', '--page-token', first.next_page_token])).out);
    assert.deepEqual(second.traces.map((t: { trace_id: string }) => t.trace_id), ['tr-97d6815ddb71a2b9ed52357c13c58161']);
    const bad = await runCaptured(AGENTIC, ['traces', '--filter', "attributes.status LIKE 'E%'"]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /Invalid comparator 'LIKE'/);
  });

  it('trace --json: every span, 16-hex ids, null root parent, decoded attributes, exact nanoseconds', async () => {
    const { code, out } = await runCaptured(DSPY, ['trace', DSPY_TRACE, '--json']);
    assert.equal(code, 0);
    const { trace } = JSON.parse(out);
    assert.deepEqual(Object.keys(trace), ['trace_info', 'data']);
    assert.deepEqual(Object.keys(trace.trace_info), [...TRACE_INFO_KEYS, 'assessments']);
    const spans = trace.data.spans as Array<Record<string, unknown>>;
    const db = openSqlite(join(DSPY, 'mlflow.db'), { readonly: true });
    const rows = db
      .prepare('SELECT span_id, parent_span_id, name, CAST(start_time_unix_nano AS TEXT) AS s, CAST(end_time_unix_nano AS TEXT) AS e FROM spans')
      .all();
    db.close();
    assert.equal(spans.length, rows.length);
    for (const span of spans) {
      assert.deepEqual(Object.keys(span), ['trace_id', 'span_id', 'parent_span_id', 'name', 'start_time_unix_nano', 'end_time_unix_nano', 'status', 'attributes', 'events']);
      assert.match(String(span.span_id), /^[0-9a-f]{16}$/);
      const row = rows.find((r) => r.span_id === span.span_id)!;
      assert.deepEqual(
        [span.parent_span_id, span.name, span.start_time_unix_nano, span.end_time_unix_nano],
        [row.parent_span_id || null, row.name, row.s, row.e],
      );
    }
    const root = spans.find((s) => s.parent_span_id === null)!;
    assert.equal((root.attributes as Record<string, unknown>)['mlflow.spanType'], 'AGENT');
    assert.deepEqual((root.attributes as Record<string, unknown>)['mlflow.chat.tokenUsage'], { input_tokens: 12199, output_tokens: 694, total_tokens: 12893 });
    assert.deepEqual(root.status, { code: 'STATUS_CODE_OK', message: '' });
  });

  it('trace (text): the tree with types, the slowest span and the first error', async () => {
    const { code, out } = await runCaptured(AGENTIC, ['trace', 'tr-97d6815ddb71a2b9ed52357c13c58161']);
    assert.equal(code, 0);
    assert.match(out, /^ {6}ChatOpenAI {2}\[CHAT_MODEL\] {2}389 ms {2}\(ERROR, first error\)$/m);
    assert.match(out, /BadRequestError: Error code: 400/);
  });

  it('trace: spans on a server artifact store are named and exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlops-cli-traces-'));
    temps.push(dir);
    cpSync(join(DSPY, 'mlflow.db'), join(dir, 'mlflow.db'));
    const db = openSqlite(join(dir, 'mlflow.db'));
    db.exec("DELETE FROM spans; DELETE FROM trace_tags WHERE key = 'mlflow.trace.spansLocation'");
    db.prepare("UPDATE trace_tags SET value = 'mlflow-artifacts:/1/traces/x/artifacts' WHERE key = 'mlflow.artifactLocation'").run();
    db.close();
    const { code, out, err } = await runCaptured(dir, ['trace', DSPY_TRACE, '--json']);
    assert.equal(code, 1);
    assert.deepEqual(JSON.parse(out).trace.data, { spans: [] });
    assert.match(err, /only the tracking server can read/);
  });

  it('text output shows control characters in names as escapes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlops-cli-traces-'));
    temps.push(dir);
    const [trace] = generatedTraces();
    trace!.info.tags['mlflow.traceName'] = 'evil\x1b[2J\u202ename';
    trace!.spans[0]!.name = 'span\r\x07';
    writeTracesToMlruns(join(dir, 'mlruns'), [trace!]);
    const id = trace!.info.experimentId;
    writeFileSync(join(dir, 'mlruns', id, 'meta.yaml'), `artifact_location: file:///x\nexperiment_id: '${id}'\nlifecycle_stage: active\nname: app\n`);
    const list = await runCaptured(dir, ['traces', '--experiment', trace!.info.experimentId]);
    const one = await runCaptured(dir, ['trace', trace!.info.traceId]);
    for (const text of [list.out, one.out]) {
      assert.doesNotMatch(text, /[\x1b\x07\r\u202e]/);
      assert.match(text, /evil\\x1b\[2J\\u202ename|span\\r\\x07/);
    }
  });

  it('logged-models --json: the issue shape with metrics and their dataset', async () => {
    const { code, out } = await runCaptured(HEART, ['logged-models', '--json']);
    assert.equal(code, 0);
    const { models } = JSON.parse(out);
    assert.equal(models.length, 3);
    assert.deepEqual(models[2], {
      model_id: 'm-45f00693c8d0471393359490f0eb2178',
      name: 'model',
      experiment_id: '0',
      source_run_id: '9644fa14596241379428e83ae4be0584',
      status: 'LOGGED_MODEL_READY',
      creation_timestamp_ms: 1766802533550,
      metrics: [
        { key: 'accuracy', value: 0.8666666666666667, step: 0, dataset_name: null },
        { key: 'precision', value: 0.8333333333333334, step: 0, dataset_name: null },
        { key: 'recall', value: 0.8333333333333334, step: 0, dataset_name: null },
        { key: 'roc_auc', value: 0.9421296296296298, step: 0, dataset_name: null },
      ],
      params: { model_name: 'Logistic_Regression' },
      tags: { 'mlflow.source.name': 'src/train.py', 'mlflow.source.type': 'LOCAL', 'mlflow.user': 'Ilango' },
    });
    const ofRun = JSON.parse((await runCaptured(HEART, ['logged-models', '--run', '7450685a31f0417a8d3a6540154b99a8', '--json'])).out);
    assert.deepEqual(ofRun.models.map((m: { model_id: string }) => m.model_id), ['m-2187688f812445e88cb8625e1561a188']);
  });
});
