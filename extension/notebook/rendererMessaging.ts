// The host side of the notebook renderer: a card's Promote / Set alias and a runs table's row click arrive here.
// Promotion is the registry's gated, audited promote() behind a modal confirmation; a failing gate needs an
// override reason, which promote() records on the version. The card then gets the version's new state.
import { userInfo } from 'node:os';
import * as vscode from 'vscode';
import { evaluateGate } from '../../core/registry/gate';
import { effectivePolicy, type PromotionContext, promote } from '../../core/registry/promotion';
import { buildVersionCard } from '../../core/registry/versionCard';
import { revealRun } from '../models/revealRun';
import type { MlopsLog } from '../output';
import type { HostToRenderer, RendererToHost } from '../../webviews/notebook/contract';
import { notebookPromotionContext } from './registryTarget';

export type Reply = (message: HostToRenderer) => void;
type PromoteMessage = Extract<RendererToHost, { type: 'promote' }>;
type AliasMessage = Extract<RendererToHost, { type: 'setAlias' }>;

/** Answers one renderer message; `reply` posts back to the renderer of the notebook editor that sent it. */
export async function handleRendererMessage(notebook: vscode.NotebookDocument, request: RendererToHost, reply: Reply, log: MlopsLog): Promise<void> {
  if (request.type === 'revealRun') await revealRun(request.runId);
  else await withRegistry(notebook, request, reply, log);
}

async function withRegistry(notebook: vscode.NotebookDocument, request: PromoteMessage | AliasMessage, reply: Reply, log: MlopsLog): Promise<void> {
  let ctx: PromotionContext | undefined;
  try {
    ctx = notebookPromotionContext(notebook.uri);
    const message = request.type === 'promote' ? await confirmAndPromote(ctx, request) : await setAlias(ctx, request);
    if (message === undefined) {
      reply({ type: 'actionEnded', requestId: request.requestId, message: 'Cancelled; nothing was changed.', failed: false });
      return;
    }
    const card = await buildVersionCard(ctx.registry, ctx.metrics, ctx.policy, request.model, request.version);
    log.info(message);
    reply({ type: 'cardUpdated', requestId: request.requestId, card, message });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    log.error(`notebook: ${text}`);
    reply({ type: 'actionEnded', requestId: request.requestId, message: text, failed: true });
  } finally {
    ctx?.registry.close();
  }
}

/** Returns what happened, or undefined when the user cancelled. */
async function confirmAndPromote(ctx: PromotionContext, request: PromoteMessage): Promise<string | undefined> {
  const stagePolicy = effectivePolicy(ctx.policy, request.model, request.stage);
  const gate = await evaluateGate({ registry: ctx.registry, metrics: ctx.metrics, model: request.model, version: request.version, stage: request.stage, policy: stagePolicy });
  const subject = `${request.model} version ${request.version} to ${request.stage}`;
  const checks = gate.checks.map((c) => `${c.passed ? '✓' : '✗'} ${c.detail}`).join('\n') || 'No checks: no promotion policy for this model and stage.';
  const archive = stagePolicy?.archiveExisting && gate.currentVersion ? `\nVersion ${gate.currentVersion} in ${request.stage} will be archived.` : '';
  let overrideReason: string | undefined;
  if (gate.passed) {
    const choice = await vscode.window.showInformationMessage(`Promote ${subject}?`, { modal: true, detail: `Gate passed.\n${checks}${archive}` }, 'Promote');
    if (choice !== 'Promote') return undefined;
  } else {
    const choice = await vscode.window.showWarningMessage(`The gate for ${subject} fails.`, { modal: true, detail: `${checks}\nPromoting anyway needs a reason, recorded on the version.${archive}` }, 'Promote Anyway…');
    if (choice !== 'Promote Anyway…') return undefined;
    overrideReason = await vscode.window.showInputBox({
      title: `Why promote ${subject} past a failing gate?`,
      prompt: 'Recorded as the mlops.override_reason tag and in .mlops/promotions.jsonl',
      validateInput: (value) => (value.trim() ? undefined : 'A reason is required to override the gate.'),
      ignoreFocusOut: true,
    });
    if (!overrideReason) return undefined;
  }
  const result = await promote(ctx, { model: request.model, version: request.version, stage: request.stage, actor: process.env.USER || userInfo().username, ...(overrideReason ? { overrideReason } : {}) });
  const archived = result.archived.length ? `; archived version ${result.archived.join(', ')}` : '';
  return `${request.model} version ${result.version.version} is now in ${result.version.stage}${archived}${overrideReason ? ' (gate overridden)' : ''}.`;
}

async function setAlias(ctx: PromotionContext, request: AliasMessage): Promise<string | undefined> {
  const alias = await vscode.window.showInputBox({
    title: `Alias for ${request.model} version ${request.version}`,
    prompt: 'e.g. champion; an alias already in use moves to this version',
    // MLflow's alias rule: letters, digits, '_' and '-', not 'latest' nor shaped like a version ('v1').
    validateInput: (value) => (/^[A-Za-z0-9_-]+$/.test(value) && !/^(latest|v\d+)$/i.test(value) ? undefined : "Letters, digits, '_' and '-'; not 'latest' or 'v<number>'."),
  });
  if (!alias) return undefined;
  await ctx.registry.setAlias(request.model, alias, request.version);
  return `Alias ${alias} now points at ${request.model} version ${request.version}.`;
}
