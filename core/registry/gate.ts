// Evaluates a promotion gate: thresholds on the candidate run's latest metrics, and "must beat" comparisons with
// the version now in the target stage (MLflow's latest version in that stage, i.e. the highest version number).
import type { BeatRule, Comparison, MetricRequirement, StagePolicy } from './policy';
import { type ModelRegistry, type ModelVersion, RegistryError } from './registry';
import { canonicalStage, type Stage } from './stages';

/** The latest value of each metric of a run; a location's tracking store provides it (core/workspace/open.ts). */
export interface RunMetricsSource {
  latestMetrics(runId: string): Promise<Record<string, number>>;
}

export interface GateCheck {
  kind: 'require' | 'must_beat_current';
  metric: string;
  passed: boolean;
  /** One line a reviewer can read: "accuracy 0.961 >= 0.95". */
  detail: string;
  candidate?: number;
  threshold?: number;
  current?: number;
}

export interface GateResult {
  model: string;
  version: string;
  stage: Stage;
  passed: boolean;
  checks: GateCheck[];
  /** The version now in the target stage that must_beat_current compared against. */
  currentVersion?: string;
  candidateMetrics: Record<string, number>;
  currentMetrics: Record<string, number>;
}

export interface GateInput {
  registry: ModelRegistry;
  metrics: RunMetricsSource;
  model: string;
  version: string;
  stage: string;
  policy: StagePolicy | undefined;
}

export async function evaluateGate(input: GateInput): Promise<GateResult> {
  const stage = canonicalStage(input.stage);
  const candidate = await input.registry.getVersion(input.model, input.version);
  const current = await currentInStage(input.registry, input.model, stage, candidate.version);
  const candidateMetrics = candidate.runId ? await input.metrics.latestMetrics(candidate.runId) : {};
  const currentMetrics = current?.runId ? await input.metrics.latestMetrics(current.runId) : {};
  const checks: GateCheck[] = [];
  for (const requirement of input.policy?.require ?? []) checks.push(checkRequirement(requirement, candidate, candidateMetrics));
  for (const rule of input.policy?.mustBeatCurrent ?? []) checks.push(checkBeat(rule, candidate, candidateMetrics, current, currentMetrics));
  return {
    model: candidate.name,
    version: candidate.version,
    stage,
    passed: checks.every((c) => c.passed),
    checks,
    ...(current ? { currentVersion: current.version } : {}),
    candidateMetrics,
    currentMetrics,
  };
}

/** The newest version in `stage` other than the candidate. */
export async function currentInStage(registry: ModelRegistry, model: string, stage: Stage, exceptVersion?: string): Promise<ModelVersion | undefined> {
  const versions = await registry.listVersions(model);
  return versions.filter((v) => v.stage === stage && v.version !== exceptVersion).sort((a, b) => Number(b.version) - Number(a.version))[0];
}

function checkRequirement(requirement: MetricRequirement, candidate: ModelVersion, metrics: Record<string, number>): GateCheck {
  const base = { kind: 'require' as const, metric: requirement.metric, threshold: requirement.threshold };
  const value = metrics[requirement.metric];
  if (!candidate.runId) return { ...base, passed: false, detail: `${requirement.metric}: version ${candidate.version} has no run, so it has no metrics` };
  if (value === undefined) return { ...base, passed: false, detail: `${requirement.metric}: not logged by run ${candidate.runId}` };
  const passed = compare(value, requirement.op, requirement.threshold);
  return { ...base, candidate: value, passed, detail: `${requirement.metric} ${value} ${passed ? '' : 'not '}${requirement.op} ${requirement.threshold}` };
}

function checkBeat(
  rule: BeatRule,
  candidate: ModelVersion,
  metrics: Record<string, number>,
  current: ModelVersion | undefined,
  currentMetrics: Record<string, number>,
): GateCheck {
  const base = { kind: 'must_beat_current' as const, metric: rule.metric };
  const value = metrics[rule.metric];
  if (!current) return { ...base, passed: true, ...(value === undefined ? {} : { candidate: value }), detail: `${rule.metric}: no other version is in the stage yet` };
  if (value === undefined) return { ...base, passed: false, detail: `${rule.metric}: not logged by run ${candidate.runId || '(none)'} of version ${candidate.version}` };
  const against = currentMetrics[rule.metric];
  if (against === undefined) return { ...base, passed: true, candidate: value, detail: `${rule.metric}: current version ${current.version} never logged it` };
  const passed = rule.direction === 'higher' ? value > against : value < against;
  const word = rule.direction === 'higher' ? 'higher' : 'lower';
  return {
    ...base,
    passed,
    candidate: value,
    current: against,
    detail: `${rule.metric} ${value} ${passed ? 'beats' : 'does not beat'} ${against} of version ${current.version} (${word} is better)`,
  };
}

function compare(value: number, op: Comparison, threshold: number): boolean {
  switch (op) {
    case '>=':
      return value >= threshold;
    case '>':
      return value > threshold;
    case '<=':
      return value <= threshold;
    case '<':
      return value < threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}

/** `latest` stands for the model's highest version number — in CI, the version the training job just registered. */
export async function resolveVersionName(registry: ModelRegistry, model: string, version: string): Promise<string> {
  if (version !== 'latest') return version;
  const versions = await registry.listVersions(model);
  const newest = versions.sort((a, b) => Number(b.version) - Number(a.version))[0];
  if (!newest) throw new RegistryError(`Registered Model with name=${model} has no versions, so 'latest' names none.`, 'RESOURCE_DOES_NOT_EXIST');
  return newest.version;
}
