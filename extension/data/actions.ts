// What the Data view's item commands do: compare (diff editor over cached contents, or a file list for a
// directory), check a version out of the cache after a modal confirmation, copy a hash, reveal, show a commit.
import { existsSync } from 'node:fs';
import { posix } from 'node:path';
import { simpleGit } from 'simple-git';
import * as vscode from 'vscode';
import { CheckoutError, checkoutVersion } from '../../core/data/checkout';
import { type DataDiff, type DirectoryDiff, diffVersions, type FileDiff } from '../../core/data/diff';
import { DvcFileError } from '../../core/dvc/dvcFileError';
import { WORKSPACE } from '../../core/data/revisionEntry';
import type { TrackedOutput } from '../../core/dvc/workspace';
import { formatByteSize } from '../../core/format/byteSize';
import type { MlopsLog } from '../output';
import type { DataState } from './dataState';
import type { DataNode } from './dataTree';
import type { ReportDocuments } from '../reportDocuments';
import { versionUri } from './readOnlyDocuments';

type VersionNode = Extract<DataNode, { kind: 'version' }>;
type OutputNode = Extract<DataNode, { kind: 'output' }>;

export interface ActionContext {
  state: DataState;
  reports: ReportDocuments;
  log: MlopsLog;
}

/** A version against the files on disk; on an output, the version its pointer names now against the files. */
export async function compareWithWorkspace(ctx: ActionContext, node: VersionNode | OutputNode): Promise<void> {
  const rev = node.kind === 'version' ? node.version.commit : 'HEAD';
  await showDiff(ctx, node.output, rev, WORKSPACE);
}

/** Two versions: the two selected in the view, else the clicked one and one picked from the list. */
export async function compareVersions(ctx: ActionContext, node: VersionNode, selected: readonly DataNode[] = []): Promise<void> {
  const others = selected.filter((n): n is VersionNode => n.kind === 'version' && n.output === node.output && n.version.commit !== node.version.commit);
  let other = others[0]?.version;
  if (!other) {
    const versions = (await ctx.state.versionsOf(node.output)).filter((v) => v.commit !== node.version.commit);
    if (versions.length === 0) {
      void vscode.window.showInformationMessage(`${node.output.path} has only one version in git history: nothing to compare it with.`);
      return;
    }
    const pick = await vscode.window.showQuickPick(
      versions.map((version) => ({ label: `${version.commit.slice(0, 7)} ${version.date.slice(0, 10)}`, description: version.subject, version })),
      { title: `Compare ${node.output.path} at ${node.version.commit.slice(0, 7)} with…`, placeHolder: 'another version' },
    );
    if (!pick) return;
    other = pick.version;
  }
  // Older on the left, as in git's own diffs.
  const [older, newer] = other.date <= node.version.date ? [other, node.version] : [node.version, other];
  await showDiff(ctx, node.output, older.commit, newer.commit);
}

async function showDiff(ctx: ActionContext, output: TrackedOutput, revA: string, revB: string): Promise<void> {
  let diff: DataDiff;
  try {
    diff = await diffVersions(output, revA, revB);
  } catch (error) {
    void vscode.window.showErrorMessage(`Cannot compare ${output.path}: ${messageOf(error)}`);
    return;
  }
  if (diff.kind === 'directory') {
    await ctx.reports.show(`${output.path} ${shortRev(revA)}..${shortRev(revB)}.md`, directoryReport(diff));
    return;
  }
  const summary = fileSummary(diff);
  ctx.log.info(`${output.path} ${shortRev(revA)} → ${shortRev(revB)}: ${summary}`);
  const left = versionUri(output, diff.a.md5, revA);
  const right = revB === WORKSPACE ? vscode.Uri.file(output.absPath) : versionUri(output, diff.b.md5, revB);
  const title = `${posix.basename(output.path)} (${shortRev(revA)} ↔ ${shortRev(revB)})`;
  // Before the editor: on large tables the diff editor's own line comparison takes seconds.
  if (diff.table || diff.tableNote) void vscode.window.showInformationMessage(`${output.path} ${shortRev(revA)} → ${shortRev(revB)}: ${summary}`);
  await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true });
}

export function fileSummary(diff: FileDiff): string {
  if (!diff.changed) return 'same content';
  const parts: string[] = [];
  if (!diff.a.present || !diff.b.present) parts.push(diff.b.present ? 'added' : 'removed');
  if (diff.sizeDelta !== undefined) parts.push(`size ${formatByteSize(diff.a.size ?? 0)} → ${formatByteSize(diff.b.size ?? 0)}`);
  if (diff.table) {
    const { rowsA, rowsB, columnsAdded, columnsRemoved } = diff.table;
    parts.push(`rows ${rowsA.toLocaleString('en')} → ${rowsB.toLocaleString('en')}`);
    if (columnsAdded.length > 0) parts.push(`columns added: ${columnsAdded.join(', ')}`);
    if (columnsRemoved.length > 0) parts.push(`columns removed: ${columnsRemoved.join(', ')}`);
    if (columnsAdded.length + columnsRemoved.length === 0) parts.push('same columns');
  }
  if (diff.tableNote) parts.push(diff.tableNote);
  return parts.join('; ');
}

export function directoryReport(diff: DirectoryDiff): string {
  const lines = [`# ${diff.path}: ${shortRev(diff.a.rev)} → ${shortRev(diff.b.rev)}`, ''];
  const side = (rev: string, s: DirectoryDiff['a']) =>
    `- ${shortRev(rev)}: ${s.present ? `${s.nfiles ?? '?'} files, ${s.size !== undefined ? formatByteSize(s.size) : 'size unknown'}` : 'absent'}`;
  lines.push(side(diff.a.rev, diff.a), side(diff.b.rev, diff.b), '');
  if (diff.note) lines.push(diff.note, '');
  if (!diff.changed) lines.push('No files differ.');
  for (const [title, files] of [
    ['Added', diff.added],
    ['Removed', diff.removed],
    ['Modified', diff.modified],
  ] as const) {
    if (files.length === 0) continue;
    lines.push(`## ${title} (${files.length})`, '', ...files.map((f) => `- ${f}`), '');
  }
  return `${lines.join('\n')}\n`;
}

export async function checkoutThisVersion(ctx: ActionContext, node: VersionNode): Promise<void> {
  const { output, version } = node;
  const sha = version.commit.slice(0, 7);
  const choice = await vscode.window.showWarningMessage(
    `Check out ${output.path} at ${sha}?`,
    {
      modal: true,
      detail:
        `"${version.subject}" (${version.date.slice(0, 10)}). The workspace copy is replaced with this version from the DVC cache; ` +
        `${output.pointer.file} is not changed, so the data then shows as modified until you commit or check out again. ` +
        'Changes that are not in the cache are never overwritten.',
    },
    'Checkout',
  );
  if (choice !== 'Checkout') return;
  try {
    const result = await checkoutVersion(output, version.commit);
    const what = result.unchanged > 0 && result.written.length === 0 ? 'already matched' : 'now holds';
    ctx.log.info(`checkout ${output.path} at ${sha}: ${result.written.length} written, ${result.removed.length} removed, ${result.unchanged} unchanged`);
    void vscode.window.showInformationMessage(`${output.path} ${what} version ${sha} (${version.subject}).`);
  } catch (error) {
    void vscode.window.showErrorMessage(checkoutFailure(output, sha, error));
  } finally {
    await ctx.state.refreshStatus();
  }
}

function checkoutFailure(output: TrackedOutput, sha: string, error: unknown): string {
  if (error instanceof CheckoutError) {
    const heading = {
      not_in_cache: `Version ${sha} of ${output.path} is not in the local DVC cache.`,
      uncommitted_changes: `Checkout of ${output.path} stopped to protect your changes.`,
      unsupported: `${output.path} cannot be checked out at ${sha}.`,
      outside_project: `${output.path} at ${sha} names files outside the DVC project.`,
    }[error.reason];
    return `${heading} ${error.message}`;
  }
  return `Checkout of ${output.path} at ${sha} failed: ${messageOf(error)}`;
}

export async function copyHash(node: VersionNode | OutputNode): Promise<void> {
  const md5 = node.kind === 'version' ? node.version.md5 : node.output.entry.md5;
  if (!md5) {
    void vscode.window.showInformationMessage(`${node.output.path} has no md5 in its pointer (only a cloud etag).`);
    return;
  }
  await vscode.env.clipboard.writeText(md5);
  vscode.window.setStatusBarMessage(`Copied md5 ${md5}`, 3000);
}

export async function revealInExplorer(node: VersionNode | OutputNode): Promise<void> {
  const { output } = node;
  const target = existsSync(output.absPath) ? output.absPath : posix.join(output.project.root, output.pointer.file);
  // revealInExplorer issued while the Explorer has never been shown can be lost; open the view first.
  await vscode.commands.executeCommand('workbench.view.explorer');
  await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(target));
}

export async function openCommit(ctx: ActionContext, node: VersionNode): Promise<void> {
  const { version, output } = node;
  try {
    const text = await simpleGit(output.project.root).raw(['show', '--stat', '--patch', '--format=fuller', version.commit]);
    await ctx.reports.show(`commit ${version.commit.slice(0, 7)}.diff`, text);
  } catch (error) {
    void vscode.window.showErrorMessage(`Cannot show commit ${version.commit.slice(0, 7)}: ${messageOf(error)}`);
  }
}

function shortRev(rev: string): string {
  return /^[0-9a-f]{40}$/.test(rev) ? rev.slice(0, 7) : rev;
}

function messageOf(error: unknown): string {
  if (error instanceof DvcFileError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
