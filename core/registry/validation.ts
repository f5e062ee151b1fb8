// Input checks MLflow applies before a registry write, with its messages, so that a request refused here is refused
// by MLflow too and the other way round. Encoded from MLflow 3.11 (mlflow/utils/validation.py after mlflow#21458,
// which added '/', ':' and the path check to `_validate_model_name`; `_validate_model_alias_name_reserved` split off
// in 3.3) and mlflow/store/model_registry/file_store.py (its own `_validate_model_name`: OS path separators, '%').
// Every check runs before a path is built or a row is touched.
import { sep } from 'node:path';
import { RegistryError } from './registry';

/** Python's `\w` on str is Unicode-aware (letters, digits, numerics, '_'); its `$` also matches before one final '\n'. */
const ALIAS_PATTERN = /^[\p{L}\p{N}_-]*\n?$/u;
const TAG_KEY_PATTERN = process.platform === 'win32' ? /^[/\p{L}\p{N}_.\- ]*\n?$/u : /^[/\p{L}\p{N}_.\- :]*\n?$/u;
const VERSION_ALIAS_PATTERN = /^[vV]\d+\n?$/;
/** Python's int(): surrounding whitespace, a sign, digits with single underscores between them. */
const PYTHON_INT = /^\s*[+-]?\d(?:_?\d)*\s*$/;
const MAX_ALIAS_LENGTH = 255;
const MAX_TAG_KEY_LENGTH = 250;
const MAX_TAG_VALUE_LENGTH = 100_000;

/** `_validate_model_name`: what every MLflow registry store checks on a model name. */
export function validateModelName(name: string): void {
  if (name.trim() === '') throw invalid(missingValue('name'));
  if (name.includes('/') || name.includes(':')) throw invalid(`Invalid model name '${name}'. Names cannot contain '/' or ':'.`);
  if (pathNotUnique(name)) throw invalid(invalidValue('name', name, badPathMessage(name)));
}

/** The FileStore's stricter rule on top: the name is a folder under `models/`. */
export function validateFileStoreModelName(name: string): void {
  validateModelName(name);
  if (name.includes(sep)) throw invalid(`Invalid name: '${name}'. Registered model name cannot contain path separator`);
  if (name.includes('%')) throw invalid(`Invalid name: '${name}'. Registered model name cannot contain '%' character`);
}

/** `_validate_model_alias_name`: applied to every alias read, set or delete. */
export function validateAlias(alias: string): void {
  if (alias === '') throw invalid('Registered model alias name cannot be empty.');
  if (!ALIAS_PATTERN.test(alias)) {
    throw invalid(`Invalid alias name: '${alias}'. Names may only contain alphanumerics, underscores (_), and dashes (-).`);
  }
  if (pythonLength(alias) > MAX_ALIAS_LENGTH) throw invalid(exceedsMaximumLength('Registered model alias name', MAX_ALIAS_LENGTH));
}

/** `_validate_model_alias_name_reserved`: only setting an alias checks it ('latest' still resolves on reads). */
export function validateAliasNotReserved(alias: string): void {
  if (alias.toLowerCase() === LATEST_ALIAS) throw invalid("'latest' alias name (case insensitive) is reserved.");
  if (VERSION_ALIAS_PATTERN.test(alias)) throw invalid(`Version alias name '${alias}' is reserved.`);
}

export const LATEST_ALIAS = 'latest';

/** `_validate_model_version`: what Python's int() accepts; returns the canonical decimal string. */
export function validateVersion(version: string): string {
  if (!PYTHON_INT.test(version)) throw invalid(`Parameter 'version' must be an integer, got '${version}'.`);
  return BigInt(version.trim().replaceAll('_', '')).toString();
}

/** `_validate_model_version_tag`: the key may hold '/' (a sub-folder in the FileStore) but never climb out. */
export function validateVersionTag(key: string, value: string | null): void {
  if (!TAG_KEY_PATTERN.test(key)) throw invalid(invalidValue('key', key, badCharacterMessage()));
  if (pathNotUnique(key)) throw invalid(invalidValue('key', key, badPathMessage(key)));
  if (pythonLength(key) > MAX_TAG_KEY_LENGTH) throw invalid(exceedsMaximumLength('key', MAX_TAG_KEY_LENGTH));
  if (value !== null && pythonLength(value) > MAX_TAG_VALUE_LENGTH) throw invalid(exceedsMaximumLength('value', MAX_TAG_VALUE_LENGTH));
}

/** MLflow's `path_not_unique`: the name, read as a POSIX path, must be itself and stay below its folder. */
function pathNotUnique(name: string): boolean {
  const norm = pythonNormpath(name);
  return norm !== name || norm === '.' || norm.startsWith('..') || norm.startsWith('/');
}

/** Python's posixpath.normpath (unlike Node's, it drops a trailing '/' and keeps exactly two leading ones). */
export function pythonNormpath(path: string): string {
  if (path === '') return '.';
  const leading = path.startsWith('/') ? (path.startsWith('//') && !path.startsWith('///') ? 2 : 1) : 0;
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..' || (leading === 0 && parts.length === 0) || parts.at(-1) === '..') parts.push(part);
    else parts.pop();
  }
  return '/'.repeat(leading) + parts.join('/') || '.';
}

function badPathMessage(name: string): string {
  return `Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to ${pythonRepr(pythonNormpath(name))}`;
}

function badCharacterMessage(): string {
  const colon = process.platform === 'win32' ? '' : ', colon(:)';
  return `Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( )${colon} and slashes (/).`;
}

function invalidValue(path: string, value: string, message: string): string {
  return `Invalid value ${pythonJson(value)} for parameter '${path}' supplied: ${message}`;
}

function missingValue(path: string): string {
  return `Missing value for required parameter '${path}'.`;
}

function exceedsMaximumLength(path: string, limit: number): string {
  return `'${path}' exceeds the maximum length of ${limit} characters`;
}

/** json.dumps with ensure_ascii: everything outside printable ASCII as \uXXXX. */
function pythonJson(value: string): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** repr() of a str: single quotes unless the text holds one and no double quote. */
function pythonRepr(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  const escaped = value.replace(/[\\\n\r\t\x00-\x1f\x7f]/g, (c) => {
    const named: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return named[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
  return quote + (quote === "'" ? escaped.replaceAll("'", "\\'") : escaped) + quote;
}

/** len() of a Python str counts code points, not UTF-16 units. */
function pythonLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

function invalid(message: string): RegistryError {
  return new RegistryError(message, 'INVALID_PARAMETER_VALUE');
}
