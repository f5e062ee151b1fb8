// A promotion on SQLite is all or nothing: a second real process takes a lock in the middle of it (right after the
// stage change), and afterwards the store holds either the old state, or the new state with its audit tags and a
// journal entry that undo finds — never a stage change without the rest.
import assert from 'node:assert/strict';
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PromotionJournal } from '../../../core/registry/journal';
import { AUDIT_TAGS, promote, undoLastPromotion } from '../../../core/registry/promotion';
import type { ModelRegistry } from '../../../core/registry/registry';
import { SqliteRegistry } from '../../../core/registry/sqliteRegistry';
import { createHeadStore, seedModel, tempDir } from '../../support/registryStores';
import { openUri } from '../../support/locations';

const dir = tempDir('promotion-lock');
const CHILDREN = join(__dirname, '..', '..', 'support', 'children');
const BUSY_TIMEOUT_MS = 400;
let holder: ChildProcess | undefined;

interface StoreState {
  stages: Record<string, string>;
  aliases: Record<string, string>;
  audit: Record<string, string | undefined>;
}

const OLD: StoreState = { stages: { '1': 'Production', '2': 'None' }, aliases: {}, audit: { by: undefined, from: undefined } };
const NEW: StoreState = { stages: { '1': 'Archived', '2': 'Production' }, aliases: { champion: '2' }, audit: { by: 'ana', from: 'None' } };

after(() => {
  if (holder?.exitCode === null) holder.kill('SIGKILL');
  dir.remove();
});

function store(name: string): string {
  return join(dir.path, `${name}.db`);
}

function seed(path: string): void {
  const db = createHeadStore(path);
  seedModel(db, 'fraud-detection', [
    { version: 1, stage: 'Production', runId: '1'.repeat(32), metrics: { accuracy: 0.91 } },
    { version: 2, runId: '2'.repeat(32), metrics: { accuracy: 0.95 } },
  ]);
  db.close();
}

function reply<T>(child: ChildProcess, key: string): Promise<T> {
  return new Promise((resolve) => {
    const listener = (message: unknown): void => {
      if (typeof message === 'object' && message !== null && key in message) {
        child.off('message', listener);
        resolve(message as T);
      }
    };
    child.on('message', listener);
  });
}

/** The real registry, except that right after the stage change it has the other process take its lock. */
function lockAfterStageChange(registry: SqliteRegistry, holder: ChildProcess, holdMs: number, taken: string[]): ModelRegistry {
  const hooked = Object.create(registry) as SqliteRegistry;
  hooked.transitionStage = async function (this: SqliteRegistry, ...args: Parameters<ModelRegistry['transitionStage']>) {
    const result = await SqliteRegistry.prototype.transitionStage.apply(this, args);
    const locked = reply<{ lock: string }>(holder, 'lock');
    holder.send({ holdMs });
    taken.push((await locked).lock);
    return result;
  };
  return hooked;
}

async function readState(path: string): Promise<StoreState> {
  const registry = new SqliteRegistry(path);
  try {
    const versions = await registry.listVersions('fraud-detection');
    const model = await registry.getModel('fraud-detection');
    const v2 = versions.find((v) => v.version === '2')!;
    return {
      stages: Object.fromEntries(versions.map((v) => [v.version, v.stage])),
      aliases: model.aliases,
      audit: { by: v2.tags[AUDIT_TAGS.by], from: v2.tags[AUDIT_TAGS.from] },
    };
  } finally {
    registry.close();
  }
}

/** Never a mix: the old state, or the new one with its audit tags and an undoable journal entry. */
async function assertWhole(path: string, journal: PromotionJournal): Promise<StoreState> {
  const state = await readState(path);
  const isOld = JSON.stringify(state) === JSON.stringify(OLD);
  const isNew = JSON.stringify(state) === JSON.stringify(NEW) && journal.lastUndoable()?.version === '2';
  assert.ok(isOld || isNew, `a partial promotion: ${JSON.stringify(state)}, journal ${JSON.stringify(journal.entries().map((e) => e.type))}`);
  return state;
}

async function promoteWithLock(name: string, holdMs: number): Promise<{ error?: Error; taken: string[]; journal: PromotionJournal; path: string }> {
  const path = store(name);
  seed(path);
  const child = fork(join(CHILDREN, 'sqliteLockHolder.ts'), [path], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  holder = child;
  await new Promise<void>((resolve) => child.once('message', () => resolve()));
  const registry = new SqliteRegistry(path, { busyTimeoutMs: BUSY_TIMEOUT_MS });
  const journal = new PromotionJournal(join(dir.path, name, 'promotions.jsonl'));
  const taken: string[] = [];
  const released = reply(child, 'released');
  const ctx = { registry: lockAfterStageChange(registry, child, holdMs, taken), metrics: openUri(`sqlite:///${path}`).runMetrics, policy: undefined, journal, store: `sqlite:///${path}` };
  let error: Error | undefined;
  try {
    await promote(ctx, { model: 'fraud-detection', version: '2', stage: 'Production', archiveExisting: true, alias: 'champion', actor: 'ana' });
  } catch (caught) {
    error = caught as Error;
  }
  await released;
  registry.close();
  child.send('exit');
  return { ...(error ? { error } : {}), taken, journal, path };
}

test('a lock held past the busy timeout mid-promotion leaves the old state and no undoable journal entry', async () => {
  const { error, taken, journal, path } = await promoteWithLock('long-hold', BUSY_TIMEOUT_MS * 4);
  assert.deepEqual(await assertWhole(path, journal), OLD);
  // Inside one BEGIN IMMEDIATE transaction the other process can only read-lock, which blocks the commit.
  assert.deepEqual(taken, ['shared']);
  assert.match(error?.message ?? '', /database is locked|SQLITE_BUSY/i);
  assert.equal(journal.lastUndoable(), undefined);
  assert.deepEqual(
    journal.entries().map((e) => e.type),
    ['promotion', 'aborted'],
  );
});

test('a lock released within the busy timeout lets the promotion commit whole, journaled and undoable', async () => {
  const { error, taken, journal, path } = await promoteWithLock('short-hold', 100);
  assert.deepEqual(await assertWhole(path, journal), NEW);
  assert.equal(error, undefined);
  assert.deepEqual(taken, ['shared']);
  const entry = journal.lastUndoable();
  assert.equal(entry?.version, '2');
  assert.deepEqual(entry?.after.stages, NEW.stages);

  const registry = new SqliteRegistry(path);
  const undone = await undoLastPromotion({ registry, metrics: openUri(`sqlite:///${path}`).runMetrics, policy: undefined, journal, store: `sqlite:///${path}` }, { actor: 'ana' });
  registry.close();
  assert.equal(undone.undone.id, entry?.id);
  assert.deepEqual(await readState(path), OLD);
});
