// Reads many git objects through one `git cat-file --batch` process instead of one `git show` per commit, and
// streams: names can be requested while the caller is still reading `git log`, so both processes work at once.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

/** The blob id and text of an object; undefined where the name does not resolve to a blob. */
export interface GitBlob {
  sha: string;
  text: string;
}

export class CatFileBatch {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: ((blob: GitBlob | undefined) => void)[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  private stderr = '';
  private outgoing: string[] = [];
  private readonly closed: Promise<void>;

  constructor(readonly cwd: string) {
    this.child = spawn('git', ['cat-file', '--batch', '--buffer'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.closed = new Promise((resolve, reject) => {
      this.child.on('error', reject);
      this.child.on('close', (code) => {
        if (code === 0 && this.waiting.length === 0) resolve();
        else reject(new Error(`git cat-file --batch failed in ${cwd} (exit ${code}): ${this.stderr.trim() || 'output ended early'}`));
      });
    });
    // Callers see failures through close(); this keeps an early failure from being reported as unhandled.
    this.closed.catch(() => undefined);
  }

  /** Object names as git accepts them: a blob id, or `<rev>:./<path>`. */
  read(name: string): Promise<GitBlob | undefined> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      // Names asked for in one tick go to git in one write.
      if (this.outgoing.length === 0) queueMicrotask(() => this.flush());
      this.outgoing.push(name);
    });
  }

  close(): Promise<void> {
    this.flush();
    this.child.stdin.end();
    return this.closed;
  }

  private flush(): void {
    if (this.outgoing.length === 0) return;
    this.child.stdin.write(`${this.outgoing.join('\n')}\n`);
    this.outgoing = [];
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    let pos = 0;
    for (;;) {
      const eol = this.buffer.indexOf(0x0a, pos);
      if (eol < 0) break;
      // "<sha> <type> <size>" for a found object; "<name> missing" / "<name> ambiguous" otherwise.
      const match = /^([0-9a-f]{40,64}) (\w+) (\d+)$/.exec(this.buffer.toString('utf8', pos, eol));
      if (!match) {
        this.waiting.shift()?.(undefined);
        pos = eol + 1;
        continue;
      }
      const size = Number(match[3]);
      if (this.buffer.length < eol + 1 + size + 1) break;
      const text = this.buffer.toString('utf8', eol + 1, eol + 1 + size);
      this.waiting.shift()?.(match[2] === 'blob' ? { sha: match[1]!, text } : undefined);
      pos = eol + 1 + size + 1;
    }
    this.buffer = this.buffer.subarray(pos);
  }
}

export async function readBlobs(cwd: string, names: string[]): Promise<(GitBlob | undefined)[]> {
  const batch = new CatFileBatch(cwd);
  const blobs = Promise.all(names.map((name) => batch.read(name)));
  await batch.close();
  return blobs;
}
