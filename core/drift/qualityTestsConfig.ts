// The `tests:` list of drift.yaml: each item `{test, column?, lt|lte|gt|gte|eq}`; errors name the file and line.
import { isMap, isSeq, type Node as YamlNode } from 'yaml';
import { CONDITION_KEYS, type Condition, isColumnTest, isQualityTestName, QUALITY_TEST_NAMES, type QualityTest } from './qualityTests';
import { DriftInputError } from './tableReaders';

export function parseQualityTests(node: unknown, where: (node: unknown) => string): QualityTest[] {
  if (node === undefined || node === null) return [];
  if (!isSeq(node)) throw new DriftInputError(`${where(node)}: 'tests' must be a list of {test: NAME, column?, lte?: X, ...}`);
  return node.items.map((item) => {
    const at = where(item);
    if (!isMap(item)) throw new DriftInputError(`${at}: each test must be a mapping such as {test: share_of_missing_values, lte: 0.05}`);
    const entry = item.toJSON() as Record<string, unknown>;
    const name = entry.test;
    if (typeof name !== 'string' || !isQualityTestName(name)) {
      throw new DriftInputError(`${at}: 'test' must be one of ${QUALITY_TEST_NAMES.join(', ')}; got '${String(name ?? '')}'`);
    }
    const condition: Condition = {};
    for (const [key, value] of Object.entries(entry)) {
      if (key === 'test' || key === 'column') continue;
      if (!(CONDITION_KEYS as readonly string[]).includes(key)) {
        throw new DriftInputError(`${where((item as { get(k: string, keep: true): YamlNode }).get(key, true)) || at}: unknown key '${key}' in test ${name}; use column, ${CONDITION_KEYS.join(', ')}`);
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new DriftInputError(`${at}: '${key}' of test ${name} must be a number`);
      condition[key as keyof Condition] = value;
    }
    const column = entry.column;
    if (column !== undefined && typeof column !== 'string') throw new DriftInputError(`${at}: 'column' of test ${name} must be a column name`);
    if (column !== undefined && !isColumnTest(name)) throw new DriftInputError(`${at}: test ${name} is about the whole data set; remove 'column'`);
    return { test: name, column, condition, where: at };
  });
}
