// One pydantic config class of feature_store.yaml checked the way pydantic 2 validates it for Feast: unknown keys
// (rejected under FeastConfigBaseModel's extra="forbid", kept or dropped otherwise), required fields and lax/strict
// field types, worded as pydantic words its ValidationError ("Field required", "Extra inputs are not permitted").
import { type ParsedDocument, type PathSegment, rangeAtPath } from '../document';
import { FEAST_VERSION, type FeastConfigClass, REMOVED_STORE_KEYS } from '../schemas/feastStores';
import type { PipelineDiagnostic } from '../types';
import { editDistance } from './placeholders';
import { isRecord } from '../../yaml/records';

interface FieldSpec {
  name: string;
  type: string;
  required: boolean;
  nullable: boolean;
}

const parsed = new Map<FeastConfigClass, Map<string, FieldSpec>>();

function fieldsOf(cls: FeastConfigClass): Map<string, FieldSpec> {
  let fields = parsed.get(cls);
  if (fields) return fields;
  fields = new Map();
  for (const word of cls.fields.split(/\s+/).filter(Boolean)) {
    const colon = word.indexOf(':');
    const rawName = word.slice(0, colon);
    const rawType = word.slice(colon + 1);
    const name = rawName.replace(/^!/, '');
    fields.set(name, { name, type: rawType.replace(/\?$/, ''), required: rawName.startsWith('!'), nullable: rawType.endsWith('?') });
  }
  parsed.set(cls, fields);
  return fields;
}

export function knownFields(cls: FeastConfigClass): string[] {
  return [...fieldsOf(cls).keys()];
}

/** Feast runs os.path.expandvars over the file before YAML parsing: `$VAR` values are unknown until then. */
export function isEnvTemplated(value: unknown): boolean {
  return typeof value === 'string' && /\$(\{\w+\}|\w)/.test(value);
}

export interface ConfigCheck {
  doc: ParsedDocument;
  /** Path of the section's mapping, e.g. ['online_store']. */
  path: PathSegment[];
  value: Record<string, unknown>;
  cls: FeastConfigClass;
  /** Store, auth and feature-server classes carry their `type:` selector as a field. */
  typed?: boolean;
}

export function checkConfigClass({ doc, path, value, cls, typed }: ConfigCheck): PipelineDiagnostic[] {
  const fields = fieldsOf(cls);
  const out: PipelineDiagnostic[] = [];
  const where = path.length ? `'${path.join('.')}'` : 'feature_store.yaml';
  for (const [key, v] of Object.entries(value)) {
    const field = fields.get(key);
    if (field) {
      const problem = typeProblem(field, v);
      if (problem) {
        out.push({
          severity: 'error',
          code: 'feast-type',
          message: `${[...path, key].join('.')}: ${problem} (${cls.name}, ${FEAST_VERSION}).`,
          range: rangeAtPath(doc, [...path, key], 'value'),
        });
      }
      continue;
    }
    if (typed && key === 'type') continue;
    const finding = unknownKey(doc, path, key, cls, where);
    if (finding) out.push(finding);
  }
  for (const field of fields.values()) {
    if (!field.required || Object.hasOwn(value, field.name)) continue;
    out.push({
      severity: 'error',
      code: 'feast-missing-field',
      message: `${where}: Field required: '${field.name}' (${cls.name}, ${FEAST_VERSION}).`,
      range: rangeAtPath(doc, path, 'key'),
    });
  }
  return out;
}

function unknownKey(doc: ParsedDocument, path: PathSegment[], key: string, cls: FeastConfigClass, where: string): PipelineDiagnostic | undefined {
  const range = rangeAtPath(doc, [...path, key], 'key');
  const removed = REMOVED_STORE_KEYS[key];
  const forbid = cls.extra === undefined;
  if (removed && forbid) {
    return { severity: 'warning', code: 'feast-removed-key', message: `${removed}; ${FEAST_VERSION} rejects it (Extra inputs are not permitted). Remove it.`, range };
  }
  if (cls.extra === 'pass') return undefined;
  const known = knownFields(cls);
  const meant = likelyTypo(key, known);
  const fixes = meant ? [{ title: `Rename to '${meant}'`, edits: [{ path: doc.path, range, newText: meant }] }] : undefined;
  if (forbid) {
    const hint = meant ? ` Did you mean '${meant}'?` : known.length ? ` Known: ${known.join(', ')}.` : '';
    return { severity: 'error', code: 'feast-unknown-key', message: `${where}: Extra inputs are not permitted: '${key}' is not a field of ${cls.name} (${FEAST_VERSION}).${hint}`, range, fixes };
  }
  const fate = cls.extra === 'allow' ? 'keeps it but never reads it' : 'drops it';
  if (meant) {
    // The key the user meant keeps its default: Feast silently does something else than written.
    return { severity: 'error', code: 'feast-unknown-key', message: `${where}: '${key}' is not a field of ${cls.name}; ${FEAST_VERSION} ${fate}, and '${meant}' keeps its default. Did you mean '${meant}'?`, range, fixes };
  }
  return { severity: 'hint', code: 'feast-unknown-key', message: `${where}: '${key}' is not a field of ${cls.name}; ${FEAST_VERSION} ${fate}.`, range };
}

/** A known field one edit away (two for longer names): close enough to be a typo rather than a custom key. */
function likelyTypo(key: string, known: string[]): string | undefined {
  for (const name of known) {
    const d = editDistance(key.toLowerCase(), name.toLowerCase());
    if (d > 0 && (d <= 1 || (d <= 2 && key.length >= 6))) return name;
  }
  return undefined;
}

const LAX_BOOL = new Set(['true', 'false', 'yes', 'no', 'on', 'off', '1', '0', 't', 'f', 'y', 'n']);
const INT_TEXT = /^\s*[-+]?\d+(\.0*)?\s*$/;
const NUMBER_TEXT = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$|^\s*[-+]?(inf|infinity|nan)\s*$/i;

/** pydantic 2's complaint about a value, or undefined when the field accepts it. */
function typeProblem(field: FieldSpec, v: unknown): string | undefined {
  if ((v === null && field.nullable) || isEnvTemplated(v)) return undefined;
  switch (field.type) {
    case 'a':
      return undefined;
    case 's':
      return typeof v === 'string' ? undefined : 'Input should be a valid string';
    case 'i':
      return Number.isInteger(v) || typeof v === 'boolean' || (typeof v === 'string' && INT_TEXT.test(v)) ? undefined : 'Input should be a valid integer';
    case 'I':
      return Number.isInteger(v) ? undefined : 'Input should be a valid integer';
    case 'b':
      return typeof v === 'boolean' || v === 0 || v === 1 || (typeof v === 'string' && LAX_BOOL.has(v.toLowerCase())) ? undefined : 'Input should be a valid boolean';
    case 'B':
      return typeof v === 'boolean' ? undefined : 'Input should be a valid boolean';
    case 'f':
      return typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && NUMBER_TEXT.test(v)) ? undefined : 'Input should be a valid number';
    case 'F':
      return typeof v === 'number' ? undefined : 'Input should be a valid number';
    case 'm':
      return isRecord(v) ? undefined : 'Input should be a valid dictionary';
    case 'l':
      return Array.isArray(v) ? undefined : 'Input should be a valid list';
    default: {
      const options = field.type.split('|');
      return typeof v === 'string' && options.includes(v) ? undefined : `Input should be ${literalList(options)}`;
    }
  }
}

function literalList(options: string[]): string {
  const quoted = options.map((o) => `'${o}'`);
  return quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}
