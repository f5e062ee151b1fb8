// The server's view of files: open editor buffers over the disk, one parsed model per document version, and the
// reverse dependency index (which open documents read which files) used to re-check dependents.
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type ParsedDocument, parsePipelineDocument } from '../core/pipeline/document';
import { detectFileKind } from '../core/pipeline/fileKind';
import { diskFiles, type FileSource, ParseCache, ValidationContext } from '../core/pipeline/workspace';

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).toString();
}

export class WorkspaceState implements FileSource {
  private readonly open = new Map<string, TextDocument>();
  private readonly models = new Map<string, ParsedDocument>();
  private readonly dependencies = new Map<string, Set<string>>();
  readonly cache = new ParseCache();

  setOpen(doc: TextDocument): void {
    const path = uriToPath(doc.uri);
    if (path) this.open.set(path, doc);
  }

  close(uri: string): void {
    const path = uriToPath(uri);
    if (path) this.open.delete(path);
    this.models.delete(uri);
    this.dependencies.delete(uri);
  }

  readText(path: string): string | undefined {
    return this.open.get(path)?.getText() ?? diskFiles.readText(path);
  }

  exists(path: string): boolean {
    return this.open.has(path) || diskFiles.exists(path);
  }

  /** The parsed model of an open document at its current version (parsed once per version). */
  model(doc: TextDocument): ParsedDocument | undefined {
    const path = uriToPath(doc.uri);
    if (!path) return undefined;
    const hit = this.models.get(doc.uri);
    if (hit && hit.version === doc.version) return hit;
    // The kind is decided per version: a YAML file becomes a W&B sweep when `method` and `parameters` appear.
    const kind = detectFileKind(path, doc.getText());
    if (!kind) {
      this.models.delete(doc.uri);
      return undefined;
    }
    const parsed = parsePipelineDocument(path, kind, doc.getText(), doc.version);
    this.models.set(doc.uri, parsed);
    return parsed;
  }

  context(): ValidationContext {
    return new ValidationContext(this, this.cache);
  }

  recordDependencies(uri: string, paths: Iterable<string>): void {
    this.dependencies.set(uri, new Set(paths));
  }

  /** Open documents (other than the changed one) whose last validation read this path. */
  dependents(path: string): string[] {
    const out: string[] = [];
    for (const [uri, deps] of this.dependencies) if (deps.has(path) && uriToPath(uri) !== path) out.push(uri);
    return out;
  }
}
