// A trace as one list row: name, latency, tokens and the request preview MLflow stored, on the real DSPy trace
// and on the preview shapes MLflow writes (root inputs as JSON, chat messages, LangChain messages, plain text).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseTraceFilter } from '../../../core/traces/search/traceFilter';
import { SqliteTraceStore } from '../../../core/traces/sqlite/sqliteTraceStore';
import type { TraceInfo } from '../../../core/traces/trace';
import { formatLatency, formatSpanDuration, formatTokens, summarizeTrace, tracesOfRunFilter } from '../../../core/traces/tracePresentation';

function info(extra: Partial<TraceInfo>): TraceInfo {
  return {
    traceId: 'tr-0123456789abcdef0123456789abcdef',
    experimentId: '1',
    requestTime: 0,
    executionDuration: 12,
    state: 'OK',
    requestPreview: null,
    responsePreview: null,
    clientRequestId: null,
    traceMetadata: {},
    tags: {},
    ...extra,
  };
}

describe('trace presentation', () => {
  it('the real DSPy trace: its root name, latency and preview', async () => {
    const store = new SqliteTraceStore(join(__dirname, '../../fixtures/mlflow3/dspyjup/mlflow.db'));
    try {
      const summary = summarizeTrace(await store.getTraceInfo('tr-c3f8ccfcfd1ce910d7277a703eedd5e9'), 60);
      assert.equal(summary.name, 'ReAct.forward');
      assert.equal(summary.latency, '19.4 s');
      assert.ok(summary.request.length > 0 && summary.request.length <= 60);
    } finally {
      await store.close();
    }
  });

  it('names fall back to the id; latencies read in the unit that fits', () => {
    assert.equal(summarizeTrace(info({})).name, 'tr-0123456789abcdef0123456789abcdef');
    assert.equal(summarizeTrace(info({ tags: { 'mlflow.traceName': 'rag_agent' } })).name, 'rag_agent');
    assert.equal(summarizeTrace(info({ executionDuration: null })).latency, '');
    assert.deepEqual([840, 1240, 59_999, 187_000].map(formatLatency), ['840 ms', '1.24 s', '60.0 s', '3 min 7 s']);
    assert.deepEqual([-1, 1_500, 2_500_000].map(formatSpanDuration), ['open', '1.5 µs', '3 ms']);
  });

  it('tokens from mlflow.trace.tokenUsage, summed when only input and output were recorded', () => {
    const tokens = (usage: string) => summarizeTrace(info({ traceMetadata: { 'mlflow.trace.tokenUsage': usage } })).totalTokens;
    assert.deepEqual([tokens('{"input_tokens": 812, "output_tokens": 95, "total_tokens": 907}'), tokens('{"input_tokens": 10, "output_tokens": 5}'), tokens('not json')], [907, 15, null]);
    assert.deepEqual([1, 1234].map(formatTokens), ['1 token', '1,234 tokens']);
  });

  it('previews: the one input, the last user message, else the text on one line', () => {
    const request = (preview: string | null, length?: number) => summarizeTrace(info({ requestPreview: preview }), length).request;
    assert.equal(request('{"question": "What is\\nMLflow?"}'), 'What is MLflow?');
    assert.equal(request('{"messages": [{"role": "system", "content": "Be brief"}, {"role": "user", "content": "Hi there"}]}'), 'Hi there');
    assert.equal(request('{"messages": [{"type": "human", "content": "LangChain asks"}], "user_context": {}}'), 'LangChain asks');
    assert.equal(request('{"a": 1, "b": 2}'), '{"a": 1, "b": 2}');
    assert.equal(request('x'.repeat(100), 60), `${'x'.repeat(59)}…`);
    assert.equal(request(null), '');
  });

  it("a run's traces: the source run, and MLflow's filter that selects them", () => {
    assert.equal(summarizeTrace(info({ traceMetadata: { 'mlflow.sourceRun': 'abc' } })).sourceRunId, 'abc');
    assert.equal(summarizeTrace(info({})).sourceRunId, null);
    assert.deepEqual(parseTraceFilter(tracesOfRunFilter('abc123')), [{ entity: 'metadata', key: 'mlflow.sourceRun', comparator: '=', value: 'abc123' }]);
  });
});
