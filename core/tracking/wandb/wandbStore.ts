// A W&B folder as a TrackingStore (MLflow's read side): experiments are the projects of its runs, runs come from the
// run folders (core/wandb/), searches use the same filter, order and paging code as the file store, and a metric's
// history is its column of the `.wandb` history records in logging order.
import type { ConsoleOutput } from '../../wandb/consoleOutput';
import { WandbFolderReader, type WandbRun } from '../../wandb/folderReader';
import { compareExperiments, paginate, searchLoadedRuns } from '../search/evaluate';
import {
  type Experiment,
  matchesViewType,
  type Metric,
  type Page,
  type Run,
  SEARCH_MAX_RESULTS_DEFAULT,
  type SearchExperimentsRequest,
  type SearchRunsRequest,
  StoreError,
  type StoreWarning,
  type TrackingStore,
} from '../store';
import type { SystemMetricReads } from '../systemMetrics';
import { projectExperiments, wandbRunToRun } from './wandbRuns';

export class WandbStore implements TrackingStore {
  readonly kind = 'wandb' as const;
  private readonly reader: WandbFolderReader;
  private loaded: { runs: WandbRun[]; mapped: Run[] } | undefined;
  private lastWarnings: StoreWarning[] = [];

  constructor(
    readonly location: string,
    options: { now?: () => number } = {},
  ) {
    this.reader = new WandbFolderReader(location, options.now);
  }

  get warnings(): readonly StoreWarning[] {
    return this.lastWarnings;
  }

  async searchExperiments(request: SearchExperimentsRequest = {}): Promise<Page<Experiment>> {
    const experiments = projectExperiments(this.load().runs, this.location)
      .filter((e) => matchesViewType(e.lifecycleStage, request.viewType))
      .sort(compareExperiments);
    return paginate(experiments, request.pageToken, request.maxResults ?? SEARCH_MAX_RESULTS_DEFAULT);
  }

  async getExperiment(experimentId: string): Promise<Experiment | undefined> {
    return projectExperiments(this.load().runs, this.location).find((e) => e.experimentId === experimentId);
  }

  async searchRuns(request: SearchRunsRequest): Promise<Page<Run>> {
    return searchLoadedRuns(this.load().mapped, request);
  }

  async getRun(runId: string): Promise<Run> {
    const { mapped } = this.load();
    const run = mapped.find((r) => r.info.runId === runId);
    if (!run) throw new StoreError(`No run '${runId}' in the W&B folder ${this.location}. \`mlops runs --tracking-uri ${this.location}\` lists its runs.`, this.location, 'NOT_FOUND');
    return run;
  }

  async getMetricHistory(runId: string, key: string): Promise<Metric[]> {
    const column = this.reader.history((await this.runFolder(runId)).folder).get(key);
    if (!column) return [];
    const { steps, timestamps, values } = column;
    const history: Metric[] = new Array(values.length);
    for (let i = 0; i < values.length; i++) history[i] = { key, value: values[i]!, timestamp: timestamps[i]!, step: steps[i]! };
    return history;
  }

  /** The stats records (GPU, CPU, memory, …) as one history per name, named as wandb writes them (`gpu.0.gpu`). */
  readonly systemMetrics: SystemMetricReads = {
    keys: async (runId) => [...this.reader.systemMetrics((await this.runFolder(runId)).folder).keys()].sort(),
    history: async (runId, name) => {
      const column = this.reader.systemMetrics((await this.runFolder(runId)).folder).get(name);
      if (!column) return [];
      const { timestamps, values } = column;
      return Array.from(values, (value, i) => ({ key: name, value, timestamp: timestamps[i]!, step: i }));
    },
  };

  /** files/output.log, else the output records of the run's `.wandb`. */
  async getConsoleOutput(runId: string): Promise<ConsoleOutput> {
    return this.reader.output((await this.runFolder(runId)).folder);
  }

  /** Every change is re-read from the files (each checked by size and time, a growing `.wandb` from where it stopped). */
  invalidate(): void {
    this.loaded = undefined;
  }

  async close(): Promise<void> {
    this.loaded = undefined;
  }

  /** The W&B run behind a run id; throws getRun's StoreError for an unknown one. */
  private async runFolder(runId: string): Promise<WandbRun> {
    await this.getRun(runId);
    return this.load().runs.find((r) => r.id === runId)!;
  }

  private load(): { runs: WandbRun[]; mapped: Run[] } {
    if (this.loaded) return this.loaded;
    const runs = this.reader.runs();
    // A loop, not flatMap: nearly every run has no problem, and an empty array each is a thousand for nothing.
    const warnings: StoreWarning[] = [];
    for (const run of runs) for (const message of run.problems) warnings.push({ path: run.folder.path, message });
    this.lastWarnings = warnings;
    this.loaded = { runs, mapped: runs.map(wandbRunToRun) };
    return this.loaded;
  }
}
