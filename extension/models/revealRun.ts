// "Show the run" from a model version or a notebook output: the Runs view focuses and filters to that run.
import * as vscode from 'vscode';

export const RUNS_REVEAL_COMMAND = 'mlops.runs.reveal';

export async function revealRun(runId: string): Promise<void> {
  if (!runId) {
    vscode.window.showInformationMessage('This model version was registered without a run, so there is no run to show.');
    return;
  }
  await vscode.commands.executeCommand(RUNS_REVEAL_COMMAND, runId);
}
