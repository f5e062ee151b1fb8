import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { DemoFolderNotEmptyError, generateDemoWorkspace } from '../../../core/demo/generate';
import { RAG_EXPERIMENT_NAME } from '../../../core/demo/ragAgent';
import { MODEL_RUN_ACCURACY } from '../../../core/demo/trainingRuns';
import { evaluateGate } from '../../../core/registry/gate';
import { loadPolicy, POLICY_PATH, policyFor } from '../../../core/registry/policy';
import { openSqlite, type SqlDatabase, type SqlValue } from '../../../core/sqlite/driver';
import { MLFLOW_SQLITE_HEAD } from '../../../core/tracking/sqliteSchema';
import { TraceExplorerSession } from '../../../core/traces/explorerSession';
import { FileTraceStore } from '../../../core/traces/file/fileTraceStore';
import { SqliteTraceStore } from '../../../core/traces/sqlite/sqliteTraceStore';
import { openUri } from '../../support/locations';

const parent = mkdtempSync(join(tmpdir(), 'mlops-demo-test-'));
const folder = join(parent, 'demo');
let db: SqlDatabase;

before(() => {
  generateDemoWorkspace(folder);
  db = openSqlite(join(folder, 'mlflow.db'), { readonly: true });
});
after(() => {
  db.close();
  rmSync(parent, { recursive: true, force: true });
});

const git = (...args: string[]) => execFileSync('git', args, { cwd: folder }).toString().trim();
const md5 = (path: string) => createHash('md5').update(readFileSync(path)).digest('hex');
const cachePath = (hash: string) => join(folder, '.dvc', 'cache', 'files', 'md5', hash.slice(0, 2), hash.slice(2));

describe('mlflow.db', () => {
  test('has the schema head and the promised experiments and runs', () => {
    assert.equal(db.prepare('SELECT version_num FROM alembic_version').get()?.version_num, MLFLOW_SQLITE_HEAD);
    assert.ok(Number(db.prepare('SELECT count(*) AS n FROM experiments').get()?.n) >= 3);
    assert.ok(Number(db.prepare('SELECT count(*) AS n FROM runs').get()?.n) >= 60);
    const statuses = db.prepare('SELECT status, count(*) AS n FROM runs GROUP BY status').all();
    assert.deepEqual(Object.fromEntries(statuses.map((r) => [r.status, r.n])), { FAILED: 1, FINISHED: 61, RUNNING: 1 });
    assert.equal(db.prepare("SELECT end_time FROM runs WHERE status = 'RUNNING'").get()?.end_time, null);
    assert.equal(Number(db.prepare("SELECT count(*) AS n FROM tags WHERE key = 'mlflow.parentRunId'").get()?.n), 18);
    assert.equal(db.prepare('PRAGMA integrity_check').get()?.integrity_check, 'ok');
  });

  test('metric histories have hundreds of steps, and latest_metrics holds the last step', () => {
    const longest = db.prepare("SELECT max(step) AS s FROM metrics WHERE key = 'accuracy'").get();
    assert.ok(Number(longest?.s) >= 249);
    const mismatches = db
      .prepare(
        `SELECT count(*) AS n FROM latest_metrics l WHERE l.step != (SELECT max(step) FROM metrics m WHERE m.run_uuid = l.run_uuid AND m.key = l.key)`,
      )
      .get();
    assert.equal(mismatches?.n, 0);
    const curve = db
      .prepare(
        "SELECT value FROM metrics WHERE key = 'train_loss' AND run_uuid = (SELECT run_uuid FROM runs WHERE experiment_id = 1 LIMIT 1) ORDER BY step",
      )
      .all()
      .map((r) => Number(r.value));
    assert.ok(curve[0]! > curve.at(-1)! + 0.3, 'training loss falls over the run');
  });

  test('the registry has fraud-detection in None, Staging and Production with champion and challenger', () => {
    const versions = db.prepare("SELECT version, current_stage, run_id FROM model_versions WHERE name = 'fraud-detection' ORDER BY version").all();
    assert.deepEqual(
      versions.map((v) => v.current_stage),
      ['Production', 'Staging', 'None'],
    );
    const aliases = db.prepare("SELECT alias, version FROM registered_model_aliases WHERE name = 'fraud-detection' ORDER BY alias").all();
    assert.deepEqual(aliases, [
      { alias: 'challenger', version: 2 },
      { alias: 'champion', version: 1 },
    ]);
    versions.forEach((v, index) => {
      const accuracy = db.prepare("SELECT value FROM latest_metrics WHERE run_uuid = ? AND key = 'accuracy'").get(String(v.run_id));
      assert.equal(accuracy?.value, MODEL_RUN_ACCURACY[index]);
    });
  });

  test('one prompt in MLflow 3 prompt-registry form', () => {
    const prompts = db.prepare("SELECT name FROM registered_model_tags WHERE key = 'mlflow.prompt.is_prompt' AND value = 'true'").all();
    assert.deepEqual(prompts, [{ name: 'fraud-triage-prompt' }]);
    const texts = db.prepare("SELECT value FROM model_version_tags WHERE name = 'fraud-triage-prompt' AND key = 'mlflow.prompt.text'").all();
    assert.equal(texts.length, 2);
    assert.match(String(texts[0]!.value), /\{\{transaction\}\}/);
  });
});

describe('mlruns/ file store', () => {
  test('experiments and runs in MLflow FileStore layout', () => {
    const experiment = parse(readFileSync(join(folder, 'mlruns', '1', 'meta.yaml'), 'utf8'));
    assert.equal(experiment.experiment_id, '1');
    const runs = execFileSync('find', [join(folder, 'mlruns', '1'), '-mindepth', '2', '-maxdepth', '2', '-name', 'meta.yaml']).toString().trim().split('\n');
    assert.equal(runs.length, 8);
    const metas = runs.map((path) => parse(readFileSync(path, 'utf8')));
    assert.ok(metas.some((m) => m.status === 1 && m.end_time === null), 'one run is RUNNING');
    const line = readFileSync(join(runs[0]!, '..', 'metrics', 'accuracy'), 'utf8').split('\n')[0]!;
    assert.match(line, /^\d{13} [\d.]+ 0$/);
  });
});

describe('DVC project in git', () => {
  test('train.csv.dvc changed over at least four commits, each version in the DVC 3 cache', () => {
    const commits = git('log', '--format=%H', '--', 'data/train.csv.dvc').split('\n');
    assert.ok(commits.length >= 4);
    const hashes = new Set(commits.map((c) => parse(git('show', `${c}:data/train.csv.dvc`)).outs[0].md5 as string));
    assert.ok(hashes.size >= 4);
    for (const hash of hashes) assert.ok(existsSync(cachePath(hash)), `cache holds ${hash}`);
  });

  test('the workspace copy matches its pointer and the directory output has a .dir manifest', () => {
    const pointer = parse(readFileSync(join(folder, 'data', 'train.csv.dvc'), 'utf8')).outs[0];
    assert.equal(pointer.hash, 'md5');
    assert.equal(md5(join(folder, 'data', 'train.csv')), pointer.md5);
    const labels = parse(readFileSync(join(folder, 'data', 'labels.dvc'), 'utf8')).outs[0];
    assert.match(labels.md5, /\.dir$/);
    const manifest = JSON.parse(readFileSync(cachePath(labels.md5), 'utf8')) as Array<{ md5: string; relpath: string }>;
    assert.equal(manifest.length, labels.nfiles);
    for (const entry of manifest) assert.equal(md5(join(folder, 'data', 'labels', entry.relpath)), entry.md5);
  });

  test('dvc.yaml has four stages and dvc.lock records their hashes in schema 2.0', () => {
    const stages = Object.keys(parse(readFileSync(join(folder, 'dvc.yaml'), 'utf8')).stages);
    assert.deepEqual(stages, ['prepare', 'featurize', 'train', 'evaluate']);
    const lock = parse(readFileSync(join(folder, 'dvc.lock'), 'utf8'));
    assert.equal(lock.schema, '2.0');
    const script = lock.stages.train.deps.find((d: { path: string }) => d.path === 'src/train.py');
    assert.equal(script.md5, md5(join(folder, 'src', 'train.py')));
    assert.ok(existsSync(join(folder, 'MLproject')) && existsSync(join(folder, 'python_env.yaml')));
    assert.equal(parse(readFileSync(join(folder, 'feature_repo', 'feature_store.yaml'), 'utf8')).project, 'fraud_features');
  });
});

describe('drift data and notebook', () => {
  test('reference.csv and current.csv have 8 columns and at least 10k rows; amount and distance_km shift', () => {
    const read = (name: string) => readFileSync(join(folder, name), 'utf8').trimEnd().split('\n');
    const [reference, current] = [read('reference.csv'), read('current.csv')];
    assert.equal(reference[0]!.split(',').length, 8);
    assert.ok(reference.length > 10_000 && current.length > 10_000);
    const mean = (rows: string[], column: string) => {
      const index = rows[0]!.split(',').indexOf(column);
      const values = rows.slice(1).map((r) => Number(r.split(',')[index]));
      return values.reduce((a, b) => a + b, 0) / values.length;
    };
    assert.ok(mean(current, 'amount') > 1.4 * mean(reference, 'amount'));
    assert.ok(mean(current, 'distance_km') > mean(reference, 'distance_km') + 10);
    assert.ok(Math.abs(mean(current, 'customer_age') - mean(reference, 'customer_age')) < 1);
  });

  test('the notebook is valid nbformat 4', () => {
    const notebook = JSON.parse(readFileSync(join(folder, 'notebooks', 'explore.ipynb'), 'utf8'));
    assert.equal(notebook.nbformat, 4);
    assert.ok(notebook.cells.length >= 3);
  });
});

describe('promotion policy', () => {
  test('.mlops/promotion.yaml gates fraud-detection → Production: version 2 passes, version 3 fails', async () => {
    const services = openUri('sqlite:///mlflow.db', { cwd: folder });
    const registry = services.registry;
    try {
      const policy = policyFor(loadPolicy(join(folder, POLICY_PATH)), 'fraud-detection', 'Production');
      assert.ok(policy?.archiveExisting);
      const gate = (version: string) => evaluateGate({ registry, metrics: services.runMetrics, model: 'fraud-detection', version, stage: 'Production', policy });
      const passing = await gate('2');
      assert.equal(passing.passed, true, JSON.stringify(passing.checks));
      assert.deepEqual(passing.checks.map((c) => c.metric), ['accuracy', 'f1_score', 'accuracy']);
      assert.equal(passing.currentVersion, '1');
      const failing = await gate('3');
      assert.deepEqual(failing.checks.filter((c) => !c.passed).map((c) => `${c.kind}:${c.metric}`), ['require:accuracy', 'must_beat_current:accuracy']);
    } finally {
      await services.close();
    }
  });
});

test('the generator is deterministic: same seed, same git history and data', () => {
  const again = join(parent, 'again');
  generateDemoWorkspace(again);
  const head = (cwd: string) => execFileSync('git', ['rev-parse', 'HEAD'], { cwd }).toString();
  assert.equal(head(again), head(folder));
  assert.equal(md5(join(again, 'current.csv')), md5(join(folder, 'current.csv')));
});

test('refuses to overwrite a non-empty folder', () => {
  assert.throws(() => generateDemoWorkspace(folder), DemoFolderNotEmptyError);
});

// The traced RAG agent (core/demo/ragAgent.ts) as MLflow would have stored it, read back with raw SQL and plain file
// reads: spans rows and their JSON, the ERROR trace's exception, token usage that adds up, the evaluation run the
// traces link to, assessments, the logged model; and the same through the stores and the explorer's model.
const rows = (sql: string, ...args: unknown[]) => db.prepare(sql).all(...(args as SqlValue[]));

describe('the demo RAG agent in mlflow.db', () => {
  test('ten traces in its experiment, one ERROR, spans in the spans table as MLflow >= 3.2 keeps them', () => {
    const experiment = rows('SELECT experiment_id FROM experiments WHERE name = ?', RAG_EXPERIMENT_NAME)[0]!.experiment_id as number;
    const traces = rows('SELECT request_id, status, execution_time_ms FROM trace_info WHERE experiment_id = ? ORDER BY timestamp_ms', experiment);
    assert.equal(traces.length, 10);
    assert.deepEqual(traces.filter((t) => t.status === 'ERROR').length, 1);
    for (const t of traces) {
      assert.match(String(t.request_id), /^tr-[0-9a-f]{32}$/);
      assert.equal(rows("SELECT value FROM trace_tags WHERE request_id = ? AND key = 'mlflow.trace.spansLocation'", t.request_id)[0]!.value, 'TRACKING_STORE');
      const spans = rows('SELECT span_id, parent_span_id, type, status, CAST(start_time_unix_nano AS TEXT) AS start_time_unix_nano, content FROM spans WHERE trace_id = ?', t.request_id);
      const types = new Set(spans.map((s) => s.type));
      for (const type of ['AGENT', 'RETRIEVER', 'CHAT_MODEL']) assert.ok(types.has(type), `${t.request_id} has a ${type} span`);
      const root = spans.filter((s) => s.parent_span_id === null);
      assert.equal(root.length, 1);
      // The span JSON is Span.to_dict(): base64 ids of the row's hex ids, nanoseconds as integers.
      for (const span of spans) {
        const content = JSON.parse(String(span.content));
        assert.equal(Buffer.from(content.span_id, 'base64').toString('hex'), span.span_id);
        assert.equal(JSON.parse(content.attributes['mlflow.spanType']), span.type);
        assert.match(String(span.content), new RegExp(`"start_time_unix_nano":${span.start_time_unix_nano}[,}]`));
      }
    }
  });

  test('the failed request: the tool and the root failed, with exception events and a stack trace', () => {
    const [failed] = rows("SELECT request_id FROM trace_info WHERE status = 'ERROR'");
    const spans = rows('SELECT name, type, status, content FROM spans WHERE trace_id = ? ORDER BY start_time_unix_nano', failed!.request_id);
    assert.deepEqual(spans.map((s) => [s.name, s.status]), [['support_agent', 'ERROR'], ['retrieve_docs', 'OK'], ['ChatOpenAI', 'OK'], ['lookup_order_status', 'ERROR']]);
    const tool = JSON.parse(String(spans[3]!.content));
    assert.equal(tool.events[0].name, 'exception');
    assert.equal(tool.events[0].attributes['exception.type'], 'TimeoutError');
    assert.match(tool.events[0].attributes['exception.stacktrace'], /^Traceback \(most recent call last\):\n/);
  });

  test('token usage: each trace total is the sum of its chat spans', () => {
    for (const t of rows("SELECT request_id, value FROM trace_request_metadata WHERE key = 'mlflow.trace.tokenUsage'")) {
      const total = JSON.parse(String(t.value));
      const spans = rows("SELECT content FROM spans WHERE trace_id = ? AND type = 'CHAT_MODEL'", t.request_id).map((s) => JSON.parse(JSON.parse(String(s.content)).attributes['mlflow.chat.tokenUsage']));
      assert.ok(spans.length > 0);
      assert.equal(total.total_tokens, spans.reduce((sum, u) => sum + u.total_tokens, 0));
      assert.equal(total.total_tokens, total.input_tokens + total.output_tokens);
    }
  });

  test('six traces link to the evaluation run, which logged the agent as a LoggedModel; assessments by judges and people', () => {
    const linked = rows("SELECT DISTINCT value FROM trace_request_metadata WHERE key = 'mlflow.sourceRun'");
    assert.equal(linked.length, 1);
    const runId = String(linked[0]!.value);
    assert.equal(rows("SELECT count(*) AS n FROM trace_request_metadata WHERE key = 'mlflow.sourceRun'")[0]!.n, 6);
    assert.deepEqual(rows('SELECT name, status FROM runs WHERE run_uuid = ?', runId).map((r) => [r.name, r.status]), [['support-agent-eval', 'FINISHED']]);
    const model = rows("SELECT model_id, name, status, source_run_id FROM logged_models WHERE name = 'support-agent'")[0]!;
    assert.deepEqual([model.name, model.status, model.source_run_id], ['support-agent', 2, runId]);
    assert.match(String(model.model_id), /^m-[0-9a-f]{32}$/);
    assert.ok(rows('SELECT dataset_name FROM logged_model_metrics WHERE model_id = ?', model.model_id).every((m) => m.dataset_name === 'support-eval-v1'));
    const sources = new Set(rows('SELECT source_type FROM assessments').map((a) => a.source_type));
    assert.deepEqual([...sources].sort(), ['HUMAN', 'LLM_JUDGE']);
    assert.ok(Number(rows('SELECT count(*) AS n FROM assessments WHERE span_id IS NOT NULL AND rationale IS NOT NULL')[0]!.n) > 0, 'span-level judgements with rationale');
    assert.equal(rows("SELECT count(*) AS n FROM assessments WHERE error IS NOT NULL")[0]!.n, 1);
  });

  test('through the store and the explorer: the LLM span reads as a conversation, the retriever as scored documents', async () => {
    const store = new SqliteTraceStore(join(folder, 'mlflow.db'));
    try {
      const [withTool] = (await store.searchTraces({ experimentIds: ['4'], filter: "span.type = 'TOOL' AND attributes.status = 'OK'", maxResults: 1 })).items;
      const session = new TraceExplorerSession(await store.getTrace(withTool!.traceId));
      const names = session.view().tree!.names;
      const chat = session.span(names.indexOf('ChatOpenAI'))!;
      assert.deepEqual(chat.detail.chatMessages!.map((m) => m.role), ['system', 'user', 'assistant']);
      assert.equal(chat.detail.chatMessages![2]!.toolCalls[0]!.name, 'lookup_order_status');
      assert.ok(chat.detail.tokenUsage!.totalTokens! > 0);
      const retriever = session.span(names.indexOf('retrieve_docs'))!;
      assert.equal(retriever.detail.documents!.length, 3);
      assert.ok(retriever.detail.documents!.every((d) => d.score !== null && d.source?.startsWith('help/')));
    } finally {
      await store.close();
    }
  });
});

describe('the demo RAG agent in mlruns/', () => {
  test('three traces in the FileStore layout, read back by the FileStore trace store', async () => {
    const experiment = readdirSync(join(folder, 'mlruns')).find((e) => existsSync(join(folder, 'mlruns', e, 'meta.yaml')) && readFileSync(join(folder, 'mlruns', e, 'meta.yaml'), 'utf8').includes(`name: ${RAG_EXPERIMENT_NAME}`))!;
    const folders = readdirSync(join(folder, 'mlruns', experiment, 'traces'));
    assert.equal(folders.length, 3);
    const store = new FileTraceStore(join(folder, 'mlruns'));
    const { items } = await store.searchTraces({ experimentIds: [experiment] });
    assert.deepEqual(items.map((t) => t.traceId).sort(), folders.sort());
    for (const id of folders) {
      const spans = JSON.parse(readFileSync(join(folder, 'mlruns', experiment, 'traces', id, 'artifacts', 'traces.json'), 'utf8')).spans;
      const trace = await store.getTrace(id);
      assert.equal(trace.data.kind === 'spans' ? trace.data.spans.length : -1, spans.length);
    }
  });
});
