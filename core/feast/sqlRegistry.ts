// A SQL registry (registry_type: sql) on SQLite: feast/infra/registry/sql.py keeps one table per object kind, each
// row holding the object's serialized proto (`<kind>_proto`) under its name and project_id; `projects` (Feast 0.44+)
// holds Project protos, `feast_metadata` the project ids of older registries. Tables a Feast release did not have
// (projects before 0.44, request_feature_views after 0.35, …) are simply absent.
import { openSqlite, type SqlDatabase } from '../sqlite/driver';
import { feastTypes } from './protoSchema';
import { FeastRegistryError, withEntityTypes } from './registryDecode';
import {
  type DataSourceMsg,
  dataSourceFrom,
  type EntityMsg,
  entityFrom,
  type FeatureServiceMsg,
  type FeatureViewMsg,
  featureServiceFrom,
  featureViewFrom,
  type OnDemandMsg,
  onDemandFrom,
  type ProjectMsg,
  projectFrom,
  type RequestViewMsg,
  requestViewFrom,
  type SavedDatasetMsg,
  savedDatasetFrom,
} from './registryObjects';
import type { FeastProject, FeastRegistry } from './registryModel';

/** The tables and proto columns of Feast's SQL registry (sql.py), for readers and for tests that write one. */
export const SQL_REGISTRY_TABLES = {
  projects: { nameColumn: 'project_name', protoColumn: 'project_proto' },
  entities: { nameColumn: 'entity_name', protoColumn: 'entity_proto' },
  data_sources: { nameColumn: 'data_source_name', protoColumn: 'data_source_proto' },
  feature_views: { nameColumn: 'feature_view_name', protoColumn: 'feature_view_proto' },
  stream_feature_views: { nameColumn: 'feature_view_name', protoColumn: 'feature_view_proto' },
  on_demand_feature_views: { nameColumn: 'feature_view_name', protoColumn: 'feature_view_proto' },
  request_feature_views: { nameColumn: 'feature_view_name', protoColumn: 'feature_view_proto' },
  feature_services: { nameColumn: 'feature_service_name', protoColumn: 'feature_service_proto' },
  saved_datasets: { nameColumn: 'saved_dataset_name', protoColumn: 'saved_dataset_proto' },
} as const;

export type SqlRegistryTable = keyof typeof SQL_REGISTRY_TABLES;

export function readSqlRegistry(dbPath: string): FeastRegistry {
  let db: SqlDatabase;
  try {
    db = openSqlite(dbPath, { readonly: true });
  } catch (error) {
    throw new FeastRegistryError(`${dbPath}: cannot open the SQL registry (${(error as Error).message}).`);
  }
  try {
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => String(r['name'])));
    if (!tables.has('entities') || !tables.has('feature_views')) {
      throw new FeastRegistryError(`${dbPath}: not a Feast SQL registry (no entities or feature_views table); run \`feast apply\` with registry_type: sql.`);
    }
    const t = feastTypes();
    const rows = <T>(table: SqlRegistryTable, type: typeof t.Entity): T[] => {
      if (!tables.has(table)) return [];
      const { protoColumn } = SQL_REGISTRY_TABLES[table];
      return db.prepare(`SELECT ${protoColumn} AS proto FROM ${table} ORDER BY rowid`).all().map((row) => {
        const bytes = row['proto'];
        if (!(bytes instanceof Uint8Array)) throw new FeastRegistryError(`${dbPath}: ${table}.${protoColumn} holds no serialized proto.`);
        return type.decode(bytes) as unknown as T;
      });
    };
    return withEntityTypes({
      projects: projectsOf(db, tables, rows<ProjectMsg>('projects', t.Project)),
      entities: rows<EntityMsg>('entities', t.Entity).map(entityFrom),
      dataSources: rows<DataSourceMsg>('data_sources', t.DataSource).map(dataSourceFrom),
      featureViews: rows<FeatureViewMsg>('feature_views', t.FeatureView).map((v) => featureViewFrom(v, 'batch')),
      onDemandFeatureViews: rows<OnDemandMsg>('on_demand_feature_views', t.OnDemandFeatureView).map(onDemandFrom),
      requestFeatureViews: rows<RequestViewMsg>('request_feature_views', t.RequestFeatureView).map(requestViewFrom),
      streamFeatureViews: rows<FeatureViewMsg>('stream_feature_views', t.StreamFeatureView).map((v) => featureViewFrom(v, 'stream')),
      featureServices: rows<FeatureServiceMsg>('feature_services', t.FeatureService).map(featureServiceFrom),
      savedDatasets: rows<SavedDatasetMsg>('saved_datasets', t.SavedDataset).map(savedDatasetFrom),
      lastUpdated: lastUpdated(db, tables),
    });
  } catch (error) {
    if (error instanceof FeastRegistryError) throw error;
    throw new FeastRegistryError(`${dbPath}: cannot read the SQL registry (${(error as Error).message}).`);
  } finally {
    db.close();
  }
}

function projectsOf(db: SqlDatabase, tables: Set<string>, projects: ProjectMsg[]): FeastProject[] {
  if (projects.length) return projects.map(projectFrom);
  if (!tables.has('feast_metadata')) return [];
  return db
    .prepare('SELECT DISTINCT project_id FROM feast_metadata ORDER BY project_id')
    .all()
    .map((r) => ({ name: String(r['project_id']), description: '', tags: {} }));
}

/** feast_metadata's last_updated_timestamp rows are epoch seconds (sql.py _set_last_updated_metadata). */
function lastUpdated(db: SqlDatabase, tables: Set<string>): string | null {
  if (!tables.has('feast_metadata')) return null;
  const row = db.prepare("SELECT MAX(CAST(metadata_value AS INTEGER)) AS t FROM feast_metadata WHERE metadata_key = 'last_updated_timestamp'").get();
  const seconds = Number(row?.['t'] ?? 0);
  return seconds > 0 ? new Date(seconds * 1000).toISOString() : null;
}
