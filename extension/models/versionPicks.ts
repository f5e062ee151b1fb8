// Which model version a command acts on: the tree item it was invoked on, the arguments a caller passed, or quick
// picks (model, then version) when run from the palette.
import * as vscode from 'vscode';
import type { ModelVersion, RegisteredModel } from '../../core/registry/registry';
import { proposedStage } from '../../core/registry/promotionDecisions';
import { ALL_STAGES, type Stage } from '../../core/registry/stages';
import type { ModelsService, StoreSnapshot } from './modelsService';
import { formatTime, type ModelsNode } from './modelsTree';

/** A version named by arguments (scripts, tests, the promotion panel): store key optional when names are unique. */
export interface VersionTarget {
  store?: string;
  model: string;
  version: string;
}

export interface ResolvedVersion {
  store: StoreSnapshot;
  version: ModelVersion;
}

export function isVersionNode(arg: unknown): arg is Extract<ModelsNode, { kind: 'version' }> {
  return typeof arg === 'object' && arg !== null && (arg as { kind?: unknown }).kind === 'version';
}

function isVersionTarget(arg: unknown): arg is VersionTarget {
  return typeof arg === 'object' && arg !== null && typeof (arg as VersionTarget).model === 'string' && typeof (arg as VersionTarget).version === 'string';
}

/** The version to act on, read fresh from the registry snapshot; undefined when the person cancelled a pick. */
export async function resolveVersion(service: ModelsService, arg: unknown, kind: 'models' | 'prompts'): Promise<ResolvedVersion | undefined> {
  const { stores } = await service.snapshot();
  if (isVersionNode(arg)) return findVersion(stores, { store: arg.store.source.key, model: arg.version.name, version: arg.version.version });
  if (isVersionTarget(arg)) return findVersion(stores, arg);
  const model = await pickModel(stores, kind, preselectedModel(arg));
  if (!model) return undefined;
  return pickVersion(model.store, model.model, `${model.model.name}: which version?`);
}

/** A model node (context menu on the model) or `{ model: name }` names the model; the version is then picked. */
function preselectedModel(arg: unknown): string | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const node = arg as Partial<Extract<ModelsNode, { kind: 'model' }>>;
  if ((node.kind === 'model' || node.kind === 'prompt') && node.model) return node.model.name;
  const named = (arg as { model?: unknown }).model;
  return typeof named === 'string' ? named : undefined;
}

function findVersion(stores: StoreSnapshot[], target: VersionTarget): ResolvedVersion {
  for (const store of stores) {
    if (target.store && store.source.key !== target.store) continue;
    const version = store.versions.get(target.model)?.find((v) => v.version === target.version);
    if (version) return { store, version };
  }
  throw new Error(`${target.model} version ${target.version} is not in ${target.store ?? 'any registry of this workspace'}. Refresh the Models view (MLOps: Refresh Models).`);
}

async function pickModel(stores: StoreSnapshot[], kind: 'models' | 'prompts', preselected?: string): Promise<{ store: StoreSnapshot; model: RegisteredModel } | undefined> {
  const items = stores.flatMap((store) =>
    store[kind].map((model) => ({
      label: model.name,
      description: stores.length > 1 ? store.source.label : undefined,
      detail: model.description || undefined,
      store,
      model,
    })),
  );
  if (items.length === 0) throw new Error(`No registered ${kind === 'models' ? 'models' : 'prompts'} in this workspace's registries. Open the Models view to see which stores were found.`);
  const chosen = preselected ? items.find((i) => i.model.name === preselected) : items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: kind === 'models' ? 'Registered model' : 'Prompt' });
  return chosen && { store: chosen.store, model: chosen.model };
}

export async function pickVersion(store: StoreSnapshot, model: RegisteredModel, title: string, except?: string): Promise<ResolvedVersion | undefined> {
  const items = (store.versions.get(model.name) ?? [])
    .filter((v) => v.version !== except)
    .map((version) => ({
      label: `Version ${version.version}`,
      description: [...(model.isPrompt ? [] : [version.stage]), ...version.aliases.map((a) => `@${a}`), ...(version.creationTimestamp ? [formatTime(version.creationTimestamp)] : [])].join(' · '),
      detail: version.description || undefined,
      version,
    }));
  const chosen = await vscode.window.showQuickPick(items, { title });
  return chosen && { store, version: chosen.version };
}

/** The stage to move to; core's proposed stage (the next one up on MLflow's ladder) is offered first. */
export async function pickStage(version: ModelVersion): Promise<Stage | undefined> {
  const first = proposedStage(version.stage);
  const stages = [first, ...ALL_STAGES.filter((s) => s !== first)].filter((s) => s !== version.stage);
  const chosen = await vscode.window.showQuickPick(
    stages.map((stage) => ({ label: stage, stage })),
    { title: `Move ${version.name} version ${version.version} (now ${version.stage}) to` },
  );
  return chosen?.stage;
}
