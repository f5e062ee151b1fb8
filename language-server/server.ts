// MLOps Workbench language server (LSP over stdio): diagnostics, hover, completion, definition, symbols and
// quick fixes for dvc.yaml, dvc.lock, *.dvc, params files, MLproject, python_env/conda, Feast and promotion
// gates. All intelligence is in core/pipeline; this file only adapts it to LSP.
import {
  CodeActionKind,
  type CompletionItem,
  CompletionItemKind,
  CreateFile,
  createConnection,
  type Diagnostic,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  type DocumentSymbol,
  ProposedFeatures,
  SymbolKind,
  TextDocumentEdit,
  type TextDocumentPositionParams,
  TextDocumentSyncKind,
  TextDocuments,
  TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { completeAt } from '../core/pipeline/completion';
import type { ParsedDocument } from '../core/pipeline/document';
import { definitionAt } from '../core/pipeline/definition';
import { hoverAt } from '../core/pipeline/hover';
import { type DocumentSymbolInfo, documentSymbols } from '../core/pipeline/symbols';
import type { PipelineDiagnostic, QuickFix } from '../core/pipeline/types';
import { validateDocument } from '../core/pipeline/validate';
import { ValidationScheduler } from './scheduler';
import { pathToUri, uriToPath, WorkspaceState } from './workspaceState';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const state = new WorkspaceState();
const scheduler = new ValidationScheduler(20, validate);
let watchRegistration = false;

const SEVERITY: Record<PipelineDiagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

connection.onInitialize((params) => {
  watchRegistration = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['{', '.', ' ', '/', ':'] },
      definitionProvider: true,
      documentSymbolProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    },
    serverInfo: { name: 'mlops-workbench-pipeline', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (!watchRegistration) return;
  // Params, vars, env and dependency files change outside the editor too (dvc repro, git checkout).
  void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] });
});

/** Every request handler is guarded: bad input yields an empty answer and a log line, never a crash. */
function guarded<A extends unknown[], R>(name: string, fallback: R, fn: (...args: A) => R): (...args: A) => R {
  return (...args: A) => {
    try {
      return fn(...args);
    } catch (err) {
      connection.console.error(`${name} failed: ${(err as Error).stack ?? err}`);
      return fallback;
    }
  };
}

function validate(uri: string): void {
  const doc = documents.get(uri);
  if (!doc) return;
  let diagnostics: Diagnostic[];
  try {
    const model = state.model(doc);
    // A YAML file that stopped being a sweep (its `method` deleted) keeps no stale findings.
    if (!model) {
      void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: [] });
      return;
    }
    const ctx = state.context();
    diagnostics = validateDocument(model, ctx).map(toLspDiagnostic);
    state.recordDependencies(uri, ctx.dependencies);
  } catch (err) {
    // Input that defeats the parser (e.g. nesting deeper than the stack) still gets an answer.
    connection.console.error(`validation of ${uri} failed: ${(err as Error).stack ?? err}`);
    const start = { line: 0, character: 0 };
    diagnostics = [{ severity: DiagnosticSeverity.Error, source: 'mlops', code: 'internal', message: `Could not check this file: ${(err as Error).message}`, range: { start, end: start } }];
  }
  void connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
}

function toLspDiagnostic(d: PipelineDiagnostic): Diagnostic {
  return { severity: SEVERITY[d.severity], message: d.message, code: d.code, source: 'mlops', range: d.range, data: d.fixes ? { fixes: d.fixes } : undefined };
}

function changed(path: string | undefined, self?: string): void {
  if (!path) return;
  for (const uri of state.dependents(path)) if (uri !== self) scheduler.schedule(uri);
}

documents.onDidOpen((e) => {
  state.setOpen(e.document);
  scheduler.schedule(e.document.uri);
  changed(uriToPath(e.document.uri), e.document.uri);
});
documents.onDidChangeContent((e) => {
  state.setOpen(e.document);
  scheduler.schedule(e.document.uri);
  changed(uriToPath(e.document.uri), e.document.uri);
});
documents.onDidClose((e) => {
  state.close(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  changed(uriToPath(e.document.uri));
});
connection.onDidChangeWatchedFiles((e) => {
  for (const change of e.changes) changed(uriToPath(change.uri));
});

/** Run a feature on the parsed model of an open document at a position; unsupported documents get `fallback`. */
function atPosition<R>(params: TextDocumentPositionParams, fallback: R, feature: (model: ParsedDocument, offset: number) => R): R {
  const doc = documents.get(params.textDocument.uri);
  const model = doc && state.model(doc);
  return doc && model ? feature(model, doc.offsetAt(params.position)) : fallback;
}

connection.onHover(
  guarded('hover', null, (params) =>
    atPosition(params, null, (model, offset) => {
      const hover = hoverAt(model, offset, state.context());
      return hover ? { contents: { kind: 'markdown' as const, value: hover.markdown }, range: hover.range } : null;
    }),
  ),
);

const COMPLETION_KIND = { key: CompletionItemKind.Property, param: CompletionItemKind.Variable, value: CompletionItemKind.EnumMember, file: CompletionItemKind.File, stage: CompletionItemKind.Reference };

connection.onCompletion(
  guarded('completion', [] as CompletionItem[], (params) =>
    atPosition(params, [], (model, offset) =>
      completeAt(model, offset, state.context()).map((c) => ({ label: c.label, kind: COMPLETION_KIND[c.kind], detail: c.detail, insertText: c.insertText })),
    ),
  ),
);

connection.onDefinition(
  guarded('definition', null, (params) =>
    atPosition(params, null, (model, offset) => {
      const loc = definitionAt(model, offset, state.context());
      return loc ? { uri: pathToUri(loc.path), range: loc.range } : null;
    }),
  ),
);

connection.onDocumentSymbol(
  guarded('symbols', [] as DocumentSymbol[], (params) => {
    const doc = documents.get(params.textDocument.uri);
    const model = doc && state.model(doc);
    return model ? documentSymbols(model).map(toLspSymbol) : [];
  }),
);

function toLspSymbol(s: DocumentSymbolInfo): DocumentSymbol {
  const kind = s.kind === 'stage' ? SymbolKind.Function : s.kind === 'entry-point' ? SymbolKind.Method : SymbolKind.Key;
  return { name: s.name, kind, range: s.range, selectionRange: s.selectionRange, children: s.children.map(toLspSymbol) };
}

connection.onCodeAction(
  guarded('codeAction', [], (params) =>
    params.context.diagnostics.flatMap((diagnostic) => {
      const fixes = (diagnostic.data as { fixes?: QuickFix[] } | undefined)?.fixes ?? [];
      return fixes.map((fix) => ({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fixes.length === 1,
        edit: toWorkspaceEdit(fix),
      }));
    }),
  ),
);

/** Edits as documentChanges, creating a file first when a fix adds the first key to a missing params.yaml. */
function toWorkspaceEdit(fix: QuickFix): WorkspaceEdit {
  const documentChanges: WorkspaceEdit['documentChanges'] = [];
  for (const edit of fix.edits) {
    const uri = pathToUri(edit.path);
    if (!state.exists(edit.path)) documentChanges.push(CreateFile.create(uri, { ignoreIfExists: true }));
    const version = documents.get(uri)?.version ?? null;
    documentChanges.push(TextDocumentEdit.create({ uri, version }, [TextEdit.replace(edit.range, edit.newText)]));
  }
  return { documentChanges };
}

connection.onShutdown(() => scheduler.dispose());

documents.listen(connection);
connection.listen();
