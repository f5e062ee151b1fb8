// JSON-schema checks with ajv, with our own mapping of each ajv error to the smallest useful range: the key for
// an unknown key, the value for a wrong type or value, the parent key for a missing one. ajv's raw messages
// ("must NOT have additional properties") name neither the key nor the fix; ours do.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { type ParsedDocument, type PathSegment, rangeAtPath } from './document';
import type { PipelineDiagnostic, Severity } from './types';

export interface SchemaCheckOptions {
  /** Severity for keys the schema does not know (MLflow ignores them: hint; DVC rejects them: error). */
  unknownKeySeverity: Severity;
  code: string;
  /** Format name used in messages, e.g. "dvc.yaml". */
  format: string;
}

const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, verbose: true });
const compiled = new WeakMap<object, ValidateFunction>();

export function checkSchema(
  doc: ParsedDocument,
  schema: object,
  value: unknown,
  options: SchemaCheckOptions,
  basePath: readonly PathSegment[] = [],
): PipelineDiagnostic[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return [];
  const out: PipelineDiagnostic[] = [];
  const seen = new Set<string>();
  for (const err of validate.errors ?? []) {
    const diag = toDiagnostic(doc, err, options, basePath);
    if (!diag) continue;
    const key = `${diag.range.start.line}:${diag.range.start.character}:${diag.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(diag);
  }
  return out;
}

/** Values that a template fills in at run time (`${x}` in DVC, `${VAR}` in Feast) are never type-checked. */
function isTemplated(data: unknown): boolean {
  return typeof data === 'string' && data.includes('${');
}

function toDiagnostic(
  doc: ParsedDocument,
  err: ErrorObject,
  options: SchemaCheckOptions,
  basePath: readonly PathSegment[],
): PipelineDiagnostic | undefined {
  const path = [...basePath, ...pointerToPath(err.instancePath)];
  const where = describePath(path, options.format);
  switch (err.keyword) {
    case 'additionalProperties': {
      const key = String((err.params as { additionalProperty: string }).additionalProperty);
      const allowed = (err.parentSchema as { properties?: Record<string, unknown> })?.properties;
      const hint = allowed ? ` Known keys: ${Object.keys(allowed).join(', ')}.` : '';
      return {
        severity: options.unknownKeySeverity,
        code: `${options.code}-unknown-key`,
        message: `Unknown key '${key}' in ${where}.${hint}`,
        range: rangeAtPath(doc, [...path, key], 'key'),
      };
    }
    case 'required': {
      const missing = (err.params as { missingProperty: string }).missingProperty;
      return {
        severity: 'error',
        code: `${options.code}-missing-key`,
        message: `Missing required key '${missing}' in ${where}.`,
        range: rangeAtPath(doc, path, 'key'),
      };
    }
    case 'type': {
      if (isTemplated(err.data)) return undefined;
      const expected = (err.params as { type: string | string[] }).type;
      return {
        severity: 'error',
        code: `${options.code}-type`,
        message: `${where} must be ${article(expected)}, not ${typeName(err.data)}.`,
        range: rangeAtPath(doc, path, 'value'),
      };
    }
    case 'enum':
    case 'const': {
      if (isTemplated(err.data)) return undefined;
      const values = (err.params as { allowedValues?: unknown[]; allowedValue?: unknown }).allowedValues ?? [
        (err.params as { allowedValue?: unknown }).allowedValue,
      ];
      return {
        severity: 'error',
        code: `${options.code}-value`,
        message: `${where} must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}, not ${JSON.stringify(err.data)}.`,
        range: rangeAtPath(doc, path, 'value'),
      };
    }
    case 'pattern':
    case 'minLength':
    case 'minItems':
    case 'minProperties':
    case 'maxProperties':
    case 'not': {
      if (isTemplated(err.data)) return undefined;
      const description = (err.parentSchema as { description?: string })?.description;
      return {
        severity: 'error',
        code: `${options.code}-value`,
        message: `${where}: ${description ?? err.message ?? 'invalid value'}.`,
        range: rangeAtPath(doc, path, 'value'),
      };
    }
    default:
      // if/then/anyOf wrappers: their inner errors are reported on their own.
      return undefined;
  }
}

function pointerToPath(pointer: string): PathSegment[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describePath(path: PathSegment[], format: string): string {
  if (path.length === 0) return `the top level of ${format}`;
  return `'${path.map(String).join('.')}'`;
}

function article(type: string | string[]): string {
  const names = (Array.isArray(type) ? type : [type]).map((t) => (t === 'object' ? 'a mapping' : t === 'array' ? 'a list' : t === 'integer' ? 'an integer' : `a ${t}`));
  return names.join(' or ');
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value} (${JSON.stringify(value)})`;
}
