// The typed sections of feature_store.yaml (Feast 0.66 feast/repo_config.py): registry, the three store sections,
// auth, feature_server and the nested models. Each picks its config class from `type:` exactly as RepoConfig does and
// checks it with feastConfig.ts; the cross-field model validators of a few classes are encoded here.
import { type ParsedDocument, type PathSegment, rangeAtPath } from '../document';
import {
  AUTH_TYPES,
  BATCH_ENGINES,
  FEAST_VERSION,
  FEATURE_SERVER_TYPES,
  type FeastConfigClass,
  NESTED_MODELS,
  OFFLINE_STORES,
  OIDC_CLIENT_KEYS,
  ONLINE_STORES,
  REGISTRY_TYPES,
  REMOVED_TYPES,
} from '../schemas/feastStores';
import type { PipelineDiagnostic } from '../types';
import { checkConfigClass, isEnvTemplated } from './feastConfig';
import { isRecord } from '../../yaml/records';

type Finding = Omit<PipelineDiagnostic, 'range'>;
const at = (doc: ParsedDocument, path: PathSegment[], on: 'key' | 'value', finding: Finding): PipelineDiagnostic => ({ ...finding, range: rangeAtPath(doc, path, on) });
const error = (code: string, message: string): Finding => ({ severity: 'error', code, message });

// ---- registry -------------------------------------------------------------------------------------------------

/** feast/infra/registry/registry.py REGISTRY_STORE_CLASS_FOR_SCHEME, used for a file registry without a store type. */
const REGISTRY_SCHEMES = ['', 'file', 's3', 'gs', 'hdfs'];

export function registryRules(doc: ParsedDocument, registry: unknown): PipelineDiagnostic[] {
  if (typeof registry === 'string') return schemeRule(doc, ['registry'], registry);
  if (!isRecord(registry)) return [];
  const type = registry['registry_type'] ?? 'file';
  if (typeof type !== 'string' || isEnvTemplated(type)) return [];
  const cls = REGISTRY_TYPES[type];
  if (!cls) {
    // get_registry_config_from_type: "We do not support custom registry's right now".
    const names = Object.keys(REGISTRY_TYPES).join(', ');
    return [at(doc, ['registry', 'registry_type'], 'value', error('feast-registry-type', `registry_type '${type}' is invalid: ${FEAST_VERSION} accepts ${names} (no custom registry classes).`))];
  }
  const out = checkConfigClass({ doc, path: ['registry'], value: registry, cls });
  const path = registry['path'];
  if (type !== 'snowflake.registry' && (path === undefined || path === '')) {
    out.push(at(doc, ['registry'], 'key', error('feast-registry-path', `'registry' of type '${type}' needs a 'path': ${FEAST_VERSION} defaults it to '' and then cannot open the registry.`)));
  }
  if (type === 'file' && registry['registry_store_type'] === undefined && typeof path === 'string') out.push(...schemeRule(doc, ['registry', 'path'], path));
  if (type === 'sql') {
    for (const field of ['path', 'read_path']) out.push(...postgresScheme(doc, field, registry[field]));
  }
  return out;
}

/** Python's urlparse scheme: letters, digits, '+', '-', '.' before ':'; a one-letter one followed by :\ or :/ is a drive. */
function schemeRule(doc: ParsedDocument, path: PathSegment[], value: string): PipelineDiagnostic[] {
  if (isEnvTemplated(value)) return [];
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(value)?.[1]?.toLowerCase() ?? '';
  const drive = scheme.length === 1 && /^.:[\\/]/.test(value);
  if (drive || REGISTRY_SCHEMES.includes(scheme)) return [];
  return [at(doc, path, 'value', error(
    'feast-registry-scheme',
    `Registry path ${value} has unsupported scheme ${scheme}. Supported schemes are file, s3, gs and hdfs. (${FEAST_VERSION}; a SQL database needs registry_type: sql.)`,
  ))];
}

/** RegistryConfig._normalize_postgres_scheme (since Feast 0.40, when Feast moved to psycopg 3) logs this and rewrites the URL. */
function postgresScheme(doc: ParsedDocument, field: string, value: unknown): PipelineDiagnostic[] {
  if (typeof value !== 'string' || !value.startsWith('postgresql://')) return [];
  const range = rangeAtPath(doc, ['registry', field], 'value');
  const source = doc.text.slice(doc.offsetAt(range.start.line, range.start.character), doc.offsetAt(range.end.line, range.end.character));
  return [{
    severity: 'warning',
    code: 'feast-registry-postgres-scheme',
    message: `The \`${field}\` of the \`RegistryConfig\` starts with a plain \`postgresql\` string: ${FEAST_VERSION} rewrites it to \`postgresql+psycopg\` (the psycopg 3 driver). Write \`postgresql+psycopg\` to silence this warning, or \`postgresql+psycopg2\` to keep psycopg2.`,
    range,
    fixes: [{ title: 'Use postgresql+psycopg://', edits: [{ path: doc.path, range, newText: source.replace('postgresql://', 'postgresql+psycopg://') }] }],
  }];
}

// ---- online_store, offline_store, batch_engine -----------------------------------------------------------------

interface StoreSection {
  field: 'online_store' | 'offline_store' | 'batch_engine';
  classes: Record<string, FeastConfigClass>;
  /** The type RepoConfig fills in for a mapping without one; none for batch_engine, read as config['type']. */
  defaultType?: string;
  /** What a custom class path must end with (get_*_config_from_type). */
  suffix: string;
}

const SECTIONS: StoreSection[] = [
  { field: 'online_store', classes: ONLINE_STORES, defaultType: 'sqlite', suffix: 'OnlineStore' },
  { field: 'offline_store', classes: OFFLINE_STORES, defaultType: 'dask', suffix: 'OfflineStore' },
  { field: 'batch_engine', classes: BATCH_ENGINES, suffix: 'Engine' },
];

export function storeRules(doc: ParsedDocument, config: Record<string, unknown>): PipelineDiagnostic[] {
  return SECTIONS.flatMap((section) => storeSection(doc, section, config[section.field]));
}

function storeSection(doc: ParsedDocument, section: StoreSection, store: unknown): PipelineDiagnostic[] {
  const { field } = section;
  if (store === undefined || store === null) return [];
  if (typeof store === 'string') {
    // `online_store: none` (or null) turns the online store off.
    if (field === 'online_store' && ['none', 'null'].includes(store.toLowerCase())) return [];
    return typeRules(doc, section, store, [field], {});
  }
  if (!isRecord(store)) {
    return [at(doc, [field], 'value', error('feast-type', `'${field}' must be a store type or a mapping with a 'type' (${FEAST_VERSION}).`))];
  }
  const type = store['type'] ?? section.defaultType;
  if (type === undefined) {
    return [at(doc, [field], 'key', error('feast-missing-field', `'${field}' needs a 'type': ${FEAST_VERSION} reads ${field}['type'] and fails without it (KeyError: 'type').`))];
  }
  if (typeof type !== 'string') return [at(doc, [field, 'type'], 'value', error('feast-type', `${field}.type: Input should be a valid string (${FEAST_VERSION}).`))];
  return typeRules(doc, section, type, 'type' in store ? [field, 'type'] : [field], store);
}

function typeRules(doc: ParsedDocument, section: StoreSection, type: string, typePath: PathSegment[], store: Record<string, unknown>): PipelineDiagnostic[] {
  if (isEnvTemplated(type)) return [];
  const { field } = section;
  const cls = section.classes[type];
  if (cls) return [...checkConfigClass({ doc, path: [field], value: store, cls, typed: true }), ...crossFieldRules(doc, `${field}:${type}`, store)];
  const removed = REMOVED_TYPES[field]?.[type];
  if (removed) {
    return [at(doc, typePath, 'value', { severity: 'warning', code: 'feast-removed-type', message: `${removed}; ${FEAST_VERSION} no longer loads it. Choose another ${field} type.` })];
  }
  if (type.includes('.') && type.endsWith(section.suffix)) return [];
  return [at(doc, typePath, 'value', error(
    'feast-store-type',
    `Unknown ${field} type '${type}': ${FEAST_VERSION} knows ${Object.keys(section.classes).join(', ')}, or a class path ending in \`${section.suffix}\` (module.Class${section.suffix}).`,
  ))];
}

/** The model validators some store classes add on top of their fields. */
function crossFieldRules(doc: ParsedDocument, key: string, store: Record<string, unknown>): PipelineDiagnostic[] {
  const [field] = key.split(':') as [string];
  const fail = (message: string) => [at(doc, [field], 'key', error('feast-store-config', `${field}: ${message} (${FEAST_VERSION}).`))];
  switch (key) {
    case 'offline_store:redshift': {
      const { cluster_id: cluster, user, workgroup } = store;
      if (!(cluster && user) && !workgroup) return fail('please specify either cluster_id & user if using provisioned clusters, or workgroup if using serverless');
      if (cluster && workgroup) return fail('cannot specify both cluster_id and workgroup');
      return [];
    }
    case 'offline_store:oracle': {
      const set = ['service_name', 'sid', 'dsn'].filter((f) => store[f] !== undefined && store[f] !== null);
      return set.length > 1 ? fail(`Only one of 'service_name', 'sid', or 'dsn' may be set, but got: ${set.join(', ')}`) : [];
    }
    case 'offline_store:bigquery':
      return store['billing_project_id'] && !store['project_id'] ? fail('please specify project_id if billing_project_id is specified') : [];
    default:
      return [];
  }
}

// ---- auth, feature_server, nested models -----------------------------------------------------------------------

const ALLOWED_AUTH_TYPES = ['no_auth', 'kubernetes', 'oidc'];

/** RepoConfig._validate_auth_config, then auth_config picks the class (oidc with client credentials: the client one). */
export function authRules(doc: ParsedDocument, auth: unknown): PipelineDiagnostic[] {
  if (typeof auth === 'string') {
    if (isEnvTemplated(auth) || (auth.includes('.') && auth.endsWith('AuthConfig'))) return [];
    const cls = AUTH_TYPES[auth];
    if (!cls) return [at(doc, ['auth'], 'value', error('feast-auth-type', `Auth Config Class '${auth}' should end with the string \`AuthConfig\`: use ${ALLOWED_AUTH_TYPES.join(', ')} (${FEAST_VERSION}).`))];
    return checkConfigClass({ doc, path: ['auth'], value: {}, cls, typed: true });
  }
  if (!isRecord(auth)) return [];
  const type = auth['type'];
  if (type === undefined || type === null) {
    return [at(doc, ['auth'], 'key', error('feast-auth-type', `auth configuration is missing authentication type. Possible values=['${ALLOWED_AUTH_TYPES.join("', '")}'] (${FEAST_VERSION}).`))];
  }
  if (isEnvTemplated(type)) return [];
  if (typeof type !== 'string' || !ALLOWED_AUTH_TYPES.includes(type)) {
    return [at(doc, ['auth', 'type'], 'value', error('feast-auth-type', `auth configuration has invalid authentication type=${String(type)}. Possible values=['${ALLOWED_AUTH_TYPES.join("', '")}'] (${FEAST_VERSION}).`))];
  }
  const client = type === 'oidc' && (OIDC_CLIENT_KEYS.some((k) => k in auth) || !('auth_discovery_url' in auth));
  const out = checkConfigClass({ doc, path: ['auth'], value: auth, cls: AUTH_TYPES[client ? 'oidc_client' : type]!, typed: true });
  if (client) out.push(...oidcClientCredentials(doc, auth));
  return out;
}

/** OidcClientAuthConfig._validate_credentials: token, token_env_var or client credentials, each complete, at most one. */
function oidcClientCredentials(doc: ParsedDocument, auth: Record<string, unknown>): PipelineDiagnostic[] {
  const network = ['client_secret', 'auth_discovery_url', 'client_id'];
  if (auth['username'] || auth['password']) network.push('username', 'password');
  const groups: Record<string, string[]> = { token: ['token'], token_env_var: ['token_env_var'], client_credentials: network };
  const partial = Object.keys(groups).find((g) => groups[g]!.some((f) => auth[f]) && !groups[g]!.every((f) => auth[f]));
  const fail = (message: string) => [at(doc, ['auth'], 'key', error('feast-auth-config', `auth: ${message} (${FEAST_VERSION}).`))];
  if (partial) return fail(`Incomplete configuration for '${partial}': configure all of these fields together, or none at all (${groups[partial]!.join(', ')})`);
  const active = Object.keys(groups).filter((g) => groups[g]!.every((f) => auth[f]));
  return active.length > 1 ? fail(`Only one of [${Object.keys(groups).join(', ')}] may be set, but got: ${active.join(', ')}`) : [];
}

export function featureServerRules(doc: ParsedDocument, server: unknown): PipelineDiagnostic[] {
  if (!isRecord(server)) return [];
  const type = server['type'] ?? 'local';
  if (isEnvTemplated(type)) return [];
  const cls = typeof type === 'string' ? FEATURE_SERVER_TYPES[type] : undefined;
  if (!cls) {
    const names = Object.keys(FEATURE_SERVER_TYPES).join(', ');
    return [at(doc, ['feature_server', 'type'], 'value', error('feast-feature-server-type', `Feature server type was set to ${String(type)}, but this type is invalid: use ${names} (${FEAST_VERSION}).`))];
  }
  return checkConfigClass({ doc, path: ['feature_server'], value: server, cls, typed: true });
}

export function nestedModelRules(doc: ParsedDocument, config: Record<string, unknown>): PipelineDiagnostic[] {
  return Object.entries(NESTED_MODELS).flatMap(([field, cls]) => {
    const value = config[field];
    return isRecord(value) ? checkConfigClass({ doc, path: [field], value, cls }) : [];
  });
}
