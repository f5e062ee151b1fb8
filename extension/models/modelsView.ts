// Everything the Models view runs on, built on first use (see register.ts): the registry service, the tree, the
// prompt documents and the command handlers.
import type * as vscode from 'vscode';
import type { MlopsLog } from '../output';
import type { WorkspaceLocations } from '../workspace/workspaceLocations';
import { type ModelsCommandHandlers, modelsCommandHandlers } from './commands';
import { ModelsService } from './modelsService';
import { ModelsTree } from './modelsTree';
import { PromptDocuments } from './promptDocuments';

export interface ModelsView extends vscode.Disposable {
  service: ModelsService;
  tree: ModelsTree;
  prompts: PromptDocuments;
  commands: ModelsCommandHandlers;
}

export function createModelsView(extensionUri: vscode.Uri, log: MlopsLog, workspace: WorkspaceLocations): ModelsView {
  const service = new ModelsService(log, workspace);
  const tree = new ModelsTree(service);
  const prompts = new PromptDocuments(service);
  return {
    service,
    tree,
    prompts,
    commands: modelsCommandHandlers(service, { extensionUri, service, log }),
    dispose() {
      prompts.dispose();
      tree.dispose();
      service.dispose();
    },
  };
}
