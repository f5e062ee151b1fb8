// The workflow `mlops ci init` writes for workspaces other than the demo: each training entry kind, a drift.yaml one
// folder down, no policy; every variant must still satisfy GitHub's workflow schema (SchemaStore's copy).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import Ajv from 'ajv';
import { parse as parseYaml } from 'yaml';
import { CiWorkflowExistsError, planCiWorkflow, writeCiWorkflow } from '../../../core/ci/ciInit';

const root = join(__dirname, '..', '..', '..');
const validateSchema = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'ci', 'github-workflow.json'), 'utf8')));
const work = mkdtempSync(join(tmpdir(), 'mlops-ci-unit-'));
after(() => rmSync(work, { recursive: true, force: true }));

let count = 0;
function workspace(files: Record<string, string>): string {
  const folder = join(work, `ws${++count}`);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
  return folder;
}

interface Jobs {
  jobs: Record<string, { steps: Array<{ name?: string; run?: string }>; needs?: string }>;
}

function plan(folder: string) {
  const result = planCiWorkflow(folder, '9.9.9');
  assert.ok(validateSchema(parseYaml(result.content)), JSON.stringify(validateSchema.errors, null, 2));
  return { ...result, workflow: parseYaml(result.content) as Jobs };
}

const POLICY = 'models:\n  churn:\n    Staging:\n      require: { auc: ">= 0.8" }\n';

test('an MLproject entry point trains through mlflow run; the policy names model and stage', () => {
  const folder = workspace({
    MLproject: 'name: churn\nentry_points:\n  prepare:\n    command: "python prep.py"\n  main:\n    command: "python train.py"\n',
    '.mlops/promotion.yaml': POLICY,
    'requirements.txt': 'scikit-learn\n',
  });
  const { workflow, content, scan } = plan(folder);
  assert.deepEqual(scan.training, { kind: 'mlproject', file: 'MLproject', entryPoint: 'main' });
  const runs = workflow.jobs.train!.steps.map((s) => s.run).filter(Boolean);
  assert.deepEqual(runs, ['pip install -r requirements.txt\npip install mlflow', 'mlflow run . -e main --env-manager local']);
  assert.match(content, /MODEL_NAME: churn\n {2}MODEL_STAGE: Staging\n/);
  assert.match(content, /npx --yes mlops-workbench-cli@9\.9\.9 validate \.mlops\/promotion\.yaml MLproject --format github/);
  assert.equal(workflow.jobs.drift, undefined, 'no drift inputs: no drift job');
});

test('a train.py script, and a drift.yaml one folder down with its own limit', () => {
  const folder = workspace({
    'src/train.py': 'print("train")\n',
    'monitoring/drift.yaml': 'reference: ref data.csv\ncurrent: cur.csv\nfail_on_count: 3\n',
    'monitoring/ref data.csv': 'a\n1\n',
    'monitoring/cur.csv': 'a\n2\n',
  });
  const { workflow, scan } = plan(folder);
  assert.deepEqual(scan.training, { kind: 'script', file: 'src/train.py' });
  assert.deepEqual(scan.drift, { config: 'monitoring/drift.yaml', reference: 'monitoring/ref data.csv', current: 'monitoring/cur.csv', limitInConfig: true });
  const drift = workflow.jobs.drift!.steps.find((s) => s.name === 'Drift check')!.run!;
  assert.match(drift, /drift --config monitoring\/drift\.yaml --html drift-report\.html --format markdown/);
  assert.doesNotMatch(drift, /--fail-on-share/, 'drift.yaml sets the limit');
  assert.equal(workflow.jobs.gate, undefined, 'no policy: no gate');
  assert.equal(workflow.jobs.promote, undefined);
  assert.deepEqual(workflow.jobs.train!.steps.map((s) => s.run).filter(Boolean), ['python src/train.py']);
});

test('reference/current files without drift.yaml get the default limit; nothing to train leaves train out', () => {
  const folder = workspace({ 'reference.parquet': '', 'current.parquet': '', '.mlops/promotion.yaml': POLICY });
  const { workflow, scan } = plan(folder);
  assert.equal(scan.training, undefined);
  assert.equal(workflow.jobs.train, undefined);
  assert.equal(workflow.jobs.gate!.needs, 'validate');
  assert.match(workflow.jobs.drift!.steps.find((s) => s.name === 'Drift check')!.run!, /drift reference\.parquet current\.parquet --fail-on-share 0\.3 /);
});

test('writing: refuses a different existing file unless forced, leaves an identical one alone', () => {
  const folder = workspace({ 'train.py': '', '.mlops/promotion.yaml': POLICY });
  const first = planCiWorkflow(folder, '1.0.0');
  assert.equal(writeCiWorkflow(first, false), 'written');
  assert.equal(writeCiWorkflow(planCiWorkflow(folder, '1.0.0'), false), 'unchanged');
  const newer = planCiWorkflow(folder, '1.1.0');
  assert.throws(() => writeCiWorkflow(newer, false), CiWorkflowExistsError);
  assert.equal(readFileSync(first.path, 'utf8'), first.content);
  assert.equal(writeCiWorkflow(newer, true), 'written');
  assert.match(readFileSync(first.path, 'utf8'), /mlops-workbench-cli@1\.1\.0/);
});
