// Input checks MLflow applies before a registry write (mlflow/utils/validation.py), with its messages, so a request
// refused here would be refused by MLflow too.
import { RegistryError } from './registry';

const ALIAS_PATTERN = /^[\w-]*$/;
const VERSION_ALIAS_PATTERN = /^[vV]\d+$/;
const MAX_ALIAS_LENGTH = 255;

export function validateAlias(alias: string): void {
  if (alias === '') throw invalid('Registered model alias name cannot be empty.');
  if (!ALIAS_PATTERN.test(alias)) {
    throw invalid(`Invalid alias name: '${alias}'. Names may only contain alphanumerics, underscores (_), and dashes (-).`);
  }
  if (alias.length > MAX_ALIAS_LENGTH) {
    throw invalid(`Registered model alias name '${alias}' had length ${alias.length}, which exceeded length limit of ${MAX_ALIAS_LENGTH}`);
  }
  if (alias.toLowerCase() === 'latest') throw invalid("'latest' alias name (case insensitive) is reserved.");
  if (VERSION_ALIAS_PATTERN.test(alias)) throw invalid(`Version alias name '${alias}' is reserved.`);
}

/** Versions are positive integers; MLflow accepts them as strings of digits. */
export function validateVersion(version: string): number {
  if (!/^\d+$/.test(version) || Number(version) < 1) {
    throw invalid(`Parameter 'version' must be an integer, got '${version}'.`);
  }
  return Number(version);
}

/** The file store keeps a model in a folder named after it, so separators and '%' are refused (as MLflow does). */
export function validateModelName(name: string): void {
  if (name === '') throw invalid('Registered model name cannot be empty.');
  if (/[/\\]/.test(name)) throw invalid(`Invalid name: '${name}'. Registered model name cannot contain path separator`);
  if (name.includes('%')) throw invalid(`Invalid name: '${name}'. Registered model name cannot contain '%' character`);
}

export function validateTagKey(key: string): void {
  if (key === '') throw invalid('Tag name cannot be empty.');
  // MLflow's path check: a key must not climb out of the tags folder.
  if (key.split('/').some((part) => part === '..' || part === '.') || key.startsWith('/')) {
    throw invalid(`Invalid tag name: '${key}'. Names may be treated as files in certain cases, and must not resolve to other names when treated as such.`);
  }
}

function invalid(message: string): RegistryError {
  return new RegistryError(message, 'INVALID_PARAMETER_VALUE');
}
