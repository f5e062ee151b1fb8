// Accumulates one column cell by cell into typed arrays: numbers while every cell parses as one (pandas' numeric
// dtypes), dictionary codes from the first cell that does not (pandas' object dtype). Missing cells follow pandas'
// read_csv defaults (na_values), so the missing share matches what Evidently sees.
import type { RawColumn } from './columns';

/** pandas.read_csv's default na_values. */
const NA_VALUES = new Set([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
]);

const INFINITIES: Record<string, number> = {
  inf: Number.POSITIVE_INFINITY,
  '+inf': Number.POSITIVE_INFINITY,
  '-inf': Number.NEGATIVE_INFINITY,
  infinity: Number.POSITIVE_INFINITY,
  '+infinity': Number.POSITIVE_INFINITY,
  '-infinity': Number.NEGATIVE_INFINITY,
};

/** A decimal literal as pandas reads it, or NaN. Rejects what Number() accepts but pandas does not (hex, blanks). */
export function parseDecimal(text: string): number {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  const startsOk = (first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46;
  const endsOk = (last >= 48 && last <= 57) || last === 46;
  if (startsOk && endsOk && !(text.length > 1 && first === 48 && (text.charCodeAt(1) | 32) === 120)) {
    const value = Number(text);
    if (!Number.isNaN(value)) return value;
  }
  return INFINITIES[text.toLowerCase()] ?? Number.NaN;
}

function isIntegerLiteral(text: string): boolean {
  return text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0 && !(text.toLowerCase() in INFINITIES);
}

const INITIAL_CAPACITY = 1 << 12;

export class ColumnBuilder {
  private numbers: Float64Array | undefined;
  private codes: Int32Array | undefined;
  private readonly dictionary: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly byteCache = new CategoryByteCache();
  private size = 0;
  private integerSoFar = true;
  private missing = 0;

  constructor(capacity = INITIAL_CAPACITY) {
    this.numbers = new Float64Array(Math.max(capacity, 16));
  }

  get length(): number {
    return this.size;
  }

  /** One CSV cell, as text. */
  pushText(text: string): void {
    if (NA_VALUES.has(text)) {
      this.pushMissing();
      return;
    }
    if (this.numbers) {
      const value = parseDecimal(text);
      if (!Number.isNaN(value)) {
        if (this.integerSoFar && !isIntegerLiteral(text)) this.integerSoFar = false;
        this.pushNumber(value);
        return;
      }
      this.switchToCategories();
    }
    this.pushCategory(text);
  }

  /** One CSV cell from the tokenizer: a plain decimal arrives already parsed (`value`), text as bytes. */
  pushBytes(buffer: Buffer, start: number, end: number, quoted: boolean, escaped: boolean, value: number, integer: boolean): void {
    if (start === end) {
      this.pushMissing();
      return;
    }
    if (this.numbers && !quoted && !Number.isNaN(value)) {
      if (!integer) this.integerSoFar = false;
      this.pushNumber(value);
      return;
    }
    if (!this.numbers && !escaped) {
      const code = this.byteCache.get(buffer, start, end);
      if (code !== undefined) {
        this.pushCode(code);
        return;
      }
    }
    const text = buffer.toString('utf8', start, end);
    this.pushText(escaped ? text.replaceAll('""', '"') : text);
    if (!this.numbers && !escaped && !NA_VALUES.has(text)) this.byteCache.set(buffer, start, end, this.codes![this.size - 1]!);
  }

  /** One decoded Parquet value. */
  pushValue(value: unknown, integerType: boolean): void {
    if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) {
      this.pushMissing();
      return;
    }
    if (this.numbers && (typeof value === 'number' || typeof value === 'bigint')) {
      if (!integerType) this.integerSoFar = false;
      this.pushNumber(Number(value));
      return;
    }
    if (this.numbers) this.switchToCategories();
    this.pushCategory(categoryText(value));
  }

  /** The column; a view without copying when the estimate was close (≤ 1/8 unused), else a trimmed copy. */
  finish(): RawColumn {
    if (this.numbers) {
      return {
        kind: 'numeric',
        values: trimmed(this.numbers, this.size),
        integer: this.integerSoFar && this.missing === 0 && this.size > 0,
      };
    }
    return { kind: 'categorical', codes: trimmed(this.codes!, this.size), dictionary: this.dictionary };
  }

  private pushMissing(): void {
    this.missing++;
    if (this.numbers) this.pushNumber(Number.NaN);
    else this.pushCode(-1);
  }

  private pushNumber(value: number): void {
    if (this.size === this.numbers!.length) this.numbers = doubled(this.numbers!, Float64Array);
    this.numbers![this.size++] = value;
  }

  private pushCategory(text: string): void {
    let code = this.index.get(text);
    if (code === undefined) {
      code = this.dictionary.length;
      this.index.set(text, code);
      this.dictionary.push(text);
    }
    this.pushCode(code);
  }

  private pushCode(code: number): void {
    if (this.size === this.codes!.length) this.codes = doubled(this.codes!, Int32Array);
    this.codes![this.size++] = code;
  }

  /** The numbers read so far become categories named by their shortest decimal form. */
  private switchToCategories(): void {
    const numbers = this.numbers!;
    this.numbers = undefined;
    this.codes = new Int32Array(numbers.length);
    const count = this.size;
    this.size = 0;
    for (let i = 0; i < count; i++) {
      const v = numbers[i]!;
      if (Number.isNaN(v)) this.pushCode(-1);
      else this.pushCategory(String(v));
    }
  }
}

/**
 * Category codes by the raw bytes of a cell, so repeated categories skip UTF-8 decoding and string hashing. Holds
 * the first CACHE_LIMIT distinct keys; rarer ones take the decoding path.
 */
class CategoryByteCache {
  private static readonly LIMIT = 4096;
  private readonly buckets = new Map<number, { bytes: Buffer; code: number }[]>();
  private size = 0;

  private static hash(buffer: Buffer, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buffer[i]!, 0x01000193);
    return h;
  }

  get(buffer: Buffer, start: number, end: number): number | undefined {
    const bucket = this.buckets.get(CategoryByteCache.hash(buffer, start, end));
    if (!bucket) return undefined;
    const length = end - start;
    for (const entry of bucket) {
      const bytes = entry.bytes;
      if (bytes.length !== length) continue;
      let same = true;
      for (let i = 0; i < length && same; i++) same = bytes[i] === buffer[start + i];
      if (same) return entry.code;
    }
    return undefined;
  }

  set(buffer: Buffer, start: number, end: number, code: number): void {
    if (this.size >= CategoryByteCache.LIMIT) return;
    const h = CategoryByteCache.hash(buffer, start, end);
    const bucket = this.buckets.get(h) ?? [];
    if (bucket.some((e) => e.code === code)) return;
    bucket.push({ bytes: Buffer.from(buffer.subarray(start, end)), code });
    this.buckets.set(h, bucket);
    this.size++;
  }
}

function trimmed<T extends Float64Array | Int32Array>(array: T, size: number): T {
  return (array.length - size <= array.length / 8 ? array.subarray(0, size) : array.slice(0, size)) as T;
}

/** Growth by doubling: amortised O(1) appends, at most 2× the final size held while growing. */
function doubled<T extends Float64Array | Int32Array>(array: T, make: new (length: number) => T): T {
  const grown = new make(array.length * 2);
  grown.set(array);
  return grown;
}

function categoryText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}
