// Where a Feast feature repository keeps its registry and online store, read from its feature_store.yaml the way
// feast/repo_config.py reads it: `$VAR`/`${VAR}` expanded first (os.path.expandvars), relative paths resolved against
// the repository folder, `registry` as a path or a mapping with registry_type file | sql | remote | a class path,
// and the online store defaulting to SQLite at data/online.db. Paths must stay inside the repository.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse } from 'yaml';
import { PathEscapeError, resolveInside } from '../paths/containment';
import { isRecord } from '../yaml/records';

export type RegistryLocation =
  | { kind: 'file'; path: string; written: string }
  | { kind: 'sql-sqlite'; path: string; written: string }
  /** S3, GCS, Azure, HTTP, a database server or a remote registry server: nothing on this machine to read. */
  | { kind: 'not-local'; written: string; reason: string };

export type OnlineStoreLocation =
  | { kind: 'sqlite'; path: string; written: string }
  | { kind: 'not-local'; type: string };

export interface FeatureRepoConfig {
  /** The folder holding feature_store.yaml (Feast's repo_path). */
  repoDir: string;
  configFile: string;
  project: string;
  registry: RegistryLocation;
  onlineStore: OnlineStoreLocation;
  /** entity_key_serialization_version as written, else undefined (its default changed between releases). */
  entityKeySerializationVersion: number | undefined;
}

export class FeatureRepoConfigError extends Error {
  override name = 'FeatureRepoConfigError';
}

/** `root` is the folder paths must stay in: the workspace folder, else the repository itself. */
export function readFeatureRepoConfig(configFile: string, root = dirname(configFile)): FeatureRepoConfig {
  let text: string;
  try {
    text = readFileSync(configFile, 'utf8');
  } catch (error) {
    throw new FeatureRepoConfigError(`${configFile}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  return parseFeatureRepoConfig(text, configFile, root);
}

export function parseFeatureRepoConfig(text: string, configFile: string, root = dirname(configFile)): FeatureRepoConfig {
  let config: unknown;
  try {
    config = parse(expandVars(text));
  } catch (error) {
    throw new FeatureRepoConfigError(`${configFile}: not valid YAML (${(error as Error).message.split('\n')[0]}).`);
  }
  if (!isRecord(config) || typeof config['project'] !== 'string') {
    throw new FeatureRepoConfigError(`${configFile}: line 1: feature_store.yaml needs a 'project' name (a mapping with project, registry, provider, …).`);
  }
  const repoDir = dirname(configFile);
  const place: Place = { root, repoDir, configFile };
  const version = config['entity_key_serialization_version'];
  return {
    repoDir,
    configFile,
    project: config['project'],
    registry: registryLocation(config['registry'], place),
    onlineStore: onlineStoreLocation(config['online_store'], config['provider'], place),
    entityKeySerializationVersion: typeof version === 'number' ? version : undefined,
  };
}

/** os.path.expandvars: `$NAME` and `${NAME}` of set variables are replaced, unset ones stay as written. */
function expandVars(text: string): string {
  return text.replace(/\$(\w+)|\$\{([^}]+)\}/g, (all, bare: string | undefined, braced: string | undefined) => process.env[(bare ?? braced) as string] ?? all);
}

const REMOTE_SCHEMES = /^(s3|gs|az|abfss?|https?|hdfs):\/\//i;

function registryLocation(registry: unknown, place: Place): RegistryLocation {
  const { configFile } = place;
  if (registry === undefined || registry === null) {
    throw new FeatureRepoConfigError(`${configFile}: no 'registry' key; Feast needs one (e.g. registry: data/registry.db).`);
  }
  const path = isRecord(registry) ? registry['path'] : registry;
  const type = isRecord(registry) ? String(registry['registry_type'] ?? 'file') : 'file';
  if (typeof path !== 'string' || path === '') {
    throw new FeatureRepoConfigError(`${configFile}: 'registry' needs a path (a file, or sqlite:///… for registry_type: sql).`);
  }
  if (type === 'sql') {
    const sqlite = /^sqlite:\/\/\/(.*)$/.exec(path);
    if (!sqlite) return { kind: 'not-local', written: path, reason: `a SQL registry on a database server (${path.split(':')[0]}); only SQLite registries are read` };
    return { kind: 'sql-sqlite', path: inside(place, sqlite[1] as string), written: path };
  }
  if (type !== 'file') return { kind: 'not-local', written: path, reason: `registry_type '${type}' keeps the registry on a server` };
  if (REMOTE_SCHEMES.test(path)) return { kind: 'not-local', written: path, reason: `the registry is stored at ${path.split('://')[0]}:// (not a local file)` };
  return { kind: 'file', path: inside(place, path.replace(/^file:\/\//, '')), written: path };
}

function onlineStoreLocation(store: unknown, provider: unknown, place: Place): OnlineStoreLocation {
  const type = isRecord(store) ? String(store['type'] ?? 'sqlite') : typeof store === 'string' ? store : undefined;
  // RepoConfig: no online_store means SQLite for the local provider (its path defaulting to data/online.db).
  const effective = type ?? (provider === undefined || provider === 'local' ? 'sqlite' : `${String(provider)} default`);
  if (effective !== 'sqlite') return { kind: 'not-local', type: effective };
  const written = isRecord(store) && typeof store['path'] === 'string' ? store['path'] : 'data/online.db';
  return { kind: 'sqlite', path: inside(place, written), written };
}

interface Place {
  root: string;
  repoDir: string;
  configFile: string;
}

function inside({ root, repoDir, configFile }: Place, path: string): string {
  try {
    return resolveInside(root, repoDir, path);
  } catch (error) {
    if (error instanceof PathEscapeError) {
      throw new FeatureRepoConfigError(`${configFile}: '${path}' is outside ${root}; refusing to read it.`);
    }
    throw error;
  }
}
