// The public face of core/tracking for the extension, the CLI and the language server: open a store from a URI,
// read experiments, runs and metric histories through one interface, validate search input, and shape histories
// for plotting.
export { downsampleMinMax, metricSeries, type PlotSeries, type XAxis } from './downsample';
export { FileStore } from './file/fileStore';
export { type OpenStoreOptions, openTrackingStore, openTrackingUri } from './open';
export { collectRuns, findExperiments, listExperiments, openResolvedStore, type ResolvedStore } from './query';
export { type RestOptions, restOptionsFromEnv } from './rest/client';
export { RestStore } from './rest/restStore';
export { experimentToWire, metricToWire, runToWire } from './rest/wire';
export { filterRuns, searchLoadedRuns, sortRuns } from './search/evaluate';
export {
  type FilterClause,
  type OrderByClause,
  parseOrderBy,
  parseSearchFilter,
  SearchSyntaxError,
  searchFilterError,
} from './search/filter';
export { SqliteStore, type SqliteStoreOptions } from './sqlite/sqliteStore';
export * from './store';
export {
  canonicalTrackingUri,
  detectStores,
  parseTrackingUri,
  type ResolvedTrackingUri,
  resolveTrackingUri,
  type TrackingLocation,
  TrackingUriError,
} from './uri';
