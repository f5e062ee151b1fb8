// Metric rows as MLflow's SQL store writes them: NaN is value 0 with is_nan = 1, and ±inf is clamped to
// ±1.7976931348623157e308 (sqlalchemy_store.py, _get_metric_value_details).
import type { SqlRow } from '../../sqlite/driver';
import type { Metric } from '../store';

const SQL_FLOAT_MAX = 1.7976931348623157e308;

export function toMetric(row: SqlRow): Metric {
  return {
    key: String(row.key),
    value: metricValue(Number(row.value), Number(row.is_nan) === 1),
    timestamp: Number(row.timestamp ?? 0),
    step: Number(row.step ?? 0),
  };
}

export function metricValue(value: number, isNan: boolean): number {
  if (isNan) return Number.NaN;
  if (value >= SQL_FLOAT_MAX) return Number.POSITIVE_INFINITY;
  if (value <= -SQL_FLOAT_MAX) return Number.NEGATIVE_INFINITY;
  return value;
}
