// One promotion as a person does it, shared by the palette command and the promotion panel: evaluate the gate,
// ask for an override reason when it fails, one modal confirmation naming what will change, then core's promote()
// (which re-checks the gate, records the audit tags and journals the change for undo), then refresh every view.
import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import * as vscode from 'vscode';
import { currentInStage, evaluateGate, type GateResult } from '../../core/registry/gate';
import { formatGate } from '../../core/registry/gateReport';
import { effectivePolicy, type PromotionResult, promote } from '../../core/registry/promotion';
import { canonicalStage } from '../../core/registry/stages';
import type { RegistrySource } from './registrySources';

export interface ConfirmRequest {
  message: string;
  detail: string;
  /** The button that confirms, e.g. "Promote". */
  action: string;
}

/** The questions a promotion asks a person. Tests pass their own answers through the command arguments. */
export interface PromotionPrompts {
  confirm(request: ConfirmRequest): Thenable<boolean>;
  /** Asked only when the gate fails; undefined cancels. */
  overrideReason(gate: GateResult): Thenable<string | undefined>;
}

export const interactivePrompts: PromotionPrompts = {
  async confirm({ message, detail, action }) {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
  },
  overrideReason(gate) {
    const failed = gate.checks.filter((c) => !c.passed).map((c) => c.detail);
    return vscode.window.showInputBox({
      title: `Gate failed for ${gate.model} version ${gate.version} → ${gate.stage}`,
      prompt: `Failed: ${failed.join('; ')}. Give a reason to promote anyway (recorded as mlops.override_reason), or press Escape to cancel.`,
      placeHolder: 'Why this version should be promoted despite the gate',
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? undefined : 'A reason is required to override a failing gate.'),
    });
  },
};

export interface PromotionRequest {
  model: string;
  version: string;
  stage: string;
  alias?: string;
  /** Given up front (tests, scripted calls): the reason is not asked for. */
  overrideReason?: string;
}

/** The promotion's result, or undefined when the person cancelled. */
export async function runPromotion(source: RegistrySource, request: PromotionRequest, prompts: PromotionPrompts): Promise<PromotionResult | undefined> {
  const ctx = source.promotionContext();
  const stage = canonicalStage(request.stage);
  const policy = effectivePolicy(ctx.policy, request.model, stage);
  const gate = await evaluateGate({ registry: ctx.registry, metrics: ctx.metrics, model: request.model, version: request.version, stage, policy });
  const reason = gate.passed ? undefined : (request.overrideReason ?? (await prompts.overrideReason(gate)));
  if (!gate.passed && !reason?.trim()) return undefined;

  const current = policy?.archiveExisting ? await currentInStage(ctx.registry, request.model, stage, request.version) : undefined;
  const consequences = [
    ...(current ? [`Version ${current.version} (now in ${stage}) and any other ${stage} version will be archived.`] : []),
    ...(request.alias ? [`Alias @${request.alias} will point at version ${request.version}.`] : []),
    ...(reason ? [`The failing gate is overridden: "${reason}".`] : []),
    'Undo with "MLOps: Undo Last Promotion".',
  ];
  const archiving = stage === 'Archived';
  const confirmed = await prompts.confirm({
    message: archiving ? `Archive ${request.model} version ${request.version}?` : `Promote ${request.model} version ${request.version} to ${stage}?`,
    detail: `${formatGate(gate, 'text', ctx.policy?.file)}\n\n${consequences.join('\n')}`,
    action: archiving ? 'Archive' : 'Promote',
  });
  if (!confirmed) return undefined;
  return promote(ctx, { model: request.model, version: request.version, stage, actor: promotionActor(source.folder), ...(request.alias ? { alias: request.alias } : {}), ...(reason ? { overrideReason: reason } : {}) });
}

/** Points an alias at a version after one confirmation naming where it points now; the alias, or undefined if cancelled. */
export async function confirmAndSetAlias(source: RegistrySource, target: { model: string; version: string; alias: string }, prompts: PromotionPrompts): Promise<string | undefined> {
  const { model, version, alias } = target;
  // MLflow's alias rule (mlflow/utils/validation.py): letters, digits, '_' and '-'.
  if (!/^[\w-]+$/.test(alias)) throw new Error(`'${alias}' is not an alias: use letters, digits, '_' or '-' (MLflow's alias rule).`);
  const before = (await source.registry.getModel(model)).aliases[alias];
  const confirmed = await prompts.confirm({
    message: `Point @${alias} at ${model} version ${version}?`,
    detail: before ? `@${alias} now points at version ${before}.` : `${model} has no @${alias} yet.`,
    action: 'Set Alias',
  });
  if (!confirmed) return undefined;
  await source.registry.setAlias(model, alias, version);
  return alias;
}

/** Who promotes: the OS account, else the folder's git user.name (recorded as mlops.promoted_by). */
export function promotionActor(folder: string): string {
  try {
    return userInfo().username;
  } catch {
    try {
      return execFileSync('git', ['config', 'user.name'], { cwd: folder, encoding: 'utf8' }).trim() || 'unknown';
    } catch {
      return 'unknown';
    }
  }
}
