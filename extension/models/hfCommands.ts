// "Delete Revision…" on a cached Hugging Face revision: core/hf plans it as `huggingface-cli delete-cache` would
// (only blobs no other revision uses), a modal confirmation names the bytes freed, then the view refreshes.
import * as vscode from 'vscode';
import { formatByteSize } from '../../core/format/byteSize';
import { executeDeletion, type HfDeletionResult, planRevisionDeletion } from '../../core/hf/revisionDeletion';
import type { HfNode } from './hfNodes';

export async function deleteHfRevision(node: HfNode | undefined, refresh: () => void, confirmed?: boolean): Promise<HfDeletionResult | undefined> {
  if (node?.kind !== 'hfRevision' || !node.hf.info) throw new Error('Choose a revision under Models › Hugging Face to delete.');
  const { repo, revision } = node;
  const plan = planRevisionDeletion({ ...node.hf.info, repos: [repo] }, [revision.commitHash]);
  const freed = `${formatByteSize(plan.expectedFreedSize)} (${plan.expectedFreedSize.toLocaleString('en-US')} bytes)`;
  const refs = revision.refs.length > 0 ? ` (${revision.refs.join(', ')})` : '';
  const detail = plan.repos.length > 0 ? `It is the last cached revision: ${repo.repoPath} goes as a whole.` : 'Blobs other revisions still use are kept.';
  if (confirmed === undefined) {
    const answer = await vscode.window.showWarningMessage(`Delete ${repo.repoId} revision ${revision.commitHash.slice(0, 8)}${refs}? This frees ${freed}.`, { modal: true, detail }, 'Delete');
    if (answer !== 'Delete') return undefined;
  } else if (!confirmed) return undefined;
  const result = executeDeletion(plan);
  refresh();
  if (result.problems.length > 0) vscode.window.showWarningMessage(`Deleted with problems: ${result.problems.join('; ')}`);
  else vscode.window.showInformationMessage(`Deleted ${repo.repoId} revision ${revision.commitHash.slice(0, 8)}: freed ${freed}.`);
  return result;
}
