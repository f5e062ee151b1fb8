// The host side of the notebook renderer: a card's Promote / Set alias, a runs table's row click and the inline
// trace explorer's requests (traceOutputs.ts) arrive here.
// Promotion and aliases go through the same flow as the Models view and the promotion panel (core decides, a
// failing gate asks for an override reason, one modal confirms). The card then gets the version's new state.
import * as vscode from 'vscode';
import type { PromotionContext } from '../../core/registry/promotion';
import { promotionSummary } from '../../core/registry/promotionDecisions';
import { buildVersionCard } from '../../core/registry/versionCard';
import { askAliasName, confirmAndSetAlias, interactivePrompts, runPromotion } from '../models/promotionFlow';
import { revealRun } from '../models/revealRun';
import type { MlopsLog } from '../output';
import type { HostToRenderer, RendererToHost } from '../../webviews/notebook/contract';
import type { WorkspaceLocations } from '../workspace/workspaceLocations';
import { type NotebookPromotionContext, notebookPromotionContext } from './registryTarget';
import { closeTraceOutput, openTraceInPanel, openTraceOutput, traceOutputMessage } from './traceOutputs';

export type Reply = (message: HostToRenderer) => void;
type PromoteMessage = Extract<RendererToHost, { type: 'promote' }>;
type AliasMessage = Extract<RendererToHost, { type: 'setAlias' }>;

/** Answers one renderer message; `reply` posts back to the renderer of the notebook editor that sent it. */
export async function handleRendererMessage(notebook: vscode.NotebookDocument, request: RendererToHost, reply: Reply, log: MlopsLog, workspace: WorkspaceLocations): Promise<void> {
  switch (request.type) {
    case 'revealRun':
      return revealRun(request.runId);
    case 'traceOutput':
      return openTraceOutput(notebook, request.outputId, request.text, reply, log, workspace);
    case 'explorer':
      return traceOutputMessage(notebook, request.outputId, request.message);
    case 'traceOutputDisposed':
      return closeTraceOutput(notebook, request.outputId);
    case 'openTrace':
      return openTraceInPanel(notebook, request.traceId, workspace);
    default:
      return withRegistry(notebook, request, reply, log, workspace);
  }
}

async function withRegistry(notebook: vscode.NotebookDocument, request: PromoteMessage | AliasMessage, reply: Reply, log: MlopsLog, workspace: WorkspaceLocations): Promise<void> {
  let ctx: NotebookPromotionContext | undefined;
  try {
    ctx = await notebookPromotionContext(notebook.uri, workspace);
    const folder = vscode.workspace.getWorkspaceFolder(notebook.uri)?.uri.fsPath;
    const message = request.type === 'promote' ? await confirmAndPromote(ctx, folder, request) : await setAlias(ctx, request);
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
    await ctx?.close();
  }
}

/** Returns what happened, or undefined when the user cancelled. */
async function confirmAndPromote(ctx: PromotionContext, folder: string | undefined, request: PromoteMessage): Promise<string | undefined> {
  const result = await runPromotion(ctx, folder, { model: request.model, version: request.version, stage: request.stage }, interactivePrompts);
  return result && promotionSummary(result);
}

async function setAlias(ctx: PromotionContext, request: AliasMessage): Promise<string | undefined> {
  const alias = await askAliasName(`Alias for ${request.model} version ${request.version}`);
  if (!alias) return undefined;
  const set = await confirmAndSetAlias(ctx.registry, { model: request.model, version: request.version, alias }, interactivePrompts);
  return set && `Alias ${set} now points at ${request.model} version ${request.version}.`;
}
