// One column's data-quality figures, reference against current, as Evidently's DataQuality tests read them
// (TestColumnShareOfMissingValues, TestShareOfOutRangeValues, TestNumberOfNewCategories / out-of-list values,
// TestMostCommonValueShare for constant and almost-constant columns). Computed from the same sorted arrays or
// category counts the drift test uses, so it costs one more pass over data already in memory.
import { parseDecimal } from './columnBuilder';
import type { ColumnDriftInput, PreparedColumn } from './columnDrift';
import { columnLength, type RawColumn } from './columns';
import { type CountTable, countSortedNumbers } from './countTable';

/** Evidently's almost-constant threshold: the most common value holds at least this share of present cells. */
export const ALMOST_CONSTANT_SHARE = 0.95;
/** Category names listed in the result; the counts cover all of them. */
const LISTED_CATEGORIES = 20;

export interface ColumnQuality {
  /** The reference's dtype family as read: numbers, or text (any cell that is not a number). */
  reference_kind: 'number' | 'text';
  missing_share_reference: number;
  missing_share_current: number;
  /** Current cells of the other kind: text in a column the reference holds as numbers, or numbers in a text column. */
  type_mismatch_current: number;
  type_mismatch_share_current: number;
  reference_min?: number | undefined;
  reference_max?: number | undefined;
  /** Current values below the reference's min or above its max (numbers only). */
  out_of_range_current?: number | undefined;
  out_of_range_share_current?: number | undefined;
  /** Categories in current that the reference never holds, and the reverse (categorical columns only). */
  new_categories?: string[] | undefined;
  number_of_new_categories?: number | undefined;
  /** Share of current's present cells whose value is a new category (Evidently's share of out-of-list values). */
  new_category_share_current?: number | undefined;
  vanished_categories?: string[] | undefined;
  number_of_vanished_categories?: number | undefined;
  distinct_current: number;
  most_common_share_current: number;
  constant_current: boolean;
  almost_constant_current: boolean;
}

/** Present cells of `column` whose kind differs from the reference's, and how many present cells it has. */
function mismatches(column: RawColumn, referenceIsNumber: boolean): { mismatched: number; present: number } {
  if (column.kind === 'numeric') {
    let present = 0;
    for (let i = 0; i < column.values.length; i++) if (!Number.isNaN(column.values[i]!)) present++;
    return { mismatched: referenceIsNumber ? 0 : present, present };
  }
  const numeric = column.dictionary.map((key) => !Number.isNaN(parseDecimal(key)));
  let mismatched = 0;
  let present = 0;
  for (let i = 0; i < column.codes.length; i++) {
    const code = column.codes[i]!;
    if (code < 0) continue;
    present++;
    if (numeric[code] !== referenceIsNumber) mismatched++;
  }
  return { mismatched, present };
}

function missingShare(column: RawColumn, present: number): number {
  const rows = columnLength(column);
  return rows ? (rows - present) / rows : 0;
}

/** First index in an ascending array whose value is ≥ x (or > x with `after`). */
function bound(values: Float64Array, x: number, after: boolean): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < x || (after && values[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function longestRun(sorted: Float64Array): { runs: number; longest: number } {
  let runs = 0;
  let longest = 0;
  let run = 0;
  for (let i = 0; i < sorted.length; i++) {
    run = i > 0 && sorted[i] === sorted[i - 1] ? run + 1 : 1;
    if (run === 1) runs++;
    if (run > longest) longest = run;
  }
  return { runs, longest };
}

function categoryFigures(table: CountTable) {
  const fresh: string[] = [];
  const vanished: string[] = [];
  let freshCells = 0;
  let distinct = 0;
  let top = 0;
  for (let k = 0; k < table.keys.length; k++) {
    const r = table.reference[k]!;
    const c = table.current[k]!;
    if (c > 0) distinct++;
    if (c > top) top = c;
    if (r === 0 && c > 0) {
      fresh.push(table.keys[k]!);
      freshCells += c;
    }
    if (r > 0 && c === 0) vanished.push(table.keys[k]!);
  }
  return { fresh, vanished, freshCells, distinct, top };
}

export function computeColumnQuality(input: ColumnDriftInput, prepared: PreparedColumn): ColumnQuality {
  const referenceIsNumber = input.reference.kind === 'numeric';
  const ref = mismatches(input.reference, referenceIsNumber);
  const cur = mismatches(input.current, referenceIsNumber);
  const quality: ColumnQuality = {
    reference_kind: referenceIsNumber ? 'number' : 'text',
    missing_share_reference: missingShare(input.reference, ref.present),
    missing_share_current: missingShare(input.current, cur.present),
    type_mismatch_current: cur.mismatched,
    type_mismatch_share_current: cur.present ? cur.mismatched / cur.present : 0,
    distinct_current: 0,
    most_common_share_current: 0,
    constant_current: false,
    almost_constant_current: false,
  };
  let present = 0;
  let top = 0;
  if (prepared.kind === 'sorted') {
    const { ref: r, cur: c } = prepared;
    const { runs, longest } = longestRun(c);
    present = c.length;
    top = longest;
    quality.distinct_current = runs;
    if (r.length) {
      const min = r[0]!;
      const max = r[r.length - 1]!;
      const outside = bound(c, min, false) + (c.length - bound(c, max, true));
      Object.assign(quality, {
        reference_min: min,
        reference_max: max,
        out_of_range_current: outside,
        out_of_range_share_current: c.length ? outside / c.length : 0,
      });
    }
  }
  const table =
    prepared.kind === 'table'
      ? prepared.table
      : input.columnType === 'cat'
        ? countSortedNumbers(prepared.ref, prepared.cur)
        : undefined;
  if (table) {
    const figures = categoryFigures(table);
    if (prepared.kind === 'table') {
      present = table.nCurrent;
      top = figures.top;
      quality.distinct_current = figures.distinct;
    }
    if (input.columnType === 'cat') {
      Object.assign(quality, {
        new_categories: figures.fresh.slice(0, LISTED_CATEGORIES),
        number_of_new_categories: figures.fresh.length,
        new_category_share_current: present ? figures.freshCells / present : 0,
        vanished_categories: figures.vanished.slice(0, LISTED_CATEGORIES),
        number_of_vanished_categories: figures.vanished.length,
      });
    }
  }
  quality.most_common_share_current = present ? top / present : 0;
  quality.constant_current = present > 0 && quality.distinct_current === 1;
  quality.almost_constant_current = present > 0 && quality.most_common_share_current >= ALMOST_CONSTANT_SHARE;
  return quality;
}
