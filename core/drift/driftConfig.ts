// drift.yaml: the column mapping (Evidently's ColumnMapping: target, prediction, numerical, categorical, plus
// ignored columns), per-column tests and thresholds, the dataset drift share and CI limits. Paths inside it are
// relative to the file. Every error names the file, the line and the key.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isMap, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { ColumnOverride, DriftOptions } from './datasetDrift';
import type { QualityTest } from './qualityTests';
import { parseQualityTests } from './qualityTestsConfig';
import { isStatTestName, STAT_TESTS } from './statTestRegistry';
import { DriftInputError } from './tableReaders';

export interface DriftConfig {
  reference?: string | undefined;
  current?: string | undefined;
  options: DriftOptions;
  failOnShare?: number | undefined;
  failOnCount?: number | undefined;
  /** Data-quality tests (`tests:`); they set the exit code of drift, quality and monitor. */
  tests: QualityTest[];
  /** `batches:`: files or globs for `mlops monitor`, resolved against the file's folder. */
  batches?: string[] | undefined;
  /** `retrain:`, kept as parsed YAML for core/monitor's rule parser (with where() for its messages). */
  retrain?: { value: unknown; where: string } | undefined;
}

const TOP_KEYS = [
  'reference',
  'current',
  'target',
  'prediction',
  'numerical',
  'categorical',
  'ignored',
  'drift_share',
  'stattest',
  'threshold',
  'columns',
  'fail_on_share',
  'fail_on_count',
  'tests',
  'batches',
  'retrain',
];

export function loadDriftConfig(path: string): DriftConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new DriftInputError(`${path}: config file not found`);
  }
  return parseDriftConfig(text, path);
}

export function parseDriftConfig(text: string, path: string): DriftConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const where = (node: unknown) => {
    const range = (node as YamlNode | undefined)?.range;
    return range ? `${path}:${lines.linePos(range[0]).line}` : path;
  };
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw new DriftInputError(`${path}:${e.linePos?.[0].line ?? 1}: invalid YAML: ${e.message.split('\n')[0]}`);
  }
  const root = doc.contents;
  if (root === null || root === undefined) return { options: {}, tests: [] };
  if (!isMap(root)) throw new DriftInputError(`${where(root)}: drift.yaml must be a mapping of keys such as target, columns`);
  const fail = (key: string, what: string): never => {
    throw new DriftInputError(`${where(root.get(key, true))}: '${key}' ${what}`);
  };
  for (const pair of root.items) {
    const key = String((pair.key as { value?: unknown })?.value ?? pair.key);
    if (!TOP_KEYS.includes(key)) throw new DriftInputError(`${where(pair.key)}: unknown key '${key}'; expected one of ${TOP_KEYS.join(', ')}`);
  }
  const data = root.toJSON() as Record<string, unknown>;
  const str = (key: string) => {
    const v = data[key];
    if (v === undefined || v === null) return undefined;
    return typeof v === 'string' ? v : fail(key, 'must be a string');
  };
  const num = (key: string, min: number, max: number) => {
    const v = data[key];
    if (v === undefined || v === null) return undefined;
    return typeof v === 'number' && v >= min && v <= max ? v : fail(key, `must be a number from ${min} to ${max}`);
  };
  const list = (key: string) => {
    const v = data[key];
    if (v === undefined || v === null) return undefined;
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : fail(key, 'must be a list of column names');
  };
  const stattest = str('stattest');
  if (stattest !== undefined && !isStatTestName(stattest)) fail('stattest', `must be one of ${Object.keys(STAT_TESTS).join(', ')}`);
  const columns: Record<string, ColumnOverride> = {};
  const columnsNode = root.get('columns', true);
  if (columnsNode !== undefined && columnsNode !== null) {
    if (!isMap(columnsNode)) fail('columns', 'must map column names to {stattest, threshold}');
    for (const [name, value] of Object.entries((data.columns ?? {}) as Record<string, unknown>)) {
      const node = isMap(columnsNode) ? columnsNode.get(name, true) : undefined;
      const entry = (value ?? {}) as Record<string, unknown>;
      const test = entry.stattest;
      if (test !== undefined && (typeof test !== 'string' || !isStatTestName(test))) {
        throw new DriftInputError(`${where(node)}: columns.${name}.stattest must be one of ${Object.keys(STAT_TESTS).join(', ')}`);
      }
      const threshold = entry.threshold;
      if (threshold !== undefined && typeof threshold !== 'number') {
        throw new DriftInputError(`${where(node)}: columns.${name}.threshold must be a number`);
      }
      columns[name] = { stattest: test as ColumnOverride['stattest'], threshold: threshold as number | undefined };
    }
  }
  const base = dirname(resolve(path));
  const relative = (p: string | undefined) => (p === undefined ? undefined : resolve(base, p));
  const retrainNode = root.get('retrain', true);
  const batches = data.batches === undefined || data.batches === null ? undefined : data.batches;
  if (batches !== undefined && !(Array.isArray(batches) && batches.every((b) => typeof b === 'string'))) {
    fail('batches', 'must be a list of batch files or globs such as data/batches/day-*.csv');
  }
  return {
    tests: parseQualityTests(root.get('tests', true), where),
    batches: (batches as string[] | undefined)?.map((b) => resolve(base, b)),
    retrain: retrainNode === undefined || retrainNode === null ? undefined : { value: data.retrain, where: where(retrainNode) },
    reference: relative(str('reference')),
    current: relative(str('current')),
    failOnShare: num('fail_on_share', 0, 1),
    failOnCount: num('fail_on_count', 0, Number.MAX_SAFE_INTEGER),
    options: {
      target: str('target'),
      prediction: str('prediction'),
      numerical: list('numerical'),
      categorical: list('categorical'),
      ignored: list('ignored'),
      driftShare: num('drift_share', 0, 1),
      stattest: stattest as DriftOptions['stattest'],
      threshold: num('threshold', 0, Number.POSITIVE_INFINITY),
      columns,
    },
  };
}
