// The loop of issue 15, end to end on a copy of the demo: `npm pack` of packages/cli installed offline into a clean
// folder, `mlops ci init` from that install, the workflow checked against GitHub's schema (SchemaStore's copy), then
// its `run:` steps executed in order for a push to main, a pull request and the daily schedule — bash, the
// workflow's env and expressions, `npx` resolved to the packed CLI.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import Ajv from 'ajv';
import { parse as parseYaml } from 'yaml';
import { generateDemoWorkspace } from '../../core/demo/generate';
import { runWorkflowEvent, type Workflow } from '../support/workflowRunner';

const root = join(__dirname, '..', '..');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const work = mkdtempSync(join(tmpdir(), 'mlops-ci-'));
const demo = join(work, 'demo');
const cliHome = join(work, 'cli-install');
const bin = join(cliHome, 'node_modules', '.bin', 'mlops');
const shims = join(work, 'bin');
const baseEnv = { PATH: `${shims}:${dirname(process.execPath)}:/usr/bin:/bin`, HOME: work, TMPDIR: tmpdir(), LANG: 'C.UTF-8' };
const secrets = { MLFLOW_TRACKING_URI: 'sqlite:///mlflow.db', MLFLOW_TRACKING_TOKEN: 'token-value-only-in-the-test' };
// Training needs DVC and the demo's Python packages, and the dispatch needs GitHub: neither can run here.
const leaveOut = { train: 'dvc repro needs Python packages', retrain: 'gh workflow run needs GitHub' };
let tarball = '';
let workflowText = '';

function mlops(args: string[], cwd = demo) {
  return spawnSync(bin, args, { cwd, env: baseEnv, encoding: 'utf8' });
}

before(() => {
  generateDemoWorkspace(demo);
  const packed = execFileSync(process.execPath, [join(root, 'scripts', 'build-cli-package.mjs'), '--pack', work], { cwd: root, encoding: 'utf8' });
  tarball = packed.trim().split('\n').at(-1)!;
  mkdirSync(cliHome);
  writeFileSync(join(cliHome, 'package.json'), '{"private": true}\n');
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: cliHome, encoding: 'utf8', env: { ...process.env, npm_config_registry: 'http://127.0.0.1:9/' } });
  mkdirSync(shims);
  // npx as the workflow calls it, resolved to the CLI installed from the tarball: any other package is refused.
  writeFileSync(
    join(shims, 'npx'),
    `#!/usr/bin/env bash\n[ "$1" = "--yes" ] && shift\nif [ "$1" != "mlops-workbench-cli@${version}" ]; then echo "npx: only mlops-workbench-cli@${version} is installed, not $1" >&2; exit 127; fi\nshift\nexec ${bin} "$@"\n`,
  );
  chmodSync(join(shims, 'npx'), 0o755);
});
after(() => rmSync(work, { recursive: true, force: true }));

test('npm pack of packages/cli installs offline with no dependencies and runs --version and runs', () => {
  assert.ok(existsSync(tarball), tarball);
  const installed = readdirSync(join(cliHome, 'node_modules')).filter((n) => !n.startsWith('.'));
  assert.deepEqual(installed, ['mlops-workbench-cli'], 'the package pulls in nothing else');
  const manifest = JSON.parse(readFileSync(join(cliHome, 'node_modules', 'mlops-workbench-cli', 'package.json'), 'utf8'));
  assert.equal(manifest.dependencies, undefined);
  assert.deepEqual(manifest.bin, { mlops: 'dist/cli.js' });
  assert.equal(manifest.engines.node, '>=20');
  assert.equal(mlops(['--version']).stdout.trim(), version);
  const runs = mlops(['runs', '--tracking-uri', './mlruns', '--json']);
  assert.equal(runs.status, 0, runs.stderr);
  assert.equal((JSON.parse(runs.stdout) as { runs: unknown[] }).runs.length, 8);
});

test('the packed CLI ships the W&B and Feast record schemas: the demo sweep and feature registry read without warnings', () => {
  const runs = mlops(['runs', '--tracking-uri', './wandb', '--json']);
  assert.equal(runs.status, 0, runs.stderr);
  assert.equal(runs.stderr, '', 'no run file fails to decode');
  const listed = (JSON.parse(runs.stdout) as { runs: Array<{ info: { experiment_id: string; run_name: string } }> }).runs;
  assert.ok(listed.length > 0);
  assert.ok(listed.every((run) => run.info.experiment_id !== 'uncategorized' && run.info.run_name !== ''), 'every run record was decoded');
  const features = mlops(['features', '--repo', 'feature_repo', '--json']);
  assert.equal(features.status, 0, features.stderr);
  assert.ok((JSON.parse(features.stdout) as { feature_views: unknown[] }).feature_views.length > 0);
});

test('the packed CLI opens mlflow.db through node:sqlite, or better-sqlite3 where that is what loads', () => {
  let nodeSqlite = true;
  try {
    createRequire(__filename)('node:sqlite');
  } catch {
    nodeSqlite = false;
  }
  // Node 20 has no node:sqlite: there better-sqlite3 beside the CLI is the driver, as the package's README says.
  if (!nodeSqlite) symlinkSync(join(root, 'node_modules', 'better-sqlite3'), join(cliHome, 'node_modules', 'better-sqlite3'), 'dir');
  const versions = mlops(['model-versions', '--name', 'fraud-detection']);
  assert.equal(versions.status, 0, versions.stderr);
  assert.match(versions.stdout, /fraud-detection v2\s+Staging/);
});

test('mlops ci init writes a workflow that validates against GitHub workflow schema and refuses to overwrite', () => {
  const init = mlops(['ci', 'init']);
  assert.equal(init.status, 0, init.stderr);
  assert.match(init.stdout, /wrote \.github\/workflows\/mlops\.yml/);
  assert.match(init.stdout, /training entry: dvc\.yaml stage 'train'/);
  workflowText = readFileSync(join(demo, '.github', 'workflows', 'mlops.yml'), 'utf8');
  const schema = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'ci', 'github-workflow.json'), 'utf8'));
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
  const workflow = parseYaml(workflowText) as Workflow;
  assert.ok(validate(workflow), JSON.stringify(validate.errors, null, 2));
  // The schema does reject a broken workflow: a job without runs-on.
  const broken = structuredClone(workflow) as unknown as { jobs: Record<string, Record<string, unknown>> };
  delete broken.jobs.gate!['runs-on'];
  assert.equal(validate(broken), false);

  assert.ok(!workflowText.includes(secrets.MLFLOW_TRACKING_TOKEN));
  assert.match(workflowText, /MLFLOW_TRACKING_URI: \$\{\{ secrets\.MLFLOW_TRACKING_URI \}\}/);
  assert.match(workflowText, /MLFLOW_TRACKING_TOKEN: \$\{\{ secrets\.MLFLOW_TRACKING_TOKEN \}\}/);
  assert.match(workflowText, /run: dvc repro train/);
  assert.match(workflowText, /--config drift\.yaml --html drift-report\.html/);

  assert.match(mlops(['ci', 'init']).stdout, /already up to date/);
  writeFileSync(join(demo, '.github', 'workflows', 'mlops.yml'), `${workflowText}# edited by hand\n`);
  const refused = mlops(['ci', 'init']);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /already exists and differs.*--force/);
  assert.equal(mlops(['ci', 'init', '--force']).status, 0);
  assert.equal(readFileSync(join(demo, '.github', 'workflows', 'mlops.yml'), 'utf8'), workflowText);
});

function run(github: Record<string, unknown>, inputs: Record<string, string> = {}) {
  const workflow = parseYaml(workflowText) as Workflow;
  return runWorkflowEvent(workflow, { cwd: demo, baseEnv, context: { github, inputs, secrets }, leaveOut });
}

const ran = (result: ReturnType<typeof run>, job: string) => result.steps.filter((s) => s.job === job && s.kind === 'run');

test('push to main: validate and data status pass, the gate passes version 2, promotion runs', () => {
  const result = run({ event_name: 'push', ref: 'refs/heads/main', token: 'unused' }, { model_version: '2' });
  for (const step of ran(result, 'validate')) assert.equal(step.exitCode, 0, `${step.step}: ${step.stdout}${step.stderr}`);
  assert.deepEqual(ran(result, 'validate').map((s) => s.step), ['Validate pipeline and feature YAML', 'Data status']);
  assert.equal(result.jobs.train!.leftOut, leaveOut.train);
  assert.equal(result.jobs.gate!.result, 'success', JSON.stringify(ran(result, 'gate')));
  assert.match(result.jobs.gate!.summary, /✅ Gate passed: fraud\\-detection version 2 → Production/);
  assert.match(result.jobs.gate!.summary, /\| accuracy \| 0\.962 \| 0\.951 \| \+0\.011 ▲ better \|/);
  assert.equal(result.jobs.promote!.result, 'success', JSON.stringify(ran(result, 'promote')));
  assert.match(mlops(['model-versions', '--name', 'fraud-detection']).stdout, /fraud-detection v2\s+Production/);
  assert.equal(result.jobs.drift!.result, 'skipped');
});

test('pull request: the gate checks the newest version (3) and fails; nothing is promoted', () => {
  const result = run({ event_name: 'pull_request', ref: 'refs/pull/7/merge', token: 'unused' });
  const [gate, report] = ran(result, 'gate');
  assert.equal(gate!.exitCode, 1);
  assert.match(gate!.stdout!, /^::error .*accuracy 0\.948 not >= 0\.95/m);
  assert.equal(report!.exitCode, 0, 'the report step runs after the failure (if: always())');
  assert.match(result.jobs.gate!.summary, /❌ Gate failed: fraud\\-detection version 3 → Production/);
  assert.match(result.jobs.gate!.summary, /- \[ \] accuracy 0\\\.948 not \\>= 0\\\.95/);
  assert.equal(result.jobs.gate!.result, 'failure');
  assert.equal(result.jobs.promote!.result, 'skipped');
});

test('schedule: the drift job uploads its report and should_retrain fires on the demo data, and not under the limit', () => {
  const result = run({ event_name: 'schedule', ref: 'refs/heads/main', token: 'unused' });
  assert.equal(result.jobs.validate!.result, 'skipped');
  assert.equal(result.jobs.gate!.result, 'skipped');
  assert.equal(result.jobs.drift!.result, 'success', JSON.stringify(ran(result, 'drift')));
  assert.deepEqual(result.jobs.drift!.outputs, { should_retrain: 'true' });
  assert.equal(result.jobs.retrain!.leftOut, leaveOut.retrain, 'needs.drift.outputs.should_retrain == true starts the retrain job');
  assert.ok(readFileSync(join(demo, 'drift-report.html'), 'utf8').includes('<html'), 'the artifact the upload step takes');
  assert.match(result.jobs.drift!.summary, /\*\*Drifted columns\*\*[\s\S]*\| distance\\_km \|[\s\S]*\| amount \|/);
  assert.deepEqual(result.steps.filter((s) => s.job === 'drift' && s.kind === 'uses').map((s) => s.step), [
    'actions/checkout@v4',
    'actions/setup-node@v4',
    'Upload drift report',
  ]);

  const config = readFileSync(join(demo, 'drift.yaml'), 'utf8');
  writeFileSync(join(demo, 'drift.yaml'), config.replace('fail_on_share: 0.2', 'fail_on_share: 0.5'));
  const calm = run({ event_name: 'schedule', ref: 'refs/heads/main', token: 'unused' });
  assert.deepEqual(calm.jobs.drift!.outputs, { should_retrain: 'false' });
  assert.equal(calm.jobs.retrain!.result, 'skipped');
});
