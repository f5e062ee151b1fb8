// One writer at a time per registered model in an mlruns/ registry, across processes (the CLI, the extension host,
// notebook kernels running the CLI): a plain lock file created with O_EXCL, holding its owner's pid, host, start time
// and a token. MLflow's FileStore takes no lock of its own, and ignores files at the top of a model's folder, so the
// file sits there: models/<name>/.mlops-lock.
//
// A holder killed with SIGKILL leaves its file behind. A waiter treats it as stale when the owner ran on this host
// and its pid is gone, when it is older than the age limit (an owner on another host cannot be asked), or when it
// stayed empty past a short grace (killed between create and write). Stale files are removed only while holding a
// second, short-lived lock (`.mlops-lock.break`), after re-reading the file under it: two waiters can never both
// judge the same file stale and then delete a fresh lock one of them just took.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { RegistryError } from './registry';

export const LOCK_FILE = '.mlops-lock';

export interface LockOptions {
  /** How long to wait while one other writer keeps the lock before giving up. */
  timeoutMs?: number;
  /** A lock older than this is stale whoever holds it. */
  staleAfterMs?: number;
}

export interface LockOwner {
  pid: number;
  host: string;
  /** Milliseconds since the epoch. */
  since: number;
  token: string;
}

/** Lock files held by the current async flow: a write inside a locked unit joins it instead of waiting on itself. */
const heldHere = new AsyncLocalStorage<ReadonlySet<string>>();
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_STALE_AFTER_MS = 10 * 60_000;
/** An empty lock file older than this belongs to a process killed between creating and writing it. */
const EMPTY_GRACE_MS = 5_000;

/** Runs `work` while holding the lock file in `folder` (a model's folder); the lock is released however work ends. */
export async function withModelLock<T>(folder: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const path = join(folder, LOCK_FILE);
  const held = heldHere.getStore();
  if (held?.has(path)) return work();
  const owner = await acquire(path, options);
  try {
    return await heldHere.run(new Set([...(held ?? []), path]), work);
  } finally {
    release(path, owner);
  }
}

async function acquire(path: string, options: LockOptions): Promise<LockOwner> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  // The wait is measured per holder: behind a queue of writers that each finish, a waiter keeps waiting; only one
  // holder keeping the lock for the whole timeout makes it give up.
  let deadline = Date.now() + timeoutMs;
  let lastHolder: string | undefined;
  for (let attempt = 0; ; attempt++) {
    const owner: LockOwner = { pid: process.pid, host: hostname(), since: Date.now(), token: randomUUID() };
    if (tryCreate(path, owner)) return owner;
    const held = readOwner(path);
    if (held !== 'gone' && isStale(path, held, staleAfterMs)) {
      breakStale(path, held);
      continue;
    }
    const holder = held === 'gone' || held === 'empty' ? held : held.token;
    if (holder !== lastHolder && holder !== 'empty') {
      lastHolder = holder;
      deadline = Date.now() + timeoutMs;
    }
    if (Date.now() > deadline) {
      const who = held === 'gone' || held === 'empty' ? 'another process' : `pid ${held.pid} on ${held.host} since ${new Date(held.since).toISOString()}`;
      throw new RegistryError(
        `${path}: the model is locked by ${who} for more than ${timeoutMs / 1000} s. If no mlops process is running for it, delete that file.`,
        'INVALID_STATE',
      );
    }
    // Short random waits: holders keep the lock for milliseconds, and jitter keeps twenty waiters from moving in step.
    await new Promise((resolve) => setTimeout(resolve, Math.min(2 + attempt, 25) * (0.5 + Math.random())));
  }
}

function tryCreate(path: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(owner));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

function release(path: string, owner: LockOwner): void {
  const held = readOwner(path);
  // A lock judged stale (past the age limit) may have been taken over since; that one is not ours to remove.
  if (held !== 'gone' && held !== 'empty' && held.token === owner.token) unlinkSync(path);
}

function readOwner(path: string): LockOwner | 'empty' | 'gone' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.since === 'number' && typeof parsed.token === 'string') {
      return parsed as LockOwner;
    }
  } catch {
    // Empty or torn: the owner was killed before its single write finished.
  }
  return 'empty';
}

function isStale(path: string, held: LockOwner | 'empty', staleAfterMs: number): boolean {
  if (held === 'empty') return ageOf(path) > EMPTY_GRACE_MS;
  if (held.host === hostname() && !isAlive(held.pid)) return true;
  return Date.now() - held.since > staleAfterMs;
}

function ageOf(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the stale lock `judged`, unless it changed meanwhile; only one process at a time may do this. */
function breakStale(path: string, judged: LockOwner | 'empty'): void {
  const breaker = `${path}.break`;
  const me: LockOwner = { pid: process.pid, host: hostname(), since: Date.now(), token: randomUUID() };
  if (!tryCreate(breaker, me)) {
    const other = readOwner(breaker);
    // A breaker holds its lock for microseconds; one left behind belongs to a process killed while breaking.
    if (other !== 'gone' && isStale(breaker, other, EMPTY_GRACE_MS)) removeIfSame(breaker, other);
    return;
  }
  try {
    removeIfSame(path, judged);
  } finally {
    unlinkSync(breaker);
  }
}

function removeIfSame(path: string, judged: LockOwner | 'empty'): void {
  const now = readOwner(path);
  const same = now === 'empty' ? judged === 'empty' : now !== 'gone' && judged !== 'empty' && now.token === judged.token;
  if (!same) return;
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
