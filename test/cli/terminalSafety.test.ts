// Issue 11, defect 5: names, tags, params, paths, commit subjects and column names holding ESC/BEL/CR/backspace, C1
// controls, bidi overrides and newlines never reach the terminal raw from any command's text output, and a newline
// never starts a table row; --json keeps every value exact. Real stores: an mlflow.db in MLflow's schema, an
// mlruns/ folder as MLflow writes it (PyYAML's double-quoted escapes), a git repository with DVC pointers, CSV files.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CliIO, ExitCode } from '../../cli/command';
import { runCli } from '../../cli/main';
import { openSqlite } from '../../core/sqlite/driver';
import { createDvcRepo, type DvcTestRepo } from '../support/dvcRepo';
import { writeMlflowDb } from '../support/generatedStores';
import { insert, seedModel, tempDir } from '../support/registryStores';

/** ESC (clear screen, set title), BEL, CR, backspace, newline, RLO, LRI, NEL, CSI (C1), DEL. */
const HOSTILE = 'ev\x1b[2J\x1b]0;owned\x07il\r\b\n\u202egnp.exe\u2066\u0085\u009b31m\x7f';
const SHOWN = 'ev\\x1b[2J\\x1b]0;owned\\x07il\\r\\x08\\n\\u202egnp.exe\\u2066\\u0085\\u009b31m\\u007f';
/** The same as PyYAML's safe_dump writes it: a double-quoted scalar with escapes. */
const HOSTILE_YAML = '"ev\\e[2J\\e]0;owned\\ail\\r\\b\\n\\u202Egnp.exe\\u2066\\N\\x9B31m\\x7F"';
/** What a file name or a raw YAML/JSON string can hold: bidi controls (printable in YAML), no C0. */
const HOSTILE_NAME = 'ev\u202egnp\u2066il';
const SHOWN_NAME = 'ev\\u202egnp\\u2066il';
const ACTIVE_BUT_LINES = /[\0-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/;

const dir = tempDir('cli-terminal');
const db = join(dir.path, 'sqlite', 'mlflow.db');
const mlruns = join(dir.path, 'file', 'mlruns');
const RUN = 'a'.repeat(32);

interface Result {
  code: ExitCode;
  out: string;
  err: string;
}

async function mlops(args: string[], cwd = dir.path): Promise<Result> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), cwd, env: {} };
  const code = await runCli(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Nothing a terminal acts on in stdout or stderr; returns stdout's lines. */
function assertSafe(result: Result, label: string): string[] {
  for (const [name, text] of [['stdout', result.out], ['stderr', result.err]] as const) {
    const found = ACTIVE_BUT_LINES.exec(text);
    assert.equal(found, null, `${label}: ${name} holds U+${found?.[0].charCodeAt(0).toString(16).padStart(4, '0')}:\n${text}`);
  }
  return result.out.split('\n');
}

function writeHostileMlflowDb(): void {
  const metric = [{ value: 0.5, timestamp: 1_700_000_000_000, step: 0 }];
  writeMlflowDb(db, {
    experiments: [
      { experimentId: '0', name: 'Default', lifecycleStage: 'active', creationTime: 1_700_000_000_000 },
      { experimentId: '1', name: HOSTILE, lifecycleStage: 'active', creationTime: 1_700_000_000_001 },
    ],
    runs: [
      {
        runId: RUN,
        experimentId: '1',
        runName: HOSTILE,
        status: 'FINISHED',
        startTime: 1_700_000_000_000,
        endTime: 1_700_000_001_000,
        userId: HOSTILE,
        lifecycleStage: 'active',
        metrics: { [HOSTILE]: metric, loss: metric },
        params: { [HOSTILE]: HOSTILE },
        tags: { [HOSTILE]: HOSTILE },
      },
    ],
  });
  const registry = openSqlite(db);
  seedModel(registry, HOSTILE, [{ version: 1, stage: 'Production', runId: 'b'.repeat(32), metrics: { accuracy: 0.9 } }]);
  insert(registry, 'registered_model_aliases', { alias: HOSTILE, version: 1, name: HOSTILE });
  registry.close();
}

function writeHostileMlruns(): void {
  const experiment = join(mlruns, '1');
  const run = join(experiment, RUN);
  for (const folder of ['metrics', 'params', 'tags']) mkdirSync(join(run, folder), { recursive: true });
  writeFileSync(
    join(experiment, 'meta.yaml'),
    `artifact_location: file:///tmp/mlruns/1\ncreation_time: 1700000000000\nexperiment_id: '1'\nlast_update_time: 1700000000000\nlifecycle_stage: active\nname: ${HOSTILE_YAML}\n`,
  );
  writeFileSync(
    join(run, 'meta.yaml'),
    [
      'artifact_uri: file:///tmp/mlruns/1/artifacts',
      'end_time: 1700000001000',
      "entry_point_name: ''",
      "experiment_id: '1'",
      'lifecycle_stage: active',
      `run_id: ${RUN}`,
      `run_name: ${HOSTILE_YAML}`,
      `run_uuid: ${RUN}`,
      "source_name: ''",
      'source_type: 4',
      "source_version: ''",
      'start_time: 1700000000000',
      'status: 3',
      'tags: []',
      'user_id: someone',
      '',
    ].join('\n'),
  );
  writeFileSync(join(run, 'metrics', HOSTILE), '1700000000000 0.5 0\n');
  writeFileSync(join(run, 'params', HOSTILE), HOSTILE);
  writeFileSync(join(run, 'tags', HOSTILE), HOSTILE);
  writeFileSync(join(run, 'tags', 'mlflow.runName'), HOSTILE);
}

before(() => {
  writeHostileMlflowDb();
  writeHostileMlruns();
});
after(() => dir.remove());

describe('tracking stores with hostile names', () => {
  for (const [kind, uri] of [
    ['mlflow.db', `sqlite:///${db}`],
    ['mlruns/', mlruns],
  ] as const) {
    it(`experiments (${kind}): one row per experiment, the name escaped; --json exact`, async () => {
      const text = await mlops(['experiments', '--tracking-uri', uri]);
      assert.equal(text.code, 0, text.err);
      const lines = assertSafe(text, 'experiments');
      const hostile = lines.filter((l) => l.includes(SHOWN));
      assert.equal(hostile.length, 1, text.out);
      assert.match(hostile[0]!, /^1\s/);
      const json = await mlops(['experiments', '--tracking-uri', uri, '--json']);
      assertSafe(json, 'experiments --json');
      const parsed = JSON.parse(json.out) as { experiments: Array<{ experiment_id: string; name: string }> };
      assert.equal(parsed.experiments.find((e) => e.experiment_id === '1')?.name, HOSTILE);
    });

    it(`runs (${kind}): the run is one row, name, experiment and metric key escaped; --json exact`, async () => {
      const text = await mlops(['runs', '--tracking-uri', uri, '--experiment', '1']);
      assert.equal(text.code, 0, text.err);
      const lines = assertSafe(text, 'runs');
      assert.equal(lines.length, 2, text.out);
      assert.ok(lines[1]!.startsWith(`${RUN}  ${SHOWN}  ${SHOWN}  FINISHED`), lines[1]);
      assert.ok(lines[1]!.includes(`${SHOWN}=0.5`), lines[1]);
      const json = await mlops(['runs', '--tracking-uri', uri, '--experiment', '1', '--json']);
      assertSafe(json, 'runs --json');
      const run = (JSON.parse(json.out) as { runs: Array<{ info: { run_name: string }; data: { params: Array<{ key: string; value: string }>; tags: Array<{ key: string; value: string }> } }> }).runs[0]!;
      assert.equal(run.info.run_name, HOSTILE);
      assert.deepEqual(run.data.params, [{ key: HOSTILE, value: HOSTILE }]);
      assert.deepEqual(
        run.data.tags.find((t) => t.key === HOSTILE),
        { key: HOSTILE, value: HOSTILE },
      );
    });

    it(`metric-history (${kind}) of a hostile key, and errors quoting a hostile argument`, async () => {
      const text = await mlops(['metric-history', '--tracking-uri', uri, '--run-id', RUN, '--key', HOSTILE]);
      assert.equal(text.code, 0, text.err);
      assert.equal(assertSafe(text, 'metric-history').length, 2);
      const missing = await mlops(['runs', '--tracking-uri', uri, '--experiment', `nope ${HOSTILE}`]);
      assert.equal(missing.code, 2);
      assertSafe(missing, 'runs --experiment (not found)');
      assert.ok(missing.err.includes(SHOWN), missing.err);
    });
  }
});

describe('the registry with a hostile model name and alias', () => {
  const uri = `sqlite:///${db}`;
  it('models and model-versions print one line per model/version, escaped; --json exact', async () => {
    const models = await mlops(['models', '--registry-uri', uri]);
    assert.equal(models.code, 0, models.err);
    assert.deepEqual(assertSafe(models, 'models'), [`${SHOWN}  Production: v1  @${SHOWN}=v1`]);
    const versions = await mlops(['model-versions', '--registry-uri', uri]);
    assert.equal(versions.code, 0, versions.err);
    assert.deepEqual(assertSafe(versions, 'model-versions'), [`${SHOWN} v1  Production  @${SHOWN}  run ${'b'.repeat(32)}`]);
    const json = await mlops(['models', '--registry-uri', uri, '--json']);
    assertSafe(json, 'models --json');
    assert.equal((JSON.parse(json.out) as { registered_models: Array<{ name: string }> }).registered_models[0]!.name, HOSTILE);
  });

  it('gate prints the model name escaped', async () => {
    const gate = await mlops(['gate', HOSTILE, '1', '--stage', 'Production', '--require', 'accuracy=>=0.5', '--registry-uri', uri]);
    assert.equal(gate.code, 0, gate.err);
    const lines = assertSafe(gate, 'gate');
    assert.ok(lines[0]!.startsWith(`Gate PASSED: ${SHOWN} version 1`), lines[0]);
  });
});

describe('DVC data and pipelines with hostile paths, subjects and stage names', () => {
  let repo: DvcTestRepo;
  before(async () => {
    repo = await createDvcRepo();
    repo.addFile(`data/${HOSTILE_NAME}.csv`, 'a,b\n1,2\n', 'dvc3');
    repo.addDirectory('images', { 'a.png': 'a' }, 'dvc3');
    await repo.commit(`first ${HOSTILE}`, '2026-02-01T09:00:00Z');
    repo.addFile(`data/${HOSTILE_NAME}.csv`, 'a,b\n1,2\n3,4\n', 'dvc3');
    repo.addDirectory('images', { 'a.png': 'a', [`${HOSTILE_NAME}.png`]: 'b' }, 'dvc3');
    await repo.commit(`second ${HOSTILE}`, '2026-02-02T09:00:00Z');
    repo.write('dvc.yaml', `stages:\n  "tr${HOSTILE_NAME}":\n    cmd: python train.py\n    deps:\n    - data/${HOSTILE_NAME}.csv\n    outs:\n    - model.pkl\n`);
  });
  after(() => repo.cleanup());

  it('data versions, status and diff', async () => {
    const versions = await mlops(['data', 'versions', `data/${HOSTILE_NAME}.csv`], repo.root);
    assert.equal(versions.code, 0, versions.err);
    const lines = assertSafe(versions, 'data versions');
    assert.equal(lines.length, 2, versions.out);
    assert.match(lines[0]!, /second ev\\x1b\[2J/);
    const status = await mlops(['data', 'status'], repo.root);
    assert.equal(status.code, 0, status.err);
    assert.ok(assertSafe(status, 'data status').some((l) => l.includes(`data/${SHOWN_NAME}.csv`)), status.out);
    const diff = await mlops(['data', 'diff', 'images', 'HEAD~1', 'HEAD'], repo.root);
    assert.equal(diff.code, 0, diff.err);
    assert.ok(assertSafe(diff, 'data diff').includes(`  + ${SHOWN_NAME}.png`), diff.out);
    const json = await mlops(['data', 'versions', `data/${HOSTILE_NAME}.csv`, '--json'], repo.root);
    assertSafe(json, 'data versions --json');
    assert.equal((JSON.parse(json.out) as { versions: Array<{ subject: string }> }).versions[0]!.subject.startsWith('second ev\x1b[2J'), true);
  });

  it('pipeline dag', async () => {
    const dag = await mlops(['pipeline', 'dag'], repo.root);
    assert.equal(dag.code, 0, dag.err);
    assert.ok(assertSafe(dag, 'pipeline dag').some((l) => l.includes(`tr${SHOWN_NAME}`)), dag.out);
  });
});

describe('drift and validate over hostile file content', () => {
  it('drift: a column name with ESC and a newline stays one escaped row', async () => {
    const folder = join(dir.path, 'drift');
    mkdirSync(folder, { recursive: true });
    const header = `"col\x1b[2J\nfake row\u202e",other\n`;
    writeFileSync(join(folder, 'ref.csv'), header + Array.from({ length: 50 }, (_, i) => `${i},${i % 3}`).join('\n'));
    writeFileSync(join(folder, 'cur.csv'), header + Array.from({ length: 50 }, (_, i) => `${i + 100},${i % 3}`).join('\n'));
    const result = await mlops(['drift', 'ref.csv', 'cur.csv'], folder);
    const lines = assertSafe(result, 'drift');
    assert.equal(lines.length, 4, result.out);
    assert.ok(lines.some((l) => l.startsWith('col\\x1b[2J\\nfake row\\u202e  num')), result.out);
  });

  it('validate: diagnostics quoting a hostile key', async () => {
    const folder = join(dir.path, 'validate');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'dvc.yaml'), `stages:\n  train:\n    cmd: python train.py\n    ${HOSTILE_YAML}: 1\n`);
    const result = await mlops(['validate', 'dvc.yaml'], folder);
    assertSafe(result, 'validate');
    assert.ok(result.out.includes('\\x1b[2J'), result.out);
  });
});
