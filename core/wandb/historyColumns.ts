// Columns of numbers over time, in growing typed arrays: a 200 MB run holds millions of points, and typed storage
// keeps appending cheap (no element-kind transitions, no per-number boxing).
//
// History rows stamp all their metrics with one `_step` and one `_timestamp`, so those are kept once per row
// (RowStamps) and a metric's column keeps only its values — plus, once it skips a row, the rows it has points in.
// Most columns have a point in every row from their first on, and need no row numbers at all. Memory written per
// point is what a long read costs on a virtual machine, where every fresh page is a fault.

/** One numeric key's points in logging order. */
export interface HistoryColumn {
  readonly length: number;
  readonly steps: Float64Array;
  /** Milliseconds since the epoch. */
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
}

/** Where every list starts: a listed run has empty columns, and a thousand runs would allocate them all. */
const NO_VALUES = new Float64Array(0);

/** A growing Float64Array. */
class Float64List {
  length = 0;
  private data: Float64Array<ArrayBuffer> = NO_VALUES;

  push(value: number): void {
    if (this.length === this.data.length) this.data = resized(this.data, Math.max(64, this.data.length * 2));
    this.data[this.length++] = value;
  }

  /** Room for `extra` more values in one step. */
  reserve(extra: number): void {
    if (this.length + extra > this.data.length) this.data = resized(this.data, this.length + extra);
  }

  append(other: Float64Array): void {
    this.reserve(other.length);
    this.data.set(other, this.length);
    this.length += other.length;
  }

  get view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

function resized<T extends Float64Array<ArrayBuffer> | Uint32Array<ArrayBuffer>>(data: T, capacity: number): T {
  const bigger = new (data.constructor as new (length: number) => T)(capacity);
  bigger.set(data);
  return bigger;
}

/** A RowStamps as it travels between threads. */
export interface StampParts {
  steps: Float64Array;
  timestamps: Float64Array;
  /** Rows that logged no step, stamped with their row number. */
  numbered: number[];
}

/** Each history row's step and timestamp, by row number. */
export class RowStamps {
  private readonly stepList = new Float64List();
  private readonly timestampList = new Float64List();
  private readonly numbered: number[] = [];

  get count(): number {
    return this.stepList.length;
  }

  /** `numbered`: the row logged no step, and `step` is its row number. */
  push(step: number, timestamp: number, numbered = false): void {
    if (numbered) this.numbered.push(this.stepList.length);
    this.stepList.push(step);
    this.timestampList.push(timestamp);
  }

  reserve(extra: number): void {
    this.stepList.reserve(extra);
    this.timestampList.reserve(extra);
  }

  parts(): StampParts {
    return { steps: this.steps, timestamps: this.timestamps, numbered: this.numbered };
  }

  /** The rows of a later part of the file after these: a row without a step is numbered in the whole file. */
  append(parts: StampParts): void {
    const offset = this.count;
    this.stepList.append(parts.steps);
    this.timestampList.append(parts.timestamps);
    const steps = this.steps;
    for (const row of parts.numbered) {
      steps[offset + row] = offset + row;
      this.numbered.push(offset + row);
    }
  }

  get steps(): Float64Array {
    return this.stepList.view;
  }

  get timestamps(): Float64Array {
    return this.timestampList.view;
  }
}

/** A RowColumn as it travels between threads. */
export interface ColumnParts {
  firstRow: number;
  values: Float64Array;
  rows: Uint32Array | undefined;
}

/** A history metric: its values, stamped by the rows they were logged in. */
export class RowColumn implements HistoryColumn {
  private readonly valueList = new Float64List();
  /** The row of each point, kept from the first row the column skips on; until then point i is row firstRow + i. */
  private rowList: Uint32Array<ArrayBuffer> | undefined;
  private firstRow = -1;

  constructor(private readonly stamps: RowStamps) {}

  get length(): number {
    return this.valueList.length;
  }

  push(row: number, value: number): void {
    if (this.firstRow < 0) this.firstRow = row;
    else if (!this.rowList && row !== this.firstRow + this.valueList.length) this.rowList = this.consecutiveRows(this.valueList.length * 2);
    if (this.rowList) {
      if (this.valueList.length === this.rowList.length) this.rowList = resized(this.rowList, this.rowList.length * 2);
      this.rowList[this.valueList.length] = row;
    }
    this.valueList.push(value);
  }

  /** Room for `extra` more points (a reader that can tell a column's size avoids regrowing it). */
  reserve(extra: number): void {
    this.valueList.reserve(extra);
    if (this.rowList && this.valueList.length + extra > this.rowList.length) this.rowList = resized(this.rowList, this.valueList.length + extra);
  }

  parts(): ColumnParts {
    return { firstRow: this.firstRow, values: this.values, rows: this.rowList?.subarray(0, this.length) };
  }

  /** The points of a later part of the file, whose row numbers start at `rowOffset` in the whole file, after these. */
  append(parts: ColumnParts, rowOffset: number): void {
    const start = this.length;
    const added = parts.values.length;
    if (added === 0) return;
    if (start === 0) this.firstRow = parts.firstRow + rowOffset;
    const contiguous = !this.rowList && !parts.rows && this.firstRow + start === parts.firstRow + rowOffset;
    if (!contiguous) {
      this.rowList ??= this.consecutiveRows(start + added);
      this.reserve(added);
      for (let i = 0; i < added; i++) this.rowList![start + i] = (parts.rows ? parts.rows[i]! : parts.firstRow + i) + rowOffset;
    }
    this.valueList.append(parts.values);
  }

  get values(): Float64Array {
    return this.valueList.view;
  }

  get steps(): Float64Array {
    return this.stamped(this.stamps.steps);
  }

  get timestamps(): Float64Array {
    return this.stamped(this.stamps.timestamps);
  }

  /** The per-row `stamps` of this column's points: a view while every row from the first has one, else gathered. */
  private stamped(stamps: Float64Array): Float64Array {
    const length = this.valueList.length;
    if (!this.rowList) return stamps.subarray(this.firstRow, this.firstRow + length);
    const out = new Float64Array(length);
    for (let i = 0; i < length; i++) out[i] = stamps[this.rowList[i]!]!;
    return out;
  }

  private consecutiveRows(capacity: number): Uint32Array<ArrayBuffer> {
    const rows = new Uint32Array(Math.max(capacity, 64));
    for (let i = 0; i < this.valueList.length; i++) rows[i] = this.firstRow + i;
    return rows;
  }
}

/** A column whose points carry their own step and timestamp (system metrics, one stats record each). */
export class PointColumn implements HistoryColumn {
  private readonly stepList = new Float64List();
  private readonly timestampList = new Float64List();
  private readonly valueList = new Float64List();

  get length(): number {
    return this.valueList.length;
  }

  push(step: number, timestamp: number, value: number): void {
    this.stepList.push(step);
    this.timestampList.push(timestamp);
    this.valueList.push(value);
  }

  get steps(): Float64Array {
    return this.stepList.view;
  }

  get timestamps(): Float64Array {
    return this.timestampList.view;
  }

  get values(): Float64Array {
    return this.valueList.view;
  }
}
