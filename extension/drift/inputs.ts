// Which two files a drift report compares: an Explorer selection of two data files (first = reference, second =
// current), one data file plus a quick pick for the other, a drift.yaml naming both, or two quick picks from the
// palette. The monitoring dashboard opens one batch of a drift.yaml against its reference and column mapping.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { DriftInputError, type DriftOptions, isTableFile, loadDriftConfig } from '../../core/drift/index';

/** Where a report's inputs come from; a config is re-read on every run, so edits to it apply. */
export type DriftSource =
  | { kind: 'files'; reference: vscode.Uri; current: vscode.Uri }
  | { kind: 'config'; config: vscode.Uri }
  | { kind: 'batch'; config: vscode.Uri; batch: vscode.Uri };

export interface DriftJob {
  reference: string;
  current: string;
  options: DriftOptions;
  /** Files whose change re-runs the report. */
  watched: string[];
}

const CONFIG_FILE = /^drift\.ya?ml$/i;
const DATA_GLOB = '**/*.{csv,tsv,tab,parquet,pq,CSV,TSV,PARQUET}';
const SKIPPED_FOLDERS = '**/{node_modules,.git,.dvc,.venv}/**';

export function isDriftConfig(uri: vscode.Uri): boolean {
  return CONFIG_FILE.test(basename(uri.fsPath));
}

export function sourceKey(source: DriftSource): string {
  if (source.kind === 'config') return source.config.fsPath;
  if (source.kind === 'batch') return `${source.config.fsPath}\n${source.batch.fsPath}`;
  return `${source.reference.fsPath}\n${source.current.fsPath}`;
}

/** The paths and options of one run; throws DriftInputError naming the config file when it is unusable. */
export function resolveJob(source: DriftSource): DriftJob {
  if (source.kind === 'files') {
    const reference = source.reference.fsPath;
    const current = source.current.fsPath;
    return { reference, current, options: {}, watched: [reference, current] };
  }
  const path = source.config.fsPath;
  const config = loadDriftConfig(path);
  if (source.kind === 'batch') {
    if (!config.reference) throw new DriftInputError(`${path}: no 'reference' key; name the data the batches are compared with`);
    const current = source.batch.fsPath;
    return { reference: config.reference, current, options: config.options, watched: [path, config.reference, current] };
  }
  if (!config.reference || !config.current) {
    const missing = [config.reference ? '' : 'reference', config.current ? '' : 'current'].filter(Boolean).join(' and ');
    throw new DriftInputError(`${path}: no '${missing}' key; name both data files (paths relative to this file) to report from it`);
  }
  return { reference: config.reference, current: config.current, options: config.options, watched: [path, config.reference, config.current] };
}

/**
 * The source for a command invocation. From the Explorer VS Code passes the clicked file and the whole selection;
 * tests pass the two files the same way. Undefined when the user dismissed a quick pick.
 */
export async function chooseSource(clicked?: vscode.Uri, selected?: vscode.Uri[]): Promise<DriftSource | undefined> {
  const uris = selected && selected.length > 0 ? selected : clicked ? [clicked] : [];
  if (uris.length > 2) throw new DriftInputError(`${uris.length} files are selected; select two: the reference first, then the current data`);
  const [first, second] = uris;
  if (first && second) return { kind: 'files', reference: first, current: second };
  if (first && isDriftConfig(first)) return { kind: 'config', config: first };
  if (first) {
    const current = await pickDataFile(`Current data to compare with ${basename(first.fsPath)} (the reference)`, (uri) => uri.fsPath === first.fsPath);
    return current && { kind: 'files', reference: first, current };
  }
  const reference = await pickDataFile('Reference data: the baseline the current data is compared with');
  if (!reference) return undefined;
  const current = await pickDataFile(`Current data to compare with ${basename(reference.fsPath)}`, (uri) => uri.fsPath === reference.fsPath);
  return current && { kind: 'files', reference, current };
}

interface FileItem extends vscode.QuickPickItem {
  uri?: vscode.Uri;
}

/** A data file of the workspace (those `exclude` says are not candidates left out), or one browsed to. */
export async function pickDataFile(title: string, exclude: (uri: vscode.Uri) => boolean = () => false): Promise<vscode.Uri | undefined> {
  const found = await vscode.workspace.findFiles(DATA_GLOB, SKIPPED_FOLDERS, 2000);
  const files = found
    .filter((uri) => isTableFile(uri.fsPath) && !exclude(uri))
    .sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  const items: FileItem[] = files.map((uri) => {
    const relative = vscode.workspace.asRelativePath(uri, false);
    const folder = relative.includes('/') ? relative.slice(0, relative.lastIndexOf('/')) : '';
    return { label: basename(uri.fsPath), description: folder, uri };
  });
  items.push({ label: 'Browse…', description: 'a CSV, TSV or Parquet file outside this list' });
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'CSV, TSV or Parquet file', matchOnDescription: true });
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;
  const chosen = await vscode.window.showOpenDialog({
    title,
    canSelectMany: false,
    filters: { 'Data files': ['csv', 'tsv', 'tab', 'parquet', 'pq'] },
  });
  return chosen?.[0];
}
