// The registry inside an MLflow SQLite store, with the semantics of MLflow's SqlAlchemyStore
// (mlflow/store/model_registry/sqlalchemy_store.py). Tables: registered_models, model_versions,
// registered_model_tags, model_version_tags, registered_model_aliases. MLflow 3.x added a `workspace` column to
// each (default 'default'); older stores lack it, so it is detected with PRAGMA table_info, not assumed.
// Every write is one BEGIN IMMEDIATE transaction and waits on a busy database instead of failing; `exclusive` makes
// several of them (a whole promotion) one transaction. Calls on one instance run one at a time, so a reader never
// sees another caller's transaction half done.
import { AsyncLocalStorage } from 'node:async_hooks';
import { SerialQueue } from '../scheduling/serialQueue';
import { openSqlite, type SqlDatabase, type SqlRow, type SqlValue } from '../sqlite/driver';
import {
  aliasesOf,
  aliasNotFound,
  compareVersions,
  isPromptTags,
  type ModelRegistry,
  type ModelVersion,
  modelNotFound,
  newestVersion,
  type RegisteredModel,
  RegistryError,
  versionNotFound,
} from './registry';
import { retryWhileBusy, retryWhileBusySync, SQLITE_WAIT_MS } from './sqliteBusy';
import { checkTransition, STAGE_DELETED_INTERNAL, type Stage, storedStage } from './stages';
import { LATEST_ALIAS, validateAlias, validateAliasNotReserved, validateModelName, validateVersion, validateVersionTag } from './validation';

export interface SqliteRegistryOptions {
  /** How long a write waits for another process's lock (MLflow's server holds them briefly). */
  busyTimeoutMs?: number;
  now?: () => number;
  /** MLflow 3 workspaces; the single-tenant default is 'default'. */
  workspace?: string;
}

const REGISTRY_TABLES = ['registered_models', 'model_versions', 'registered_model_tags', 'model_version_tags'] as const;

export class SqliteRegistry implements ModelRegistry {
  readonly kind = 'sqlite';
  private readonly db: SqlDatabase;
  private readonly now: () => number;
  private readonly workspace: string;
  private readonly hasWorkspace: boolean;
  private readonly hasAliases: boolean;
  private readonly versionColumns: Set<string>;
  private readonly busyTimeoutMs: number;
  private readonly queue = new SerialQueue();
  /** Set while `exclusive` runs: calls made from inside its work join its transaction instead of queueing. */
  private readonly transactionScope = new AsyncLocalStorage<SqlDatabase>();

  constructor(
    readonly path: string,
    options: SqliteRegistryOptions = {},
  ) {
    this.busyTimeoutMs = options.busyTimeoutMs ?? 30_000;
    this.db = openSqlite(path, { busyTimeoutMs: SQLITE_WAIT_MS });
    this.now = options.now ?? Date.now;
    this.workspace = options.workspace ?? 'default';
    for (const table of REGISTRY_TABLES) {
      if (this.columns(table).size === 0) {
        this.db.close();
        throw new RegistryError(
          `${path}: table '${table}' is missing, so this is not an MLflow tracking database (or it predates the model registry). Run \`mlflow db upgrade sqlite:///${path}\`.`,
          'STORE_UNREADABLE',
        );
      }
    }
    this.hasWorkspace = this.columns('registered_models').has('workspace');
    this.hasAliases = this.columns('registered_model_aliases').size > 0;
    this.versionColumns = this.columns('model_versions');
  }

  async listModels(): Promise<RegisteredModel[]> {
    return this.read(() => {
      const rows = this.db.prepare(`SELECT * FROM registered_models WHERE 1=1${this.ws()} ORDER BY name`).all(...this.wsArgs());
      return rows.map((row) => this.toModel(row));
    });
  }

  async getModel(name: string): Promise<RegisteredModel> {
    return this.read(() => this.toModel(this.modelRow(name)));
  }

  async listVersions(name?: string): Promise<ModelVersion[]> {
    return this.read(() => this.readVersions(name));
  }

  private readVersions(name?: string): ModelVersion[] {
    const byName = name === undefined ? '' : ' AND name = ?';
    const args: SqlValue[] = name === undefined ? [] : [name];
    if (name !== undefined) this.modelRow(name);
    const rows = this.db
      .prepare(`SELECT * FROM model_versions WHERE (current_stage IS NULL OR current_stage != ?)${byName}${this.ws()}`)
      .all(STAGE_DELETED_INTERNAL, ...args, ...this.wsArgs());
    const aliasCache = new Map<string, Record<string, string>>();
    return rows
      .map((row) => {
        const model = String(row.name);
        if (!aliasCache.has(model)) aliasCache.set(model, this.aliases(model));
        return this.toVersion(row, aliasCache.get(model)!);
      })
      .sort(compareVersions);
  }

  async getVersion(name: string, version: string): Promise<ModelVersion> {
    const number = Number(validateVersion(version));
    return this.read(() => this.toVersion(this.versionRow(name, number), this.aliases(name)));
  }

  async getVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    validateAlias(alias);
    if (alias.toLowerCase() === LATEST_ALIAS) return newestVersion(name, await this.listVersions(name));
    const version = await this.read(() => {
      this.modelRow(name);
      return this.aliases(name)[alias];
    });
    if (version === undefined) throw aliasNotFound(alias);
    return this.getVersion(name, version);
  }

  async transitionStage(name: string, version: string, stage: string, archiveExisting: boolean): Promise<ModelVersion> {
    validateModelName(name);
    const target = checkTransition(stage, archiveExisting);
    const number = Number(validateVersion(version));
    await this.write(() => {
      const time = this.now();
      if (archiveExisting) {
        this.db
          .prepare(`UPDATE model_versions SET current_stage = 'Archived', last_updated_time = ? WHERE name = ? AND version != ? AND current_stage = ?${this.ws()}`)
          .run(time, name, number, target, ...this.wsArgs());
      }
      this.versionRow(name, number);
      this.db
        .prepare(`UPDATE model_versions SET current_stage = ?, last_updated_time = ? WHERE name = ? AND version = ?${this.ws()}`)
        .run(target, time, name, number, ...this.wsArgs());
      this.db.prepare(`UPDATE registered_models SET last_updated_time = ? WHERE name = ?${this.ws()}`).run(time, name, ...this.wsArgs());
    });
    return this.getVersion(name, String(number));
  }

  async setAlias(name: string, alias: string, version: string): Promise<void> {
    validateModelName(name);
    validateAlias(alias);
    validateAliasNotReserved(alias);
    const number = Number(validateVersion(version));
    this.requireAliasTable();
    // MLflow's SqlAlchemyStore merges the alias row and leaves timestamps alone.
    await this.write(() => {
      this.versionRow(name, number);
      this.db.prepare(`DELETE FROM registered_model_aliases WHERE name = ? AND alias = ?${this.ws()}`).run(name, alias, ...this.wsArgs());
      this.insert('registered_model_aliases', { alias, version: number, name });
    });
  }

  async deleteAlias(name: string, alias: string): Promise<void> {
    validateModelName(name);
    validateAlias(alias);
    this.requireAliasTable();
    await this.write(() => {
      this.modelRow(name);
      this.db.prepare(`DELETE FROM registered_model_aliases WHERE name = ? AND alias = ?${this.ws()}`).run(name, alias, ...this.wsArgs());
    });
  }

  async setVersionTag(name: string, version: string, key: string, value: string): Promise<void> {
    await this.setVersionTags(name, version, { [key]: value });
  }

  async deleteVersionTag(name: string, version: string, key: string): Promise<void> {
    await this.setVersionTags(name, version, { [key]: null });
  }

  /** One transaction: MLflow's SqlAlchemyStore merges tag rows and leaves timestamps alone. */
  async setVersionTags(name: string, version: string, tags: Record<string, string | null>): Promise<void> {
    validateModelName(name);
    for (const [key, value] of Object.entries(tags)) validateVersionTag(key, value);
    const number = Number(validateVersion(version));
    await this.write(() => {
      this.versionRow(name, number);
      for (const [key, value] of Object.entries(tags)) {
        this.db.prepare(`DELETE FROM model_version_tags WHERE name = ? AND version = ? AND key = ?${this.ws()}`).run(name, number, key, ...this.wsArgs());
        if (value !== null) this.insert('model_version_tags', { key, value, name, version: number });
      }
    });
  }

  async updateVersionDescription(name: string, version: string, description: string): Promise<ModelVersion> {
    validateModelName(name);
    const number = Number(validateVersion(version));
    await this.write(() => {
      this.versionRow(name, number);
      this.db
        .prepare(`UPDATE model_versions SET description = ?, last_updated_time = ? WHERE name = ? AND version = ?${this.ws()}`)
        .run(description, this.now(), name, number, ...this.wsArgs());
    });
    return this.getVersion(name, String(number));
  }

  async updateModelDescription(name: string, description: string): Promise<RegisteredModel> {
    validateModelName(name);
    await this.write(() => {
      this.modelRow(name);
      this.db
        .prepare(`UPDATE registered_models SET description = ?, last_updated_time = ? WHERE name = ?${this.ws()}`)
        .run(description, this.now(), name, ...this.wsArgs());
    });
    return this.getModel(name);
  }

  async exclusive<T>(_model: string, work: () => Promise<T>): Promise<T> {
    if (this.transactionScope.getStore() === this.db) return work();
    return this.queue.run(async () => {
      await this.retry(() => this.db.exec('BEGIN IMMEDIATE'));
      try {
        const result = await this.transactionScope.run(this.db, work);
        // A busy COMMIT leaves the transaction open, so it can be retried until the deadline.
        await this.retry(() => this.db.exec('COMMIT'));
        return result;
      } catch (error) {
        this.rollback();
        throw error;
      }
    });
  }

  close(): void {
    this.db.close();
  }

  private retry<T>(fn: () => T): Promise<T> {
    return retryWhileBusy(fn, this.busyTimeoutMs);
  }

  private read<T>(fn: () => T): Promise<T> {
    if (this.transactionScope.getStore() === this.db) return Promise.resolve(fn());
    return this.queue.run(() => this.retry(fn));
  }

  /** One transaction of its own, or part of the `exclusive` transaction the caller is inside. */
  private write<T>(fn: () => T): Promise<T> {
    if (this.transactionScope.getStore() === this.db) return Promise.resolve(fn());
    return this.queue.run(() => this.retry(() => this.db.transaction(fn)));
  }

  private rollback(): void {
    try {
      this.db.exec('ROLLBACK');
    } catch (error) {
      // SQLite already rolled back by itself (e.g. after SQLITE_FULL); anything else is a real failure.
      if (!/no transaction is active/i.test((error as Error).message)) throw error;
    }
  }

  /** Runs in the constructor, so it waits synchronously (a millisecond at a time) while the schema is locked. */
  private columns(table: string): Set<string> {
    return retryWhileBusySync(() => new Set(this.db.prepare(`PRAGMA table_info(${table})`).all().map((row) => String(row.name))), this.busyTimeoutMs);
  }

  private ws(): string {
    return this.hasWorkspace ? ' AND workspace = ?' : '';
  }

  private wsArgs(): SqlValue[] {
    return this.hasWorkspace ? [this.workspace] : [];
  }

  private insert(table: string, values: Record<string, SqlValue>): void {
    const row = this.hasWorkspace ? { ...values, workspace: this.workspace } : values;
    const keys = Object.keys(row);
    this.db
      .prepare(`INSERT INTO ${table} (${keys.map((k) => `"${k}"`).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`)
      .run(...Object.values(row));
  }

  private requireAliasTable(): void {
    if (!this.hasAliases) {
      throw new RegistryError(`${this.path}: this store predates model aliases (MLflow 2.3). Run \`mlflow db upgrade\` first.`, 'INVALID_STATE');
    }
  }

  private modelRow(name: string): SqlRow {
    const row = this.db.prepare(`SELECT * FROM registered_models WHERE name = ?${this.ws()}`).get(name, ...this.wsArgs());
    if (!row) throw modelNotFound(name);
    return row;
  }

  private versionRow(name: string, version: number): SqlRow {
    const row = this.db
      .prepare(`SELECT * FROM model_versions WHERE name = ? AND version = ? AND (current_stage IS NULL OR current_stage != ?)${this.ws()}`)
      .get(name, version, STAGE_DELETED_INTERNAL, ...this.wsArgs());
    if (!row) throw versionNotFound(name, String(version));
    return row;
  }

  private tags(table: 'registered_model_tags' | 'model_version_tags', name: string, version?: number): Record<string, string> {
    const byVersion = version === undefined ? '' : ' AND version = ?';
    const args: SqlValue[] = version === undefined ? [name] : [name, version];
    const rows = this.db.prepare(`SELECT key, value FROM ${table} WHERE name = ?${byVersion}${this.ws()}`).all(...args, ...this.wsArgs());
    return Object.fromEntries(rows.map((row) => [String(row.key), row.value === null ? '' : String(row.value)]));
  }

  private aliases(name: string): Record<string, string> {
    if (!this.hasAliases) return {};
    const rows = this.db.prepare(`SELECT alias, version FROM registered_model_aliases WHERE name = ?${this.ws()}`).all(name, ...this.wsArgs());
    return Object.fromEntries(rows.map((row) => [String(row.alias), String(row.version)]));
  }

  private toModel(row: SqlRow): RegisteredModel {
    const name = String(row.name);
    const tags = this.tags('registered_model_tags', name);
    return {
      name,
      creationTimestamp: numberOrNull(row.creation_time),
      lastUpdatedTimestamp: numberOrNull(row.last_updated_time),
      description: row.description === null || row.description === undefined ? '' : String(row.description),
      tags,
      aliases: this.aliases(name),
      isPrompt: isPromptTags(tags),
    };
  }

  private toVersion(row: SqlRow, aliases: Record<string, string>): ModelVersion {
    const name = String(row.name);
    const version = String(row.version);
    return {
      name,
      version,
      stage: storedStage(row.current_stage) as Stage,
      aliases: aliasesOf(aliases, version),
      tags: this.tags('model_version_tags', name, Number(version)),
      description: row.description === null || row.description === undefined ? '' : String(row.description),
      source: stringOr(row.source),
      runId: stringOr(row.run_id),
      runLink: stringOr(row.run_link),
      status: row.status === null || row.status === undefined ? 'READY' : String(row.status),
      statusMessage: row.status_message === null || row.status_message === undefined ? null : String(row.status_message),
      userId: row.user_id === null || row.user_id === undefined ? null : String(row.user_id),
      creationTimestamp: numberOrNull(row.creation_time),
      lastUpdatedTimestamp: numberOrNull(row.last_updated_time),
      modelId: this.versionColumns.has('model_id') && row.model_id ? String(row.model_id) : null,
      storageLocation: row.storage_location === null || row.storage_location === undefined ? null : String(row.storage_location),
    };
  }
}

function numberOrNull(value: SqlValue | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function stringOr(value: SqlValue | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}
