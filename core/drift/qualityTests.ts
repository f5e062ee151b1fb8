// drift.yaml `tests:` — pass/fail checks over the quality figures, as Evidently's TestSuite writes them: a test name,
// an optional column, and a condition (lt, lte, gt, gte, eq). A column test without a column runs on every column.
// Without a condition each test takes Evidently's reference-based default, stated in its description.
import type { ColumnQuality } from './columnQuality';
import type { DataQualityReport } from './tableQuality';

export const QUALITY_TEST_NAMES = [
  'share_of_missing_values',
  'share_of_out_of_range_values',
  'number_of_new_categories',
  'share_of_new_categories',
  'share_of_type_mismatches',
  'number_of_rows',
  'row_count_change',
  'number_of_duplicated_rows',
  'number_of_duplicated_columns',
  'number_of_constant_columns',
] as const;

export type QualityTestName = (typeof QUALITY_TEST_NAMES)[number];

export const CONDITION_KEYS = ['lt', 'lte', 'gt', 'gte', 'eq'] as const;
export type Condition = Partial<Record<(typeof CONDITION_KEYS)[number], number>>;

export interface QualityTest {
  test: QualityTestName;
  column?: string | undefined;
  condition?: Condition | undefined;
  /** file:line of the test in drift.yaml, for messages. */
  where?: string | undefined;
}

export interface QualityTestResult {
  test: QualityTestName;
  column?: string | undefined;
  status: 'SUCCESS' | 'FAIL' | 'ERROR';
  value?: number | undefined;
  description: string;
}

const COLUMN_TESTS: ReadonlySet<QualityTestName> = new Set([
  'share_of_missing_values',
  'share_of_out_of_range_values',
  'number_of_new_categories',
  'share_of_new_categories',
  'share_of_type_mismatches',
]);

export function isQualityTestName(name: string): name is QualityTestName {
  return (QUALITY_TEST_NAMES as readonly string[]).includes(name);
}

export function isColumnTest(name: QualityTestName): boolean {
  return COLUMN_TESTS.has(name);
}

export function describeCondition(condition: Condition): string {
  const symbols = { lt: '<', lte: '≤', gt: '>', gte: '≥', eq: '=' } as const;
  return CONDITION_KEYS.filter((k) => condition[k] !== undefined)
    .map((k) => `${symbols[k]} ${condition[k]}`)
    .join(' and ');
}

function holds(value: number, condition: Condition): boolean {
  const { lt, lte, gt, gte, eq } = condition;
  return (
    (lt === undefined || value < lt) &&
    (lte === undefined || value <= lte) &&
    (gt === undefined || value > gt) &&
    (gte === undefined || value >= gte) &&
    (eq === undefined || Math.abs(value - eq) <= 1e-12)
  );
}

type Figure = { value: number; fallback: Condition } | { missing: string };

function columnFigure(test: QualityTestName, q: ColumnQuality): Figure {
  switch (test) {
    case 'share_of_missing_values':
      return { value: q.missing_share_current, fallback: { lte: q.missing_share_reference } };
    case 'share_of_out_of_range_values':
      return q.out_of_range_share_current === undefined
        ? { missing: 'has no numeric range' }
        : { value: q.out_of_range_share_current, fallback: { eq: 0 } };
    case 'number_of_new_categories':
      return q.number_of_new_categories === undefined
        ? { missing: 'is not categorical' }
        : { value: q.number_of_new_categories, fallback: { eq: 0 } };
    case 'share_of_new_categories':
      return q.new_category_share_current === undefined
        ? { missing: 'is not categorical' }
        : { value: q.new_category_share_current, fallback: { eq: 0 } };
    default:
      return { value: q.type_mismatch_share_current, fallback: { eq: 0 } };
  }
}

function datasetFigure(test: QualityTestName, report: DataQualityReport): Figure {
  switch (test) {
    case 'number_of_rows': {
      const r = report.rows_reference;
      return { value: report.rows_current, fallback: { gte: Math.floor(r * 0.9), lte: Math.ceil(r * 1.1) } };
    }
    case 'row_count_change':
      return { value: report.row_count_change, fallback: { gte: -0.1, lte: 0.1 } };
    case 'number_of_duplicated_rows':
      return report.duplicated_rows_current === undefined
        ? { missing: 'was not counted (the file was read in column groups)' }
        : { value: report.duplicated_rows_current, fallback: { lte: report.duplicated_rows_reference ?? 0 } };
    case 'number_of_duplicated_columns':
      return report.duplicated_columns_current === undefined
        ? { missing: 'was not counted (the file was read in column groups)' }
        : { value: report.duplicated_columns_current.length, fallback: { eq: 0 } };
    default:
      return { value: report.constant_columns_current.length, fallback: { eq: 0 } };
  }
}

function judge(test: QualityTest, figure: Figure, subject: string): QualityTestResult {
  const base = { test: test.test, column: test.column };
  if ('missing' in figure) return { ...base, status: 'ERROR', description: `${subject} ${figure.missing}` };
  const condition = test.condition && Object.keys(test.condition).length ? test.condition : figure.fallback;
  const ok = holds(figure.value, condition);
  const shown = Number.isInteger(figure.value) ? String(figure.value) : figure.value.toFixed(4);
  return {
    ...base,
    status: ok ? 'SUCCESS' : 'FAIL',
    value: figure.value,
    description: `${test.test} of ${subject} is ${shown}; must be ${describeCondition(condition)}`,
  };
}

export function runQualityTests(report: DataQualityReport, tests: QualityTest[]): QualityTestResult[] {
  const results: QualityTestResult[] = [];
  for (const test of tests) {
    if (!isColumnTest(test.test)) {
      results.push(judge(test, datasetFigure(test.test, report), 'the current data'));
      continue;
    }
    const names = test.column ? [test.column] : Object.keys(report.columns);
    for (const name of names) {
      const q = report.columns[name];
      if (!q) {
        results.push({ test: test.test, column: name, status: 'ERROR', description: `column '${name}' is not in both files` });
        continue;
      }
      const figure = columnFigure(test.test, q);
      // A test over every column skips the columns it does not apply to rather than failing on them.
      if (!test.column && 'missing' in figure) continue;
      results.push({ ...judge({ ...test, column: name }, figure, `column '${name}'`) });
    }
  }
  return results;
}
