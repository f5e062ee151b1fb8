// The one message contract between the parallel-coordinates panel (extension/runsTable/parallelPanel.ts) and its UI
// (main.ts): the runs' axes and the params' importance for one metric; brushes and clicks come back as intents.
import type { ImportanceResult } from '../../core/runsTable/importance';
import type { ParallelData } from '../../core/runsTable/parallelCoordinates';

export type { ImportanceResult, ParallelData };

export interface ParallelState {
  title: string;
  /** The metric the lines are coloured by and the last axis shows. */
  metric: string;
  /** Every metric the runs have, for the pickers. */
  metrics: string[];
  /** Every param the runs have, for the scatter's x picker. */
  params: string[];
  data: ParallelData;
  /** Whether a brush also filters the runs table this panel was opened from. */
  linkedToTable: boolean;
  /** False for the first drawing of a sample of many runs; brushing waits for all of them. */
  complete: boolean;
  totalRuns: number;
}

/** A scatter of one metric against one param over the same runs; x is a number, or a category's index. */
export interface ScatterData {
  metric: string;
  param: string;
  categories: string[];
  x: Array<number | null>;
  y: Array<number | null>;
}

export type HostToParallel =
  | { type: 'setState'; state: ParallelState }
  /** The params' importance for the state's metric; it follows the chart, which does not wait for the forest. */
  | { type: 'importance'; metric: string; importance: ImportanceResult }
  | { type: 'scatter'; scatter: ScatterData }
  | { type: 'error'; message: string };

export type ParallelToHost =
  | { type: 'ready' }
  | { type: 'setMetric'; metric: string }
  /** The runs inside every brush, or null when no brush is left. */
  | { type: 'brushed'; runIds: string[] | null }
  | { type: 'reveal'; runId: string }
  | { type: 'scatter'; metric: string; param: string }
  /** The lines are drawn: how many, how many inside the brushes, how long drawing took, and since the UI was ready. */
  | { type: 'painted'; lines: number; kept: number; drawMs: number; sinceReadyMs: number };
