// Which stores a workspace has, decided once for every view, the notebook and the CLI, the way MLflow decides
// (mlflow/tracking/_tracking_service/utils.py, mlflow/tracking/_model_registry/utils.py): per folder an explicit URI —
// the folder's `mlops.trackingUri` setting or a CLI flag, then MLFLOW_REGISTRY_URI (registry role only), then
// MLFLOW_TRACKING_URI — else every store found in the folder, mlflow.db before mlruns/ (a workspace may hold both).
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalTrackingUri, parseTrackingUri } from '../tracking/uri';
import { isWandbFolder } from '../wandb/folder';
import type { ConnectionOptions, LocationProblem, LocationRole, LocationSource, WorkspaceLocation } from './location';

export interface WorkspaceFolderInput {
  path: string;
  /** Shown before each location's label when there are several folders. */
  name?: string;
  /** The folder's `mlops.trackingUri`, or the CLI's --tracking-uri / --registry-uri; blank means unset. */
  explicitUri?: string | undefined;
}

export interface ResolveInput {
  folders: readonly WorkspaceFolderInput[];
  env: NodeJS.ProcessEnv;
  role: LocationRole;
  connection: ConnectionOptions;
  /**
   * Stands in when no folder is open: an explicit URI still names a store, relative to its path (MLflow resolves
   * against the process cwd), but nothing is discovered there. Left out, no folder means no locations.
   */
  folderless?: WorkspaceFolderInput;
}

export interface ResolvedWorkspace {
  /** In resolution order, each store once (two folders naming one store give one location, the first folder's). */
  locations: WorkspaceLocation[];
  problems: LocationProblem[];
  /** Folders whose stores were found by looking: one created there later (the first `mlflow.start_run()`) is new. */
  discoveryFolders: string[];
}

export function resolveWorkspace(input: ResolveInput): ResolvedWorkspace {
  const folderless = input.folders.length === 0 && input.folderless !== undefined;
  const folders = folderless && input.folderless ? [input.folderless] : input.folders;
  const resolved: ResolvedWorkspace = { locations: [], problems: [], discoveryFolders: [] };
  for (const folder of folders) {
    const explicit = explicitUri(folder, input.env, input.role);
    if (!explicit && !folderless) resolved.discoveryFolders.push(folder.path);
    const wanted = explicit ? [explicit] : folderless ? [] : discoverStores(folder.path, input.role).map((uri) => ({ uri, source: 'discovered' as const }));
    for (const want of wanted) {
      const location = toLocation(want, folder, input, folders.length > 1);
      if ('message' in location) resolved.problems.push(location);
      else if (!resolved.locations.some((l) => l.key === location.key)) resolved.locations.push(location);
    }
  }
  return resolved;
}

/** The one location MLflow itself would use for a folder (the CLI and a notebook act on one store), or why none. */
export function resolveFolder(input: Omit<ResolveInput, 'folders' | 'folderless'> & { folder: WorkspaceFolderInput }): WorkspaceLocation | LocationProblem | undefined {
  const { locations, problems } = resolveWorkspace({ ...input, folders: [input.folder] });
  return problems[0] ?? locations[0];
}

/** Stores directly inside a folder, as URIs: `sqlite:///<abs>/mlflow.db` before `file://<abs>/mlruns`, then a `wandb/` folder of W&B runs. */
export function discoverStores(folder: string, role: LocationRole = 'tracking'): string[] {
  const found: string[] = [];
  const db = join(folder, 'mlflow.db');
  if (existsSync(db) && statSync(db).isFile()) found.push(`sqlite:///${db}`);
  const mlruns = join(folder, 'mlruns');
  if (existsSync(mlruns) && statSync(mlruns).isDirectory()) found.push(`file://${mlruns}`);
  const wandb = join(folder, 'wandb');
  // W&B keeps no model registry: its folder is a tracking location only.
  if (role === 'tracking' && isWandbFolder(wandb)) found.push(`file://${wandb}`);
  return found;
}

/** The explicit URI a folder resolves to before discovery, if any, and where it came from. */
function explicitUri(folder: WorkspaceFolderInput, env: NodeJS.ProcessEnv, role: LocationRole): { uri: string; source: LocationSource } | undefined {
  const setting = folder.explicitUri?.trim();
  if (setting) return { uri: setting, source: 'setting' };
  const registry = role === 'registry' ? env.MLFLOW_REGISTRY_URI?.trim() : undefined;
  if (registry) return { uri: registry, source: 'env' };
  const tracking = env.MLFLOW_TRACKING_URI?.trim();
  return tracking ? { uri: tracking, source: 'env' } : undefined;
}

function toLocation(
  wanted: { uri: string; source: LocationSource },
  folder: WorkspaceFolderInput,
  input: ResolveInput,
  named: boolean,
): WorkspaceLocation | LocationProblem {
  try {
    const target = parseTrackingUri(wanted.uri, folder.path);
    return {
      ...target,
      key: canonicalTrackingUri(target),
      source: wanted.source,
      folder: folder.path,
      ...(named && folder.name ? { folderName: folder.name } : {}),
      connection: input.connection,
    };
  } catch (error) {
    return { uri: wanted.uri, folder: folder.path, message: `Cannot open tracking store ${wanted.uri}: ${(error as Error).message}` };
  }
}
