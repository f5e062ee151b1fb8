// Pass/fail checks over a report, as Evidently's TestSuite runs them after a DataDriftPreset:
// TestNumberOfDriftedColumns (lt N), TestShareOfDriftedColumns (lt 0.3 by default), TestColumnDrift (no drift).
import type { DriftReport } from './datasetDrift';

/** Evidently's TestShareOfDriftedColumns default condition: lt 0.3. */
export const DEFAULT_SHARE_LIMIT = 0.3;

export type DriftTest =
  | { kind: 'number_of_drifted_columns'; lessThan: number }
  | { kind: 'share_of_drifted_columns'; lessThan?: number }
  | { kind: 'column_drift'; column: string };

export interface DriftTestResult {
  test: DriftTest;
  status: 'SUCCESS' | 'FAIL' | 'ERROR';
  description: string;
}

export function runDriftTest(report: DriftReport, test: DriftTest): DriftTestResult {
  switch (test.kind) {
    case 'number_of_drifted_columns': {
      const n = report.number_of_drifted_columns;
      const ok = n < test.lessThan;
      return { test, status: ok ? 'SUCCESS' : 'FAIL', description: `${n} drifted columns; must be < ${test.lessThan}` };
    }
    case 'share_of_drifted_columns': {
      const limit = test.lessThan ?? DEFAULT_SHARE_LIMIT;
      const share = report.share_of_drifted_columns;
      const ok = share < limit;
      return {
        test,
        status: ok ? 'SUCCESS' : 'FAIL',
        description: `share of drifted columns ${share.toFixed(3)}; must be < ${limit}`,
      };
    }
    case 'column_drift': {
      const column = report.columns.find((c) => c.column_name === test.column);
      if (!column) {
        const error = report.errors.find((e) => e.column_name === test.column);
        return { test, status: 'ERROR', description: error?.error ?? `column '${test.column}' is not in the report` };
      }
      return {
        test,
        status: column.drift_detected ? 'FAIL' : 'SUCCESS',
        description: `${column.column_name}: ${column.stattest} score ${column.drift_score} vs threshold ${column.threshold}`,
      };
    }
  }
}

export function runDriftTests(report: DriftReport, tests: DriftTest[]): DriftTestResult[] {
  return tests.map((t) => runDriftTest(report, t));
}
