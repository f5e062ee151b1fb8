// Paths read from store data (a DVC pointer's `path`, a `.dir` manifest's `relpath`, an artifact URI, a trace's
// `mlflow.artifactLocation` tag) come from a repository someone else wrote: they are resolved against the project
// they belong to and refused when they leave it, before anything is read or written. DVC 3 does the same for outputs
// ("Cannot add files outside of the repository"); MLflow has no such check, so a hostile store could name any file.
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/** A path from store data that leaves its project (`../`, an absolute path elsewhere, or a symlink out). */
export class PathEscapeError extends Error {
  override name = 'PathEscapeError';
  constructor(
    /** The path as the store wrote it. */
    readonly path: string,
    /** The project folder it had to stay in. */
    readonly root: string,
    /** The file that named the path (pointer, lock file, manifest, database), for the message. */
    readonly source?: string,
  ) {
    super(`${source ? `${source}: ` : ''}'${path}' is outside the project ${root}; refusing to read or write it.`);
  }
}

/** True when `path` (absolute) is `root` itself or below it, compared lexically. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Resolves `path` (relative to `base`, or absolute) and checks it stays inside `root`, lexically and after following
 * symlinks of the part that exists: a checked-in symlink `data -> /etc` must not carry a write outside. Returns the
 * absolute path, or throws PathEscapeError.
 */
export function resolveInside(root: string, base: string, path: string, source?: string): string {
  const absolute = resolve(base, path);
  if (!isInside(root, absolute) || !isInside(realOrSelf(root), realOfDeepestExisting(absolute))) {
    throw new PathEscapeError(path, root, source);
  }
  return absolute;
}

/** Like resolveInside, but undefined instead of an error (for readers that skip what they may not read). */
export function tryResolveInside(root: string, base: string, path: string): string | undefined {
  try {
    return resolveInside(root, base, path);
  } catch (error) {
    if (error instanceof PathEscapeError) return undefined;
    throw error;
  }
}

function realOrSelf(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}

/** realpath of the longest existing prefix, with the missing rest appended (a file about to be created). */
function realOfDeepestExisting(path: string): string {
  let existing = path;
  while (!existsSync(existing)) {
    const parent = dirname(existing);
    if (parent === existing) return path;
    existing = parent;
  }
  const rest = relative(existing, path);
  return rest ? resolve(realOrSelf(existing), rest) : realOrSelf(existing);
}
