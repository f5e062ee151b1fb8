// One Feast feature repository: its config and the registry it names, read without Python. What cannot be read (a
// registry on S3, a missing file before the first `feast apply`) is a problem to show, not a throw.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeRegistry, FeastRegistryError } from './registryDecode';
import type { FeastRegistry } from './registryModel';
import { FeatureRepoConfigError, type FeatureRepoConfig, readFeatureRepoConfig, type RegistryLocation } from './repoConfig';
import { readSqlRegistry } from './sqlRegistry';

export interface FeatureRepo {
  configFile: string;
  config: FeatureRepoConfig | null;
  registry: FeastRegistry | null;
  /** Why the registry could not be read; null when it was. */
  problem: string | null;
}

export function openFeatureRepo(configFile: string, root?: string): FeatureRepo {
  let config: FeatureRepoConfig;
  try {
    config = readFeatureRepoConfig(configFile, root);
  } catch (error) {
    if (error instanceof FeatureRepoConfigError) return { configFile, config: null, registry: null, problem: error.message };
    throw error;
  }
  try {
    return { configFile, config, registry: readRegistry(config.registry, configFile), problem: null };
  } catch (error) {
    if (error instanceof FeastRegistryError) return { configFile, config, registry: null, problem: error.message };
    throw error;
  }
}

export function readRegistry(location: RegistryLocation, configFile: string): FeastRegistry {
  if (location.kind === 'not-local') {
    throw new FeastRegistryError(`${configFile}: registry '${location.written}' is not local: ${location.reason}. MLOps Workbench reads file registries and SQL registries on SQLite.`);
  }
  if (!existsSync(location.path)) {
    throw new FeastRegistryError(`${configFile}: the registry ${location.path} does not exist yet; run \`feast apply\` in ${join(configFile, '..')} to create it.`);
  }
  if (location.kind === 'sql-sqlite') return readSqlRegistry(location.path);
  return decodeRegistry(readFileSync(location.path), location.path);
}

const SKIPPED = new Set(['node_modules', '.git', '.venv', 'venv', '__pycache__', '.mypy_cache', 'site-packages']);

/** Every feature_store.yaml under `folder` (Feast repositories are shallow: six levels is plenty), sorted. */
export function findFeatureRepos(folder: string, depth = 6): string[] {
  const found: string[] = [];
  const walk = (dir: string, level: number) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isFile() && entry.name === 'feature_store.yaml') found.push(join(dir, entry.name));
      else if (entry.isDirectory() && level < depth && !SKIPPED.has(entry.name) && !entry.name.startsWith('.')) walk(join(dir, entry.name), level + 1);
    }
  };
  walk(folder, 0);
  return found.sort();
}
