// One promotion as a person does it, shared by the palette command, the promotion panel and the notebook card: core
// plans it (gate, what it will change, who promotes), a failing gate asks for an override reason, one modal
// confirmation names what will change, then core's promote() (which re-checks the gate inside its transaction,
// records the audit tags and journals the change for undo).
import * as vscode from 'vscode';
import type { GateResult } from '../../core/registry/gate';
import { type PromotionContext, type PromotionResult, promote } from '../../core/registry/promotion';
import { aliasProblem, planPromotion, promotionActor } from '../../core/registry/promotionDecisions';
import { type ModelRegistry, RegistryError } from '../../core/registry/registry';

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

/** The promotion's result, or undefined when the person cancelled. `folder` is the workspace folder of the store. */
export async function runPromotion(ctx: PromotionContext, folder: string | undefined, request: PromotionRequest, prompts: PromotionPrompts): Promise<PromotionResult | undefined> {
  const plan = await planPromotion(ctx, request);
  const reason = plan.needsOverride ? (request.overrideReason ?? (await prompts.overrideReason(plan.gate)))?.trim() : undefined;
  if (plan.needsOverride && !reason) return undefined;
  if (!(await prompts.confirm(plan.confirmation(reason)))) return undefined;
  return promote(ctx, plan.request(promotionActor(process.env, folder), reason));
}

/** Points an alias at a version after one confirmation naming where it points now; the alias, or undefined if cancelled. */
export async function confirmAndSetAlias(registry: ModelRegistry, target: { model: string; version: string; alias: string }, prompts: PromotionPrompts): Promise<string | undefined> {
  const { model, version, alias } = target;
  const problem = aliasProblem(alias);
  if (problem) throw new RegistryError(problem, 'INVALID_PARAMETER_VALUE');
  const before = (await registry.getModel(model)).aliases[alias];
  const confirmed = await prompts.confirm({
    message: `Point @${alias} at ${model} version ${version}?`,
    detail: before ? `@${alias} now points at version ${before}.` : `${model} has no @${alias} yet.`,
    action: 'Set Alias',
  });
  if (!confirmed) return undefined;
  await registry.setAlias(model, alias, version);
  return alias;
}

/** An input box for a new alias name that accepts exactly what MLflow accepts. */
export function askAliasName(title: string, placeHolder = 'e.g. champion'): Thenable<string | undefined> {
  return vscode.window.showInputBox({ title, placeHolder, validateInput: (value) => aliasProblem(value) });
}
