// MLOps: Add CI Workflow — the workflow `mlops ci init` writes (core/ci), shown first as a diff against the file
// there now (or an empty one), with the detected training entry in the confirmation; written only on confirm.
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { type CiPlan, planCiWorkflow, writeCiWorkflow } from '../../core/ci/ciInit';
import { describeTrainingEntry } from '../../core/ci/workspaceScan';
import type { MlopsLog } from '../output';

const PROPOSAL_SCHEME = 'mlops-ci-proposal';

class ProposedWorkflows implements vscode.TextDocumentContentProvider {
  readonly texts = new Map<string, string>();
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '';
  }
}

let proposals: ProposedWorkflows | undefined;

export async function addCiWorkflow(context: vscode.ExtensionContext, log: MlopsLog): Promise<void> {
  const folder = await pickFolder();
  if (!folder) return;
  const plan = planCiWorkflow(folder.uri.fsPath, context.extension.packageJSON.version as string);
  if (plan.existing === plan.content) {
    void vscode.window.showInformationMessage(`${plan.relativePath} is already up to date.`);
    return;
  }
  if (!proposals) {
    proposals = new ProposedWorkflows();
    context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, proposals));
  }
  const proposed = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${folder.name}/proposed/mlops.yml` });
  proposals.texts.set(proposed.path, plan.content);
  let current = vscode.Uri.file(plan.path);
  if (plan.existing === undefined) {
    current = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${folder.name}/empty/mlops.yml` });
    proposals.texts.set(current.path, '');
  }
  const verb = plan.existing === undefined ? 'new' : 'replaces the current file';
  await vscode.commands.executeCommand('vscode.diff', current, proposed, `${plan.relativePath} (${verb}) ↔ MLOps workflow`, { preview: true });
  const action = plan.existing === undefined ? 'Write Workflow' : 'Replace Workflow';
  const answer = await vscode.window.showInformationMessage(
    `Write ${plan.relativePath}?`,
    { modal: true, detail: confirmationDetail(plan) },
    action,
  );
  if (answer !== action) return;
  const now = existsSync(plan.path) ? readFileSync(plan.path, 'utf8') : undefined;
  if (now !== plan.existing) {
    void vscode.window.showWarningMessage(`${plan.relativePath} changed on disk while the diff was open; nothing was written. Run MLOps: Add CI Workflow again.`);
    return;
  }
  writeCiWorkflow(plan, true);
  log.info(`wrote ${plan.path} (training entry: ${describeTrainingEntry(plan.scan.training)})`);
  await vscode.window.showTextDocument(vscode.Uri.file(plan.path));
  void vscode.window.showInformationMessage(`Wrote ${plan.relativePath}. Add the repository secrets MLFLOW_TRACKING_URI and MLFLOW_TRACKING_TOKEN.`);
}

function confirmationDetail(plan: CiPlan): string {
  const { scan } = plan;
  return [
    `Training entry: ${describeTrainingEntry(scan.training)}`,
    scan.promotion ? `Gate: ${scan.promotion.model} → ${scan.promotion.stage} (.mlops/promotion.yaml), promotion on main only` : 'No promotion policy with a named model: no gate',
    scan.drift ? `Drift: daily on ${scan.drift.config ?? `${scan.drift.reference} vs ${scan.drift.current}`}, retraining when over the limit` : 'No drift.yaml: no drift job',
    'Secrets by name: MLFLOW_TRACKING_URI, MLFLOW_TRACKING_TOKEN',
  ].join('\n');
}

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showWarningMessage('MLOps: Add CI Workflow needs an open folder: open the repository the workflow is for.');
    return undefined;
  }
  if (folders.length === 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'The repository to add .github/workflows/mlops.yml to' });
}
