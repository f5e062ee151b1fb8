// The Models view's commands (palette and context menus). Each write goes through core/registry and ends with
// service.refresh(), so the tree and an open promotion panel show the new state at once. Commands return their
// result, and accept `prompts` in their arguments, so extension-host tests can drive them without dialogs.
import * as vscode from 'vscode';
import { type PromotionResult, type UndoResult, undoLastPromotion } from '../../core/registry/promotion';
import { aliasSuggestions, promotionActor, promotionSummary } from '../../core/registry/promotionDecisions';
import type { ModelsService, StoreSnapshot } from './modelsService';
import type { ModelsCommandId } from './register';
import type { ModelsNode } from './modelsTree';
import { promptUri } from './promptDocuments';
import { askAliasName, type ConfirmRequest, confirmAndSetAlias, interactivePrompts, type PromotionPrompts, runPromotion } from './promotionFlow';
import { PromotionPanel, type PromotionPanelDeps } from './promotionPanel';
import { deleteHfRevision } from './hfCommands';
import type { HfNode } from './hfNodes';
import { revealRun } from './revealRun';
import { isVersionNode, pickStage, pickVersion, resolveVersion, type VersionTarget } from './versionPicks';

export interface PromoteArgs extends Partial<VersionTarget> {
  stage?: string;
  alias?: string;
  overrideReason?: string;
  prompts?: PromotionPrompts;
}

export interface AliasArgs extends Partial<VersionTarget> {
  alias?: string;
  prompts?: PromotionPrompts;
}

export interface UndoArgs {
  store?: string;
  model?: string;
  prompts?: PromotionPrompts;
}

type PanelDeps = Omit<PromotionPanelDeps, 'prompts'>;

export type ModelsCommandHandlers = Record<ModelsCommandId, (...args: never[]) => Promise<unknown>>;

/** Each command's handler; errors become a message naming what to do (and a line in the MLOps output). */
export function modelsCommandHandlers(service: ModelsService, panelDeps: PanelDeps): ModelsCommandHandlers {
  const guarded =
    <A extends unknown[], R>(id: ModelsCommandId, run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R | undefined> => {
      try {
        return await run(...args);
      } catch (error) {
        panelDeps.log.error(`${id}: ${(error as Error).message}`);
        vscode.window.showErrorMessage((error as Error).message);
        return undefined;
      }
    };
  return {
    'mlops.models.refresh': guarded('mlops.models.refresh', async () => service.refresh()),
    'mlops.models.promote': guarded('mlops.models.promote', (arg?: ModelsNode | PromoteArgs) => promoteCommand(service, arg)),
    'mlops.models.setAlias': guarded('mlops.models.setAlias', (arg?: ModelsNode | AliasArgs) => setAliasCommand(service, arg)),
    'mlops.models.undoLastPromotion': guarded('mlops.models.undoLastPromotion', (arg?: UndoArgs) => undoCommand(service, arg)),
    'mlops.models.openPromotion': guarded('mlops.models.openPromotion', (arg?: ModelsNode | Partial<VersionTarget>) => openPromotionCommand(service, panelDeps, arg)),
    'mlops.models.openPrompt': guarded('mlops.models.openPrompt', (arg?: ModelsNode) => openPromptCommand(service, arg)),
    'mlops.models.comparePrompts': guarded('mlops.models.comparePrompts', (arg?: ModelsNode) => comparePromptsCommand(service, arg)),
    'mlops.models.revealRun': guarded('mlops.models.revealRun', async (arg?: ModelsNode) => (isVersionNode(arg) ? revealRun(arg.version.runId) : undefined)),
    'mlops.models.hfDeleteRevision': guarded('mlops.models.hfDeleteRevision', (arg?: HfNode, confirmed?: boolean) => deleteHfRevision(arg, () => service.refresh(), confirmed)),
  };
}

/** The arguments a script or test passed; {} when the command came from a tree item. */
function callerArgs<T extends object>(arg: ModelsNode | T | undefined): Partial<T> {
  return arg && !('kind' in arg) ? arg : {};
}

function promptsOf(arg: unknown): PromotionPrompts {
  return (typeof arg === 'object' && arg !== null && (arg as { prompts?: PromotionPrompts }).prompts) || interactivePrompts;
}

async function promoteCommand(service: ModelsService, arg?: ModelsNode | PromoteArgs): Promise<PromotionResult | undefined> {
  const target = await resolveVersion(service, arg, 'models');
  if (!target) return undefined;
  const args = callerArgs<PromoteArgs>(arg);
  const stage = args.stage ?? (await pickStage(target.version));
  if (!stage) return undefined;
  const { source } = target.store;
  const result = await runPromotion(
    source.promotionContext(),
    source.folder,
    {
      model: target.version.name,
      version: target.version.version,
      stage,
      ...(args.alias ? { alias: args.alias } : {}),
      ...(args.overrideReason ? { overrideReason: args.overrideReason } : {}),
    },
    promptsOf(arg),
  );
  if (!result) return undefined;
  service.refresh();
  vscode.window.showInformationMessage(promotionSummary(result));
  return result;
}

async function setAliasCommand(service: ModelsService, arg?: ModelsNode | AliasArgs): Promise<string | undefined> {
  const target = await resolveVersion(service, arg, 'models');
  if (!target) return undefined;
  const { name, version } = target.version;
  const model = target.store.models.find((m) => m.name === name);
  const typedAlias = callerArgs<AliasArgs>(arg).alias;
  const alias = typedAlias ?? (await pickAlias(model?.aliases ?? {}));
  if (!alias) return undefined;
  const set = await confirmAndSetAlias(target.store.source.registry, { model: name, version, alias }, promptsOf(arg));
  if (!set) return undefined;
  service.refresh();
  return alias;
}

async function pickAlias(existing: Record<string, string>): Promise<string | undefined> {
  const typed = '$(edit) Another alias…';
  const chosen = await vscode.window.showQuickPick([...aliasSuggestions(existing).map((n) => `@${n}`), typed], { title: 'Alias' });
  if (!chosen) return undefined;
  if (chosen !== typed) return chosen.slice(1);
  return askAliasName('Alias', 'e.g. shadow');
}

async function undoCommand(service: ModelsService, arg?: UndoArgs): Promise<UndoResult | undefined> {
  const { stores } = await service.snapshot();
  const store = arg?.store ? stores.find((s) => s.source.key === arg.store) : await pickStore(stores);
  if (!store) return undefined;
  const ctx = store.source.promotionContext();
  const entry = ctx.journal.lastUndoable({ store: ctx.store, ...(arg?.model ? { model: arg.model } : {}) });
  if (!entry) {
    vscode.window.showInformationMessage(`No promotion to undo in ${store.source.label} (journal: ${ctx.journal.path}).`);
    return undefined;
  }
  const request: ConfirmRequest = {
    message: `Undo the promotion of ${entry.model} version ${entry.version} to ${entry.toStage}?`,
    detail: `Promoted by ${entry.actor} at ${entry.at} from ${entry.fromStage}. Every version's stage and alias it changed is put back.`,
    action: 'Undo',
  };
  if (!(await promptsOf(arg).confirm(request))) return undefined;
  const result = await undoLastPromotion(ctx, { model: entry.model, actor: promotionActor(process.env, store.source.folder) });
  service.refresh();
  vscode.window.showInformationMessage(`Undid the promotion of ${entry.model} version ${entry.version}: ${result.restored.join(', ') || 'nothing to restore'}.`);
  return result;
}

async function pickStore(stores: StoreSnapshot[]): Promise<StoreSnapshot | undefined> {
  const withModels = stores.filter((s) => s.models.length > 0);
  if (withModels.length <= 1) return withModels[0];
  const chosen = await vscode.window.showQuickPick(
    withModels.map((store) => ({ label: store.source.label, description: store.source.uri, store })),
    { title: 'Which registry?' },
  );
  return chosen?.store;
}

async function openPromotionCommand(service: ModelsService, deps: PanelDeps, arg?: ModelsNode | Partial<VersionTarget>): Promise<PromotionPanel | undefined> {
  const target = await resolveVersion(service, arg, 'models');
  if (!target) return undefined;
  return PromotionPanel.show({ ...deps, prompts: interactivePrompts }, { store: target.store.source.key, model: target.version.name, version: target.version.version });
}

async function openPromptCommand(service: ModelsService, arg?: ModelsNode): Promise<void> {
  const target = await resolveVersion(service, arg, 'prompts');
  if (!target) return;
  const document = await vscode.workspace.openTextDocument(promptUri(target.store.source.key, target.version.name, target.version.version));
  await vscode.window.showTextDocument(document, { preview: true });
}

/** Diffs two versions of a prompt: invoked on a version, against the one before it; else both are picked. */
async function comparePromptsCommand(service: ModelsService, arg?: ModelsNode): Promise<void> {
  const promptName = arg?.kind === 'prompt' ? arg.model.name : undefined;
  const right = isVersionNode(arg) ? await resolveVersion(service, arg, 'prompts') : await resolveVersion(service, promptName ? { model: promptName } : undefined, 'prompts');
  if (!right) return;
  const model = right.store.prompts.find((p) => p.name === right.version.name);
  const versions = right.store.versions.get(right.version.name) ?? [];
  if (!model || versions.length < 2) throw new Error(`${right.version.name} has only one version; there is nothing to compare it with.`);
  const older = versions.find((v) => Number(v.version) < Number(right.version.version));
  const left = isVersionNode(arg) && older ? { version: older } : await pickVersion(right.store, model, `Compare version ${right.version.version} with`, right.version.version);
  if (!left) return;
  const [a, b] = Number(left.version.version) < Number(right.version.version) ? [left.version, right.version] : [right.version, left.version];
  const key = right.store.source.key;
  await vscode.commands.executeCommand('vscode.diff', promptUri(key, a.name, a.version), promptUri(key, b.name, b.version), `${a.name}: version ${a.version} ↔ version ${b.version}`);
}
