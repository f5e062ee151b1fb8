import * as vscode from 'vscode';
import type { MlopsApi } from '../../extension/extension';

export const EXTENSION_ID = 'mlops-workbench.mlops-workbench';

/** Activates the extension under test (as a user opening our view would) and returns its API. */
export async function activateExtension(): Promise<{ extension: vscode.Extension<MlopsApi>; api: MlopsApi }> {
  const extension = vscode.extensions.getExtension<MlopsApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  const api = await extension.activate();
  return { extension, api };
}
