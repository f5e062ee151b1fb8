// Whole-result reads over any TrackingStore, for callers that want "all runs of these experiments" rather than
// pages: the CLI, and the views when they export. Experiments are named by id or name, as MLflow's CLI accepts.
import type { Experiment, Run, SearchRunsRequest, TrackingStore, ViewType } from './store';
import { SEARCH_MAX_RESULTS_THRESHOLD, StoreError } from './store';

export async function listExperiments(store: TrackingStore, viewType: ViewType = 'active'): Promise<Experiment[]> {
  const experiments: Experiment[] = [];
  let pageToken: string | undefined;
  do {
    const page = await store.searchExperiments({ viewType, pageToken });
    experiments.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return experiments;
}

/** Experiments by id first, then by name; throws naming what was not found. */
export async function findExperiments(store: TrackingStore, idsOrNames: string[]): Promise<Experiment[]> {
  const all = await listExperiments(store, 'all');
  return idsOrNames.map((wanted) => {
    const found = all.find((e) => e.experimentId === wanted) ?? all.find((e) => e.name === wanted);
    if (!found) {
      throw new StoreError(
        `No experiment with id or name '${wanted}' in ${store.location}. \`mlops experiments --view all\` lists them.`,
        store.location,
        'NOT_FOUND',
      );
    }
    return found;
  });
}

/** Follows page tokens until `limit` runs (or all of them) are read. */
export async function collectRuns(
  store: TrackingStore,
  request: Omit<SearchRunsRequest, 'pageToken' | 'maxResults'>,
  limit?: number,
): Promise<Run[]> {
  const runs: Run[] = [];
  let pageToken: string | undefined;
  do {
    const want = limit === undefined ? SEARCH_MAX_RESULTS_THRESHOLD : Math.min(limit - runs.length, SEARCH_MAX_RESULTS_THRESHOLD);
    if (want <= 0) break;
    const page = await store.searchRuns({ ...request, maxResults: want, pageToken });
    runs.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return runs;
}
