// Path joins and relatives on the validation hot path. node:path normalises every result, which dominated
// validating a pipeline of plain `dir/file` paths; these take the short way when the input is already plain and
// fall back to node:path otherwise, so results never differ.
import { join, relative, sep } from 'node:path';

/** A `.` or `..` segment anywhere in a POSIX relative path. */
const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;

/** join(folder, path) for a normalised absolute folder. */
export function joinUnder(folder: string, path: string): string {
  const plain =
    sep === '/' && path !== '' && !path.startsWith('/') && !path.endsWith('/') && !path.includes('//') && !path.includes('\\') && !DOT_SEGMENT.test(path);
  return plain ? `${folder === '/' ? '' : folder}/${path}` : join(folder, path);
}

/** relative(from, to) for normalised absolute paths. */
export function relativeTo(from: string, to: string): string {
  if (to === from) return '';
  if (from !== sep && to.startsWith(from) && to[from.length] === sep) return to.slice(from.length + 1);
  return relative(from, to);
}
