// A streaming RFC 4180 tokenizer over bytes: quoted fields with doubled quotes and embedded newlines, CRLF/LF/CR
// line ends, a UTF-8 BOM, blank lines skipped as pandas does. It exists for speed: csv-parse builds a string for
// every field, which alone costs 5.5× a bare split loop; here number cells never become strings (see
// ColumnBuilder.pushBytes) and are parsed in the same pass that finds their end.

const QUOTE = 0x22;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const CR = 0x0d;
const LF = 0x0a;

export interface FieldSink {
  /**
   * One cell: bytes [start, end) of `buffer`; `quoted` when it was in quotes, `escaped` when it held "". `value` is
   * the cell as a number when it is a plain decimal ([+-]digits[.digits], ≤ 15 digits), else NaN; `integer` says
   * it had no decimal point.
   */
  field(buffer: Buffer, start: number, end: number, quoted: boolean, escaped: boolean, value: number, integer: boolean): void;
  /** End of a non-blank record; `line` is the physical line it ended on (1-based). */
  endRecord(line: number): void;
}

export class CsvTokenizerError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvTokenizerError';
  }
}

export class CsvTokenizer {
  /** Bytes of the field that was still open at the end of the previous chunk. */
  private carry: Buffer | undefined;
  private line = 1;
  private started = false;
  private skipLf = false;
  private fieldInRecord = 0;
  private readonly delimiter: number;

  constructor(
    delimiter: string,
    private readonly sink: FieldSink,
  ) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  push(chunk: Buffer): void {
    let buffer = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = undefined;
    if (!this.started) {
      this.started = true;
      if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) buffer = buffer.subarray(3);
    }
    const open = this.scan(buffer, false);
    if (open < buffer.length) this.carry = Buffer.from(buffer.subarray(open));
  }

  /** Flushes the last record: a file need not end with a newline. */
  end(): void {
    const rest = this.carry;
    this.carry = undefined;
    if (rest?.length) this.scan(rest, true);
    else if (this.fieldInRecord > 0) this.finishRecord(rest ?? Buffer.alloc(0), 0, 0, false, false);
  }

  private finishRecord(
    buffer: Buffer,
    start: number,
    end: number,
    quoted: boolean,
    escaped: boolean,
    value = Number.NaN,
    integer = false,
  ): void {
    const blank = this.fieldInRecord === 0 && end === start && !quoted;
    if (!blank) {
      this.sink.field(buffer, start, end, quoted, escaped, value, integer);
      this.sink.endRecord(this.line);
    }
    this.fieldInRecord = 0;
  }

  /** Tokenizes from offset 0; returns where the still-open field starts (buffer.length when none is open). */
  private scan(buffer: Buffer, final: boolean): number {
    const n = buffer.length;
    const delimiter = this.delimiter;
    let i = 0;
    if (this.skipLf && n > 0) {
      this.skipLf = false;
      if (buffer[0] === LF) i = 1;
    }
    while (i < n) {
      const fieldStart = i;
      if (buffer[i] === QUOTE) {
        let q = i + 1;
        let escaped = false;
        let newlines = 0;
        for (;;) {
          while (q < n && buffer[q] !== QUOTE) {
            if (buffer[q] === LF) newlines++;
            q++;
          }
          if (q + 1 < n && buffer[q + 1] === QUOTE) {
            escaped = true;
            q += 2;
            continue;
          }
          break;
        }
        if (q + 1 >= n && !final) return fieldStart;
        if (q >= n) throw new CsvTokenizerError('a quoted field is not closed before the end of the file', this.line);
        this.line += newlines;
        const after = q + 1;
        const next = buffer[after];
        if (after >= n) {
          this.finishRecord(buffer, fieldStart + 1, q, true, escaped);
          return n;
        }
        if (next === delimiter) {
          this.sink.field(buffer, fieldStart + 1, q, true, escaped, Number.NaN, false);
          this.fieldInRecord++;
          i = after + 1;
          if (i === n && final) this.finishRecord(buffer, i, i, false, false);
          continue;
        }
        if (next !== LF && next !== CR) {
          throw new CsvTokenizerError('text follows a closing quote; double any quote inside a quoted field', this.line);
        }
        this.finishRecord(buffer, fieldStart + 1, q, true, escaped);
        i = this.lineEnd(buffer, after);
        continue;
      }
      // The scan for the field's end also reads it as a plain decimal (Clinger's fast path: ≤ 15 digits make an
      // exact integer mantissa and 10^f for f ≤ 22 is exact, so one division rounds exactly as Number(text) does),
      // so number cells are parsed in the same pass and never become strings.
      let p = i;
      let negative = false;
      if (buffer[p] === 45 || buffer[p] === 43) {
        negative = buffer[p] === 45;
        p++;
      }
      let mantissa = 0;
      let digits = 0;
      let fraction = 0;
      let dot = false;
      let plain = true;
      while (p < n) {
        const b = buffer[p]!;
        if (b === delimiter || b === LF || b === CR) break;
        if (b >= 48 && b <= 57) {
          mantissa = mantissa * 10 + (b - 48);
          digits++;
          if (dot) fraction++;
        } else if (b === 46 && !dot) dot = true;
        else plain = false;
        p++;
      }
      let value = Number.NaN;
      if (plain && digits > 0 && digits <= 15) value = (negative ? -mantissa : mantissa) / POW10[fraction]!;
      if (p >= n) {
        if (!final) return fieldStart;
        this.finishRecord(buffer, fieldStart, p, false, false, value, !dot);
        return n;
      }
      if (buffer[p] === delimiter) {
        this.sink.field(buffer, fieldStart, p, false, false, value, !dot);
        this.fieldInRecord++;
        i = p + 1;
        if (i === n && final) this.finishRecord(buffer, i, i, false, false);
        continue;
      }
      this.finishRecord(buffer, fieldStart, p, false, false, value, !dot);
      i = this.lineEnd(buffer, p);
    }
    return n;
  }

  /** Steps over CR, LF or CRLF at `at` (a CR at the chunk end defers its LF check to the next chunk). */
  private lineEnd(buffer: Buffer, at: number): number {
    this.line++;
    if (buffer[at] === CR) {
      if (at + 1 === buffer.length) {
        this.skipLf = true;
        return at + 1;
      }
      return buffer[at + 1] === LF ? at + 2 : at + 1;
    }
    return at + 1;
  }
}
