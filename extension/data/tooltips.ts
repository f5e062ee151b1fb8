// The Data view's Markdown tooltips. Paths, commit subjects and authors come from pointer files and git history, so
// each goes through markdownText: control and bidi characters shown as escapes, Markdown and HTML shown literally.
import type { DataVersion } from '../../core/data/history';
import type { TrackedOutput } from '../../core/dvc/workspace';
import { formatByteSize } from '../../core/format/byteSize';
import { markdownText } from '../../core/format/visibleText';

/** `problem`: why the output could not be checked (e.g. a path that leaves the project), shown last. */
export function outputTooltip(output: TrackedOutput, problem?: string): string {
  const stage = output.pointer.kind === 'lock' ? ` (stage ${output.pointer.stage})` : '';
  const size = output.entry.size !== undefined ? `, ${formatByteSize(output.entry.size)}` : '';
  const paragraphs = [`**${markdownText(output.path)}**`, markdownText(`pointer: ${output.pointer.file}${stage}`), markdownText(`md5: ${output.entry.md5 ?? '—'}${size}`)];
  if (problem) paragraphs.push(markdownText(problem));
  return paragraphs.join('\n\n');
}

export function versionTooltip(version: DataVersion, current: boolean): string {
  const size = version.size !== undefined ? `, ${formatByteSize(version.size)}` : '';
  const files = version.nfiles !== undefined ? `, ${version.nfiles} files` : '';
  const paragraphs = [
    markdownText(version.subject),
    markdownText(`${version.commit} — ${version.author}, ${version.date}`),
    markdownText(`md5 ${version.md5 ?? '—'}${size}${files}`),
  ];
  if (current) paragraphs.push('*The version the pointer file names now.*');
  return paragraphs.join('\n\n');
}
