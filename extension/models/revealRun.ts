// "Show the run" from a model version: the Runs view reveals it when its command is there; otherwise the run id
// goes to the clipboard, so the person can still find it.
import * as vscode from 'vscode';

export const RUNS_REVEAL_COMMAND = 'mlops.runs.reveal';

export async function revealRun(runId: string): Promise<void> {
  if (!runId) {
    vscode.window.showInformationMessage('This model version was registered without a run, so there is no run to show.');
    return;
  }
  const commands = await vscode.commands.getCommands(true);
  if (commands.includes(RUNS_REVEAL_COMMAND)) {
    await vscode.commands.executeCommand(RUNS_REVEAL_COMMAND, runId);
    return;
  }
  await vscode.env.clipboard.writeText(runId);
  vscode.window.showInformationMessage(`The Runs view cannot reveal runs in this build; run id ${runId} was copied to the clipboard.`);
}
