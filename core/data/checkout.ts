// Puts one version of a tracked output from the local cache into the workspace — `dvc checkout` for one path at a
// chosen revision — without touching the pointer file. Two guarantees:
// - Uncommitted work is never destroyed: a workspace file that would be overwritten or removed must have its
//   content in the cache (so the user can check it out again); otherwise nothing is written.
// - Every file is replaced atomically (copy to a temp file in the same folder, then rename over the target), so an
//   interrupted checkout leaves each file with its old or its new content, never a torn one. For a directory,
//   files are replaced one by one: an interruption can leave some files at the new version and the rest at the old
//   one (plus at most one `.mlops-checkout-*` temp file); running the checkout again completes it.
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PathEscapeError, resolveInside } from '../paths/containment';
import { pullHint } from '../dvc/dvcConfig';
import { HashCache } from './hashCache';
import type { DirEntry, HashEntry } from '../dvc/outEntry';
import { entryAtRevision } from './revisionEntry';
import { directoryManifest, listFiles, statOrUndefined } from './status';
import type { TrackedOutput } from '../dvc/workspace';

export class CheckoutError extends Error {
  override name = 'CheckoutError';
  constructor(
    message: string,
    readonly reason: 'not_in_cache' | 'uncommitted_changes' | 'unsupported' | 'outside_project',
  ) {
    super(message);
  }
}

export interface CheckoutResult {
  path: string;
  rev: string;
  md5: string;
  written: string[];
  removed: string[];
  unchanged: number;
}

export interface CheckoutOptions {
  /** Called after a temp file is complete and before it replaces the target; lets tests interrupt there. */
  beforeReplace?: (temp: string, target: string) => void;
}

interface Write {
  /** Relative to the output (empty for a file output). */
  relpath: string;
  target: string;
  source: string;
}

export async function checkoutVersion(output: TrackedOutput, rev: string, options: CheckoutOptions = {}): Promise<CheckoutResult> {
  // Checked again here, not only when the workspace was scanned: a symlink can appear in between.
  insideProject(output, output.absPath);
  const entry = await entryAtRevision(output, rev);
  if (!entry.md5) {
    throw new CheckoutError(`${output.path} at ${rev} has no md5 (only a cloud etag); check it out with \`dvc checkout\` after \`dvc pull\`.`, 'unsupported');
  }
  removeLeftoverTemps(entry.isDir ? output.absPath : dirname(output.absPath), entry.isDir ? undefined : basename(output.absPath));
  const hashes = HashCache.forProject(output.project.root);
  try {
    return entry.isDir ? checkoutDirectory(output, rev, entry, hashes, options) : checkoutFile(output, rev, entry, hashes, options);
  } finally {
    hashes.save();
  }
}

function checkoutFile(output: TrackedOutput, rev: string, entry: HashEntry, hashes: HashCache, options: CheckoutOptions): CheckoutResult {
  const md5 = entry.md5!;
  const source = output.project.cache.find(md5, entry.hash);
  if (!source) throw missingContent(output, rev, md5);
  const result: CheckoutResult = { path: output.path, rev, md5, written: [], removed: [], unchanged: 0 };
  const stats = statOrUndefined(output.absPath);
  if (stats?.isFile()) {
    if (hashes.hash(output.absPath, stats, entry.hash) === md5) return { ...result, unchanged: 1 };
    assertRecoverable(output, [{ relpath: '', abs: output.absPath, md5: hashes.hash(output.absPath, stats, output.entry.hash) }]);
  } else if (stats) {
    throw new CheckoutError(`${output.path} is a directory in the workspace but a file at ${rev}; move it away first.`, 'unsupported');
  }
  replaceAtomically({ relpath: '', target: output.absPath, source }, options);
  result.written.push(output.path);
  return result;
}

function checkoutDirectory(output: TrackedOutput, rev: string, entry: HashEntry, hashes: HashCache, options: CheckoutOptions): CheckoutResult {
  const md5 = entry.md5!;
  const manifest = directoryManifest({ entry, project: output.project });
  if (!manifest) throw missingContent(output, rev, md5);
  const sources = new Map<string, string>();
  const absent: DirEntry[] = [];
  // Every target is resolved before anything is written: one that leaves the project stops the whole checkout.
  const targets = new Map(manifest.map((file) => [file.relpath, insideProject(output, output.absPath, file.relpath)]));
  for (const file of manifest) {
    const source = output.project.cache.find(file.md5, entry.hash);
    if (source) sources.set(file.relpath, source);
    else absent.push(file);
  }
  if (absent.length > 0) throw missingContent(output, rev, md5, absent.length);
  const stats = statOrUndefined(output.absPath);
  if (stats && !stats.isDirectory()) throw new CheckoutError(`${output.path} is a file in the workspace but a directory at ${rev}; move it away first.`, 'unsupported');

  const present = stats ? listFiles(output.absPath, output.project.root) : [];
  const wanted = new Map(manifest.map((f) => [f.relpath, f.md5]));
  const writes: Write[] = [];
  const removals: string[] = [];
  const atRisk: { relpath: string; abs: string; md5: string }[] = [];
  let unchanged = 0;
  for (const file of present) {
    const target = wanted.get(file.relpath);
    if (target !== undefined && hashes.hash(file.abs, file.stats, entry.hash) === target) {
      unchanged++;
      continue;
    }
    atRisk.push({ relpath: file.relpath, abs: file.abs, md5: hashes.hash(file.abs, file.stats, output.entry.hash) });
    if (target === undefined) removals.push(file.relpath);
  }
  assertRecoverable(output, atRisk);
  const kept = new Set(present.filter((f) => !atRisk.some((r) => r.relpath === f.relpath)).map((f) => f.relpath));
  for (const file of manifest) {
    if (!kept.has(file.relpath)) writes.push({ relpath: file.relpath, target: targets.get(file.relpath)!, source: sources.get(file.relpath)! });
  }
  for (const write of writes) replaceAtomically(write, options);
  for (const relpath of removals) unlinkSync(join(output.absPath, relpath));
  removeEmptyFolders(output.absPath);
  return { path: output.path, rev, md5, written: writes.map((w) => w.relpath), removed: removals, unchanged };
}

/** The absolute path of `path` under `base`, refused (before any write) when it resolves outside the project. */
function insideProject(output: TrackedOutput, base: string, path = '.'): string {
  try {
    return resolveInside(output.project.root, base, path);
  } catch (error) {
    if (!(error instanceof PathEscapeError)) throw error;
    const what = path === '.' ? output.path : `${output.path}/${path}`;
    throw new CheckoutError(`Not checking out: ${what} resolves outside the DVC project ${output.project.root} (through '..' or a symbolic link); nothing was written.`, 'outside_project');
  }
}

/** Refuses when any file about to be replaced or removed holds content the cache does not have. */
function assertRecoverable(output: TrackedOutput, files: { relpath: string; abs: string; md5: string }[]): void {
  const lost = files.filter((f) => !output.project.cache.has(f.md5, output.entry.hash));
  if (lost.length === 0) return;
  const names = lost.slice(0, 5).map((f) => (f.relpath ? `${output.path}/${f.relpath}` : output.path));
  const more = lost.length > 5 ? ` and ${lost.length - 5} more` : '';
  throw new CheckoutError(
    `Not checking out: ${names.join(', ')}${more} ${lost.length === 1 ? 'has' : 'have'} changes that are not in the DVC cache and would be lost. ` +
      `Save them first (\`dvc add ${output.path}\` or \`dvc commit\`), or move them out of the way, then retry.`,
    'uncommitted_changes',
  );
}

function missingContent(output: TrackedOutput, rev: string, md5: string, files?: number): CheckoutError {
  const what = files ? `${files} file(s) of ${output.path} (${md5})` : `${output.path} (${md5})`;
  return new CheckoutError(`The content of ${what} at ${rev} is not in the local cache (${output.project.cache.dir}): ${pullHint(output.project.config, output.pointer.file)}, then retry.`, 'not_in_cache');
}

function replaceAtomically(write: Write, options: CheckoutOptions): void {
  mkdirSync(dirname(write.target), { recursive: true });
  const temp = join(dirname(write.target), `.${basename(write.target)}.mlops-checkout-${randomBytes(4).toString('hex')}`);
  try {
    copyFileSync(write.source, temp);
    // Cache objects are read-only (DVC protects them); the workspace copy must be editable like a copy checkout.
    chmodSync(temp, 0o644);
    options.beforeReplace?.(temp, write.target);
    renameSync(temp, write.target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

const TEMP = /^\.(.+)\.mlops-checkout-[0-9a-f]{8}$/;

/** Temp files of an interrupted checkout hold a complete copy of cache content, so dropping them loses nothing. */
function removeLeftoverTemps(dir: string, onlyFor: string | undefined): void {
  const stats = statOrUndefined(dir);
  if (!stats?.isDirectory()) return;
  for (const dirent of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, dirent.name);
    if (dirent.isDirectory() && onlyFor === undefined) removeLeftoverTemps(path, undefined);
    const match = TEMP.exec(dirent.name);
    if (dirent.isFile() && match && (onlyFor === undefined || match[1] === onlyFor)) unlinkSync(path);
  }
}

function removeEmptyFolders(dir: string): void {
  for (const dirent of readdirSync(dir, { withFileTypes: true })) {
    if (!dirent.isDirectory()) continue;
    const path = join(dir, dirent.name);
    removeEmptyFolders(path);
    if (readdirSync(path).length === 0) rmdirSync(path);
  }
}
