// The runs table model against its baselines, in one run (issue 13):
//  1. sort + filter + first page of 100,000 runs in mlflow.db: a fresh table session (its first screen: the store's
//     first page of the query, then the page's runs) ≤ 1.5× the same query written by hand in SQL;
//  2. the table model of 10,000 runs in mlruns/ (a cold store, the whole order, the columns and the first screen)
//     ≤ 1.2× the store's own cold scan of the same runs.
// Run: node --import tsx test/bench/runs-table.bench.ts
import { loadavg } from 'node:os';
import Database from 'better-sqlite3';
import { RunsTableSession } from '../../core/runsTable/session';
import { EMPTY_QUERY, type TableQuery } from '../../core/runsTable/tableQuery';
import { FileStore } from '../../core/tracking/file/fileStore';
import { SqliteStore } from '../../core/tracking/sqlite/sqliteStore';
import { FILE_BENCH_RUNS, fileBenchStore, medianMs, SQLITE_BENCH_RUNS, sqliteBenchStore } from '../support/benchStores';

const PAGE = 100;
const dbPath = sqliteBenchStore();
const mlruns = fileBenchStore();

const HAND_SQL = `
  SELECT r.run_uuid FROM runs r
  JOIN latest_metrics m1 ON m1.run_uuid = r.run_uuid AND m1.key = 'm1'
  JOIN params p1 ON p1.run_uuid = r.run_uuid AND p1.key = 'p1'
  LEFT JOIN latest_metrics m2 ON m2.run_uuid = r.run_uuid AND m2.key = 'm2'
  WHERE r.experiment_id = 0 AND r.lifecycle_stage = 'active' AND m1.value > 0.5 AND p1.value = 'a'
  ORDER BY m2.value DESC, r.start_time DESC, r.run_uuid LIMIT ${PAGE}`;

const raw = new Database(dbPath, { readonly: true });
const handQuery = raw.prepare(HAND_SQL);
/** The page's ids, then what a table row shows of each run: its fields, latest metrics, params and tags. */
function handWritten(): string[] {
  const ids = (handQuery.all() as Array<{ run_uuid: string }>).map((r) => r.run_uuid);
  const marks = ids.map(() => '?').join(',');
  raw.prepare(`SELECT run_uuid, name, status, start_time, end_time, user_id, artifact_uri FROM runs WHERE run_uuid IN (${marks})`).all(...ids);
  raw.prepare(`SELECT run_uuid, key, value, timestamp, step, is_nan FROM latest_metrics WHERE run_uuid IN (${marks})`).all(...ids);
  raw.prepare(`SELECT run_uuid, key, value FROM params WHERE run_uuid IN (${marks})`).all(...ids);
  raw.prepare(`SELECT run_uuid, key, value FROM tags WHERE run_uuid IN (${marks})`).all(...ids);
  return ids;
}

const store = new SqliteStore(dbPath);
const QUERY: TableQuery = {
  ...EMPTY_QUERY,
  filter: 'metrics.m1 > 0.5',
  columnFilters: { 'params.p1': 'a' },
  sort: { column: 'metrics.m2', descending: true },
};
/** A table opened on the query: its first screen of rows, cells and all. */
async function viaTable(): Promise<string[]> {
  const session = new RunsTableSession(store, ['0']);
  await session.preview(QUERY, PAGE);
  return (await session.window(0, PAGE)).map((row) => row.run!.runId);
}

async function coldScan(): Promise<number> {
  const files = new FileStore(mlruns);
  return (await files.searchRuns({ experimentIds: ['0'], maxResults: 50_000 })).items.length;
}

async function coldTable(): Promise<number> {
  const session = new RunsTableSession(new FileStore(mlruns), ['0']);
  const state = await session.apply(EMPTY_QUERY);
  await session.window(0, 50);
  return state!.runCount;
}

(async () => {
  console.log(`machine load (1, 5, 15 min): ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
  // The quick filter "a" on p1 is ILIKE '%a%': the same runs as p1 = 'a', since p1 is one of a, b, c, d.
  const [hand, table] = [handWritten(), await viaTable()];
  if (hand.join() !== table.join() || hand.length !== PAGE) throw new Error('the table and the hand-written SQL disagree on the first page');
  const handTimes: number[] = [];
  const tableTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    handTimes.push(await medianMs(handWritten, 3));
    tableTimes.push(await medianMs(viaTable, 3));
  }
  const h = Math.min(...handTimes);
  const t = Math.min(...tableTimes);
  console.log(
    `sqlite ${SQLITE_BENCH_RUNS} runs, filter + quick filter + sort by a metric, first ${PAGE}: hand-written SQL ${h.toFixed(1)} ms, runs table ${t.toFixed(1)} ms, ratio ${(t / h).toFixed(2)} (target <= 1.5)`,
  );

  if ((await coldScan()) !== FILE_BENCH_RUNS || (await coldTable()) !== FILE_BENCH_RUNS) throw new Error('not every run was read');
  const scans: number[] = [];
  const tables: number[] = [];
  for (let i = 0; i < 3; i++) {
    scans.push(await medianMs(coldScan, 1));
    tables.push(await medianMs(coldTable, 1));
  }
  const s = Math.min(...scans);
  const m = Math.min(...tables);
  console.log(
    `filestore ${FILE_BENCH_RUNS} runs: the store's cold scan ${s.toFixed(0)} ms, the table model (cold store, whole order, columns, first screen) ${m.toFixed(0)} ms, ratio ${(m / s).toFixed(2)} (target <= 1.2)`,
  );
  console.log(`machine load after: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
  await store.close();
  raw.close();
})();
