// SqliteStore.searchRuns against the same query written by hand for better-sqlite3, on a generated mlflow.db of
// 100k runs × 10 metrics × 10 params (issue 3: ratio must be <= 1.5).
// Run: node --import tsx test/bench/tracking-sqlite.bench.ts
import Database from 'better-sqlite3';
import { SqliteStore } from '../../core/tracking/sqlite/sqliteStore';
import { medianMs as median, SQLITE_BENCH_RUNS as RUNS, sqliteBenchStore } from '../support/benchStores';

const path = sqliteBenchStore();

const HAND_SQL = `
  SELECT r.run_uuid, r.name, r.status, r.start_time, r.end_time, r.user_id, r.artifact_uri, r.lifecycle_stage, r.experiment_id
  FROM runs r
  JOIN latest_metrics m1 ON m1.run_uuid = r.run_uuid AND m1.key = 'm1'
  JOIN params p1 ON p1.run_uuid = r.run_uuid AND p1.key = 'p1'
  LEFT JOIN latest_metrics m2 ON m2.run_uuid = r.run_uuid AND m2.key = 'm2'
  WHERE r.experiment_id = 0 AND r.lifecycle_stage = 'active' AND m1.value > 0.5 AND p1.value = 'a'
  ORDER BY m2.value DESC, r.start_time DESC, r.run_uuid LIMIT 100`;

const raw = new Database(path, { readonly: true });
const handQuery = raw.prepare(HAND_SQL);
function handWritten(): number {
  const rows = handQuery.all() as Array<{ run_uuid: string }>;
  const ids = rows.map((r) => r.run_uuid);
  const marks = ids.map(() => '?').join(',');
  // The same data the store returns with each run: latest metrics, params and tags.
  raw.prepare(`SELECT run_uuid, key, value, timestamp, step, is_nan FROM latest_metrics WHERE run_uuid IN (${marks})`).all(...ids);
  raw.prepare(`SELECT run_uuid, key, value FROM params WHERE run_uuid IN (${marks})`).all(...ids);
  raw.prepare(`SELECT run_uuid, key, value FROM tags WHERE run_uuid IN (${marks})`).all(...ids);
  return rows.length;
}

const store = new SqliteStore(path);
async function viaStore(): Promise<number> {
  const page = await store.searchRuns({
    experimentIds: ['0'],
    filter: "metrics.m1 > 0.5 and params.p1 = 'a'",
    orderBy: ['metrics.m2 DESC'],
    maxResults: 100,
  });
  return page.items.length;
}

(async () => {
  const counts = [handWritten(), await viaStore()];
  if (counts[0] !== 100 || counts[1] !== 100) throw new Error(`expected 100 runs from both, got ${counts}`);
  const firstIds = (await store.searchRuns({ experimentIds: ['0'], filter: "metrics.m1 > 0.5 and params.p1 = 'a'", orderBy: ['metrics.m2 DESC'], maxResults: 100 })).items.map((r) => r.info.runId);
  const handIds = (handQuery.all() as Array<{ run_uuid: string }>).map((r) => r.run_uuid);
  if (firstIds.join() !== handIds.join()) throw new Error('the store and the hand-written SQL disagree on the runs');
  const hand: number[] = [];
  const mine: number[] = [];
  for (let i = 0; i < 5; i++) {
    hand.push(await median(handWritten, 3));
    mine.push(await median(viaStore, 3));
  }
  const best = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const h = best(hand);
  const m = best(mine);
  console.log(`sqlite ${RUNS} runs, metrics.m1 > 0.5 and params.p1 = 'a' order by metrics.m2 DESC, first 100: hand-written SQL ${h.toFixed(1)} ms, SqliteStore ${m.toFixed(1)} ms, ratio ${(m / h).toFixed(2)} (target <= 1.5)`);
  await store.close();
  raw.close();
})();
