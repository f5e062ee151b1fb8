// A real LSP client over stdio for tests and benchmarks: spawns the server process and speaks JSON-RPC to it
// with vscode-languageserver-protocol.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  CompletionRequest,
  createProtocolConnection,
  DefinitionRequest,
  type Diagnostic,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  ExitNotification,
  FileChangeType,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  type Position,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  type Range,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

const root = join(__dirname, '..', '..');

export const uriOf = (path: string): string => pathToFileURL(path).toString();

export class LspClient {
  readonly connection: ProtocolConnection;
  private readonly versions = new Map<string, number>();
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private waiters: { uri: string; test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  stderr = '';

  private constructor(readonly proc: ChildProcess) {
    this.connection = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    proc.stderr!.on('data', (b: Buffer) => {
      this.stderr += b.toString();
    });
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.latest.set(p.uri, p);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri !== p.uri || !w.test(p)) return true;
        w.resolve(p);
        return false;
      });
    });
    this.connection.listen();
  }

  /** Start the server: from source through tsx, or the esbuild bundle when `bundle` is given. */
  static async start(workspace: string, bundle?: string): Promise<LspClient> {
    const args = bundle ? [bundle, '--stdio'] : ['--import', 'tsx', join(root, 'language-server', 'server.ts'), '--stdio'];
    const proc = spawn(process.execPath, args, { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new LspClient(proc);
    await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uriOf(workspace),
      workspaceFolders: [{ uri: uriOf(workspace), name: 'ws' }],
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: false } } },
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  async open(path: string, text: string): Promise<void> {
    this.versions.set(uriOf(path), 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: uriOf(path), languageId: 'yaml', version: 1, text },
    });
  }

  /** Replace the whole text (a full-document change event). */
  async change(path: string, text: string): Promise<number> {
    const uri = uriOf(path);
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** An incremental edit, as an editor sends on a keystroke. */
  async edit(path: string, range: Range, text: string): Promise<number> {
    const uri = uriOf(path);
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return version;
  }

  async fileChanged(path: string): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(path), type: FileChangeType.Changed }] });
  }

  /** Resolves with the first diagnostics for a file that satisfy the test (checking ones already received). */
  diagnostics(path: string, test: (d: Diagnostic[], p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 20_000): Promise<Diagnostic[]> {
    const uri = uriOf(path);
    const seen = this.latest.get(uri);
    if (seen && test(seen.diagnostics, seen)) return Promise.resolve(seen.diagnostics);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${path} in ${timeoutMs} ms; last: ${JSON.stringify(this.latest.get(uri)?.diagnostics.map((d) => d.message))}`)), timeoutMs);
      this.waiters.push({ uri, test: (p) => test(p.diagnostics, p), resolve: (p) => { clearTimeout(timer); resolve(p.diagnostics); } });
    });
  }

  /** Diagnostics published for a given document version. */
  diagnosticsFor(path: string, version: number, timeoutMs = 20_000): Promise<Diagnostic[]> {
    return this.diagnostics(path, (_d, p) => p.version === version, timeoutMs);
  }

  hover(path: string, position: Position) {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(path) }, position });
  }

  completion(path: string, position: Position) {
    return this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uriOf(path) }, position });
  }

  definition(path: string, position: Position) {
    return this.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uriOf(path) }, position });
  }

  symbols(path: string) {
    return this.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: uriOf(path) } });
  }

  codeActions(path: string, range: Range, diagnostics: Diagnostic[]) {
    return this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uriOf(path) }, range, context: { diagnostics } });
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // The process may already be gone; it is killed below either way.
    }
    this.connection.dispose();
    if (this.proc.exitCode === null) this.proc.kill();
  }
}
