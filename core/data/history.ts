// Versions of a tracked path: the commits that changed its pointer (the `.dvc` file or its `dvc.lock` entry), newest
// first. A commit touching the pointer without changing the content hash (a reformat, another output of the same
// lock) is not a new version. One `git log` pass plus reads from the repository's `git cat-file --batch`, whatever
// the history length. Git objects never change, so what a pointer blob says about a path is parsed once per process.
import { posix } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { DvcFileError } from '../dvc/dvcFileError';
import { readObject, streamGit } from './gitObjects';
import { contentId, type HashEntry } from '../dvc/outEntry';
import { entryInPointer, type PointerTarget } from './pointerAtRevision';

export interface DataVersion {
  commit: string;
  /** Author date, ISO 8601. */
  date: string;
  author: string;
  subject: string;
  md5?: string;
  size?: number;
  nfiles?: number;
  entry: HashEntry;
}

export interface VersionQuery extends PointerTarget {
  /** Folder the pointer path is relative to (the DVC project root, inside a git work tree). */
  projectRoot: string;
}

const FIELD = '\x1f';
const RECORD = '\x1e';

export async function listVersions(query: VersionQuery): Promise<DataVersion[]> {
  const pointerFile = posix.normalize(query.pointer.file);
  const commits: LoggedCommit[] = [];
  const target = targetKey(query);
  const reading = new Map<string, Promise<HashEntry | undefined>>();
  const request = (object: string): HashEntry | undefined | Promise<HashEntry | undefined> => {
    const key = `${object}\0${target}`;
    const known = parsedPointers.get(key);
    if (known !== undefined) return known ?? undefined;
    let entry = reading.get(key);
    if (!entry) {
      entry = readObject(query.projectRoot, object).then((blob) => {
        const parsed = blob ? parseAtCommit(query, blob.text, object) : undefined;
        remember(key, parsed);
        return parsed;
      });
      reading.set(key, entry);
    }
    return entry;
  };
  let pending = '';
  const take = (text: string, final: boolean): void => {
    const records = (pending + text).split(RECORD);
    pending = final ? '' : records.pop()!;
    for (const record of records) {
      if (record === '') continue;
      const commit = parseRecord(record, pointerFile);
      commits.push(commit);
      if (commit.object) commit.entry = request(commit.object);
    }
  };
  // --raw names the pointer's blob at each commit; each is requested from cat-file while git log still runs.
  const decoder = new StringDecoder('utf8');
  await streamGit(query.projectRoot, ['log', `--format=${RECORD}%H${FIELD}%an${FIELD}%aI${FIELD}%s`, '--raw', '--no-renames', '--no-abbrev', '--', pointerFile], (chunk) =>
    take(decoder.write(chunk), false),
  );
  take(decoder.end(), true);
  const entries = await Promise.all(commits.map((c) => c.entry));
  const versions: DataVersion[] = [];
  // Walk oldest → newest so "changed" means "differs from the previous present version".
  let previousId: string | undefined;
  for (let i = commits.length - 1; i >= 0; i--) {
    const entry = entries[i];
    const id = entry ? contentId(entry) : undefined;
    if (!entry || id === undefined || id === previousId) continue;
    previousId = id;
    versions.push(toVersion(commits[i]!, entry));
  }
  return versions.reverse();
}

/**
 * Blob ids and `<commit>:<path>` names are immutable, so their parse holds for the life of the process (null: the
 * object holds no entry for the path). Only answers are kept: a read that failed is asked again next time.
 */
const parsedPointers = new Map<string, HashEntry | null>();
const MAX_PARSED = 200_000;

function remember(key: string, entry: HashEntry | undefined): void {
  if (parsedPointers.size >= MAX_PARSED) parsedPointers.clear();
  parsedPointers.set(key, entry ?? null);
}

/** Forgets every parsed pointer blob (benchmarks measuring a cold start). */
export function forgetParsedPointers(): void {
  parsedPointers.clear();
}

function targetKey({ pointer, pointerPath }: VersionQuery): string {
  return pointer.kind === 'dvc' ? `dvc\0${pointerPath}` : `lock\0${pointer.stage}\0${pointerPath}`;
}

interface LoggedCommit {
  commit: string;
  author: string;
  date: string;
  subject: string;
  /** The pointer's blob id, or `<commit>:./<path>` for merges (which list no raw change); none when deleted. */
  object?: string;
  entry?: HashEntry | Promise<HashEntry | undefined>;
}

function parseRecord(record: string, pointerFile: string): LoggedCommit {
  const eol = record.indexOf('\n');
  const [commit = '', author = '', date = '', subject = ''] = (eol < 0 ? record : record.slice(0, eol)).split(FIELD);
  const logged: LoggedCommit = { commit, author, date, subject };
  // ":100644 100644 <old> <new> M\t<path>" — merges list no raw change.
  const change = eol < 0 ? -1 : record.indexOf('\n:', eol - 1);
  if (change < 0) {
    logged.object = `${commit}:./${pointerFile}`;
    return logged;
  }
  const fields = record.slice(change + 2, record.indexOf('\t', change)).split(' ');
  const blob = fields[3];
  if (blob && !/^0+$/.test(blob)) logged.object = blob;
  return logged;
}

function parseAtCommit(query: VersionQuery, text: string, object: string): HashEntry | undefined {
  try {
    return entryInPointer(query, text);
  } catch (error) {
    // A pointer that did not parse at some commit is not a version we can offer; the rest of history still is.
    if (error instanceof DvcFileError) return undefined;
    throw new Error(`${query.pointer.file} (git object ${object.slice(0, 12)}): ${(error as Error).message}`);
  }
}

function toVersion(commit: LoggedCommit, entry: HashEntry): DataVersion {
  const version: DataVersion = { commit: commit.commit, author: commit.author, date: commit.date, subject: commit.subject, entry };
  if (entry.md5 !== undefined) version.md5 = entry.md5;
  if (entry.size !== undefined) version.size = entry.size;
  if (entry.nfiles !== undefined) version.nfiles = entry.nfiles;
  return version;
}
