// The named tests, their default thresholds and drift rules (Evidently's StatTest registrations), and the default
// choice per column (legacy/calculations/stattests/registry.py::_get_default_stattest).
export type StatTestName = 'ks' | 'wasserstein' | 'chisquare' | 'z' | 'jensenshannon' | 'psi';
export type ColumnType = 'num' | 'cat';

export interface StatTestInfo {
  name: StatTestName;
  displayName: string;
  defaultThreshold: number;
  /** p-value tests drift when small, distances when large. */
  scoreKind: 'p_value' | 'distance';
  /** Types the test accepts; Evidently refuses KS and Wasserstein on categorical columns. */
  columnTypes: ColumnType[];
  drifted(score: number, threshold: number): boolean;
}

export const STAT_TESTS: Record<StatTestName, StatTestInfo> = {
  ks: {
    name: 'ks',
    displayName: 'K-S p_value',
    defaultThreshold: 0.05,
    scoreKind: 'p_value',
    columnTypes: ['num'],
    drifted: (p, t) => p <= t,
  },
  wasserstein: {
    name: 'wasserstein',
    displayName: 'Wasserstein distance (normed)',
    defaultThreshold: 0.1,
    scoreKind: 'distance',
    columnTypes: ['num'],
    drifted: (d, t) => d >= t,
  },
  chisquare: {
    name: 'chisquare',
    displayName: 'chi-square p_value',
    defaultThreshold: 0.05,
    scoreKind: 'p_value',
    columnTypes: ['cat', 'num'],
    drifted: (p, t) => p < t,
  },
  z: {
    name: 'z',
    displayName: 'Z-test p_value',
    defaultThreshold: 0.05,
    scoreKind: 'p_value',
    columnTypes: ['cat', 'num'],
    drifted: (p, t) => p < t,
  },
  jensenshannon: {
    name: 'jensenshannon',
    displayName: 'Jensen-Shannon distance',
    defaultThreshold: 0.1,
    scoreKind: 'distance',
    columnTypes: ['cat', 'num'],
    drifted: (d, t) => d >= t,
  },
  psi: {
    name: 'psi',
    displayName: 'PSI',
    defaultThreshold: 0.1,
    scoreKind: 'distance',
    columnTypes: ['cat', 'num'],
    drifted: (d, t) => d >= t,
  },
};

export function isStatTestName(name: string): name is StatTestName {
  return Object.hasOwn(STAT_TESTS, name);
}

/** Evidently switches from tests to distances above this many reference values. */
export const SMALL_REFERENCE_LIMIT = 1000;
/** At most this many distinct values (reference ∪ current) makes a numeric column go through category tests. */
export const FEW_VALUES_LIMIT = 5;

/**
 * _get_default_stattest: `nReference` counts the non-missing reference values, `nUnique` the distinct values of
 * reference and current together.
 */
export function defaultStatTest(columnType: ColumnType, nReference: number, nUnique: number): StatTestName {
  const categoryLike = columnType === 'cat' || nUnique <= FEW_VALUES_LIMIT;
  if (nReference <= SMALL_REFERENCE_LIMIT) {
    if (!categoryLike) return 'ks';
    return nUnique > 2 ? 'chisquare' : 'z';
  }
  return categoryLike ? 'jensenshannon' : 'wasserstein';
}
