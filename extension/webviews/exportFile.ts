// Saving an export a panel made (CSV, PNG): the user picks where, and the file appears whole or not at all.
import { renameSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { MlopsLog } from '../output';

/** Asks where to save (suggesting `name` in the first workspace folder) and writes `bytes` there; false when cancelled. */
export async function saveExport(log: MlopsLog, name: string, filters: Record<string, string[]>, bytes: Buffer): Promise<boolean> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({ filters, ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}) });
  if (!target) return false;
  // Temp file + rename: a crash mid-write never leaves a half-written export under the chosen name.
  const temp = `${target.fsPath}.${process.pid}.tmp`;
  writeFileSync(temp, bytes);
  renameSync(temp, target.fsPath);
  log.info(`exported ${target.fsPath}`);
  return true;
}
