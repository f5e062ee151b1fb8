// FileStore registry writes from many real processes: twenty `mlops promote NAME V --stage Production
// --archive-existing` at once end with exactly one version in Production, every time; a lock left by a process
// killed with SIGKILL is recovered; a live holder makes waiters wait.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildSync } from 'esbuild';
import { FileRegistry } from '../../../core/registry/fileRegistry';
import { type PromotionEntry, PromotionJournal } from '../../../core/registry/journal';
import { LOCK_FILE, withModelLock } from '../../../core/registry/modelLock';
import { tempDir } from '../../support/registryStores';

const dir = tempDir('filestore-lock');
const CHILDREN = join(__dirname, '..', '..', 'support', 'children');
const MODEL = 'fraud-detection';
const PROCESSES = 20;
const REPETITIONS = 10;
const children: ChildProcess[] = [];
let cli: string;

before(() => {
  // One bundle, so each of the 200 processes starts plain node instead of compiling TypeScript.
  cli = join(dir.path, 'cli.js');
  const root = join(__dirname, '..', '..', '..');
  buildSync({ entryPoints: [join(root, 'cli', 'main.ts')], outfile: cli, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['better-sqlite3'], minify: true, logLevel: 'warning' });
});
after(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  dir.remove();
});

/** An mlruns registry as MLflow's FileStore writes it: `versions` versions of one model, all in stage None. */
function mlruns(name: string, versions: number): string {
  const root = join(dir.path, name, 'mlruns');
  const model = join(root, 'models', MODEL);
  mkdirSync(model, { recursive: true });
  writeFileSync(join(model, 'meta.yaml'), `aliases: {}\ncreation_timestamp: 1700000000000\ndescription: ''\nlast_updated_timestamp: 1700000000000\nname: ${MODEL}\n`);
  for (let v = 1; v <= versions; v++) {
    mkdirSync(join(model, `version-${v}`));
    writeFileSync(
      join(model, `version-${v}`, 'meta.yaml'),
      `aliases: []\ncreation_timestamp: ${1700000000000 + v}\ncurrent_stage: None\ndescription: ''\nlast_updated_timestamp: ${1700000000000 + v}\nname: ${MODEL}\nrun_id: ''\nrun_link: ''\nsource: /tmp/model-${v}\nstatus: READY\nstatus_message: null\nstorage_location: /tmp/model-${v}\nuser_id: null\nversion: ${v}\n`,
    );
  }
  return root;
}

function run(args: string[], cwd: string): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, USER: 'racer' } });
    children.push(child);
    let err = '';
    child.stderr!.on('data', (chunk) => {
      err += chunk;
    });
    child.on('exit', (code) => resolve({ code, err }));
  });
}

async function productionVersions(root: string): Promise<string[]> {
  const versions = await new FileRegistry(root).listVersions(MODEL);
  return versions.filter((v) => v.stage === 'Production').map((v) => v.version);
}

test(`${PROCESSES} concurrent promotions to Production with --archive-existing leave exactly one, ${REPETITIONS} times in a row`, async () => {
  for (let repetition = 0; repetition < REPETITIONS; repetition++) {
    const root = mlruns(`race-${repetition}`, PROCESSES);
    const workspace = join(root, '..');
    const results = await Promise.all(
      Array.from({ length: PROCESSES }, (_, i) => run(['promote', MODEL, String(i + 1), '--stage', 'Production', '--archive-existing', '--registry-uri', root], workspace)),
    );
    for (const [i, result] of results.entries()) assert.equal(result.code, 0, `repetition ${repetition}, process ${i}: ${result.err}`);
    const production = await productionVersions(root);
    assert.equal(production.length, 1, `repetition ${repetition}: ${production.length} versions in Production (${production.join(', ')})`);
    // The promotions were serialised: each one saw the previous one's result, and the last one stands.
    const entries = new PromotionJournal(join(workspace, '.mlops', 'promotions.jsonl')).entries() as PromotionEntry[];
    assert.equal(entries.length, PROCESSES);
    for (const entry of entries) assert.equal(Object.values(entry.after.stages).filter((s) => s === 'Production').length, 1);
    for (let i = 1; i < entries.length; i++) assert.deepEqual(entries[i]!.before.stages, entries[i - 1]!.after.stages);
    assert.deepEqual(production, [entries.at(-1)!.version]);
    assert.equal(existsSync(join(root, 'models', MODEL, LOCK_FILE)), false);
    assert.deepEqual(readdirSync(join(root, 'models', MODEL)).filter((f) => f.startsWith('.')), []);
  }
});

test('a lock left by a holder killed with SIGKILL is recovered by the next writer', async () => {
  const root = mlruns('killed', 2);
  const folder = join(root, 'models', MODEL);
  const holder = spawn(process.execPath, ['--import', 'tsx', join(CHILDREN, 'modelLockHolder.ts'), folder], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(holder);
  await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
  const owner = JSON.parse(readFileSync(join(folder, LOCK_FILE), 'utf8'));
  assert.equal(owner.pid, holder.pid);
  assert.equal(owner.host, hostname());
  const exited = new Promise((resolve) => holder.once('exit', resolve));
  holder.kill('SIGKILL');
  await exited;
  assert.equal(existsSync(join(folder, LOCK_FILE)), true);

  const started = Date.now();
  const result = await run(['promote', MODEL, '2', '--stage', 'Production', '--registry-uri', root], join(root, '..'));
  assert.equal(result.code, 0, result.err);
  assert.deepEqual(await productionVersions(root), ['2']);
  assert.equal(existsSync(join(folder, LOCK_FILE)), false);
  assert.ok(Date.now() - started < 10_000, 'recovered without waiting for the age limit');
});

test('a live holder makes a writer wait, and a lock older than the age limit is taken over', async () => {
  const root = mlruns('waiting', 2);
  const folder = join(root, 'models', MODEL);
  const registry = new FileRegistry(root, { lock: { timeoutMs: 300 } });
  let release = (): void => undefined;
  const holding = new Promise<void>((locked) => {
    void withModelLock(folder, () => {
      locked();
      return new Promise<void>((resolve) => {
        release = resolve;
      });
    });
  });
  await holding;
  // This call is not inside the holder's unit, so it waits like a writer in another process would.
  await assert.rejects(registry.transitionStage(MODEL, '1', 'Staging', false), /fraud-detection.\.mlops-lock: the model is locked by pid \d+ on .* for more than 0\.3 s/);
  release();
  assert.equal((await registry.getVersion(MODEL, '1')).stage, 'None');

  // An owner on another host cannot be asked whether it lives; past the age limit its lock is stale.
  writeFileSync(join(folder, LOCK_FILE), JSON.stringify({ pid: 1, host: 'elsewhere', since: Date.now() - 60_000, token: 'old' }));
  const patient = new FileRegistry(root, { lock: { timeoutMs: 300, staleAfterMs: 30_000 } });
  assert.equal((await patient.transitionStage(MODEL, '1', 'Staging', false)).stage, 'Staging');
  writeFileSync(join(folder, LOCK_FILE), JSON.stringify({ pid: 1, host: 'elsewhere', since: Date.now(), token: 'fresh' }));
  await assert.rejects(patient.transitionStage(MODEL, '2', 'Staging', false), /locked by pid 1 on elsewhere/);
});
