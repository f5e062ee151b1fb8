// W&B sweeps in the Runs view: the runs of one project that carry a sweep id (tag `wandb.sweepId`,
// core/tracking/wandb/wandbRuns.ts) form one sweep; its configuration, when the workspace holds the YAML it was
// created from, names the metric and goal that pick the best run — as W&B's sweep page ranks runs — and that the runs
// table and parallel coordinates open with.
import { EMPTY_QUERY, type TableQuery } from '../runsTable/tableQuery';
import type { Run } from '../tracking/store';
import type { SweepConfig, SweepMetric } from '../wandb/sweepConfig';

export const SWEEP_ID_TAG = 'wandb.sweepId';

export interface SweepGroup {
  sweepId: string;
  /** In the order they were given (the view's sort). */
  runs: Run[];
  config?: SweepConfig;
  best?: { runId: string; value: number };
}

export function sweepIdOf(run: Run): string | undefined {
  return run.data.tags.find((t) => t.key === SWEEP_ID_TAG)?.value || undefined;
}

/** Runs of sweeps grouped by sweep id (in the order each sweep first appears), and the runs of no sweep. */
export function groupSweeps(runs: readonly Run[], configs: readonly SweepConfig[]): { sweeps: SweepGroup[]; others: Run[] } {
  const bySweep = new Map<string, Run[]>();
  const others: Run[] = [];
  for (const run of runs) {
    const id = sweepIdOf(run);
    if (!id) others.push(run);
    else bySweep.set(id, [...(bySweep.get(id) ?? []), run]);
  }
  const sweeps = [...bySweep].map(([sweepId, members]): SweepGroup => {
    const group: SweepGroup = { sweepId, runs: members };
    const config = matchSweepConfig(sweepId, members, configs);
    if (config) group.config = config;
    const best = config?.metric && bestRun(members, config.metric);
    if (best) group.best = best;
    return group;
  });
  return { sweeps, others };
}

/**
 * The configuration a sweep was created from: one whose project (when it names one) is the runs' project and whose
 * every parameter is a param of each run (W&B sets each parameter in the run's config). A file named for the sweep id
 * wins; among the rest, the one with the most parameters — the most specific claim.
 */
export function matchSweepConfig(sweepId: string, runs: readonly Run[], configs: readonly SweepConfig[]): SweepConfig | undefined {
  const fits = configs.filter(
    (config) =>
      config.parameters.length > 0 &&
      runs.every((run) => (!config.project || config.project === run.info.experimentId) && config.parameters.every((p) => run.data.params.some((q) => q.key === p))),
  );
  const named = fits.find((config) => config.file.includes(sweepId));
  if (named) return named;
  return [...fits].sort((a, b) => b.parameters.length - a.parameters.length)[0];
}

/** The run with the best latest value of the metric for its goal; runs that have not logged it are not ranked. */
export function bestRun(runs: readonly Run[], metric: SweepMetric): { runId: string; value: number } | undefined {
  let best: { runId: string; value: number } | undefined;
  for (const run of runs) {
    const value = run.data.metrics.find((m) => m.key === metric.name)?.value;
    if (value === undefined || Number.isNaN(value)) continue;
    if (!best || (metric.goal === 'minimize' ? value < best.value : value > best.value)) best = { runId: run.info.runId, value };
  }
  return best;
}

/** The runs table's query for a sweep: its runs only, sorted by its metric, best first (minimize → ascending). */
export function sweepTableQuery(sweep: Pick<SweepGroup, 'sweepId' | 'config'>): TableQuery {
  const query: TableQuery = { ...EMPTY_QUERY, filter: `tags.\`${SWEEP_ID_TAG}\` = '${sweep.sweepId}'` };
  const metric = sweep.config?.metric;
  if (metric) query.sort = { column: `metrics.${metric.name}`, descending: metric.goal === 'maximize' };
  return query;
}
