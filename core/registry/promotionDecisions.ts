// What a promotion decides before anyone is asked anything, in one place for the promotion panel, the notebook card,
// the palette commands and the CLI: which stage comes next, what the gate says for each target, what a promotion
// will change (versions archived, alias moved, an override recorded), who is promoting, and whether an alias typed by
// a person is one MLflow accepts. The adapters only present these and ask the questions.
import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { evaluateGate, type GateResult } from './gate';
import { formatGate } from './gateReport';
import type { PromotionContext, PromotionResult, PromoteRequest } from './promotion';
import { effectivePolicy } from './promotion';
import { type ModelVersion, RegistryError } from './registry';
import type { StagePolicy } from './policy';
import { canonicalStage, type Stage } from './stages';
import { validateAlias, validateAliasNotReserved } from './validation';

export type PromotionTargetStage = 'Staging' | 'Production';
export const TARGET_STAGES: readonly PromotionTargetStage[] = ['Staging', 'Production'];

/** MLflow's ladder None → Staging → Production; Production and Archived have no next stage. */
export function nextStage(stage: Stage): PromotionTargetStage | null {
  if (stage === 'None') return 'Staging';
  if (stage === 'Staging') return 'Production';
  return null;
}

/** The target offered first: the next stage, else Production for a version already there, Staging for an archived one. */
export function proposedStage(stage: Stage): PromotionTargetStage {
  return nextStage(stage) ?? (stage === 'Archived' ? 'Staging' : 'Production');
}

/**
 * Who promotes, recorded as mlops.promoted_by and in the journal: the CI actor when there is one (GITHUB_ACTOR),
 * else the login name (USER, USERNAME, the OS account), else the folder's git user.name.
 */
export function promotionActor(env: NodeJS.ProcessEnv, folder?: string): string {
  const named = env.GITHUB_ACTOR || env.USER || env.USERNAME;
  if (named) return named;
  try {
    return userInfo().username;
  } catch {
    // No passwd entry for this uid (some containers): fall back to git.
  }
  if (!folder) return 'unknown';
  try {
    return execFileSync('git', ['config', 'user.name'], { cwd: folder, encoding: 'utf8' }).trim() || 'unknown';
  } catch {
    return 'unknown';
  }
}

/** One line saying what a promotion did, the same in the CLI, the views and the notebook card. */
export function promotionSummary(result: PromotionResult): string {
  const archived = result.archived.length > 0 ? `; archived version ${result.archived.join(', ')}` : '';
  return `${result.version.name} version ${result.version.version} is now in ${result.version.stage}${archived}${result.entry.overrideReason ? ' (gate overridden)' : ''}.`;
}

/** Why MLflow would refuse `alias` as a new alias, or undefined when it accepts it (for input boxes). */
export function aliasProblem(alias: string): string | undefined {
  try {
    validateAlias(alias);
    validateAliasNotReserved(alias);
    return undefined;
  } catch (error) {
    if (error instanceof RegistryError) return error.message;
    throw error;
  }
}

/** Alias names to offer: the conventional pair, then the model's own. */
export function aliasSuggestions(existing: Record<string, string>): string[] {
  return [...new Set(['champion', 'challenger', ...Object.keys(existing).sort()])];
}

/** The candidate measured against one target stage. */
export interface TargetOption {
  stage: PromotionTargetStage;
  policy: StagePolicy | undefined;
  gate: GateResult;
  /** The newest version now in that stage, which must_beat_current compares with. */
  current: ModelVersion | undefined;
  archivesExisting: boolean;
}

export async function targetOptions(ctx: PromotionContext, model: string, version: string): Promise<TargetOption[]> {
  const options: TargetOption[] = [];
  for (const stage of TARGET_STAGES) {
    const policy = effectivePolicy(ctx.policy, model, stage);
    const gate = await evaluateGate({ registry: ctx.registry, metrics: ctx.metrics, model, version, stage, policy });
    const current = gate.currentVersion ? await ctx.registry.getVersion(model, gate.currentVersion) : undefined;
    options.push({ stage, policy, gate, current, archivesExisting: policy?.archiveExisting ?? false });
  }
  return options;
}

export interface PlanRequest {
  model: string;
  version: string;
  stage: string;
  alias?: string;
}

/** A promotion as it would happen now: what to show the person, and the request to run once they agree. */
export interface PromotionPlan {
  stage: Stage;
  gate: GateResult;
  /** A failing gate needs a reason to proceed, recorded on the version. */
  needsOverride: boolean;
  /** Versions now in the target stage that the promotion will archive. */
  archives: string[];
  /** The one confirmation to ask, given the override reason when there is one. */
  confirmation(overrideReason?: string): { message: string; detail: string; action: string };
  request(actor: string, overrideReason?: string): PromoteRequest;
}

export async function planPromotion(ctx: PromotionContext, target: PlanRequest): Promise<PromotionPlan> {
  const stage = canonicalStage(target.stage);
  if (target.alias !== undefined) {
    const problem = aliasProblem(target.alias);
    if (problem) throw new RegistryError(problem, 'INVALID_PARAMETER_VALUE');
  }
  const policy = effectivePolicy(ctx.policy, target.model, stage);
  const gate = await evaluateGate({ registry: ctx.registry, metrics: ctx.metrics, model: target.model, version: target.version, stage, policy });
  const archives = policy?.archiveExisting ? await versionsIn(ctx, target.model, stage, target.version) : [];
  const subject = `${target.model} version ${target.version}`;
  return {
    stage,
    gate,
    needsOverride: !gate.passed,
    archives,
    confirmation(overrideReason) {
      const consequences = [
        ...(archives.length === 1 ? [`Version ${archives[0]} (now in ${stage}) will be archived.`] : []),
        ...(archives.length > 1 ? [`Versions ${archives.join(', ')} (now in ${stage}) will be archived.`] : []),
        ...(target.alias ? [`Alias @${target.alias} will point at version ${target.version}.`] : []),
        ...(overrideReason ? [`The failing gate is overridden: "${overrideReason}".`] : []),
        'Undo with "MLOps: Undo Last Promotion".',
      ];
      const archiving = stage === 'Archived';
      return {
        message: archiving ? `Archive ${subject}?` : `Promote ${subject} to ${stage}?`,
        detail: `${formatGate(gate, 'text', ctx.policy?.file)}\n\n${consequences.join('\n')}`,
        action: archiving ? 'Archive' : 'Promote',
      };
    },
    request(actor, overrideReason) {
      return {
        model: target.model,
        version: target.version,
        stage,
        actor,
        ...(target.alias ? { alias: target.alias } : {}),
        ...(overrideReason ? { overrideReason } : {}),
      };
    },
  };
}

/** Every version in `stage` but the candidate, oldest first: archive_existing moves all of them, not only the newest. */
async function versionsIn(ctx: PromotionContext, model: string, stage: Stage, except: string): Promise<string[]> {
  const versions = await ctx.registry.listVersions(model);
  return versions
    .filter((v) => v.stage === stage && v.version !== except)
    .map((v) => v.version)
    .sort((a, b) => Number(a) - Number(b));
}
