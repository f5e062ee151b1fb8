import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { metricHistoryCsv } from '../../../core/runsView/metricCsv';

test('metric CSV: full histories, RFC 4180 quoting that a CSV parser reads back, MLflow spellings of NaN and inf', () => {
  const csv = metricHistoryCsv([
    {
      runId: 'r1',
      runName: 'lr, "tuned"',
      metric: 'eval/acc',
      history: [
        { key: 'eval/acc', value: 0.5, timestamp: 1000, step: 0 },
        { key: 'eval/acc', value: Number.NaN, timestamp: 2000, step: 1 },
        { key: 'eval/acc', value: Number.POSITIVE_INFINITY, timestamp: 3000, step: 2 },
      ],
    },
    { runId: 'r2', runName: 'two\nlines', metric: 'loss', history: [{ key: 'loss', value: -1.5, timestamp: 10, step: 7 }] },
  ]);
  const rows = parse(csv) as string[][];
  assert.deepEqual(rows, [
    ['run_id', 'run_name', 'metric', 'step', 'timestamp', 'value'],
    ['r1', 'lr, "tuned"', 'eval/acc', '0', '1000', '0.5'],
    ['r1', 'lr, "tuned"', 'eval/acc', '1', '2000', 'NaN'],
    ['r1', 'lr, "tuned"', 'eval/acc', '2', '3000', 'Infinity'],
    ['r2', 'two\nlines', 'loss', '7', '10', '-1.5'],
  ]);
});
