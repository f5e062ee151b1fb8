// Plain-text tables for the CLI's human output. Cells are store data, so each is made visible (visibleText) before
// it is measured. Widths come from one pass over the rows and the lines are streamed (printLines), so a million-row
// metric history needs neither an argument list per row (Math.max(...rows)) nor one giant string.
import { visibleText } from '../core/format/visibleText';
import type { CliIO } from './command';
import { printLines } from './streamedOutput';

export interface Column<T> {
  header: string;
  cell(row: T): string;
  /** Numbers read best right-aligned; text is left-aligned. */
  align?: 'right';
}

/** Columns separated by two spaces; the last column is not padded, so its width is never needed. */
export async function printTable<T>(io: CliIO, columns: Column<T>[], rows: readonly T[]): Promise<void> {
  const padded = columns.length - 1;
  const widths = columns.map((c) => c.header.length);
  for (const row of rows) {
    for (let i = 0; i < padded; i++) {
      const length = visibleText(columns[i]!.cell(row)).length;
      if (length > widths[i]!) widths[i] = length;
    }
  }
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === padded ? c : columns[i]!.align === 'right' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  function* lines(): Generator<string> {
    yield line(columns.map((c) => c.header));
    for (const row of rows) yield line(columns.map((c) => visibleText(c.cell(row))));
  }
  await printLines(io, lines());
}

export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  // toISOString always ends in ".sssZ", whatever the year's width.
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, -5).replace('T', ' ')}Z`;
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}
