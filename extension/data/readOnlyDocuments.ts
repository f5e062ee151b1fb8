// Read-only documents: a version's bytes from the DVC cache (the sides of a diff editor). A custom scheme keeps them
// out of the file system and unsaveable; the reports the Data view writes are ../reportDocuments.ts.
import { readFileSync, statSync } from 'node:fs';
import * as vscode from 'vscode';
import { DvcCache } from '../../core/dvc/dvcCache';
import { pullHint } from '../../core/dvc/dvcConfig';
import type { HashKind } from '../../core/dvc/outEntry';
import type { TrackedOutput } from '../../core/dvc/workspace';
import { VERSION_SCHEME } from './schemes';


// Beyond this the diff editor is of no use and reading the object would stall the extension host.
const MAX_TEXT_BYTES = 50 * 1024 * 1024;

/** A URI whose content is one cached object; the path keeps the file name, so language and title follow it. */
export function versionUri(output: TrackedOutput, md5: string | undefined, rev: string): vscode.Uri {
  const query = new URLSearchParams({ cache: output.project.cache.dir, md5: md5 ?? '', hash: output.entry.hash, rev, pointer: output.pointer.file });
  return vscode.Uri.file(output.absPath).with({ scheme: VERSION_SCHEME, query: query.toString() });
}

export class CachedVersionContent implements vscode.TextDocumentContentProvider {
  constructor(private readonly hint: (uri: vscode.Uri) => string) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const query = new URLSearchParams(uri.query);
    const md5 = query.get('md5') ?? '';
    const rev = query.get('rev') ?? '';
    if (!md5) return `${uri.path} has no md5 at ${rev}: only a cloud etag is recorded, so there is no local content to show.\n`;
    const path = new DvcCache(query.get('cache') ?? '').find(md5, (query.get('hash') ?? 'md5') as HashKind);
    if (!path) return `${uri.path} at ${rev} (${md5}) is not in the local DVC cache: ${this.hint(uri)}.\n`;
    const size = statSync(path).size;
    if (size > MAX_TEXT_BYTES) return `${uri.path} at ${rev} is ${size} bytes, too large to show as text (limit ${MAX_TEXT_BYTES}).\n`;
    return readFileSync(path, 'utf8');
  }
}

/** How to fetch a version that is not cached, naming the project's remote. */
export function pullHintFor(outputs: () => TrackedOutput[]): (uri: vscode.Uri) => string {
  return (uri) => {
    const output = outputs().find((o) => o.absPath === uri.fsPath);
    return output ? pullHint(output.project.config, output.pointer.file) : 'run `dvc pull` for it';
  };
}
