import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { CliIO, ExitCode } from '../../cli/command';
import { runCli } from '../../cli/main';
import { SqliteRegistry } from '../../core/registry/sqliteRegistry';
import { copyFixture, createHeadStore, GATE_VERSIONS, seedModel, tempDir, treeDigest } from '../support/registryStores';

const dir = tempDir('cli-registry');
after(() => dir.remove());

interface Run {
  code: ExitCode;
  out: string;
  err: string;
}

async function mlops(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  let out = '';
  let err = '';
  const io: CliIO = {
    out: (t) => {
      out += `${t}\n`;
    },
    err: (t) => {
      err += `${t}\n`;
    },
    cwd: options.cwd ?? dir.path,
    env: options.env ?? {},
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

const POLICY = `models:
  fraud-detection:
    Production:
      require: { accuracy: ">= 0.95", f1_score: ">= 0.93" }
      must_beat_current: [accuracy]
      archive_existing: true
`;

/** A workspace folder with mlflow.db (fraud-detection v1 in Production, v2 good, v4 bad) and .mlops/promotion.yaml. */
function workspace(name: string): string {
  const folder = join(dir.path, name);
  mkdirSync(join(folder, '.mlops'), { recursive: true });
  writeFileSync(join(folder, '.mlops', 'promotion.yaml'), POLICY);
  const db = createHeadStore(join(folder, 'mlflow.db'));
  seedModel(db, 'fraud-detection', GATE_VERSIONS);
  db.close();
  return folder;
}

async function stages(folder: string): Promise<Record<string, string>> {
  const registry = new SqliteRegistry(join(folder, 'mlflow.db'));
  const versions = await registry.listVersions('fraud-detection');
  registry.close();
  return Object.fromEntries(versions.map((v) => [v.version, v.stage]));
}

test('mlops models / model-versions --json print MLflow REST shapes from the fixture files', async () => {
  const root = join(copyFixture('fastapi-wine', join(dir.path, 'wine')), 'mlruns');
  const models = await mlops(['models', '--registry-uri', root, '--json']);
  assert.equal(models.code, 0);
  const body = JSON.parse(models.out);
  assert.deepEqual(Object.keys(body), ['registered_models']);
  assert.equal(body.registered_models[0].name, 'wine-quality-predictor');
  assert.deepEqual(body.registered_models[0].aliases, [
    { alias: 'challenger', version: '1' },
    { alias: 'champion', version: '2' },
  ]);
  const versions = await mlops(['model-versions', '--registry-uri', `file://${root}`, '--name', 'wine-quality-predictor', '--json']);
  const mv = JSON.parse(versions.out).model_versions;
  assert.deepEqual(
    mv.map((v: { version: string; current_stage: string; aliases: string[] }) => [v.version, v.current_stage, v.aliases]),
    [
      ['2', 'None', ['champion']],
      ['1', 'None', ['challenger']],
    ],
  );
  const text = await mlops(['models', '--registry-uri', root]);
  assert.match(text.out, /^wine-quality-predictor {2}None: v2 {2}@challenger=v1 @champion=v2$/m);
  assert.equal((await mlops(['models', '--registry-uri', root, '--prompts'])).out, 'No prompts.\n');
});

test('--registry-uri defaults to MLFLOW_TRACKING_URI, then to a store in the working directory', async () => {
  const folder = workspace('defaults');
  const fromEnv = await mlops(['model-versions', '--json'], { env: { MLFLOW_TRACKING_URI: `sqlite:///${join(folder, 'mlflow.db')}` } });
  assert.equal(JSON.parse(fromEnv.out).model_versions.length, 4);
  const detected = await mlops(['models', '--json'], { cwd: folder });
  assert.equal(JSON.parse(detected.out).registered_models[0].name, 'fraud-detection');
  const none = await mlops(['models'], { cwd: join(folder, '.mlops') });
  assert.equal(none.code, 2);
  assert.match(none.err, /no registry found: pass --registry-uri/);
});

test('mlops gate: exit 0 on pass, 1 on fail, 2 on usage and store errors; text, json and github formats', async () => {
  const folder = workspace('gate');
  const pass = await mlops(['gate', 'fraud-detection', '2', '--stage', 'production'], { cwd: folder });
  assert.equal(pass.code, 0, pass.err);
  assert.match(pass.out, /^Gate PASSED: fraud-detection version 2 → Production \(current: version 1\)$/m);
  assert.match(pass.out, /✓ accuracy 0.97 beats 0.96 of version 1/);

  const fail = await mlops(['gate', 'fraud-detection', '4', '--stage', 'Production', '--format', 'github'], { cwd: folder });
  assert.equal(fail.code, 1);
  const policyFile = join(folder, '.mlops', 'promotion.yaml').replace(/:/g, '%3A');
  assert.deepEqual(fail.out.trim().split('\n'), [
    `::error file=${policyFile},title=Promotion gate%3A fraud-detection version 4 → Production::accuracy 0.9 not >= 0.95`,
    `::error file=${policyFile},title=Promotion gate%3A fraud-detection version 4 → Production::f1_score: not logged by run ${'4'.repeat(32)}`,
    `::error file=${policyFile},title=Promotion gate%3A fraud-detection version 4 → Production::accuracy 0.9 does not beat 0.96 of version 1 (higher is better)`,
    '::error title=Promotion gate%3A fraud-detection version 4 → Production::3 of 3 check(s) failed',
  ]);

  const json = await mlops(['gate', 'fraud-detection', '3', '--stage', 'Production', '--format', 'json', '--require', 'f1_score=">=0.96"'], { cwd: folder });
  assert.equal(json.code, 1);
  const result = JSON.parse(json.out);
  assert.equal(result.passed, false);
  assert.equal(result.current_version, '1');
  assert.deepEqual(
    result.checks.map((c: { metric: string; passed: boolean }) => [c.metric, c.passed]),
    [
      ['accuracy', true],
      ['f1_score', true],
      ['f1_score', false],
      ['accuracy', false],
    ],
  );

  const noPolicy = await mlops(['gate', 'fraud-detection', '4', '--stage', 'Staging', '--require', 'accuracy=">=0.5"'], { cwd: folder });
  assert.equal(noPolicy.code, 0);
  assert.equal((await mlops(['gate', 'fraud-detection', '4'], { cwd: folder })).code, 2);
  assert.equal((await mlops(['gate', 'fraud-detection', '4', '--stage', 'Production', '--format', 'xml'], { cwd: folder })).code, 2);
  const missing = await mlops(['gate', 'no-such-model', '1', '--stage', 'Production'], { cwd: folder });
  assert.equal(missing.code, 2);
  assert.match(missing.err, /name=no-such-model.* not found/);
  writeFileSync(join(folder, 'bad.yaml'), 'models:\n  fraud-detection:\n    Prod: {}\n');
  const bad = await mlops(['gate', 'fraud-detection', '2', '--stage', 'Production', '--policy', 'bad.yaml'], { cwd: folder });
  assert.equal(bad.code, 2);
  assert.match(bad.err, /bad\.yaml:3:5: 'Prod' is not a stage/);
});

test('mlops promote: blocked by the gate unless overridden; archive from the policy; alias; undo', async () => {
  const folder = workspace('promote');
  const blocked = await mlops(['promote', 'fraud-detection', '4', '--stage', 'Production'], { cwd: folder, env: { USER: 'ana' } });
  assert.equal(blocked.code, 1);
  assert.match(blocked.err, /--override-reason/);
  assert.deepEqual(await stages(folder), { '1': 'Production', '2': 'None', '3': 'None', '4': 'None' });

  const ok = await mlops(['promote', 'fraud-detection', '2', '--stage', 'production', '--alias', 'champion'], { cwd: folder, env: { USER: 'ana' } });
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /fraud-detection version 2 is now in Production; archived version 1\./);
  assert.deepEqual(await stages(folder), { '1': 'Archived', '2': 'Production', '3': 'None', '4': 'None' });

  const staged = await mlops(['promote', 'fraud-detection', '3', '--stage', 'Staging', '--archive-existing'], { cwd: folder, env: { GITHUB_ACTOR: 'bot' } });
  assert.equal(staged.code, 0, staged.err);
  const forced = await mlops(['promote', 'fraud-detection', '4', '--stage', 'Production', '--override-reason', 'incident 42'], { cwd: folder, env: { USER: 'ana' } });
  assert.equal(forced.code, 0, forced.err);
  assert.match(forced.out, /\(gate overridden\)/);
  const registry = new SqliteRegistry(join(folder, 'mlflow.db'));
  const v4 = await registry.getVersion('fraud-detection', '4');
  registry.close();
  assert.equal(v4.tags['mlops.override_reason'], 'incident 42');
  assert.equal(v4.tags['mlops.promoted_by'], 'ana');
  assert.equal(readFileSync(join(folder, '.mlops', 'promotions.jsonl'), 'utf8').trim().split('\n').length, 3);

  const undo = await mlops(['promote', '--undo'], { cwd: folder, env: { USER: 'ana' } });
  assert.equal(undo.code, 0, undo.err);
  assert.deepEqual(await stages(folder), { '1': 'Archived', '2': 'Production', '3': 'Staging', '4': 'None' });

  assert.equal((await mlops(['alias', 'set', 'fraud-detection', 'challenger', '3'], { cwd: folder })).code, 0);
  const versions = JSON.parse((await mlops(['model-versions', '--json'], { cwd: folder })).out).model_versions;
  assert.deepEqual(versions.find((v: { version: string }) => v.version === '3').aliases, ['challenger']);
  assert.deepEqual(versions.find((v: { version: string }) => v.version === '2').aliases, ['champion']);
  assert.equal((await mlops(['alias', 'delete', 'fraud-detection', 'challenger'], { cwd: folder })).code, 0);
  assert.equal((await mlops(['alias', 'set', 'fraud-detection', 'latest', '3'], { cwd: folder })).code, 2);
  assert.equal((await mlops(['alias', 'move', 'fraud-detection'], { cwd: folder })).code, 2);
  const wrongArchive = await mlops(['promote', 'fraud-detection', '3', '--stage', 'Archived', '--archive-existing'], { cwd: folder });
  assert.equal(wrongArchive.code, 2);
  assert.match(wrongArchive.err, /because 'Archived' is not an Active stage/);
});

test('undo finds the promotion whichever spelling of the registry URI was used', async () => {
  const folder = workspace('spelling');
  const promoted = await mlops(['promote', 'fraud-detection', '2', '--stage', 'Staging'], { cwd: folder });
  assert.equal(promoted.code, 0, promoted.err);
  const undo = await mlops(['promote', '--undo', '--registry-uri', 'sqlite:///mlflow.db'], { cwd: folder });
  assert.equal(undo.code, 0, undo.err);
  assert.match(undo.out, /Undid the promotion of fraud-detection version 2 to Staging .*version 2 → None/);
  const again = await mlops(['promote', '--undo'], { cwd: folder });
  assert.equal(again.code, 1);
  assert.match(again.err, /No promotion to undo/);
});

test('a model named ".." is refused by every registry command before any path is built; nothing is written', async () => {
  const project = copyFixture('iris-mlflow', join(dir.path, 'dotdot'));
  const root = join(project, 'mlruns');
  // Planted so that models/.. looks like a model folder with a version 1: a store that joined the name into a path
  // would find it and write mlruns/aliases/… and mlruns/version-1/tags/… outside models/.
  mkdirSync(join(root, 'version-1'));
  writeFileSync(join(root, 'version-1', 'meta.yaml'), 'name: ..\nversion: 1\ncurrent_stage: None\n');
  const before = treeDigest(project);
  const commands = [
    ['alias', 'set', '..', 'champion', '1'],
    ['alias', 'delete', '..', 'champion'],
    ['promote', '..', '1', '--stage', 'Production', '--archive-existing', '--alias', 'champion'],
    ['gate', '..', '1', '--stage', 'Production'],
    ['model-versions', '--name', '..'],
  ];
  for (const args of commands) {
    const run = await mlops([...args, '--registry-uri', root], { cwd: project });
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.out}${run.err}`);
    assert.match(run.err, /Invalid value "\.\." for parameter 'name' supplied: .*would resolve to '\.\.'/, args.join(' '));
  }
  assert.equal(treeDigest(project), before);
});

test('names MLflow refuses are refused on SQLite too, and a bad alias stops a promotion before anything changes', async () => {
  const folder = workspace('names');
  for (const name of ['..', 'team/fraud', 'prod:fraud']) {
    const run = await mlops(['alias', 'set', name, 'champion', '1'], { cwd: folder });
    assert.equal(run.code, 2);
    assert.match(run.err, /Invalid value|Names cannot contain '\/' or ':'/);
  }
  const before = treeDigest(folder);
  const reserved = await mlops(['promote', 'fraud-detection', '2', '--stage', 'Production', '--alias', 'v1'], { cwd: folder });
  assert.equal(reserved.code, 2);
  assert.match(reserved.err, /Version alias name 'v1' is reserved\./);
  assert.deepEqual(await stages(folder), { '1': 'Production', '2': 'None', '3': 'None', '4': 'None' });
  assert.equal(treeDigest(folder), before);
});

test('mlops model-card prints the notebook card: the newest version by default, the gate for the next stage', async () => {
  const folder = workspace('card');
  const newest = await mlops(['model-card', 'fraud-detection'], { cwd: folder });
  assert.equal(newest.code, 0, newest.err);
  const card = JSON.parse(newest.out);
  assert.deepEqual([card.version, card.stage, card.next_stage, card.gate.stage, card.gate.passed], ['4', 'None', 'Staging', 'Staging', true]);
  assert.deepEqual(card.metrics, { accuracy: 0.9 });
  const production = JSON.parse((await mlops(['model-card', 'fraud-detection', '1'], { cwd: folder })).out);
  assert.deepEqual([production.stage, production.next_stage, production.gate], ['Production', null, null]);
  const missing = await mlops(['model-card', 'fraud-detection', '9'], { cwd: folder });
  assert.equal(missing.code, 2);
  assert.match(missing.err, /Model Version \(name=fraud-detection, version=9\) not found/);
});
