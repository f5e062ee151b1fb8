// Thirty days of production traffic for `mlops monitor` and the monitoring dashboard: the first nineteen look like
// the reference (amounts creep up slowly from day 14, one column at most), and from day 20 a new customer segment
// arrives — larger amounts, farther from home, later in the day, mostly on phones — so half of the eight columns
// drift and the dataset crosses drift_share (0.5) exactly at batch 20.
import { transactionsCsv, type TransactionOptions } from './transactions';

export const BATCH_DAYS = 30;
export const FIRST_DRIFTING_DAY = 20;
export const BATCH_ROWS = 2_000;
export const BATCH_FOLDER = 'data/batches';

/** data/batches/2026-11-01.csv … 2026-11-30.csv */
export function batchFileName(day: number): string {
  return `${BATCH_FOLDER}/2026-11-${String(day).padStart(2, '0')}.csv`;
}

export function dailyBatchFiles(seed: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let day = 1; day <= BATCH_DAYS; day++) files[batchFileName(day)] = transactionsCsv(seed + day, batchOptions(day));
  return files;
}

function batchOptions(day: number): TransactionOptions {
  const creep = 1 + 0.01 * Math.max(0, day - 13);
  if (day < FIRST_DRIFTING_DAY) return { rows: BATCH_ROWS, amountScale: creep };
  const growth = day - FIRST_DRIFTING_DAY;
  return { rows: BATCH_ROWS, amountScale: creep * (1.5 + 0.05 * growth), distanceShiftKm: 12 + growth, hourShift: 3, mobileShare: 0.6 + 0.02 * growth };
}
