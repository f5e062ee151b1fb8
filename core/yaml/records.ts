// The one test for "a YAML mapping" once parsed to plain values: an object that is not a list (null is no mapping).
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One step into a parsed YAML value: a mapping key or a list index. */
export type PathSegment = string | number;
