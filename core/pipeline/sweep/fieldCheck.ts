// One key checked against its FieldSpec, with python-jsonschema's own messages (the text `wandb sweep` prints under
// "Malformed sweep config detected!"): `5 is not of type 'string'`, `'maximise' is not one of ['minimize',
// 'maximize']`, `0 is less than or equal to the minimum of 0`, `[] should be non-empty`.
import { type ParsedDocument, type PathSegment, rangeAtPath } from '../document';
import { nearestName } from '../rules/placeholders';
import type { PipelineDiagnostic, QuickFix } from '../types';
import { type FloatPaths, isPythonInt, pythonRepr } from './pythonValues';
import type { FieldSpec, ValueType } from './sweepSchema';

/** What every sweep check needs: the document, Python's view of its numbers, and where findings go. */
export interface SweepCheck {
  doc: ParsedDocument;
  floats: FloatPaths;
  out: PipelineDiagnostic[];
}

export function report(check: SweepCheck, path: readonly PathSegment[], prefer: 'key' | 'value', code: string, message: string, severity: PipelineDiagnostic['severity'] = 'error', fixes?: QuickFix[]): void {
  check.out.push({ severity, code: `wandb-sweep-${code}`, message, range: rangeAtPath(check.doc, path, prefer), ...(fixes?.length ? { fixes } : {}) });
}

export const repr = (check: SweepCheck, value: unknown, path: readonly PathSegment[]): string => pythonRepr(value, path, check.floats);

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** jsonschema's draft-7 types: booleans are not numbers, 1.0 is an integer. */
export function hasType(value: unknown, type: ValueType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isMapping(value);
  }
}

/** Replace the value at a path (a quick fix to the nearest allowed word). */
export function replaceValueFix(check: SweepCheck, path: readonly PathSegment[], newText: string): QuickFix {
  return { title: `Change to '${newText}'`, edits: [{ path: check.doc.path, range: rangeAtPath(check.doc, path, 'value'), newText }] };
}

export function checkField(check: SweepCheck, value: unknown, spec: FieldSpec, path: readonly PathSegment[]): void {
  const shown = () => repr(check, value, path);
  if (spec.type && !hasType(value, spec.type)) {
    report(check, path, 'value', 'type', `${shown()} is not of type '${spec.type}'`);
    return;
  }
  if (spec.enum && !spec.enum.includes(value as string)) {
    const near = typeof value === 'string' ? nearestName(value, [...spec.enum]) : undefined;
    const allowed = `[${spec.enum.map((v) => `'${v}'`).join(', ')}]`;
    report(check, path, 'value', 'value', `${shown()} is not one of ${allowed}`, 'error', near ? [replaceValueFix(check, path, near)] : undefined);
    return;
  }
  if (spec.format === 'integer' && !isPythonInt(value, path, check.floats)) {
    report(check, path, 'value', 'type', `${shown()} is not a 'integer'`);
  }
  if (typeof value === 'number') {
    if (spec.minimum && value < spec.minimum.value) report(check, path, 'value', 'value', `${shown()} is less than the minimum of ${spec.minimum.repr}`);
    if (spec.exclusiveMinimum && value <= spec.exclusiveMinimum.value) {
      report(check, path, 'value', 'value', `${shown()} is less than or equal to the minimum of ${spec.exclusiveMinimum.repr}`);
    }
  }
  if (Array.isArray(value)) {
    if (spec.minItems !== undefined && value.length < spec.minItems) {
      report(check, path, 'value', 'value', spec.minItems === 1 ? `${shown()} should be non-empty` : `${shown()} is too short`);
    }
    const items = spec.items;
    if (items) {
      value.forEach((item, i) => {
        checkField(check, item, items, [...path, i]);
      });
    }
  }
}

/** Keys a mapping may not have: jsonschema's additionalProperties, one finding per key, with a rename fix. */
export function checkKnownKeys(check: SweepCheck, value: Record<string, unknown>, known: readonly string[], path: readonly PathSegment[]): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const near = nearestName(key, [...known]);
    const fixes = near ? [{ title: `Rename to '${near}'`, edits: [{ path: check.doc.path, range: rangeAtPath(check.doc, [...path, key], 'key'), newText: near }] }] : undefined;
    report(check, [...path, key], 'key', 'unknown-key', `Additional properties are not allowed (${repr(check, key, [])} was unexpected)`, 'error', fixes);
  }
}

export function checkRequired(check: SweepCheck, value: Record<string, unknown>, required: readonly string[], path: readonly PathSegment[]): void {
  for (const key of required) {
    if (!(key in value)) report(check, path, 'key', 'missing-key', `'${key}' is a required property`);
  }
}
