// Reads many git objects in one `git cat-file --batch` process instead of one `git show` per commit: the cost of
// a version listing stays one `git log` plus one bulk read, whatever the history length.
import { spawn } from 'node:child_process';

/** Contents of `<rev>:<path>` names, in order; undefined where the object does not exist. `sha` is the blob id. */
export interface GitBlob {
  sha: string;
  text: string;
}

export function readBlobs(cwd: string, names: string[]): Promise<(GitBlob | undefined)[]> {
  if (names.length === 0) return Promise.resolve([]);
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`git cat-file --batch failed in ${cwd} (exit ${code}): ${stderr.trim()}`));
        return;
      }
      try {
        resolvePromise(parseBatch(Buffer.concat(chunks), names.length));
      } catch (error) {
        reject(error);
      }
    });
    child.stdin.end(`${names.join('\n')}\n`);
  });
}

function parseBatch(out: Buffer, count: number): (GitBlob | undefined)[] {
  const results: (GitBlob | undefined)[] = [];
  let pos = 0;
  for (let i = 0; i < count; i++) {
    const eol = out.indexOf(0x0a, pos);
    if (eol < 0) throw new Error('git cat-file --batch ended early.');
    const header = out.toString('utf8', pos, eol);
    pos = eol + 1;
    // "<sha> <type> <size>" for a found object; "<name> missing" / "<name> ambiguous" otherwise.
    const match = /^([0-9a-f]{40,64}) (\w+) (\d+)$/.exec(header);
    if (!match) {
      results.push(undefined);
      continue;
    }
    const size = Number(match[3]);
    results.push(match[2] === 'blob' ? { sha: match[1]!, text: out.toString('utf8', pos, pos + size) } : undefined);
    pos += size + 1;
  }
  return results;
}
