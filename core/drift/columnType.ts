// Numeric or categorical, decided as Evidently's legacy data_preprocessing._get_column_type decides it from the
// pandas dtypes of both files: text and booleans are categorical, floats numeric, integers categorical when the
// reference (else the current) holds at most 5 distinct values. Target and prediction columns have their own rules.
import { distinctCount, type RawColumn, readDtype, type ReadDtype } from './columns';
import type { ColumnType } from './statTestRegistry';

const NUMBER_UNIQUE_AS_CATEGORICAL = 5;

export interface ColumnRoles {
  target?: string | undefined;
  prediction?: string | undefined;
}

/**
 * Between two numeric dtypes pandas lets the current one win; text in either file makes the column categorical
 * (Evidently would keep the reference dtype and then fail inside the numeric tests).
 */
function combinedDtype(ref: ReadDtype, cur: ReadDtype): ReadDtype {
  return ref === 'object' || cur === 'object' ? 'object' : cur;
}

function currentRange(column: RawColumn): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  if (column.kind === 'numeric') {
    for (const v of column.values) {
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return { min, max };
}

export function inferColumnType(name: string, ref: RawColumn, cur: RawColumn, roles: ColumnRoles = {}): ColumnType {
  const dtype = combinedDtype(readDtype(ref), readDtype(cur));
  const numeric = dtype !== 'object';
  const refUnique = distinctCount(ref, NUMBER_UNIQUE_AS_CATEGORICAL);
  const nUnique = refUnique || distinctCount(cur, NUMBER_UNIQUE_AS_CATEGORICAL);
  const few = nUnique <= NUMBER_UNIQUE_AS_CATEGORICAL;
  const target = roles.target ?? 'target';
  const prediction = roles.prediction ?? 'prediction';
  if (name === target) return numeric && !few ? 'num' : 'cat';
  if (name === prediction) {
    if (!numeric) return 'cat';
    if (dtype === 'int' && few) return 'cat';
    const { min, max } = currentRange(cur);
    return few && (max > 1 || min < 0) ? 'cat' : 'num';
  }
  if (dtype === 'int') return few ? 'cat' : 'num';
  return numeric ? 'num' : 'cat';
}
