// Records applied to a run's state as a framing scan finds them (a 200 MB file holds half a million, so none is kept):
// history rows through the row reader's fast path, everything else through protobufjs' full decoder. Used for a
// whole file, for what a growing file appended, and for each part of a large file read in parallel.
import type { FramingEnd, RecordVisitor } from './framing';
import { HistoryRowReader } from './historyRows';
import { readListingRecord } from './listingRecords';
import { decodeHistoryMessage, decodeRecord, RECORD_FIELD, recordField } from './records';
import { applyHistoryMessage, applyRecord, type WandbRunState } from './runState';

export interface RunFileProblem {
  offset: number;
  message: string;
}

/** Damage reports kept per file: the first ones say what is wrong; thousands would say nothing more. */
export const MAX_PROBLEMS = 20;

export interface ApplierOptions {
  /** False: history rows are passed over (a listing needs none of them). */
  history: boolean;
  /** The file offset where the bytes being scanned end, for sizing the history columns. */
  endOffset: number;
  /** Receives the records that are not history instead of applying them (a part of a file read in another thread). */
  other?: ((bytes: Uint8Array, offset: number) => void) | undefined;
}

export class RecordApplier {
  readonly problems: RunFileProblem[] = [];
  applied = 0;
  historySkipped = false;
  private rows: HistoryRowReader | undefined;

  constructor(
    private readonly state: WandbRunState,
    private readonly options: ApplierOptions,
  ) {}

  /** The scan's visitor: a history row passed over costs nothing but reading its field number. */
  readonly visit: RecordVisitor = (bytes, start, end, offset) => {
    this.applied++;
    if (safeField(bytes, start, end) !== RECORD_FIELD.history) {
      const record = bytes.subarray(start, end);
      if (this.options.other) this.options.other(record, offset);
      else this.applyRecordBytes(record, offset);
    } else if (!this.options.history) this.historySkipped = true;
    else {
      this.rows ??= new HistoryRowReader(this.state, this.options.endOffset);
      this.applyHistory(this.rows, bytes, start, end, offset);
    }
  };

  /**
   * A record that is not history, decoded and applied — the kinds a listing reads through listingRecords.ts' fast
   * path, else protobufjs' full decoder (same results and errors); a record that does not decode is reported.
   */
  applyRecordBytes(bytes: Uint8Array, offset: number): void {
    try {
      applyRecord(this.state, readListingRecord(bytes) ?? decodeRecord(bytes));
    } catch (error) {
      this.note({ offset, message: `record is not a W&B Record (${(error as Error).message})` });
    }
  }

  /** The scan's damage, then the records it could not decode: a reader meets damage before what it fails to decode. */
  report(end: FramingEnd): RunFileProblem[] {
    return [...end.corrupt.map(damageProblem), ...this.problems].slice(0, MAX_PROBLEMS);
  }

  /** A history row through the row reader's fast path, else protobufjs' full decoder (same results and errors). */
  private applyHistory(rows: HistoryRowReader, bytes: Uint8Array, start: number, end: number, offset: number): void {
    if (rows.apply(bytes, start, end, offset)) return;
    try {
      applyHistoryMessage(this.state, decodeHistoryMessage(bytes.subarray(start, end)));
    } catch (error) {
      this.note({ offset, message: `history record is not a W&B HistoryRecord (${(error as Error).message})` });
    }
  }

  private note(problem: RunFileProblem): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(problem);
  }
}

export function damageProblem(damage: FramingEnd['corrupt'][number]): RunFileProblem {
  return { offset: damage.offset, message: `${damage.reason}; skipped to the next 32 KiB block` };
}

function safeField(bytes: Uint8Array, start: number, end: number): number {
  try {
    return recordField(bytes, start, end);
  } catch {
    return 0;
  }
}
