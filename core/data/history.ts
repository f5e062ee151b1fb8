// Versions of a tracked path: the commits that changed its pointer (the `.dvc` file or its `dvc.lock` entry), newest
// first. A commit touching the pointer without changing the content hash (a reformat, another output of the same
// lock) is not a new version. One `git log` pass plus one `git cat-file --batch` read, whatever the history length.
import { posix } from 'node:path';
import { simpleGit } from 'simple-git';
import { DvcFileError } from './dvcFileError';
import { readBlobs } from './gitObjects';
import { contentId, type HashEntry } from './outEntry';
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
  const pointerFile = query.pointer.file;
  const log = await simpleGit(query.projectRoot).raw(['log', `--format=%H${FIELD}%an${FIELD}%aI${FIELD}%s${RECORD}`, '--', pointerFile]);
  const commits = log
    .split(RECORD)
    .map((record) => record.trim())
    .filter((record) => record !== '')
    .map((record) => {
      const [commit = '', author = '', date = '', subject = ''] = record.split(FIELD);
      return { commit, author, date, subject };
    });
  const blobs = await readBlobs(
    query.projectRoot,
    commits.map((c) => `${c.commit}:./${posix.normalize(pointerFile)}`),
  );
  const parsedBySha = new Map<string, HashEntry | undefined>();
  const entries = blobs.map((blob, i) => {
    if (!blob) return undefined;
    if (!parsedBySha.has(blob.sha)) parsedBySha.set(blob.sha, parseAtCommit(query, blob.text, commits[i]!.commit));
    return parsedBySha.get(blob.sha);
  });
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

function parseAtCommit(query: VersionQuery, text: string, commit: string): HashEntry | undefined {
  try {
    return entryInPointer(query, text);
  } catch (error) {
    // A pointer that did not parse at some commit is not a version we can offer; the rest of history still is.
    if (error instanceof DvcFileError) return undefined;
    throw new Error(`${query.pointer.file} at ${commit.slice(0, 8)}: ${(error as Error).message}`);
  }
}

function toVersion(commit: { commit: string; author: string; date: string; subject: string }, entry: HashEntry): DataVersion {
  const version: DataVersion = { ...commit, entry };
  if (entry.md5 !== undefined) version.md5 = entry.md5;
  if (entry.size !== undefined) version.size = entry.size;
  if (entry.nfiles !== undefined) version.nfiles = entry.nfiles;
  return version;
}
