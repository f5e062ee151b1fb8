// Reads many git objects through one `git cat-file --batch` process instead of one `git show` per commit, and
// streams: names can be requested while the caller is still reading `git log`, so both processes work at once.
// One process per repository is kept for a few seconds after its last read, because the Data view asks again on
// every expand and refresh; while idle it holds nothing that keeps Node running, so the CLI exits at once.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import type { Socket } from 'node:net';

/** The blob id and text of an object; undefined where the name does not resolve to a blob. */
export interface GitBlob {
  sha: string;
  text: string;
}

interface Pending {
  name: string;
  resolve: (blob: GitBlob | undefined) => void;
  reject: (error: Error) => void;
}

const IDLE_MS = 5_000;
const readers = new Map<string, CatFileBatch>();

/** Reads objects by name as git accepts them: a blob id, or `<rev>:./<path>`. */
export function readObject(cwd: string, name: string): Promise<GitBlob | undefined> {
  let reader = readers.get(cwd);
  if (!reader || reader.exited) {
    reader = new CatFileBatch(cwd, () => {
      if (readers.get(cwd) === reader) readers.delete(cwd);
    });
    readers.set(cwd, reader);
  }
  return reader.read(name);
}

export function readBlobs(cwd: string, names: string[]): Promise<(GitBlob | undefined)[]> {
  return Promise.all(names.map((name) => readObject(cwd, name)));
}

/**
 * Runs git and hands its output over chunk by chunk. GIT_FLUSH=0: when writing to a pipe, `git log` otherwise
 * flushes after every commit, which costs Node one read (and one event) per commit — most of its time here.
 */
export function streamGit(cwd: string, args: string[], onChunk: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: { ...process.env, GIT_FLUSH: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.on('data', onChunk);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', (error) => reject(new Error(`git ${args[0]} could not start in ${cwd}: ${error.message} — is git installed and on PATH?`)));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`git ${args[0]} failed in ${cwd} (exit ${code}): ${stderr.trim()}`));
    });
  });
}

/** Ends every kept `git cat-file` process; resolves once they have exited (benchmarks measuring a cold start). */
export function closeObjectReaders(): Promise<void> {
  const exits = [...readers.values()].map((reader) => reader.close({ awaited: true }));
  readers.clear();
  return Promise.all(exits).then(() => undefined);
}

/**
 * `--batch-command --buffer` (git 2.36+) answers a whole request batch in one flush; `--batch` writes every object
 * piece by piece, a pipe read each in Node. Older git rejects the option with a usage error, and from then on this
 * process uses `--batch`.
 */
let batchCommand = true;
const USAGE_ERROR = 129;

class CatFileBatch {
  exited = false;
  private child!: ChildProcessWithoutNullStreams;
  private exit!: Promise<void>;
  private readonly waiting: Pending[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  private stderr = '';
  private outgoing: string[] = [];
  private idle: NodeJS.Timeout | undefined;
  private answered = false;

  constructor(
    private readonly cwd: string,
    private readonly onExit: () => void,
  ) {
    this.start();
  }

  private start(): void {
    const child = spawn('git', ['cat-file', ...(batchCommand ? ['--batch-command', '--buffer'] : ['--batch'])], {
      cwd: this.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    this.stderr = '';
    child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    child.stdin.on('error', () => undefined);
    this.exit = new Promise((resolve) => {
      // A process that could not start reports 'error' and may never close.
      child.on('error', (error) => {
        this.fail(error);
        resolve();
      });
      child.on('close', (code) => {
        if (code === USAGE_ERROR && batchCommand && !this.answered) {
          batchCommand = false;
          this.restart();
        } else {
          this.fail(new Error(`git cat-file failed in ${this.cwd} (exit ${code}): ${this.stderr.trim() || 'output ended early'}`));
          this.onExit();
        }
        resolve();
      });
    });
  }

  /** The names already sent go again to a `--batch` process, in order, before any still queued. */
  private restart(): void {
    const sent = this.waiting.slice(0, this.waiting.length - this.outgoing.length).map((p) => p.name);
    this.start();
    this.setRef(this.waiting.length > 0);
    if (sent.length > 0) this.child.stdin.write(`${sent.join('\n')}\n`);
  }

  read(name: string): Promise<GitBlob | undefined> {
    return new Promise((resolve, reject) => {
      if (this.waiting.length === 0) this.hold();
      this.waiting.push({ name, resolve, reject });
      // Names asked for in one tick go to git in one write.
      if (this.outgoing.length === 0) queueMicrotask(() => this.flush());
      this.outgoing.push(name);
    });
  }

  /** `awaited`: the caller waits for the exit, so the process must keep Node running until then. */
  close({ awaited = false } = {}): Promise<void> {
    clearTimeout(this.idle);
    if (awaited) this.setRef(true);
    if (!this.exited) this.child.stdin.end();
    return this.exit;
  }

  private flush(): void {
    if (this.outgoing.length === 0 || this.exited) return;
    const names = this.outgoing.join(batchCommand ? '\ncontents ' : '\n');
    this.child.stdin.write(batchCommand ? `contents ${names}\nflush\n` : `${names}\n`);
    this.outgoing = [];
  }

  /** Reads are in flight: the process and its pipes keep Node alive until they are answered. */
  private hold(): void {
    clearTimeout(this.idle);
    this.setRef(true);
  }

  private release(): void {
    this.setRef(false);
    this.idle = setTimeout(() => this.close(), IDLE_MS);
    this.idle.unref();
  }

  private setRef(on: boolean): void {
    // A child's stdio pipes are net.Sockets, typed as plain streams.
    const pipes = [this.child.stdin, this.child.stdout, this.child.stderr] as unknown as Socket[];
    for (const handle of [this.child, ...pipes]) {
      if (on) handle.ref();
      else handle.unref();
    }
  }

  private fail(error: Error): void {
    if (this.exited) return;
    this.exited = true;
    clearTimeout(this.idle);
    for (const pending of this.waiting.splice(0)) pending.reject(error);
  }

  private answer(blob: GitBlob | undefined): void {
    this.answered = true;
    this.waiting.shift()?.resolve(blob);
    if (this.waiting.length === 0) this.release();
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    let pos = 0;
    for (;;) {
      const eol = this.buffer.indexOf(0x0a, pos);
      if (eol < 0) break;
      // "<sha> <type> <size>" for a found object; "<name> missing" / "<name> ambiguous" otherwise.
      const [sha = '', type, sizeText] = this.buffer.toString('latin1', pos, eol).split(' ');
      const size = Number(sizeText);
      if (sizeText === undefined || !Number.isInteger(size) || !/^[0-9a-f]{40,64}$/.test(sha)) {
        pos = eol + 1;
        this.answer(undefined);
        continue;
      }
      if (this.buffer.length < eol + 1 + size + 1) break;
      const text = this.buffer.toString('utf8', eol + 1, eol + 1 + size);
      pos = eol + 1 + size + 1;
      this.answer(type === 'blob' ? { sha, text } : undefined);
    }
    this.buffer = this.buffer.subarray(pos);
  }
}
