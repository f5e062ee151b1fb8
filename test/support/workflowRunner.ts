// Runs a GitHub Actions workflow's `run:` steps locally, the way a runner does for one event: jobs in the order
// given, each job's and step's `if:` evaluated, `${{ }}` expressions substituted from the event's contexts, env
// merged workflow → job → step, steps in `bash --noprofile --norc -eo pipefail` (GitHub's bash default) with
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, job outputs from step outputs, `needs` results. `uses:` steps are
// recorded, not run: the actions themselves (checkout, setup-node, upload-artifact) live on GitHub.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateExpression, type ExpressionContext, interpolate } from './workflowExpressions';

export interface WorkflowStep {
  name?: string;
  id?: string;
  if?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}

export interface WorkflowJob {
  needs?: string | string[];
  if?: string;
  outputs?: Record<string, string>;
  env?: Record<string, string>;
  steps: WorkflowStep[];
}

export interface Workflow {
  env?: Record<string, string>;
  jobs: Record<string, WorkflowJob>;
}

export interface StepRun {
  job: string;
  step: string;
  kind: 'run' | 'uses' | 'skipped';
  exitCode?: number;
  stdout?: string;
  stderr?: string;
}

export interface JobRun {
  result: 'success' | 'failure' | 'skipped';
  /** The job's conditions held but it was left out (RunOptions.leaveOut): dependents see it as succeeded. */
  leftOut?: string;
  outputs: Record<string, string>;
  summary: string;
}

export interface EventRun {
  jobs: Record<string, JobRun>;
  steps: StepRun[];
}

export interface RunOptions {
  cwd: string;
  /** The `github`, `inputs` and `secrets` contexts of the event. */
  context: Pick<ExpressionContext, 'github' | 'inputs' | 'secrets'>;
  /** PATH and the rest of the runner's own environment. */
  baseEnv: NodeJS.ProcessEnv;
  /** Jobs not to run, with the reason (training that needs Python packages, a dispatch that needs GitHub): when
   * their conditions hold they count as succeeded without outputs, and JobRun.leftOut says so. */
  leaveOut?: Record<string, string>;
}

export function runWorkflowEvent(workflow: Workflow, options: RunOptions): EventRun {
  const scratch = mkdtempSync(join(tmpdir(), 'mlops-gha-'));
  const jobs: Record<string, JobRun> = {};
  const steps: StepRun[] = [];
  for (const [name, job] of Object.entries(workflow.jobs)) {
    const needs = [job.needs ?? []].flat();
    const needsContext = Object.fromEntries(needs.map((n) => [n, { result: jobs[n]?.result ?? 'skipped', outputs: jobs[n]?.outputs ?? {} }]));
    const base: ExpressionContext = { ...options.context, needs: needsContext, steps: {}, env: {}, jobFailed: false };
    // A job runs when every job it needs succeeded and its `if` holds (GitHub's implicit success() otherwise).
    const needsMet = needs.every((n) => jobs[n]?.result === 'success');
    const wanted = job.if === undefined ? needsMet : needsMet && truthy(evaluateExpression(job.if, base));
    if (!wanted) {
      jobs[name] = { result: 'skipped', outputs: {}, summary: '' };
      continue;
    }
    const reason = options.leaveOut?.[name];
    if (reason) {
      jobs[name] = { result: 'success', leftOut: reason, outputs: {}, summary: '' };
      continue;
    }
    const summaryFile = join(scratch, `${name}-summary.md`);
    writeFileSync(summaryFile, '');
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(workflow.env ?? {})) env[key] = interpolate(value, { ...base, env });
    for (const [key, value] of Object.entries(job.env ?? {})) env[key] = interpolate(value, { ...base, env });
    const stepOutputs: Record<string, { outputs: Record<string, string> }> = {};
    let failed = false;
    job.steps.forEach((step, index) => {
      const label = step.name ?? step.uses ?? `step ${index + 1}`;
      const context: ExpressionContext = { ...base, env, steps: stepOutputs, jobFailed: failed };
      const runs = step.if === undefined ? !failed : truthy(evaluateExpression(step.if, context));
      if (!runs) {
        steps.push({ job: name, step: label, kind: 'skipped' });
        return;
      }
      if (step.run === undefined) {
        steps.push({ job: name, step: label, kind: 'uses' });
        return;
      }
      const outputFile = join(scratch, `${name}-${index}-output`);
      writeFileSync(outputFile, '');
      const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(v, context)]));
      const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', interpolate(step.run, context)], {
        cwd: options.cwd,
        env: { ...options.baseEnv, ...env, ...stepEnv, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, CI: 'true', GITHUB_ACTIONS: 'true' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      const exitCode = result.status ?? 1;
      steps.push({ job: name, step: label, kind: 'run', exitCode, stdout: result.stdout, stderr: result.stderr });
      if (step.id) stepOutputs[step.id] = { outputs: parseOutputs(readFileSync(outputFile, 'utf8')) };
      if (exitCode !== 0) failed = true;
    });
    const outputs = Object.fromEntries(
      Object.entries(job.outputs ?? {}).map(([k, v]) => [k, interpolate(v, { ...base, env, steps: stepOutputs, jobFailed: failed })]),
    );
    jobs[name] = { result: failed ? 'failure' : 'success', outputs, summary: readFileSync(summaryFile, 'utf8') };
  }
  return { jobs, steps };
}

/** GITHUB_OUTPUT's `name=value` lines (the heredoc form is not used by the workflows under test). */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) outputs[line.slice(0, at)] = line.slice(at + 1);
  }
  return outputs;
}

function truthy(value: unknown): boolean {
  return value !== '' && value !== false && value !== null && value !== undefined && value !== 0;
}
