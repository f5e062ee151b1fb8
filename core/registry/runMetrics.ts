// The latest value of each metric of a run, which is what gates compare (MLflow's run.data.metrics). Small on
// purpose: the tracking stores will provide this later through the same interface.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { openSqlite } from '../sqlite/driver';
import type { TrackingLocation } from '../tracking/uri';
import { RegistryError } from './registry';
import { authHeaders, type RestAuth } from './restRegistry';
import { retryWhileBusy, SQLITE_WAIT_MS } from './sqliteBusy';

export interface RunMetricsSource {
  latestMetrics(runId: string): Promise<Record<string, number>>;
}

/** mlruns: `<experiment>/<run>/metrics/<key>` files of "timestamp value step" lines. */
export class FileRunMetrics implements RunMetricsSource {
  constructor(readonly root: string) {}

  async latestMetrics(runId: string): Promise<Record<string, number>> {
    const folder = this.runFolder(runId);
    const metrics: Record<string, number> = {};
    if (!folder) return metrics;
    const metricsFolder = join(folder, 'metrics');
    for (const file of listFiles(metricsFolder)) {
      const latest = latestLine(readFileSync(file, 'utf8'));
      if (latest !== undefined) metrics[relative(metricsFolder, file).split(sep).join('/')] = latest;
    }
    return metrics;
  }

  private runFolder(runId: string): string | undefined {
    if (!existsSync(this.root)) return undefined;
    for (const experiment of readdirSync(this.root)) {
      const candidate = join(this.root, experiment, runId);
      if (existsSync(join(candidate, 'meta.yaml'))) return candidate;
    }
    return undefined;
  }
}

/** MLflow's latest metric: highest step, then latest timestamp, then largest value (SqlAlchemyStore's rule). */
function latestLine(text: string): number | undefined {
  let best: [number, number, number] | undefined;
  for (const line of text.split('\n')) {
    const [timestamp, value, step] = line.trim().split(/\s+/);
    if (timestamp === undefined || value === undefined || timestamp === '') continue;
    const entry: [number, number, number] = [Number(step ?? 0), Number(timestamp), Number(value)];
    if (!best || entry[0] > best[0] || (entry[0] === best[0] && (entry[1] > best[1] || (entry[1] === best[1] && entry[2] > best[2])))) best = entry;
  }
  return best?.[2];
}

function listFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/** SQLite: the `latest_metrics` table MLflow maintains on every log_metric. */
export class SqliteRunMetrics implements RunMetricsSource {
  constructor(
    readonly path: string,
    private readonly busyTimeoutMs = 30_000,
  ) {}

  async latestMetrics(runId: string): Promise<Record<string, number>> {
    const db = openSqlite(this.path, { readonly: true, busyTimeoutMs: SQLITE_WAIT_MS });
    try {
      const rows = await retryWhileBusy(() => db.prepare('SELECT key, value, is_nan FROM latest_metrics WHERE run_uuid = ?').all(runId), this.busyTimeoutMs);
      return Object.fromEntries(rows.map((row) => [String(row.key), Number(row.is_nan) ? Number.NaN : Number(row.value)]));
    } finally {
      db.close();
    }
  }
}

/** A tracking server: `runs/get` returns the latest metrics of the run. */
export class RestRunMetrics implements RunMetricsSource {
  constructor(
    readonly baseUrl: string,
    private readonly auth: RestAuth = {},
  ) {}

  async latestMetrics(runId: string): Promise<Record<string, number>> {
    const response = await fetch(`${this.baseUrl}/api/2.0/mlflow/runs/get?run_id=${encodeURIComponent(runId)}`, { headers: authHeaders(this.auth) });
    if (response.status === 404) return {};
    if (!response.ok) throw new RegistryError(`runs/get for run ${runId} failed with HTTP ${response.status}.`, 'REQUEST_FAILED');
    const body = (await response.json()) as { run?: { data?: { metrics?: Array<{ key: string; value: number | string }> } } };
    return Object.fromEntries((body.run?.data?.metrics ?? []).map((m) => [m.key, Number(m.value)]));
  }
}

export function openRunMetrics(location: TrackingLocation, auth?: RestAuth): RunMetricsSource {
  switch (location.kind) {
    case 'file':
      return new FileRunMetrics(location.root);
    case 'sqlite':
      return new SqliteRunMetrics(location.path);
    case 'rest':
      return new RestRunMetrics(location.baseUrl, auth);
  }
}
