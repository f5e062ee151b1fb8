// The logged models of a store grouped under their experiments, as the Models view lists them: experiments in the
// store's order, only those that logged a model, each group newest first (the store's order). A store with
// thousands of models shows the newest MAX_MODELS and says how many more there are.
import { listExperiments } from '../tracking/query';
import type { Experiment, TrackingStore } from '../tracking/store';
import type { LoggedModel, LoggedModelStore } from './loggedModel';

export const MAX_MODELS = 1000;

export interface LoggedModelGroup {
  experiment: Experiment;
  models: LoggedModel[];
}

export interface LoggedModelGroups {
  groups: LoggedModelGroup[];
  /** True when the store holds more than MAX_MODELS models and the oldest were not read. */
  truncated: boolean;
}

export async function loggedModelGroups(tracking: TrackingStore, models: LoggedModelStore): Promise<LoggedModelGroups> {
  const experiments = await listExperiments(tracking);
  if (experiments.length === 0) return { groups: [], truncated: false };
  const read: LoggedModel[] = [];
  let pageToken: string | undefined;
  do {
    const page = await models.searchLoggedModels({ experimentIds: experiments.map((e) => e.experimentId), ...(pageToken ? { pageToken } : {}) });
    read.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken && read.length < MAX_MODELS);
  const byExperiment = new Map<string, LoggedModel[]>();
  for (const model of read.slice(0, MAX_MODELS)) {
    const list = byExperiment.get(model.experimentId) ?? [];
    list.push(model);
    byExperiment.set(model.experimentId, list);
  }
  const groups = experiments.filter((e) => byExperiment.has(e.experimentId)).map((experiment) => ({ experiment, models: byExperiment.get(experiment.experimentId)! }));
  return { groups, truncated: pageToken !== undefined || read.length > MAX_MODELS };
}
