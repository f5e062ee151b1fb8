// Renders .github/workflows/mlops.yml from a WorkspaceScan: validate and data status, train, the promotion gate,
// promotion on main only, and a scheduled drift job whose `should_retrain` output dispatches this workflow again
// (GitHub lets a GITHUB_TOKEN start workflow_dispatch runs, unlike other events — "Triggering a workflow from a
// workflow"). The CLI runs through `npx` at the version that wrote the file, so CI needs no build and no native
// module (Node 24 has node:sqlite). Secrets are referenced by name only.
import { stringify } from 'yaml';
import { DEFAULT_SHARE_LIMIT } from '../drift/driftTests';
import { describeTrainingEntry, type TrainingEntry, type WorkspaceScan } from './workspaceScan';

export const WORKFLOW_PATH = '.github/workflows/mlops.yml';
export const CLI_PACKAGE = 'mlops-workbench-cli';
export const DRIFT_REPORT = 'drift-report.html';
const NODE_VERSION = '24';
const PYTHON_VERSION = '3.12';

export interface WorkflowOptions {
  /** The CLI version `npx` installs (the generating CLI's own). */
  cliVersion: string;
  /** The branch promotions happen on. */
  mainBranch?: string;
}

type Step = Record<string, unknown>;
type Job = Record<string, unknown>;

export function renderGithubWorkflow(scan: WorkspaceScan, options: WorkflowOptions): string {
  const main = options.mainBranch ?? 'main';
  const mlops = `npx --yes ${CLI_PACKAGE}@${options.cliVersion}`;
  const setup: Step[] = [{ uses: 'actions/checkout@v4' }, { uses: 'actions/setup-node@v4', with: { 'node-version': NODE_VERSION } }];
  const jobs: Record<string, Job> = {};
  // A scheduled run only checks drift; every other event is a training run.
  const trainingRun = "github.event_name != 'schedule'";

  const validateSteps: Step[] = [...setup];
  if (scan.validateFiles.length > 0) {
    validateSteps.push({ name: 'Validate pipeline and feature YAML', run: `${mlops} validate ${scan.validateFiles.map(shellWord).join(' ')} --format github` });
  }
  if (scan.tracksData) validateSteps.push({ name: 'Data status', run: `${mlops} data status` });
  jobs.validate = { 'runs-on': 'ubuntu-latest', if: trainingRun, steps: validateSteps };

  let before = 'validate';
  if (scan.training) {
    jobs.train = { needs: before, 'runs-on': 'ubuntu-latest', steps: trainingSteps(scan.training, scan.requirements) };
    before = 'train';
  }

  if (scan.promotion) {
    const gate = `${mlops} gate "$MODEL_NAME" "$MODEL_VERSION" --stage "$MODEL_STAGE"`;
    jobs.gate = {
      needs: before,
      'runs-on': 'ubuntu-latest',
      steps: [
        ...setup,
        { name: 'Promotion gate', run: `${gate} --format github` },
        { name: 'Gate report', if: 'always()', run: `${gate} --format markdown >> "$GITHUB_STEP_SUMMARY" || true` },
      ],
    };
    jobs.promote = {
      needs: 'gate',
      if: `github.ref == 'refs/heads/${main}' && github.event_name != 'pull_request'`,
      'runs-on': 'ubuntu-latest',
      steps: [...setup, { name: 'Promote', run: `${mlops} promote "$MODEL_NAME" "$MODEL_VERSION" --stage "$MODEL_STAGE"` }],
    };
  }

  if (scan.drift) {
    jobs.drift = {
      if: "github.event_name == 'schedule'",
      'runs-on': 'ubuntu-latest',
      outputs: { should_retrain: expression('steps.drift.outputs.should_retrain') },
      steps: [
        ...setup,
        { name: 'Drift check', id: 'drift', run: driftScript(mlops, scan) },
        { name: 'Upload drift report', if: 'always()', uses: 'actions/upload-artifact@v4', with: { name: 'drift-report', path: DRIFT_REPORT, 'if-no-files-found': 'ignore' } },
      ],
    };
    jobs.retrain = {
      needs: 'drift',
      if: "needs.drift.outputs.should_retrain == 'true'",
      'runs-on': 'ubuntu-latest',
      permissions: { actions: 'write' },
      steps: [
        {
          name: 'Trigger training',
          env: { GH_TOKEN: expression('github.token') },
          run: 'gh workflow run mlops.yml --repo "$GITHUB_REPOSITORY" --ref "$GITHUB_REF_NAME" -f reason=drift',
        },
      ],
    };
  }

  const env: Record<string, string> = {
    MLFLOW_TRACKING_URI: expression('secrets.MLFLOW_TRACKING_URI'),
    MLFLOW_TRACKING_TOKEN: expression('secrets.MLFLOW_TRACKING_TOKEN'),
  };
  if (scan.promotion) {
    env.MODEL_NAME = scan.promotion.model;
    env.MODEL_STAGE = scan.promotion.stage;
    env.MODEL_VERSION = expression("inputs.model_version || github.event.client_payload.model_version || 'latest'");
  }
  const workflow = {
    name: 'MLOps',
    on: {
      push: { branches: [main] },
      pull_request: null,
      ...(scan.drift ? { schedule: [{ cron: '0 6 * * *' }] } : {}),
      workflow_dispatch: {
        inputs: {
          reason: { description: 'Why this run trains (manual, drift)', required: false, default: 'manual', type: 'string' },
          model_version: { description: 'Model version to gate and promote (default: the newest)', required: false, default: '', type: 'string' },
        },
      },
      repository_dispatch: { types: ['mlops-retrain'] },
    },
    permissions: { contents: 'read' },
    env,
    jobs,
  };
  return `${header(scan)}${stringify(workflow, { lineWidth: 0, nullStr: '', aliasDuplicateObjects: false })}`;
}

function header(scan: WorkspaceScan): string {
  const lines = [
    'MLOps workflow written by `mlops ci init` (MLOps Workbench) for this workspace.',
    `Training entry: ${describeTrainingEntry(scan.training)}.`,
    scan.promotion
      ? `Gate: ${scan.promotion.model} → ${scan.promotion.stage} under .mlops/promotion.yaml; promotion on the main branch only.`
      : 'No .mlops/promotion.yaml with a named model: no gate or promotion jobs.',
    scan.drift
      ? `Drift: daily, ${scan.drift.config ?? `${scan.drift.reference} vs ${scan.drift.current}`}; over the limit it dispatches this workflow (reason=drift).`
      : 'No drift.yaml (or reference/current data): no drift job.',
    'Repository secrets it reads by name: MLFLOW_TRACKING_URI, MLFLOW_TRACKING_TOKEN.',
  ];
  return `${lines.map((l) => `# ${l}`).join('\n')}\n`;
}

function trainingSteps(entry: TrainingEntry, requirements: string | undefined): Step[] {
  const steps: Step[] = [{ uses: 'actions/checkout@v4' }, { uses: 'actions/setup-python@v5', with: { 'python-version': PYTHON_VERSION } }];
  const tools = { 'dvc-stage': ' dvc', mlproject: ' mlflow', script: '' }[entry.kind];
  const install = [requirements ? `pip install -r ${shellWord(requirements)}` : '', tools ? `pip install${tools}` : ''].filter(Boolean);
  if (install.length > 0) steps.push({ name: 'Install dependencies', run: install.join('\n') });
  switch (entry.kind) {
    case 'dvc-stage':
      steps.push({ name: 'Pull DVC data', run: 'dvc pull || echo "dvc pull failed: configure a DVC remote and its credentials"' });
      steps.push({ name: `Train (dvc.yaml stage ${entry.stage})`, run: `dvc repro ${shellWord(entry.stage)}` });
      break;
    case 'mlproject':
      steps.push({ name: `Train (${entry.file} entry point ${entry.entryPoint})`, run: `mlflow run . -e ${shellWord(entry.entryPoint)} --env-manager local` });
      break;
    case 'script':
      steps.push({ name: `Train (${entry.file})`, run: `python ${shellWord(entry.file)}` });
      break;
  }
  return steps;
}

/** Exit 1 from `mlops drift` means a limit was crossed: that is the retrain signal, not a failed job. */
function driftScript(mlops: string, scan: WorkspaceScan): string {
  const drift = scan.drift!;
  const inputs = drift.config ? `--config ${shellWord(drift.config)}` : `${shellWord(drift.reference)} ${shellWord(drift.current)}`;
  const limit = drift.limitInConfig ? '' : ` --fail-on-share ${DEFAULT_SHARE_LIMIT}`;
  return [
    'set +e',
    `${mlops} drift ${inputs}${limit} --html ${DRIFT_REPORT} --format markdown >> "$GITHUB_STEP_SUMMARY"`,
    'status=$?',
    'set -e',
    'if [ "$status" -eq 1 ]; then echo "should_retrain=true" >> "$GITHUB_OUTPUT"',
    'elif [ "$status" -eq 0 ]; then echo "should_retrain=false" >> "$GITHUB_OUTPUT"',
    'else exit "$status"; fi',
    '',
  ].join('\n');
}

/** A GitHub Actions expression, `${{ … }}`. */
function expression(text: string): string {
  return `\${{ ${text} }}`;
}

/** A path or name as one shell word: bare when it is plainly safe, else single-quoted. */
function shellWord(text: string): string {
  return /^[\w./@%+=:,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
