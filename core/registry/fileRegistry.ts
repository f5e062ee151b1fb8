// The registry inside an mlruns folder, read and written as MLflow's FileStore does
// (mlflow/store/model_registry/file_store.py):
//   models/<name>/meta.yaml                 registered model (its `aliases:` map is informational only)
//   models/<name>/tags/<key>                one file per tag, body = value
//   models/<name>/aliases/<alias>           body = version number, no newline — the authoritative alias table
//   models/<name>/version-<N>/meta.yaml     version; MLflow 3 adds model_id, storage_location, deployment_job_state
//   models/<name>/version-<N>/tags/<key>
// Rewrites keep every key the file already has (so a file MLflow 2 wrote stays MLflow 2-shaped) and refresh
// `aliases` from the alias files, as MLflow does when it re-saves an entity it has just read.
// Writes to one model are serialised across processes by its lock file (modelLock.ts); each file is still replaced
// by an atomic rename, so readers, which take no lock, see whole files.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parse } from 'yaml';
import { writeFileAtomic } from './atomicWrite';
import { type LockOptions, withModelLock } from './modelLock';
import { dumpMlflowYaml, type YamlValue } from './pyyamlDump';
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
import { checkTransition, STAGE_DELETED_INTERNAL, type Stage, storedStage } from './stages';
import { LATEST_ALIAS, validateAlias, validateAliasNotReserved, validateFileStoreModelName, validateVersion, validateVersionTag } from './validation';

type Meta = Record<string, unknown>;

export interface FileRegistryOptions {
  /** Milliseconds since the epoch; injectable so tests can pin timestamps. */
  now?: () => number;
  lock?: LockOptions;
}

export class FileRegistry implements ModelRegistry {
  readonly kind = 'file';
  private readonly now: () => number;
  private readonly lockOptions: LockOptions;

  /** `root` is the mlruns folder (the tracking root); models live in `<root>/models`. */
  constructor(
    readonly root: string,
    options: FileRegistryOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.lockOptions = options.lock ?? {};
  }

  get modelsFolder(): string {
    return join(this.root, 'models');
  }

  async listModels(): Promise<RegisteredModel[]> {
    return this.modelNames().map((name) => this.readModel(name));
  }

  async getModel(name: string): Promise<RegisteredModel> {
    this.modelFolder(name);
    return this.readModel(name);
  }

  async listVersions(name?: string): Promise<ModelVersion[]> {
    const names = name === undefined ? this.modelNames() : [name];
    const versions = names.flatMap((model) => {
      const aliases = this.readAliases(model);
      return this.versionNumbers(model).flatMap((version) => {
        const entry = this.readVersion(model, version, aliases);
        return entry ? [entry] : [];
      });
    });
    return versions.sort(compareVersions);
  }

  async getVersion(name: string, version: string): Promise<ModelVersion> {
    const number = validateVersion(version);
    const found = this.readVersion(name, number, this.readAliases(name));
    if (!found) throw versionNotFound(name, version);
    return found;
  }

  async getVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    validateFileStoreModelName(name);
    validateAlias(alias);
    if (alias.toLowerCase() === LATEST_ALIAS) return newestVersion(name, await this.listVersions(name));
    const version = this.readAliases(name)[alias];
    if (version === undefined) throw aliasNotFound(alias);
    return this.getVersion(name, version);
  }

  async transitionStage(name: string, version: string, stage: string, archiveExisting: boolean): Promise<ModelVersion> {
    validateFileStoreModelName(name);
    const target = checkTransition(stage, archiveExisting);
    const number = validateVersion(version);
    return this.locked(name, async () => {
      this.requireVersionMeta(name, number);
      const time = this.now();
      if (archiveExisting) {
        for (const other of this.versionNumbers(name)) {
          if (other === number) continue;
          const meta = this.readVersionMeta(name, other);
          if (meta && storedStage(meta.current_stage) === target) {
            this.writeVersionMeta(name, other, { ...meta, current_stage: 'Archived', last_updated_timestamp: time });
          }
        }
      }
      const meta = this.requireVersionMeta(name, number);
      this.writeVersionMeta(name, number, { ...meta, current_stage: target, last_updated_timestamp: time });
      this.touchModel(name, time);
      return this.getVersion(name, number);
    });
  }

  async setAlias(name: string, alias: string, version: string): Promise<void> {
    validateFileStoreModelName(name);
    validateAlias(alias);
    validateAliasNotReserved(alias);
    const number = validateVersion(version);
    await this.locked(name, async () => {
      this.requireVersionMeta(name, number);
      const folder = join(this.modelFolder(name), 'aliases');
      mkdirSync(folder, { recursive: true });
      writeFileAtomic(join(folder, alias), number, this.modelFolder(name));
      this.touchModel(name, this.now());
    });
  }

  async deleteAlias(name: string, alias: string): Promise<void> {
    validateFileStoreModelName(name);
    validateAlias(alias);
    await this.locked(name, async () => {
      const path = join(this.modelFolder(name), 'aliases', alias);
      if (!existsSync(path)) return;
      rmSync(path);
      this.touchModel(name, this.now());
    });
  }

  async setVersionTag(name: string, version: string, key: string, value: string): Promise<void> {
    await this.setVersionTags(name, version, { [key]: value });
  }

  async deleteVersionTag(name: string, version: string, key: string): Promise<void> {
    await this.setVersionTags(name, version, { [key]: null });
  }

  async setVersionTags(name: string, version: string, tags: Record<string, string | null>): Promise<void> {
    validateFileStoreModelName(name);
    for (const [key, value] of Object.entries(tags)) validateVersionTag(key, value);
    const number = validateVersion(version);
    await this.locked(name, async () => {
      this.requireVersionMeta(name, number);
      let changed = false;
      for (const [key, value] of Object.entries(tags)) {
        const path = join(this.versionFolder(name, number), 'tags', key);
        if (value === null) {
          if (!existsSync(path)) continue;
          rmSync(path);
        } else {
          mkdirSync(join(path, '..'), { recursive: true });
          writeFileAtomic(path, value, this.modelFolder(name));
        }
        changed = true;
      }
      // MLflow's FileStore bumps the registered model, not the version, on a version tag write or delete.
      if (changed) this.touchModel(name, this.now());
    });
  }

  async updateVersionDescription(name: string, version: string, description: string): Promise<ModelVersion> {
    validateFileStoreModelName(name);
    const number = validateVersion(version);
    return this.locked(name, async () => {
      const meta = this.requireVersionMeta(name, number);
      this.writeVersionMeta(name, number, { ...meta, description, last_updated_timestamp: this.now() });
      return this.getVersion(name, number);
    });
  }

  async updateModelDescription(name: string, description: string): Promise<RegisteredModel> {
    validateFileStoreModelName(name);
    return this.locked(name, async () => {
      const meta = this.readModelMeta(name);
      this.writeModelMeta(name, { ...meta, description, last_updated_timestamp: this.now() });
      return this.readModel(name);
    });
  }

  /**
   * Holds the model's lock file for all of `work`. MLflow's FileStore has no transactions, so the writes inside are
   * still separate (each an atomic rename); the lock keeps every other writer of the model out meanwhile.
   */
  async exclusive<T>(model: string, work: () => Promise<T>): Promise<T> {
    validateFileStoreModelName(model);
    return this.locked(model, work);
  }

  private locked<T>(name: string, work: () => Promise<T>): Promise<T> {
    return withModelLock(this.modelFolder(name), work, this.lockOptions);
  }

  close(): void {}

  private modelNames(): string[] {
    if (!existsSync(this.modelsFolder)) return [];
    return readdirSync(this.modelsFolder, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(this.modelsFolder, entry.name, 'meta.yaml')))
      .map((entry) => entry.name)
      .sort();
  }

  private modelFolder(name: string): string {
    validateFileStoreModelName(name);
    const folder = join(this.modelsFolder, name);
    if (!existsSync(folder)) throw modelNotFound(name);
    return folder;
  }

  private versionFolder(name: string, version: string): string {
    return join(this.modelFolder(name), `version-${version}`);
  }

  private versionNumbers(name: string): string[] {
    const folder = this.modelFolder(name);
    return readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && /^version-\d+$/.test(entry.name))
      .map((entry) => entry.name.slice('version-'.length));
  }

  private readModel(name: string): RegisteredModel {
    const meta = this.readModelMeta(name);
    const tags = readTagFolder(join(this.modelFolder(name), 'tags'));
    return {
      name: String(meta.name ?? name),
      creationTimestamp: numberOrNull(meta.creation_timestamp),
      lastUpdatedTimestamp: numberOrNull(meta.last_updated_timestamp),
      description: stringOr(meta.description, ''),
      tags,
      aliases: this.readAliases(name),
      isPrompt: isPromptTags(tags),
    };
  }

  private readVersion(name: string, version: string, aliases: Record<string, string>): ModelVersion | undefined {
    const meta = this.readVersionMeta(name, version);
    if (!meta) return undefined;
    const stage = storedStage(meta.current_stage);
    if (stage === STAGE_DELETED_INTERNAL) return undefined;
    return {
      name: String(meta.name ?? name),
      version,
      stage: stage as Stage,
      aliases: aliasesOf(aliases, version),
      tags: readTagFolder(join(this.versionFolder(name, version), 'tags')),
      description: stringOr(meta.description, ''),
      source: stringOr(meta.source, ''),
      runId: stringOr(meta.run_id, ''),
      runLink: stringOr(meta.run_link, ''),
      status: stringOr(meta.status, 'READY'),
      statusMessage: stringOrNull(meta.status_message),
      userId: stringOrNull(meta.user_id),
      creationTimestamp: numberOrNull(meta.creation_timestamp),
      lastUpdatedTimestamp: numberOrNull(meta.last_updated_timestamp),
      modelId: stringOrNull(meta.model_id) || null,
      storageLocation: stringOrNull(meta.storage_location),
    };
  }

  /** alias → version from `aliases/<alias>` files, which MLflow treats as the truth. */
  private readAliases(name: string): Record<string, string> {
    const folder = join(this.modelFolder(name), 'aliases');
    const aliases: Record<string, string> = {};
    for (const [alias, body] of Object.entries(readTagFolder(folder))) aliases[alias] = body.trim();
    return aliases;
  }

  private readModelMeta(name: string): Meta {
    const meta = readMetaFile(join(this.modelFolder(name), 'meta.yaml'));
    if (!meta) throw modelNotFound(name);
    return meta;
  }

  private readVersionMeta(name: string, version: string): Meta | undefined {
    return readMetaFile(join(this.versionFolder(name, version), 'meta.yaml'));
  }

  private requireVersionMeta(name: string, version: string): Meta {
    const meta = this.readVersionMeta(name, version);
    if (!meta || storedStage(meta.current_stage) === STAGE_DELETED_INTERNAL) throw versionNotFound(name, version);
    return meta;
  }

  private touchModel(name: string, time: number): void {
    this.writeModelMeta(name, { ...this.readModelMeta(name), last_updated_timestamp: time });
  }

  private writeModelMeta(name: string, meta: Meta): void {
    const refreshed = 'aliases' in meta ? { ...meta, aliases: this.readAliases(name) } : meta;
    const path = join(this.modelFolder(name), 'meta.yaml');
    writeFileAtomic(path, dumpMlflowYaml(asYaml(refreshed, path)), this.modelFolder(name));
  }

  private writeVersionMeta(name: string, version: string, meta: Meta): void {
    const refreshed = 'aliases' in meta ? { ...meta, aliases: aliasesOf(this.readAliases(name), version) } : meta;
    const path = join(this.versionFolder(name, version), 'meta.yaml');
    writeFileAtomic(path, dumpMlflowYaml(asYaml(refreshed, path)), this.modelFolder(name));
  }
}

function readMetaFile(path: string): Meta | undefined {
  if (!existsSync(path)) return undefined;
  let parsed: unknown;
  try {
    // PyYAML reads YAML 1.1; so do we, so that what it quoted and what it did not mean the same here.
    parsed = parse(readFileSync(path, 'utf8'), { version: '1.1' });
  } catch (error) {
    throw new RegistryError(`${path}: not valid YAML (${(error as Error).message.split('\n')[0]}). Restore it from version control or re-register the model.`, 'STORE_UNREADABLE');
  }
  if (parsed === null || parsed === undefined) return undefined;
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new RegistryError(`${path}: expected a mapping of fields, found ${Array.isArray(parsed) ? 'a list' : typeof parsed}.`, 'STORE_UNREADABLE');
  }
  return parsed as Meta;
}

/** Every file under a tags/ or aliases/ folder, key = path relative to it with '/' (MLflow allows '/' in keys). */
function readTagFolder(folder: string): Record<string, string> {
  const found: Record<string, string> = {};
  if (!existsSync(folder)) return found;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (statSync(path).isFile()) found[relative(folder, path).split(sep).join('/')] = readFileSync(path, 'utf8');
    }
  };
  walk(folder);
  return found;
}

function asYaml(meta: Meta, path: string): Record<string, YamlValue> {
  for (const [key, value] of Object.entries(meta)) {
    if (!isYamlValue(value)) {
      throw new RegistryError(`${path}: field '${key}' holds data that is not plain YAML (e.g. a timestamp or a tagged value); the file was left unchanged.`, 'STORE_UNREADABLE');
    }
  }
  return meta as Record<string, YamlValue>;
}

/** Plain YAML data only: anything else (a timestamp read as a Date, a custom tag) is not rewritten blindly. */
function isYamlValue(value: unknown): value is YamlValue {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
  if (Array.isArray(value)) return value.every(isYamlValue);
  return typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype && Object.values(value as object).every(isYamlValue);
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : null;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : value === null || value === undefined ? fallback : String(value);
}

function stringOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
