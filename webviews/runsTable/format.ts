// How a cell reads: metric values to 4 significant digits (MLflow's spellings of NaN and ±inf), times in the local
// zone, durations as h/m/s. Text stays text: cells are filled with textContent, never parsed as HTML.
import type { CellValue } from '../../core/runsTable/cells';
import type { ColumnKind } from '../../core/runsTable/columns';
import { formatMetricValue } from '../../core/runsView/runPresentation';

export function formatCell(kind: ColumnKind, value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  switch (kind) {
    case 'time':
      return formatTime(value);
    case 'duration':
      return formatDuration(value);
    default:
      return formatMetricValue(value);
  }
}

export function formatTime(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}
