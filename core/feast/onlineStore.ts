// Feast's SQLite online store (feast/infra/online_stores/sqlite.py): one table per feature view named
// `<project>_<view>` (helpers.compute_table_id), one row per entity key and feature — entity_key (serialize_entity_key),
// feature_name, value (a serialized feast.types.Value), event_ts and created_ts (naive UTC, as Python's sqlite3 writes
// datetimes: "2024-01-09 23:00:00").
import { openSqlite, type SqlDatabase } from '../sqlite/driver';
import { deserializeEntityKey, type EntityKeyPart, type EntityValue, serializeEntityKey } from './entityKey';
import { feastTypes } from './protoSchema';
import { int64 } from './registryObjects';

export type FeatureValue = string | number | boolean | null | FeatureValue[];

export interface OnlineTableStats {
  view: string;
  table: string;
  /** False when the view was never materialized into this store (no table). */
  exists: boolean;
  rows: number;
  entityKeys: number;
  latestEventTime: string | null;
}

export interface OnlineFeatureValue {
  feature: string;
  value: FeatureValue;
  eventTime: string | null;
  createdTime: string | null;
}

export class OnlineStoreError extends Error {
  override name = 'OnlineStoreError';
}

export function onlineTableName(project: string, view: string): string {
  return `${project}_${view}`;
}

function withStore<T>(dbPath: string, read: (db: SqlDatabase, tables: Set<string>) => T): T {
  let db: SqlDatabase;
  try {
    db = openSqlite(dbPath, { readonly: true });
  } catch (error) {
    throw new OnlineStoreError(`${dbPath}: cannot open the online store (${(error as Error).message}); run \`feast materialize\` to create it.`);
  }
  try {
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => String(r['name'])));
    return read(db, tables);
  } catch (error) {
    if (error instanceof OnlineStoreError) throw error;
    throw new OnlineStoreError(`${dbPath}: cannot read the online store (${(error as Error).message}).`);
  } finally {
    db.close();
  }
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

export function onlineTableStats(dbPath: string, project: string, views: string[]): OnlineTableStats[] {
  return withStore(dbPath, (db, tables) =>
    views.map((view) => {
      const table = onlineTableName(project, view);
      if (!tables.has(table)) return { view, table, exists: false, rows: 0, entityKeys: 0, latestEventTime: null };
      const row = db.prepare(`SELECT COUNT(*) AS n, COUNT(DISTINCT entity_key) AS k, MAX(event_ts) AS t FROM ${quoted(table)}`).get() ?? {};
      return { view, table, exists: true, rows: Number(row['n'] ?? 0), entityKeys: Number(row['k'] ?? 0), latestEventTime: utcTime(row['t']) };
    }),
  );
}

/**
 * The latest values of one entity key in a view's table, or null when the store holds none for it. Without a
 * configured serialization version, every version Feast has written is tried.
 */
export function readOnlineValues(dbPath: string, project: string, view: string, key: EntityKeyPart[], version: number | undefined): OnlineFeatureValue[] | null {
  const table = onlineTableName(project, view);
  return withStore(dbPath, (db, tables) => {
    if (!tables.has(table)) throw new OnlineStoreError(`${dbPath}: no table ${table}; run \`feast materialize\` for ${view}.`);
    const candidates = (version === undefined ? [3, 2, 1] : [version]).map((v) => serializeEntityKey(key, v));
    const rows = db
      .prepare(`SELECT feature_name, value, event_ts, created_ts FROM ${quoted(table)} WHERE entity_key IN (${candidates.map(() => '?').join(', ')}) ORDER BY rowid`)
      .all(...candidates);
    if (rows.length === 0) return null;
    return rows.map((row) => ({
      feature: String(row['feature_name']),
      value: row['value'] instanceof Uint8Array ? decodeFeatureValue(row['value']) : null,
      eventTime: utcTime(row['event_ts']),
      createdTime: utcTime(row['created_ts']),
    }));
  });
}

/** Up to `limit` entity keys present in a view's table, decoded with the view's join keys (for a pick list). */
export function sampleEntityKeys(dbPath: string, project: string, view: string, joinKeys: string[], limit = 50): { joinKey: string; value: EntityValue }[][] {
  const table = onlineTableName(project, view);
  return withStore(dbPath, (db, tables) => {
    if (!tables.has(table)) return [];
    return db
      .prepare(`SELECT DISTINCT entity_key FROM ${quoted(table)} LIMIT ?`)
      .all(limit)
      .map((row) => (row['entity_key'] instanceof Uint8Array ? deserializeEntityKey(row['entity_key'], joinKeys) : null))
      .filter((k): k is { joinKey: string; value: EntityValue }[] => k !== null);
  });
}

interface ValueMsg { val?: string; [field: string]: unknown }

/** A feast.types.Value as plain JSON: int64s as numbers, timestamps as ISO strings, lists as arrays. */
export function decodeFeatureValue(bytes: Uint8Array): FeatureValue {
  const msg = feastTypes().Value.decode(bytes) as unknown as ValueMsg;
  const field = msg.val;
  if (!field) return null;
  const raw = msg[field];
  if (field === 'null_val') return null;
  if (field.endsWith('_list_val') || field.endsWith('_set_val')) {
    const items = (raw as { val?: unknown[] }).val ?? [];
    return items.map((item) => scalar(field, item));
  }
  return scalar(field, raw);
}

function scalar(field: string, raw: unknown): FeatureValue {
  if (field.startsWith('unix_timestamp')) return new Date(int64(raw as number) * 1000).toISOString();
  if (field.startsWith('int64')) return int64(raw as number);
  if (field.startsWith('bytes')) return Buffer.from(raw as Uint8Array).toString('base64');
  if (field.startsWith('float')) return float32Decimal(raw as number);
  return raw as FeatureValue;
}

/**
 * A float32 as the shortest decimal that reads back to the same float32, as numpy prints one: Float32 features hold
 * 174.6, not the 174.60000610351562 their widening to a double spells.
 */
function float32Decimal(value: number): number {
  for (let digits = 1; digits < 9; digits++) {
    const shorter = Number(value.toPrecision(digits));
    if (Math.fround(shorter) === value) return shorter;
  }
  return value;
}

/** "2024-01-09 23:00:00[.ffffff]" (naive UTC) → ISO 8601 with Z. */
function utcTime(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const text = String(value);
  const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}
