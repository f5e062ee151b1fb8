// A real IPython kernel runs every `%mlops` magic against a fresh demo workspace; the saved notebook must hold our
// MIME bundles with the store's data plus text/html and text/plain fallbacks, and failures as one stderr line.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSqlite } from '../../../core/sqlite/driver';
import { freshDemoWorkspace } from '../../e2e/harness/demoWorkspace';
import { executeMagicsNotebook, KERNEL_PYTHON, type MagicsNotebook, type NotebookOutput, readNotebook } from '../../support/notebookMagics';

const text = (value: unknown): string => (Array.isArray(value) ? value.join('') : String(value ?? ''));

describe('%mlops magics in a real IPython kernel', () => {
  const demo = freshDemoWorkspace();
  let run: MagicsNotebook;
  let outputs: NotebookOutput[][];
  before(() => {
    run = executeMagicsNotebook(demo.folder);
    outputs = readNotebook(run.path).cells.map((c) => c.outputs);
  });
  after(() => demo.remove());

  function bundle(cell: number, mime: string): { data: Record<string, unknown>; payload: unknown } {
    const display = outputs[cell]!.filter((o) => o.output_type === 'display_data');
    assert.equal(display.length, 1, `cell ${cell} shows one display output: ${JSON.stringify(outputs[cell])}`);
    const data = display[0]!.data!;
    assert.deepEqual(Object.keys(data).sort(), [mime, 'text/html', 'text/plain'].sort());
    return { data, payload: data[mime] };
  }

  function storeQuery(sql: string) {
    const db = openSqlite(`${demo.folder}/mlflow.db`, { readonly: true });
    try {
      return db.prepare(sql).all();
    } finally {
      db.close();
    }
  }

  it('%load_ext prints nothing', () => {
    assert.deepEqual(outputs[0], []);
  });

  it('%mlops runs: the store\'s top runs by accuracy, with metrics, and escaped fallbacks', () => {
    const { data, payload } = bundle(1, 'application/vnd.mlops.runs+json');
    const runs = (payload as { runs: Array<{ run_id: string; metrics: Record<string, number> }> }).runs;
    const expected = storeQuery(
      "SELECT r.run_uuid AS id FROM runs r JOIN experiments e ON e.experiment_id = r.experiment_id JOIN latest_metrics m ON m.run_uuid = r.run_uuid AND m.key = 'accuracy' " +
        "WHERE e.name = 'fraud-detection' AND r.lifecycle_stage = 'active' ORDER BY m.value DESC LIMIT 5",
    ).map((r) => String(r.id));
    assert.deepEqual(runs.map((r) => r.run_id), expected);
    assert.ok(runs.every((r) => typeof r.metrics.accuracy === 'number'));
    assert.match(text(data['text/html']), /^<table><caption>5 MLflow run\(s\)<\/caption>/);
    for (const id of expected) {
      assert.ok(text(data['text/html']).includes(`<td>${id}</td>`));
      assert.ok(text(data['text/plain']).includes(id));
    }
  });

  it('%mlops plot: every logged point of each run and metric', () => {
    const { data, payload } = bundle(2, 'application/vnd.mlops.metrics+json');
    const series = (payload as { series: Array<{ run_id: string; key: string; points: Array<{ step: number; value: number }> }> }).series;
    assert.deepEqual(series.map((s) => `${s.run_id}/${s.key}`), [
      `${run.runIds[0]}/accuracy`, `${run.runIds[0]}/val_loss`, `${run.runIds[1]}/accuracy`, `${run.runIds[1]}/val_loss`,
    ]);
    for (const s of series) {
      const stored = storeQuery(`SELECT step, value FROM metrics WHERE run_uuid = '${s.run_id}' AND key = '${s.key}' ORDER BY timestamp, step`);
      assert.deepEqual(s.points.map((p) => [p.step, p.value]), stored.map((r) => [Number(r.step), Number(r.value)]));
    }
    assert.match(text(data['text/plain']), /^4 metric series\n/);
  });

  it('%mlops drift: exactly amount and distance_km drift', () => {
    const { data, payload } = bundle(3, 'application/vnd.mlops.drift+json');
    const report = payload as { dataset_drift: boolean; number_of_columns: number; columns: Array<{ name: string; drift_detected: boolean }> };
    assert.deepEqual(report.columns.filter((c) => c.drift_detected).map((c) => c.name).sort(), ['amount', 'distance_km']);
    assert.equal(report.number_of_columns, 8);
    assert.equal(report.dataset_drift, false);
    assert.match(text(data['text/plain']), /2 of 8 columns drifted/);
    assert.match(text(data['text/html']), /<td>distance_km<\/td><td>num<\/td><td>wasserstein<\/td>/);
  });

  it('%mlops model: stage, aliases, the run\'s metrics and the Production gate', () => {
    const { data, payload } = bundle(4, 'application/vnd.mlops.model-version+json');
    const card = payload as { version: string; stage: string; aliases: string[]; metrics: Record<string, number>; next_stage: string; gate: { passed: boolean; checks: Array<{ metric: string; passed: boolean }> } };
    assert.equal(card.version, '2');
    assert.equal(card.stage, 'Staging');
    assert.deepEqual(card.aliases, ['challenger']);
    assert.equal(card.metrics.accuracy, 0.962);
    assert.equal(card.next_stage, 'Production');
    assert.equal(card.gate.passed, true);
    assert.deepEqual(card.gate.checks.map((c) => c.metric), ['accuracy', 'f1_score', 'accuracy']);
    assert.match(text(data['text/plain']), /^fraud-detection version 2: Staging \(aliases: challenger\)/);
  });

  it('%mlops promote: the store changed and the card shows the new stage', () => {
    const stream = outputs[5]!.filter((o) => o.output_type === 'stream');
    assert.match(text(stream[0]?.text), /fraud-detection version 3 is now in Staging/);
    const { payload } = bundle(5, 'application/vnd.mlops.model-version+json');
    assert.equal((payload as { stage: string }).stage, 'Staging');
    assert.deepEqual(storeQuery("SELECT current_stage FROM model_versions WHERE name = 'fraud-detection' AND version = 3").map((r) => r.current_stage), ['Staging']);
  });

  it('%%mlops validate: the language server\'s finding with its line', () => {
    assert.equal(outputs[6]!.length, 1);
    assert.equal(outputs[6]![0]!.name, 'stdout');
    assert.match(text(outputs[6]![0]!.text), /^dvc\.yaml:4:5: error: Unknown key 'outz' in 'stages\.train'.*\[dvc-unknown-key\]\n$/);
  });

  it('%mlops traces: the failed trace of the demo agent, in MLflow\'s v3 shape, with fallbacks', () => {
    const { data, payload } = bundle(10, 'application/vnd.mlops.traces+json');
    const traces = (payload as { traces: Array<{ trace_id: string; state: string; tags: Record<string, string> }> }).traces;
    const expected = storeQuery("SELECT request_id FROM trace_info WHERE status = 'ERROR'").map((r) => String(r.request_id));
    assert.deepEqual(traces.map((t) => t.trace_id), expected);
    assert.deepEqual(traces.map((t) => [t.state, t.tags['mlflow.traceName']]), [['ERROR', 'support_agent']]);
    assert.match(text(data['text/html']), /^<table><caption>1 MLflow trace\(s\)<\/caption>/);
    assert.ok(text(data['text/plain']).includes(expected[0]!));
  });

  it('%mlops trace: every span of the trace, and its span tree in the fallbacks', () => {
    const { data, payload } = bundle(11, 'application/vnd.mlops.trace+json');
    const trace = (payload as { trace: { trace_info: { trace_id: string }; data: { spans: Array<{ span_id: string; name: string }> } } }).trace;
    assert.equal(trace.trace_info.trace_id, run.errorTraceId);
    const stored = storeQuery(`SELECT span_id FROM spans WHERE trace_id = '${run.errorTraceId}'`).map((r) => String(r.span_id));
    assert.deepEqual(trace.data.spans.map((s) => s.span_id).sort(), stored.sort());
    const plain = text(data['text/plain']).split('\n');
    assert.match(plain[0]!, /^support_agent: ERROR, 6\.\d+s \(tr-[0-9a-f]{32}\)$/);
    assert.match(plain[1]!, /^support_agent \[AGENT\] [\d.]+ ms ERROR$/);
    assert.ok(plain.some((line) => /^ {2}lookup_order_status \[TOOL\] 500\d\.\d ms ERROR$/.test(line)), plain.join('\n'));
    assert.match(text(data['text/html']), /^<h4>support_agent: ERROR/);
  });

  const failures: Array<[number, RegExp]> = [
    [7, /^mlops runs: error: Invalid comparator '>>'/],
    [8, /^mlops model-card: error: Registered Model with name=no-such-model not found$/],
    [9, /^mlops drift: .*missing\.csv: file not found/],
  ];
  for (const [cell, message] of failures) {
    it(`a failing magic (cell ${cell}) prints one stderr line, no traceback`, () => {
      assert.equal(outputs[cell]!.length, 1, JSON.stringify(outputs[cell]));
      const [only] = outputs[cell]!;
      assert.equal(only!.output_type, 'stream');
      assert.equal(only!.name, 'stderr');
      const lines = text(only!.text).split('\n').filter(Boolean);
      assert.equal(lines.length, 1);
      assert.match(lines[0]!, message);
    });
  }
});

describe('finding the mlops CLI', () => {
  it('without MLOPS_CLI, an extension folder or mlops on PATH: one message naming MLOPS_CLI', () => {
    const isolated = mkdtempSync(join(tmpdir(), 'mlops-py-'));
    try {
      cpSync(join(__dirname, '..', '..', '..', 'python'), join(isolated, 'python'), { recursive: true });
      const script = 'from mlops_workbench.magics import mlops_magic\nmlops_magic("runs")';
      const done = spawnSync(KERNEL_PYTHON, ['-c', script], { env: { PYTHONPATH: join(isolated, 'python'), PATH: join(isolated, 'empty') }, encoding: 'utf8' });
      assert.equal(done.status, 0);
      assert.equal(done.stdout, '');
      assert.match(done.stderr, /^mlops: the mlops CLI was not found\. Set MLOPS_CLI to its command line .*\n$/);
    } finally {
      rmSync(isolated, { recursive: true, force: true });
    }
  });

  it('MLOPS_CLI wins: its command line is split like a shell would', () => {
    const script = 'from mlops_workbench.cli import locate_cli\nprint(locate_cli())';
    const done = spawnSync(KERNEL_PYTHON, ['-c', script], { env: { PYTHONPATH: join(__dirname, '..', '..', '..', 'python'), MLOPS_CLI: '"/opt/my node/node" /x/cli.js' }, encoding: 'utf8' });
    assert.equal(done.stdout.trim(), "['/opt/my node/node', '/x/cli.js']");
  });
});

describe('fallback bundles', () => {
  it('escape store data in text/html and keep it verbatim in our JSON and text/plain', () => {
    const script = [
      'import json',
      'from mlops_workbench.bundles import runs_bundle',
      'run = {"run_id": "abc", "run_name": "<img src=x onerror=alert(1)>", "experiment_id": "1", "status": "FINISHED",',
      '       "start_time": None, "end_time": None, "metrics": {"a&b": 1.5}, "params": {}}',
      'print(json.dumps(runs_bundle([run])))',
    ].join('\n');
    const done = spawnSync(KERNEL_PYTHON, ['-c', script], { env: { PYTHONPATH: join(__dirname, '..', '..', '..', 'python') }, encoding: 'utf8' });
    const bundle = JSON.parse(done.stdout) as Record<string, unknown>;
    const html = String(bundle['text/html']);
    assert.ok(html.includes('<td>&lt;img src=x onerror=alert(1)&gt;</td>'));
    assert.ok(html.includes('<th>a&amp;b</th>'));
    assert.ok(!html.includes('<img'));
    assert.equal((bundle['application/vnd.mlops.runs+json'] as { runs: Array<{ run_name: string }> }).runs[0]!.run_name, '<img src=x onerror=alert(1)>');
    assert.match(String(bundle['text/plain']), /<img src=x onerror=alert\(1\)>/);
  });
});
