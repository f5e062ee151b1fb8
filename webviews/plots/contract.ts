// The one message contract between the metric-plot panel (extension/runs/plotPanel.ts) and its UI (main.ts).
// Host → UI sends state; UI → host sends intents. Both sides import these types, so a renamed field fails the build.

export type PlotXAxis = 'step' | 'time' | 'relative';
/** System metrics are sampled against time, not steps: wall time, or seconds since the run started. */
export type SystemXAxis = Exclude<PlotXAxis, 'step'>;

export interface PlotRun {
  /** Unique within the panel: store URI + run id. */
  id: string;
  label: string;
  status: string;
}

/** One run's history of one metric, min/max-per-pixel downsampled; null marks NaN/±inf (drawn as a gap). */
export interface PlotSeriesData {
  /** The PlotRun.id this series belongs to. */
  run: string;
  metric: string;
  x: number[];
  y: Array<number | null>;
  /** Points in the full history before downsampling. */
  totalPoints: number;
}

export interface PlotState {
  runs: PlotRun[];
  /** Every metric key any of the runs has. */
  availableMetrics: string[];
  metrics: string[];
  xAxis: PlotXAxis;
  series: PlotSeriesData[];
  /** True while one of the runs is RUNNING: the host pushes new state as metrics arrive. */
  live: boolean;
  /** The "System" group (CPU, memory, GPU…); absent when none of the runs has system metrics. */
  system?: SystemPlotState;
}

/** MLflow's `system/` metrics (named without the prefix) and W&B's stats records, one chart per name. */
export interface SystemPlotState {
  available: string[];
  metrics: string[];
  xAxis: SystemXAxis;
  /** `metric` is the system metric's name. */
  series: PlotSeriesData[];
}

export type HostToPlot = { type: 'setState'; state: PlotState } | { type: 'error'; message: string };

export type PlotToHost =
  /** Sent once the UI listens, and whenever the chart width changes (the host downsamples to it). */
  | { type: 'ready'; width: number }
  | { type: 'resize'; width: number }
  | { type: 'setMetrics'; metrics: string[] }
  | { type: 'setXAxis'; xAxis: PlotXAxis }
  | { type: 'setSystemMetrics'; metrics: string[] }
  | { type: 'setSystemXAxis'; xAxis: SystemXAxis }
  /** The UI drew the state: how many series are on the charts (tests read it back through the host). */
  | { type: 'rendered'; series: number; points: number; systemSeries: number; systemPoints: number }
  | { type: 'exportCsv' }
  /** A PNG of the charts as a data: URL. */
  | { type: 'exportPng'; dataUrl: string };
