// Starts the language server (dist/server.js) over stdio for the pipeline, project and feature-store files it
// understands. All YAML intelligence lives in the server; this file only says which documents it gets.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { MlopsLog } from '../output';

/** The documents the server validates; other params and vars files it reads from disk and watches itself. */
export const SERVED_PATTERNS = [
  '**/dvc.yaml',
  '**/*.dvc.yaml',
  '**/dvc.lock',
  '**/*.dvc',
  '**/params.yaml',
  '**/{MLproject,mlproject,MLProject}',
  '**/python_env.yaml',
  '**/conda.yaml',
  '**/feature_store.yaml',
  '**/.mlops/promotion.yaml',
  // W&B sweeps have any name (`wandb sweep FILE`): the server tells them from other YAML by their top-level keys and
  // answers nothing for the rest.
  '**/*.{yaml,yml}',
];

/** Files whose content the server reads across documents: params files, pointers, lock files, env files. */
const CONTENT_PATTERN = '**/{*.yaml,*.yml,*.json,*.toml,*.dvc,dvc.lock,[Mm][Ll][Pp]roject}';

/** extension.ts imports this module dynamically: the client library is parsed only when the server starts. */
export async function startLanguageClient(context: vscode.ExtensionContext, log: MlopsLog): Promise<LanguageClient> {
  const serverModule = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const client = new LanguageClient(
    'mlopsLanguageServer',
    'MLOps Language Server',
    {
      run: { module: serverModule, transport: TransportKind.stdio },
      debug: { module: serverModule, transport: TransportKind.stdio },
    },
    {
      documentSelector: SERVED_PATTERNS.map((pattern) => ({ scheme: 'file', pattern })),
      synchronize: {
        fileEvents: [
          vscode.workspace.createFileSystemWatcher(CONTENT_PATTERN),
          // Any file can be a stage dependency: its creation or deletion changes "does not exist" diagnostics, its
          // content does not, so content changes (a training loop writing files) are not sent.
          vscode.workspace.createFileSystemWatcher('**/*', false, true, false),
        ],
      },
    },
  );
  await client.start();
  log.info('language server started');
  return client;
}
