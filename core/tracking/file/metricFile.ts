// MLflow file-store metric files (mlflow/store/tracking/file_store.py, _get_metric_from_line): one value per line,
// `timestamp value step`. Stores from before steps existed write `timestamp value`; logged-model metric files
// (MLflow 3) append run and dataset ids, so only the first three fields count. Python writes nan, inf and -inf.
import type { Metric, StoreWarning } from '../store';

export interface ParsedMetricFile {
  history: Metric[];
  warnings: StoreWarning[];
}

export function parseMetricFile(key: string, text: string, path: string): ParsedMetricFile {
  const history: Metric[] = [];
  const warnings: StoreWarning[] = [];
  let lineStart = 0;
  let lineNumber = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    lineNumber++;
    const line = text.slice(lineStart, lineEnd).trim();
    lineStart = lineEnd + 1;
    if (line === '') continue;
    const metric = parseMetricLine(key, line);
    if (metric) history.push(metric);
    else warnings.push({ path, line: lineNumber, message: `metric line '${line}' is not 'timestamp value [step]'; skipped` });
  }
  return { history, warnings };
}

function parseMetricLine(key: string, line: string): Metric | undefined {
  const fields = line.split(/\s+/);
  if (fields.length < 2) return undefined;
  const timestamp = Number(fields[0]);
  const value = parseMetricValue(fields[1]!);
  const step = fields.length >= 3 ? Number(fields[2]) : 0;
  if (!Number.isFinite(timestamp) || value === undefined || !Number.isFinite(step)) return undefined;
  return { key, value, timestamp, step };
}

/** Python's float(): accepts nan, inf, infinity in any case and with a sign. */
export function parseMetricValue(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (lower === 'nan' || lower === '+nan' || lower === '-nan') return Number.NaN;
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') return Number.POSITIVE_INFINITY;
  if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
  if (text === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/** The latest value is the max by (step, timestamp, value), as MLflow computes it; NaN ranks below any number. */
export function latestMetric(history: readonly Metric[]): Metric | undefined {
  let best: Metric | undefined;
  for (const metric of history) {
    if (!best || isLater(metric, best)) best = metric;
  }
  return best;
}

function isLater(a: Metric, b: Metric): boolean {
  if (a.step !== b.step) return a.step > b.step;
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  if (Number.isNaN(b.value)) return !Number.isNaN(a.value);
  return a.value > b.value;
}
