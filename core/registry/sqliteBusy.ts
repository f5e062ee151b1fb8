// Waiting on a locked MLflow SQLite store. SQLite's own busy handler backs off in steps up to 100 ms, so against a
// process that writes back to back (a training loop logging metrics) it almost never gets the lock. Retrying every
// millisecond or two until a deadline catches the short gaps between that process's transactions.

/** SQLite's own wait per attempt when `retryWhileBusy` does the rest of the waiting. */
export const SQLITE_WAIT_MS = 2;

export function isBusy(error: unknown): boolean {
  const e = error as { code?: string; errcode?: number; message?: string };
  return e?.code === 'SQLITE_BUSY' || e?.errcode === 5 || /database is locked/i.test(e?.message ?? '');
}

export async function retryWhileBusy<T>(fn: () => T, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return fn();
    } catch (error) {
      if (!isBusy(error) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1 + Math.random()));
    }
  }
}

/** The same, blocking, for the few places that cannot await (a constructor reading the schema). */
export function retryWhileBusySync<T>(fn: () => T, timeoutMs: number): T {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return fn();
    } catch (error) {
      if (!isBusy(error) || Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}
