// Versions of a tracked path: the commits that changed its pointer (the `.dvc` file or its `dvc.lock` entry), newest
// first. A commit touching the pointer without changing the content hash (a reformat, another output of the same
// lock) is not a new version. One `git log` pass plus one `git cat-file --batch` read, whatever the history length.
import { posix } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { simpleGit } from 'simple-git';
import { DvcFileError } from './dvcFileError';
import { CatFileBatch } from './gitObjects';
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
  const pointerFile = posix.normalize(query.pointer.file);
  const batch = new CatFileBatch(query.projectRoot);
  const commits: LoggedCommit[] = [];
  const parsed = new Map<string, Promise<HashEntry | undefined>>();
  const request = (object: string): Promise<HashEntry | undefined> => {
    let entry = parsed.get(object);
    if (!entry) {
      entry = batch.read(object).then((blob) => (blob ? parseAtCommit(query, blob.text, object) : undefined));
      parsed.set(object, entry);
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
  const git = simpleGit(query.projectRoot).outputHandler((_command, stdout) => {
    stdout.on('data', (chunk: Buffer) => take(decoder.write(chunk), false));
  });
  try {
    await git.raw(['log', `--format=${RECORD}%H${FIELD}%an${FIELD}%aI${FIELD}%s`, '--raw', '--no-renames', '--no-abbrev', '--', pointerFile]);
    take(decoder.end(), true);
  } finally {
    await batch.close();
  }
  const entries = await Promise.all(commits.map((c) => c.entry));
  const versions: DataVersion[] = [];
  // Walk oldest → newest so "changed" means "differs from the previous present version".
  let previousId: string | undefined;
  for (let i = commits.length - 1; i >= 0; i--) {
    const entry = entries[i];
    const id = entry ? contentId(entry) : undefined;
    if (!entry || id === undefined || id === previousId) continue;
    previousId = id;
    const { commit, author, date, subject } = commits[i]!;
    versions.push(toVersion({ commit, author, date, subject }, entry));
  }
  return versions.reverse();
}

interface LoggedCommit {
  commit: string;
  author: string;
  date: string;
  subject: string;
  /** The pointer's blob id, or `<commit>:./<path>` for merges (which list no raw change); none when deleted. */
  object?: string;
  entry?: Promise<HashEntry | undefined>;
}

function parseRecord(record: string, pointerFile: string): LoggedCommit {
  const [header = '', ...raw] = record.split('\n');
  const [commit = '', author = '', date = '', subject = ''] = header.split(FIELD);
  // ":100644 100644 <old> <new> M\t<path>"
  const change = raw.find((line) => line.startsWith(':'));
  const blob = change?.split(' ')[3];
  const logged: LoggedCommit = { commit, author, date, subject };
  if (!change) logged.object = `${commit}:./${pointerFile}`;
  else if (blob && !/^0+$/.test(blob)) logged.object = blob;
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

function toVersion(commit: { commit: string; author: string; date: string; subject: string }, entry: HashEntry): DataVersion {
  const version: DataVersion = { ...commit, entry };
  if (entry.md5 !== undefined) version.md5 = entry.md5;
  if (entry.size !== undefined) version.size = entry.size;
  if (entry.nfiles !== undefined) version.nfiles = entry.nfiles;
  return version;
}
