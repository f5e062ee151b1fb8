// The hash entry shared by `.dvc` outs/deps and `dvc.lock` outs/deps (DVC's output schema, dvc/output.py).
import { DvcFileError } from './dvcFileError';
import { relpathProblem } from './outsideProject';
import type { YamlPath, YamlSource } from './yamlSource';
import { isRecord } from '../yaml/records';

/**
 * How the md5 was computed. DVC 3 writes `hash: md5` (md5 of the raw bytes). An entry without `hash:` comes from
 * DVC 2, whose md5 turned CRLF into LF for files its istextfile heuristic judged text (DVC 3 calls it md5-dos2unix).
 */
export type HashKind = 'md5' | 'md5-dos2unix';

export interface DirEntry {
  relpath: string;
  md5: string;
  size?: number;
}

export interface HashEntry {
  path: string;
  hash: HashKind;
  /** Plain md5, or `<md5>.dir` for a directory whose manifest lives in the cache. */
  md5?: string;
  etag?: string;
  checksum?: string;
  size?: number;
  nfiles?: number;
  isDir: boolean;
  /** Version-aware remotes: `cloud: {<remote>: {etag, version_id}}`. */
  cloud?: Record<string, Record<string, string>>;
  /** Version-aware directory outs list their files inline instead of (or as well as) a `.dir` object. */
  files?: DirEntry[];
  cache: boolean;
  persist: boolean;
}

export function parseHashEntry(src: YamlSource, at: YamlPath, raw: unknown): HashEntry {
  if (!isRecord(raw)) throw new DvcFileError(src.file, src.lineOf(at), 'each entry must be a mapping with a `path:` key.');
  const path = raw['path'];
  if (typeof path !== 'string' || path === '') {
    throw new DvcFileError(src.file, src.lineOf(at), 'entry has no `path:` — every out/dep needs the file or directory it tracks.');
  }
  const md5 = optionalString(src, at, raw, 'md5');
  const hashField = raw['hash'];
  if (hashField !== undefined && hashField !== 'md5') {
    throw new DvcFileError(src.file, src.lineOf([...at, 'hash']), `unknown hash '${String(hashField)}' (DVC writes 'md5').`);
  }
  const files = parseFiles(src, at, raw['files']);
  const entry: HashEntry = {
    path,
    hash: hashField === 'md5' ? 'md5' : 'md5-dos2unix',
    isDir: (md5?.endsWith('.dir') ?? false) || files !== undefined,
    cache: raw['cache'] !== false,
    persist: raw['persist'] === true,
  };
  if (md5 !== undefined) entry.md5 = md5;
  const etag = optionalString(src, at, raw, 'etag');
  if (etag !== undefined) entry.etag = etag;
  const checksum = optionalString(src, at, raw, 'checksum');
  if (checksum !== undefined) entry.checksum = checksum;
  const size = optionalCount(src, at, raw, 'size');
  if (size !== undefined) entry.size = size;
  const nfiles = optionalCount(src, at, raw, 'nfiles');
  if (nfiles !== undefined) entry.nfiles = nfiles;
  else if (files) entry.nfiles = files.length;
  if (size === undefined && files?.every((f) => f.size !== undefined)) entry.size = files.reduce((s, f) => s + f.size!, 0);
  const cloud = parseCloud(raw['cloud']);
  if (cloud) entry.cloud = cloud;
  if (files) entry.files = files;
  return entry;
}

/** What identifies a version of the content: md5 when present, else the remote's etag/checksum. */
export function contentId(entry: Pick<HashEntry, 'md5' | 'etag' | 'checksum' | 'files'>): string | undefined {
  if (entry.md5) return entry.md5;
  if (entry.etag) return `etag:${entry.etag}`;
  if (entry.checksum) return `checksum:${entry.checksum}`;
  if (entry.files) return `files:${entry.files.map((f) => `${f.relpath}=${f.md5}`).join(',')}`;
  return undefined;
}

function parseFiles(src: YamlSource, at: YamlPath, raw: unknown): DirEntry[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) throw new DvcFileError(src.file, src.lineOf([...at, 'files']), '`files:` must be a list of {relpath, md5}.');
  return raw.map((item, i) => {
    if (!isRecord(item) || typeof item['relpath'] !== 'string' || typeof item['md5'] !== 'string') {
      throw new DvcFileError(src.file, src.lineOf([...at, 'files', i]), '`files:` entries need `relpath:` and `md5:`.');
    }
    const outside = relpathProblem(item['relpath']);
    if (outside) throw new DvcFileError(src.file, src.lineOf([...at, 'files', i, 'relpath']), `${outside}; nothing is read or written for this output.`);
    const entry: DirEntry = { relpath: item['relpath'], md5: item['md5'] };
    if (typeof item['size'] === 'number') entry.size = item['size'];
    return entry;
  });
}

function parseCloud(raw: unknown): Record<string, Record<string, string>> | undefined {
  if (!isRecord(raw)) return undefined;
  const cloud: Record<string, Record<string, string>> = {};
  for (const [remote, meta] of Object.entries(raw)) {
    if (!isRecord(meta)) continue;
    cloud[remote] = Object.fromEntries(Object.entries(meta).map(([k, v]) => [k, String(v)]));
  }
  return cloud;
}

function optionalString(src: YamlSource, at: YamlPath, raw: Record<string, unknown>, key: string): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  // An unquoted all-digit md5 would load as a number; DVC itself quotes nothing, so accept and stringify it.
  if (typeof value === 'number' && key !== 'md5') return String(value);
  throw new DvcFileError(src.file, src.lineOf([...at, key]), `\`${key}:\` must be a string, got ${JSON.stringify(value)}.`);
}

function optionalCount(src: YamlSource, at: YamlPath, raw: Record<string, unknown>, key: string): number | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  throw new DvcFileError(src.file, src.lineOf([...at, key]), `\`${key}:\` must be a non-negative integer, got ${JSON.stringify(value)}.`);
}
