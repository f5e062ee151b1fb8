// Where validation reads other files from (params files, env files, dependencies). The language server layers
// open editor buffers over the disk; every path consulted is recorded so the server knows which documents to
// re-check when a params file or a referenced file changes.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { type ParsedDocument, parsePipelineDocument } from './document';
import type { FileKind } from './types';

export interface FileSource {
  /** Text of a file, or undefined when it does not exist (or is a directory). */
  readText(path: string): string | undefined;
  /** True for an existing file or directory. */
  exists(path: string): boolean;
}

export const diskFiles: FileSource = {
  readText(path) {
    try {
      return statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  },
  exists: (path) => existsSync(path),
};

/** Files seen by one validation run, with a parse cache shared across runs keyed by path and text. */
export class ValidationContext {
  readonly dependencies = new Set<string>();

  constructor(
    private readonly source: FileSource,
    private readonly cache: ParseCache = new ParseCache(),
  ) {}

  readText(path: string): string | undefined {
    this.dependencies.add(path);
    return this.source.readText(path);
  }

  exists(path: string): boolean {
    this.dependencies.add(path);
    return this.source.exists(path);
  }

  /** Parse another file (a params file, an MLproject) through the cache. */
  parse(path: string, kind: FileKind): ParsedDocument | undefined {
    const text = this.readText(path);
    if (text === undefined) return undefined;
    return this.cache.get(path, kind, text);
  }
}

export class ParseCache {
  private readonly entries = new Map<string, ParsedDocument>();

  get(path: string, kind: FileKind, text: string): ParsedDocument {
    const hit = this.entries.get(path);
    if (hit && hit.text === text && hit.kind === kind) return hit;
    const parsed = parsePipelineDocument(path, kind, text);
    this.entries.set(path, parsed);
    return parsed;
  }
}
