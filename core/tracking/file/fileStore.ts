// MLflow's file store (mlruns/): experiments are folders with meta.yaml, deleted ones move to .trash/, runs are
// folders inside them. Everything is found relative to the mlruns folder, never through artifact_location, which
// names the author's machine. Reads are cached per file (mtime, size); invalidate() with the paths a watcher saw
// re-reads only the runs they touch.
import { readdirSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { compareExperiments, paginate, searchLoadedRuns } from '../search/evaluate';
import type {
  Experiment,
  Metric,
  Page,
  Run,
  SearchExperimentsRequest,
  SearchRunsRequest,
  StoreWarning,
  TrackingStore,
} from '../store';
import { matchesViewType, SEARCH_MAX_RESULTS_DEFAULT, StoreError } from '../store';
import { experimentFromMeta, MetaError, parseMeta } from './meta';
import { parseMetricFile } from './metricFile';
import { type LoadedRun, loadRunFolder, runFolderChanged } from './runFolder';
import { beingCreated, changedSince, child, isMissingFile, listKeys, readStamped, type Stamp } from './storedFiles';

/** Folders beside runs that hold other things: registry models (MLflow 3 logged models), datasets, traces. */
const NOT_RUN_FOLDERS = new Set(['tags', 'datasets', 'traces', 'models', 'outputs', '.trash']);

interface LoadedExperiment {
  dir: string;
  experiment: Experiment;
  stamps: Map<string, Stamp>;
}

export class FileStore implements TrackingStore {
  readonly kind = 'file' as const;
  private experiments?: Map<string, LoadedExperiment>;
  private experimentWarnings: StoreWarning[] = [];
  /** Loaded runs per experiment folder; kept when the experiment list is re-read. */
  private readonly runs = new Map<string, Map<string, LoadedRun>>();
  private readonly dirtyRuns = new Set<string>();
  private readonly dirtyListings = new Set<string>();
  /** Experiment folders whose runs must be re-checked file by file (after invalidate() without paths). */
  private readonly revalidate = new Set<string>();
  private experimentsDirty = false;
  private topFolderCount: number | undefined;

  constructor(readonly location: string) {}

  get warnings(): readonly StoreWarning[] {
    const runWarnings = [...this.runs.values()].flatMap((runs) => [...runs.values()].flatMap((r) => r.warnings));
    return [...this.experimentWarnings, ...runWarnings];
  }

  async searchExperiments(request: SearchExperimentsRequest = {}): Promise<Page<Experiment>> {
    const experiments = [...this.loadExperiments().values()]
      .map((e) => e.experiment)
      .filter((e) => matchesViewType(e.lifecycleStage, request.viewType))
      .sort(compareExperiments);
    return toPage(paginate(experiments, request.pageToken, request.maxResults ?? SEARCH_MAX_RESULTS_DEFAULT));
  }

  async getExperiment(experimentId: string): Promise<Experiment | undefined> {
    return this.findExperiment(experimentId)?.experiment;
  }

  async searchRuns(request: SearchRunsRequest): Promise<Page<Run>> {
    const runs = request.experimentIds.flatMap((id) => {
      const loaded = this.findExperiment(id);
      return loaded ? this.loadRuns(loaded) : [];
    });
    return toPage(searchLoadedRuns(runs, request));
  }

  async getRun(runId: string): Promise<Run> {
    return this.findRun(runId).run!;
  }

  async getMetricHistory(runId: string, key: string): Promise<Metric[]> {
    const { dir } = this.findRun(runId);
    // MLflow's _validate_metric_name refuses these too; here they would also lead out of the run folder.
    if (key.split('/').some((part) => part === '' || part === '.' || part === '..')) {
      throw new StoreError(`Invalid metric key '${key}': empty, '.' and '..' path parts are not allowed.`, dir, 'INVALID_PARAMETER');
    }
    const path = join(dir, 'metrics', ...key.split('/'));
    try {
      return parseMetricFile(key, readStamped(path).text, path).history;
    } catch (error) {
      if (isMissingFile(error)) return [];
      throw new StoreError(`${path}: ${(error as Error).message}`, path);
    }
  }

  invalidate(paths?: string[]): void {
    if (!paths) {
      this.experimentsDirty = true;
      for (const dir of this.runs.keys()) this.revalidate.add(dir);
      return;
    }
    for (const path of paths) {
      const parts = relative(this.location, path).split(sep);
      if (parts[0] === '..' || parts[0] === '') continue;
      const inTrash = parts[0] === '.trash' ? 1 : 0;
      const experimentDir = join(this.location, ...parts.slice(0, 1 + inTrash));
      if (parts.length <= 2 + inTrash) this.dirtyListings.add(experimentDir);
      if (parts.length >= 2 + inTrash) this.dirtyRuns.add(join(experimentDir, parts[1 + inTrash]!));
      if (parts.length <= 1 + inTrash || parts[1 + inTrash] === 'meta.yaml' || parts[1 + inTrash] === 'tags') {
        this.experiments = undefined;
      }
    }
  }

  async close(): Promise<void> {
    this.experiments = undefined;
    this.runs.clear();
  }

  private findExperiment(experimentId: string): LoadedExperiment | undefined {
    for (const loaded of this.loadExperiments().values()) {
      if (loaded.experiment.experimentId === experimentId) return loaded;
    }
    return undefined;
  }

  private findRun(runId: string): LoadedRun {
    for (const loaded of this.loadExperiments().values()) {
      this.loadRuns(loaded);
      for (const run of this.runs.get(loaded.dir)?.values() ?? []) {
        if (run.run?.info.runId === runId) return run;
      }
    }
    throw new StoreError(`Run '${runId}' not found in ${this.location}.`, this.location, 'NOT_FOUND');
  }

  private loadExperiments(): Map<string, LoadedExperiment> {
    if (this.experimentsDirty && this.experiments) {
      const changed = [...this.experiments.values()].some((e) =>
        [...e.stamps].some(([path, stamp]) => changedSince(path, stamp)),
      );
      if (changed || listFolders(this.location)?.length !== this.topFolderCount) this.experiments = undefined;
    }
    this.experimentsDirty = false;
    if (this.experiments) return this.experiments;
    this.experimentWarnings = [];
    const found = new Map<string, LoadedExperiment>();
    const top = listFolders(this.location);
    this.topFolderCount = top?.length;
    if (top === undefined) {
      throw new StoreError(
        `${this.location} is not a readable folder. Set the tracking URI to an existing mlruns folder.`,
        this.location,
      );
    }
    const candidates = [
      ...top.filter((name) => !NOT_RUN_FOLDERS.has(name)).map((name) => join(this.location, name)),
      ...(listFolders(join(this.location, '.trash')) ?? []).map((name) => join(this.location, '.trash', name)),
    ];
    for (const dir of candidates) {
      const loaded = this.loadExperiment(dir);
      if (loaded) found.set(dir, loaded);
    }
    this.experiments = found;
    return found;
  }

  private loadExperiment(dir: string): LoadedExperiment | undefined {
    const metaPath = join(dir, 'meta.yaml');
    const stamps = new Map<string, Stamp>();
    try {
      const read = readStamped(metaPath);
      stamps.set(metaPath, read.stamp);
      const experiment = { ...experimentFromMeta(parseMeta(read.text)), tags: readExperimentTags(dir, stamps) };
      if (experiment.experimentId !== basename(dir)) {
        this.experimentWarnings.push({
          path: metaPath,
          message: `experiment_id '${experiment.experimentId}' does not match its folder name '${basename(dir)}'; skipped, as MLflow skips it. Rename the folder or fix experiment_id.`,
        });
        return undefined;
      }
      return { dir, experiment, stamps };
    } catch (error) {
      if (isMissingFile(error)) {
        if (!beingCreated(dir)) {
          this.experimentWarnings.push({
            path: metaPath,
            message: 'experiment folder has no meta.yaml; skipped, as MLflow skips a malformed experiment. Restore meta.yaml or remove the folder.',
          });
        }
        return undefined;
      }
      const warning: StoreWarning = { path: metaPath, message: `experiment skipped: ${(error as Error).message}` };
      if (error instanceof MetaError && error.line !== undefined) warning.line = error.line;
      this.experimentWarnings.push(warning);
      return undefined;
    }
  }

  private loadRuns(loaded: LoadedExperiment): Run[] {
    const id = loaded.experiment.experimentId;
    let runs = this.runs.get(loaded.dir);
    if (!runs || this.dirtyListings.has(loaded.dir) || this.revalidate.has(loaded.dir)) {
      const previous = runs;
      runs = new Map<string, LoadedRun>();
      for (const name of listFolders(loaded.dir) ?? []) {
        if (NOT_RUN_FOLDERS.has(name)) continue;
        const dir = child(loaded.dir, name);
        const cached = previous?.get(dir);
        const fresh = cached && !this.dirtyRuns.has(dir) && !(this.revalidate.has(loaded.dir) && runFolderChanged(cached));
        const run = fresh ? cached : loadRunFolder(dir, id);
        if (run) runs.set(dir, run);
        this.dirtyRuns.delete(dir);
      }
      this.runs.set(loaded.dir, runs);
      this.dirtyListings.delete(loaded.dir);
      this.revalidate.delete(loaded.dir);
    }
    for (const dir of [...this.dirtyRuns]) {
      if (dirname(dir) !== loaded.dir) continue;
      this.dirtyRuns.delete(dir);
      if (NOT_RUN_FOLDERS.has(basename(dir))) continue;
      const reloaded = loadRunFolder(dir, id);
      if (reloaded) runs.set(dir, reloaded);
      else runs.delete(dir);
    }
    return [...runs.values()].flatMap((r) => (r.run ? [r.run] : []));
  }
}

function readExperimentTags(dir: string, stamps: Map<string, Stamp>): Experiment['tags'] {
  return listKeys(join(dir, 'tags')).map((key) => {
    const path = join(dir, 'tags', key);
    const read = readStamped(path);
    stamps.set(path, read.stamp);
    return { key, value: read.text };
  });
}

function listFolders(dir: string): string[] | undefined {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch {
    return undefined;
  }
}

function toPage<T>(result: { items: T[]; nextPageToken?: string }): Page<T> {
  return result;
}
