// The model registry seen the same way whichever store holds it (mlruns/models, mlflow.db or a tracking server),
// as MLflow's AbstractStore (mlflow/store/model_registry/abstract_store.py) does for its three registry stores.
import type { Stage } from './stages';

export type { Stage } from './stages';

export interface RegisteredModel {
  name: string;
  creationTimestamp: number | null;
  lastUpdatedTimestamp: number | null;
  description: string;
  tags: Record<string, string>;
  /** alias → version number, as MLflow's `aliases` map; the authoritative source per store (alias files, table). */
  aliases: Record<string, string>;
  /** MLflow 3 prompt registry: tag `mlflow.prompt.is_prompt` = "true"; a missing tag means "not a prompt". */
  isPrompt: boolean;
}

export interface ModelVersion {
  name: string;
  /** Version number as a decimal string, as MLflow's REST API carries it. */
  version: string;
  stage: Stage;
  /** Aliases of the model that point at this version, sorted. */
  aliases: string[];
  tags: Record<string, string>;
  description: string;
  source: string;
  runId: string;
  runLink: string;
  status: string;
  statusMessage: string | null;
  userId: string | null;
  creationTimestamp: number | null;
  lastUpdatedTimestamp: number | null;
  /** MLflow 3: the logged model (`m-…`) behind this version, when the store records it. */
  modelId: string | null;
  storageLocation: string | null;
}

/** The template text of a prompt version (MLflow 3 keeps it in the version tag `mlflow.prompt.text`). */
export const PROMPT_FLAG_TAG = 'mlflow.prompt.is_prompt';
export const PROMPT_TEXT_TAG = 'mlflow.prompt.text';

export interface ModelRegistry {
  readonly kind: 'file' | 'sqlite' | 'rest';
  /** Every registered model and prompt (split them with `splitPrompts`). */
  listModels(): Promise<RegisteredModel[]>;
  getModel(name: string): Promise<RegisteredModel>;
  /** Versions of one model (or of all when name is omitted), newest version first; Deleted_Internal never shows. */
  listVersions(name?: string): Promise<ModelVersion[]>;
  getVersion(name: string, version: string): Promise<ModelVersion>;
  getVersionByAlias(name: string, alias: string): Promise<ModelVersion>;
  /** `stage` is case-insensitive; archiveExisting only for Staging/Production (MLflow's rule). */
  transitionStage(name: string, version: string, stage: string, archiveExisting: boolean): Promise<ModelVersion>;
  setAlias(name: string, alias: string, version: string): Promise<void>;
  deleteAlias(name: string, alias: string): Promise<void>;
  setVersionTag(name: string, version: string, key: string, value: string): Promise<void>;
  deleteVersionTag(name: string, version: string, key: string): Promise<void>;
  /** Sets several tags of one version (null deletes one); a single transaction where the store has them. */
  setVersionTags(name: string, version: string, tags: Record<string, string | null>): Promise<void>;
  updateVersionDescription(name: string, version: string, description: string): Promise<ModelVersion>;
  updateModelDescription(name: string, description: string): Promise<RegisteredModel>;
  /**
   * Runs `work` as one unit against every other writer of `model`; calls made on this registry inside `work` join it.
   * SQLite: one BEGIN IMMEDIATE transaction, rolled back when `work` throws or the commit cannot get the lock.
   * FileStore: the model's lock file is held throughout (no transaction exists: a crash can leave some of the writes
   * done). REST: MLflow's API has no transactions, so each call is its own request.
   */
  exclusive<T>(model: string, work: () => Promise<T>): Promise<T>;
  close(): void;
}

/** MLflow's error codes (mlflow/protos/databricks.proto) so REST errors and local errors read alike. */
export type RegistryErrorCode =
  | 'RESOURCE_DOES_NOT_EXIST'
  | 'INVALID_PARAMETER_VALUE'
  | 'RESOURCE_ALREADY_EXISTS'
  | 'INVALID_STATE'
  | 'STORE_UNREADABLE'
  | 'REQUEST_FAILED';

export class RegistryError extends Error {
  override name = 'RegistryError';
  constructor(
    message: string,
    readonly code: RegistryErrorCode,
  ) {
    super(message);
  }
}

export function modelNotFound(name: string): RegistryError {
  return new RegistryError(`Registered Model with name=${name} not found`, 'RESOURCE_DOES_NOT_EXIST');
}

export function versionNotFound(name: string, version: string): RegistryError {
  return new RegistryError(`Model Version (name=${name}, version=${version}) not found`, 'RESOURCE_DOES_NOT_EXIST');
}

export function aliasNotFound(alias: string): RegistryError {
  return new RegistryError(`Registered model alias ${alias} not found.`, 'INVALID_PARAMETER_VALUE');
}

export function isPromptTags(tags: Record<string, string>): boolean {
  return tags[PROMPT_FLAG_TAG]?.toLowerCase() === 'true';
}

/** Models and prompts apart, as the Models view shows them. */
export function splitPrompts(models: RegisteredModel[]): { models: RegisteredModel[]; prompts: RegisteredModel[] } {
  return { models: models.filter((m) => !m.isPrompt), prompts: models.filter((m) => m.isPrompt) };
}

/** Newest version first, then by name: the order the Models view and `mlops model-versions` use. */
export function compareVersions(a: ModelVersion, b: ModelVersion): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return Number(b.version) - Number(a.version);
}

/** Aliases map → the sorted alias names of one version. */
export function aliasesOf(aliases: Record<string, string>, version: string): string[] {
  return Object.keys(aliases)
    .filter((alias) => aliases[alias] === version)
    .sort();
}

/** The template of a prompt version, or undefined for model versions. */
export function promptTemplate(version: ModelVersion): string | undefined {
  return version.tags[PROMPT_TEXT_TAG];
}

/** What the alias 'latest' resolves to since MLflow 3.3: the highest version number (versions sorted newest first). */
export function newestVersion(name: string, versions: ModelVersion[]): ModelVersion {
  const newest = versions[0];
  if (!newest) throw new RegistryError(`Latest version not found for model ${name}.`, 'RESOURCE_DOES_NOT_EXIST');
  return newest;
}

/** MLflow's RegisteredModel.latest_versions: the highest version number in each stage, of one model's versions. */
export function latestPerStage(versions: ModelVersion[]): ModelVersion[] {
  const latest = new Map<string, ModelVersion>();
  for (const v of versions) {
    const seen = latest.get(v.stage);
    if (!seen || Number(seen.version) < Number(v.version)) latest.set(v.stage, v);
  }
  return [...latest.values()];
}
