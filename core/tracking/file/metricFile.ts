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
  forEachMetricLine(text, path, warnings, (timestamp, value, step) => history.push({ key, value, timestamp, step }));
  return { history, warnings };
}

/** The latest value without keeping the history: what a run listing needs from each metric file. */
export function latestInMetricFile(key: string, text: string, path: string, warnings: StoreWarning[]): Metric | undefined {
  let best: Metric | undefined;
  forEachMetricLine(text, path, warnings, (timestamp, value, step) => {
    if (!best || isLater(step, timestamp, value, best)) best = { key, value, timestamp, step };
  });
  return best;
}

type MetricVisitor = (timestamp: number, value: number, step: number) => void;

function forEachMetricLine(text: string, path: string, warnings: StoreWarning[], visit: MetricVisitor): void {
  let lineStart = 0;
  let lineNumber = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    lineNumber++;
    const raw = text.slice(lineStart, lineEnd);
    lineStart = lineEnd + 1;
    const line = /\t| {2}|^ | $|\r/.test(raw) ? raw.trim().replace(/\s+/g, ' ') : raw;
    if (line === '') continue;
    if (!visitLine(line, visit)) {
      warnings.push({ path, line: lineNumber, message: `metric line '${line}' is not 'timestamp value [step]'; skipped` });
    }
  }
}

/** `timestamp value [step [ignored…]]`; false when the line does not have that shape. */
function visitLine(line: string, visit: MetricVisitor): boolean {
  const first = line.indexOf(' ');
  if (first < 0) return false;
  const second = line.indexOf(' ', first + 1);
  const timestamp = toNumber(line.slice(0, first));
  const value = parseMetricValue(second < 0 ? line.slice(first + 1) : line.slice(first + 1, second));
  const third = second < 0 ? -1 : line.indexOf(' ', second + 1);
  const step = second < 0 ? 0 : toNumber(third < 0 ? line.slice(second + 1) : line.slice(second + 1, third));
  if (timestamp === undefined || value === undefined || step === undefined) return false;
  visit(timestamp, value, step);
  return true;
}

/** Character codes of x, o, b in either case. */
const RADIX_PREFIX = new Set([0x78, 0x58, 0x6f, 0x4f, 0x62, 0x42]);

/** A finite decimal number, or undefined (Number('') is 0 and Number('0x1') is 1; Python refuses both). */
function toNumber(text: string): number | undefined {
  const n = Number(text);
  if (text === '' || !Number.isFinite(n)) return undefined;
  // Number() also reads 0x.., 0o.., 0b.. (Python's float() does not); exponents like 1e-05 are fine.
  if (text.charCodeAt(0) === 48 && RADIX_PREFIX.has(text.charCodeAt(1))) return undefined;
  return n;
}

/** Python's float(): decimal numbers, and nan, inf, infinity in any case and with a sign. */
export function parseMetricValue(text: string): number | undefined {
  const n = toNumber(text);
  if (n !== undefined) return n;
  switch (text.toLowerCase()) {
    case 'nan':
    case '+nan':
    case '-nan':
      return Number.NaN;
    case 'inf':
    case '+inf':
    case 'infinity':
    case '+infinity':
      return Number.POSITIVE_INFINITY;
    case '-inf':
    case '-infinity':
      return Number.NEGATIVE_INFINITY;
    default:
      return undefined;
  }
}

/** The latest value is the max by (step, timestamp, value), as MLflow computes it; NaN ranks below any number. */
export function latestMetric(history: readonly Metric[]): Metric | undefined {
  let best: Metric | undefined;
  for (const metric of history) {
    if (!best || isLater(metric.step, metric.timestamp, metric.value, best)) best = metric;
  }
  return best;
}

function isLater(step: number, timestamp: number, value: number, than: Metric): boolean {
  if (step !== than.step) return step > than.step;
  if (timestamp !== than.timestamp) return timestamp > than.timestamp;
  if (Number.isNaN(than.value)) return !Number.isNaN(value);
  return value > than.value;
}
