// Public surface of core/drift for the extension host, the CLI and notebooks.
export { type ColumnChart, type ColumnDriftInput, type ColumnDriftResult, computeColumnDrift } from './columnDrift';
export type { RawColumn } from './columns';
export {
  type ColumnError,
  type ColumnOverride,
  type ColumnTable,
  computeDriftReport,
  DEFAULT_DRIFT_SHARE,
  type DriftOptions,
  type DriftReport,
} from './datasetDrift';
export { type DriftConfig, loadDriftConfig, parseDriftConfig } from './driftConfig';
export { type DriftProgress, type RunDriftOptions, runDrift } from './driftRunner';
export { DEFAULT_SHARE_LIMIT, type DriftTest, type DriftTestResult, runDriftTest, runDriftTests } from './driftTests';
export { renderHtmlReport } from './htmlReport';
export { loadReportScript } from './reportAssets';
export { type DriftReportJson, toReportJson } from './reportJson';
export { type ColumnType, defaultStatTest, isStatTestName, STAT_TESTS, type StatTestName } from './statTestRegistry';
export { DriftInputError, isTableFile, readTable } from './tableReaders';
export { ALMOST_CONSTANT_SHARE, type ColumnQuality } from './columnQuality';
export {
  type Condition,
  QUALITY_TEST_NAMES,
  type QualityTest,
  type QualityTestName,
  type QualityTestResult,
  runQualityTests,
} from './qualityTests';
export { type DataQualityReport, findDuplicates } from './tableQuality';
