// Synthetic card transactions: the dataset the demo pipeline versions with DVC and the drift report compares.
import { SeededRandom } from './random';

export interface TransactionOptions {
  rows: number;
  /** Multiplies amounts: > 1 simulates inflation or a new customer segment. */
  amountScale?: number;
  /** Added to distance_km: simulates transactions moving away from home. */
  distanceShiftKm?: number;
  /** Added to the hour of day (wrapping at 24): a customer segment that buys later in the day. */
  hourShift?: number;
  /** Share of transactions made on a phone; the rest pick any device evenly (default: all evenly). */
  mobileShare?: number;
  withCountry?: boolean;
  withId?: boolean;
}

export const DRIFT_COLUMNS = ['amount', 'merchant_category', 'hour', 'customer_age', 'distance_km', 'num_prev_txn', 'device_type', 'is_fraud'] as const;
/** The two numeric columns current.csv shifts on purpose. */
export const SHIFTED_COLUMNS = ['amount', 'distance_km'] as const;

const CATEGORIES = ['grocery', 'electronics', 'travel', 'restaurants', 'fuel', 'online', 'pharmacy'];
const DEVICES = ['mobile', 'desktop', 'pos', 'atm'];
const COUNTRIES = ['DE', 'FR', 'NL', 'ES', 'IT', 'PL'];

export function transactionsCsv(seed: number, options: TransactionOptions): string {
  const random = new SeededRandom(seed);
  const header = [...(options.withId ? ['transaction_id'] : []), ...DRIFT_COLUMNS, ...(options.withCountry ? ['merchant_country'] : [])];
  const lines = [header.join(',')];
  for (let i = 0; i < options.rows; i++) {
    const fraud = random.next() < 0.035;
    const amount = Math.exp(random.normal(fraud ? 4.6 : 3.7, 0.9)) * (options.amountScale ?? 1);
    const distance = Math.abs(random.normal(fraud ? 60 : 12, fraud ? 40 : 9)) + (options.distanceShiftKm ?? 0);
    const row = [
      ...(options.withId ? [`t${String(i + 1).padStart(7, '0')}`] : []),
      amount.toFixed(2),
      random.pick(CATEGORIES),
      String(((fraud ? random.pick([0, 1, 2, 3, 4, 23]) : random.int(6, 22)) + (options.hourShift ?? 0)) % 24),
      String(random.int(18, 85)),
      distance.toFixed(1),
      String(random.int(0, 250)),
      device(random, options.mobileShare),
      fraud ? '1' : '0',
      ...(options.withCountry ? [random.pick(COUNTRIES)] : []),
    ];
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}

// Without mobileShare no extra number is drawn, so the files written before these options existed stay identical.
function device(random: SeededRandom, mobileShare: number | undefined): string {
  if (mobileShare !== undefined && random.next() < mobileShare) return 'mobile';
  return random.pick(DEVICES);
}
