// The public face of core/tracking for the extension, the CLI and the language server: read experiments, runs and
// metric histories through one interface (core/workspace/open.ts opens a location into it), validate search input,
// and shape histories for plotting.
export { downsampleMinMax, metricSeries, type PlotSeries, type XAxis } from './downsample';
export { FileStore } from './file/fileStore';
export { collectRuns, findExperiments, listExperiments } from './query';
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
export { canonicalTrackingUri, parseTrackingUri, type TrackingLocation, TrackingUriError } from './uri';
