// The registry a notebook card acts on: the workspace folder's store, chosen as every view chooses it (the
// mlops.trackingUri setting, then MLFLOW_REGISTRY_URI / MLFLOW_TRACKING_URI, then an mlflow.db or mlruns/ in the
// folder), with that folder's .mlops/promotion.yaml policy and .mlops/promotions.jsonl journal.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { PromotionJournal, JOURNAL_PATH } from '../../core/registry/journal';
import { openRegistry } from '../../core/registry/open';
import { canonicalTrackingUri } from '../../core/tracking/uri';
import { loadPolicy, POLICY_PATH } from '../../core/registry/policy';
import type { PromotionContext } from '../../core/registry/promotion';
import { openRunMetrics } from '../../core/registry/runMetrics';
import { parseTrackingUri, resolveTrackingUri } from '../../core/tracking/uri';

/** `notebook`: the notebook's URI, whose workspace folder holds the store. */
export function notebookPromotionContext(notebook: vscode.Uri): PromotionContext {
  const folder = vscode.workspace.getWorkspaceFolder(notebook) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('Open the folder that holds the notebook\'s MLflow store as a workspace to act on its registry.');
  const root = folder.uri.fsPath;
  const setting = vscode.workspace.getConfiguration('mlops', folder.uri).get<string>('trackingUri', '').trim();
  const registryEnv = process.env.MLFLOW_REGISTRY_URI?.trim();
  const uri = setting || registryEnv || resolveTrackingUri({ env: process.env, folder: root })?.uri;
  if (!uri) throw new Error(`No MLflow registry found for ${root}: set mlops.trackingUri or MLFLOW_TRACKING_URI, or add an mlflow.db or mlruns/ folder.`);
  const location = parseTrackingUri(uri, root);
  return {
    registry: openRegistry(location),
    metrics: openRunMetrics(location),
    policy: loadPolicy(join(root, POLICY_PATH)),
    journal: new PromotionJournal(join(root, JOURNAL_PATH)),
    store: canonicalTrackingUri(location),
  };
}
