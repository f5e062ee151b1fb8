// Writes rows into a SQLite online store exactly as Feast's SqliteOnlineStore.online_write_batch does (table
// `<project>_<view>`, Feast 0.2x–0.4x columns, serialize_entity_key keys, serialized feast.types.Value values,
// naive-UTC timestamps): for the demo's feature repository and for tests.
import { openSqlite } from '../sqlite/driver';
import { type EntityKeyPart, serializeEntityKey } from './entityKey';
import { onlineTableName } from './onlineStore';
import { feastTypes } from './protoSchema';

export interface OnlineRow {
  key: EntityKeyPart[];
  values: { feature: string; valueType: string; value: number | string | boolean }[];
  eventTime: Date;
  createdTime: Date;
}

const VALUE_FIELD: Record<string, string> = {
  FLOAT: 'float_val', DOUBLE: 'double_val', INT64: 'int64_val', INT32: 'int32_val', STRING: 'string_val', BOOL: 'bool_val',
  UNIX_TIMESTAMP: 'unix_timestamp_val', BYTES: 'bytes_val',
};

const naiveUtc = (date: Date) => date.toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, '');

export function writeOnlineRows(dbPath: string, project: string, view: string, rows: OnlineRow[], serializationVersion: number): void {
  const { Value } = feastTypes();
  const table = onlineTableName(project, view);
  const db = openSqlite(dbPath);
  try {
    db.exec(
      `CREATE TABLE IF NOT EXISTS "${table}" (entity_key BLOB, feature_name TEXT, value BLOB, event_ts timestamp, created_ts timestamp,  PRIMARY KEY(entity_key, feature_name));` +
        `CREATE INDEX IF NOT EXISTS "${table}_ek" ON "${table}" (entity_key);`,
    );
    const insert = db.prepare(`INSERT OR REPLACE INTO "${table}" (entity_key, feature_name, value, event_ts, created_ts) VALUES (?, ?, ?, ?, ?)`);
    db.transaction(() => {
      for (const row of rows) {
        const key = serializeEntityKey(row.key, serializationVersion);
        for (const v of row.values) {
          const field = VALUE_FIELD[v.valueType];
          if (!field) throw new Error(`cannot write a ${v.valueType} value into the online store`);
          const value = Value.encode(Value.fromObject({ [field]: v.value })).finish();
          insert.run(key, v.feature, value, naiveUtc(row.eventTime), naiveUtc(row.createdTime));
        }
      }
    });
  } finally {
    db.close();
  }
}
