// The one message contract between the runs table editor (extension/runsTable/tablePanel.ts) and its UI (main.ts).
// Host → UI sends the table's state and windows of rows; UI → host sends intents. Both sides import these types.
import type { TableRow, TableState } from '../../core/runsTable/session';
import type { TableQuery } from '../../core/runsTable/tableQuery';

export type { TableRow, TableState, TableQuery };

/** Column order, visibility, pins and widths, kept per store. */
export interface TableLayout {
  /** Column ids in display order; columns not listed follow in their default order. */
  order: string[];
  hidden: string[];
  pinned: string[];
  widths: Record<string, number>;
  /** Column groups folded to one narrow column. */
  foldedGroups: string[];
}

/** The name stays in view while scrolling sideways; tags (mostly mlflow.*) start folded. */
export const EMPTY_LAYOUT: TableLayout = { order: [], hidden: [], pinned: ['attributes.run_name'], widths: {}, foldedGroups: ['tags'] };

export type HostToTable =
  | { type: 'init'; title: string; layout: TableLayout; query: TableQuery }
  /** A new answer to the query; rows sent before it (an older generation) are stale. */
  | { type: 'state'; generation: number; state: TableState; query: TableQuery }
  | { type: 'rows'; generation: number; offset: number; rows: TableRow[] }
  /** The query could not run; `column` names the quick filter at fault. */
  | { type: 'queryError'; message: string; column?: string }
  | { type: 'sparkline'; runId: string; key: string; x: number[]; y: number[] }
  | { type: 'error'; message: string };

export type TableToHost =
  | { type: 'ready' }
  | { type: 'query'; query: TableQuery }
  /** Read the store again (a tracking server has no file watcher to say it changed). */
  | { type: 'refresh' }
  | { type: 'rows'; generation: number; offset: number; count: number }
  | { type: 'toggleFold'; key: string }
  | { type: 'setLayout'; layout: TableLayout }
  | { type: 'sparkline'; runId: string; key: string }
  | { type: 'plot'; runIds: string[] }
  /** Parallel coordinates of these runs, or of every shown run when empty. */
  | { type: 'parallel'; runIds: string[] }
  | { type: 'copyIds'; runIds: string[] }
  | { type: 'reveal'; runId: string }
  /** CSV of the shown rows with these columns, in this order. */
  | { type: 'exportCsv'; columns: string[] }
  /**
   * Rows are on screen: how many, for which generation, and how long after the UI said it was ready (its own clock:
   * the host may be busy reading the whole order when they land). Tests and the first-paint benchmark read it.
   */
  | { type: 'painted'; generation: number; rows: number; selected: number; sinceReadyMs: number };
