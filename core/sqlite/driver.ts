// One SQLite interface over two drivers. better-sqlite3 is a native module built for one Node ABI: it loads in the
// CLI (Node 20) and wherever the packaged build matches the host, but not in an extension host running another Node
// (code-server 4.139.1 runs Node 24, desktop VS Code runs Electron). Node >= 22.13 ships `node:sqlite` built in, so
// that is the fallback. Which one loaded is reported, so a failure can name the fix.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export type SqlValue = string | number | bigint | null | Uint8Array;
export type SqlRow = Record<string, SqlValue>;

export interface SqlStatement {
  all(...params: SqlValue[]): SqlRow[];
  get(...params: SqlValue[]): SqlRow | undefined;
  run(...params: SqlValue[]): { changes: number | bigint };
}

export interface SqlDatabase {
  readonly driver: SqliteDriverName;
  prepare(sql: string): SqlStatement;
  exec(sql: string): void;
  /** Runs fn inside BEGIN IMMEDIATE … COMMIT, rolling back when it throws. */
  transaction<T>(fn: () => T): T;
  close(): void;
}

export type SqliteDriverName = 'better-sqlite3' | 'node:sqlite';

export interface OpenOptions {
  readonly?: boolean;
  /** Milliseconds to wait on a locked database before SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

export class SqliteUnavailableError extends Error {
  constructor(reasons: string[]) {
    super(
      `No SQLite driver loads in this runtime (Node ${process.versions.node}, ABI ${process.versions.modules}). ` +
        `${reasons.join('; ')}. Fix: run on Node 22.13+ or VS Code 1.96+ (both have node:sqlite), install better-sqlite3 ` +
        `12 where it can load (npm install better-sqlite3 beside the CLI, or npm rebuild better-sqlite3 with the host's Node), ` +
        `or use an http(s):// tracking server.`,
    );
    this.name = 'SqliteUnavailableError';
  }
}

type Opener = (path: string, options: OpenOptions) => SqlDatabase;

const requireHere = createRequire(__filename);
let cachedOpener: Opener | undefined;
const loadFailures: string[] = [];
// The extension's lazily loaded bundles each hold their own copy of this module; the configured folder is shared
// through a global so that every copy loads the same native build.
const NATIVE_DIR_KEY = Symbol.for('mlops-workbench.sqlite.nativeBuildsDir');
const shared = globalThis as { [NATIVE_DIR_KEY]?: string };

/**
 * The packaged extension ships better-sqlite3's JavaScript (native/better-sqlite3/js) and its builds per Node ABI
 * (native/better-sqlite3/node-v<ABI>-<platform>-<arch>/); a host calls this before the first open so the build
 * matching its runtime is used.
 */
export function useNativeBuilds(dir: string): void {
  shared[NATIVE_DIR_KEY] = dir;
  cachedOpener = undefined;
  loadFailures.length = 0;
}

export function nativeBuildFolderName(): string {
  return `node-v${process.versions.modules}-${process.platform}-${process.arch}`;
}

export function openSqlite(path: string, options: OpenOptions = {}): SqlDatabase {
  cachedOpener ??= pickOpener();
  return cachedOpener(path, options);
}

/** Which driver this runtime uses, without opening a file; undefined when none loads. */
export function availableSqliteDriver(): SqliteDriverName | undefined {
  try {
    cachedOpener ??= pickOpener();
    return cachedOpener === openWithBetterSqlite ? 'better-sqlite3' : 'node:sqlite';
  } catch {
    return undefined;
  }
}

function pickOpener(): Opener {
  const order: Array<[SqliteDriverName, () => Opener]> = [
    ['better-sqlite3', loadBetterSqlite],
    ['node:sqlite', loadNodeSqlite],
  ];
  if (preferNodeSqlite()) order.reverse();
  for (const [name, load] of order) {
    try {
      return load();
    } catch (error) {
      loadFailures.push(`${name}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  throw new SqliteUnavailableError(loadFailures);
}

/**
 * Node 24.19 made node::ObjectWrap register an environment cleanup hook, and better-sqlite3 <= 12 (ObjectWrap-based;
 * 13 needs Node 22, the CLI's runtime is 20) then aborts the whole process when a garbage-collected Statement or
 * Database is finalised ("Assertion failed: (env) != nullptr" in RemoveEnvironmentCleanupHook). On such a runtime
 * — code-server's extension host among them — the built-in node:sqlite is the safe first choice.
 */
function preferNodeSqlite(): boolean {
  const forced = process.env.MLOPS_SQLITE_DRIVER;
  if (forced === 'node:sqlite') return true;
  if (forced === 'better-sqlite3') return false;
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return major > 24 || (major === 24 && minor >= 19);
}

type BetterSqliteModule = typeof import('better-sqlite3');
let betterSqlite: BetterSqliteModule | undefined;
let nativeBinding: string | undefined;

function loadBetterSqlite(): Opener {
  const nativeBuildsDir = shared[NATIVE_DIR_KEY];
  if (nativeBuildsDir) {
    const candidate = join(nativeBuildsDir, nativeBuildFolderName(), 'better_sqlite3.node');
    if (!existsSync(candidate)) throw new Error(`no build for this runtime at ${candidate}`);
    nativeBinding = candidate;
  }
  // With native builds configured, better-sqlite3's JavaScript sits beside them (native/better-sqlite3/js).
  betterSqlite = requireHere(nativeBuildsDir ? join(nativeBuildsDir, 'js') : 'better-sqlite3') as BetterSqliteModule;
  // Opening an in-memory database proves the native binding matches this ABI.
  new betterSqlite(':memory:', nativeBinding ? { nativeBinding } : {}).close();
  return openWithBetterSqlite;
}

function openWithBetterSqlite(path: string, options: OpenOptions): SqlDatabase {
  const Database = betterSqlite!;
  const db = new Database(path, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
    timeout: options.busyTimeoutMs ?? 5000,
    ...(nativeBinding ? { nativeBinding } : {}),
  });
  db.defaultSafeIntegers(false);
  return {
    driver: 'better-sqlite3',
    prepare: (sql) => db.prepare(sql) as unknown as SqlStatement,
    exec: (sql) => void db.exec(sql),
    transaction: <T>(fn: () => T) => db.transaction(fn).immediate(),
    close: () => db.close(),
  };
}

interface NodeSqliteModule {
  DatabaseSync: new (
    path: string,
    options?: { readOnly?: boolean; timeout?: number },
  ) => {
    prepare(sql: string): SqlStatement;
    exec(sql: string): void;
    close(): void;
  };
}
let nodeSqlite: NodeSqliteModule | undefined;

function loadNodeSqlite(): Opener {
  nodeSqlite = requireHere('node:sqlite') as NodeSqliteModule;
  return openWithNodeSqlite;
}

function openWithNodeSqlite(path: string, options: OpenOptions): SqlDatabase {
  const db = new nodeSqlite!.DatabaseSync(path, {
    readOnly: options.readonly ?? false,
    timeout: options.busyTimeoutMs ?? 5000,
  });
  return {
    driver: 'node:sqlite',
    prepare: (sql) => db.prepare(sql),
    exec: (sql) => db.exec(sql),
    transaction: <T>(fn: () => T) => {
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = fn();
        db.exec('COMMIT');
        return result;
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    close: () => db.close(),
  };
}
