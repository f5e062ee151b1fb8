// The registry a notebook card acts on: the one store the workspace resolves for the notebook's folder (as every
// view resolves it, extension/workspace), with that folder's .mlops/promotion.yaml policy and .mlops/promotions.jsonl
// journal.
import { join } from 'node:path';
import type * as vscode from 'vscode';
import { JOURNAL_PATH, PromotionJournal } from '../../core/registry/journal';
import { loadPolicy, POLICY_PATH } from '../../core/registry/policy';
import type { PromotionContext } from '../../core/registry/promotion';
import { openLocation } from '../../core/workspace/open';
import { folderOf, type WorkspaceLocations } from '../workspace/workspaceLocations';

/** A promotion context that holds open stores until closed. */
export interface NotebookPromotionContext extends PromotionContext {
  close(): Promise<void>;
}

/** `notebook`: the notebook's URI, whose workspace folder holds the store. */
export async function notebookPromotionContext(notebook: vscode.Uri, workspace: WorkspaceLocations): Promise<NotebookPromotionContext> {
  const folder = folderOf(notebook);
  if (!folder) throw new Error("Open the folder that holds the notebook's MLflow store as a workspace to act on its registry.");
  const location = await workspace.forFolder(folder, 'registry');
  if (!location) {
    throw new Error(`No MLflow registry found for ${folder.uri.fsPath}: set mlops.trackingUri or MLFLOW_TRACKING_URI, or add an mlflow.db or mlruns/ folder.`);
  }
  if ('message' in location) throw new Error(location.message);
  const services = openLocation(location);
  return {
    registry: services.registry,
    metrics: services.runMetrics,
    policy: loadPolicy(join(location.folder, POLICY_PATH)),
    journal: new PromotionJournal(join(location.folder, JOURNAL_PATH)),
    store: location.key,
    close: () => services.close(),
  };
}
