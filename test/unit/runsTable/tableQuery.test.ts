// How a table query is split between the store (MLflow's grammar) and core: what can be said in a search filter
// and order_by goes to the store as written here; metric aggregates and durations stay in core.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { columnsFor } from '../../../core/runsTable/columns';
import { EMPTY_QUERY, planQuery, QueryError, type TableQuery } from '../../../core/runsTable/tableQuery';
import { parseAndCheckFilter } from '../../../core/tracking/search/filter';

const columns = columnsFor({ params: ['model', 'learning rate'], metrics: ['val/loss', 'acc'], tags: ['team'] });
const plan = (changes: Partial<TableQuery>) => planQuery({ ...EMPTY_QUERY, ...changes }, columns);

test('the filter, quick filters and a sort MLflow can say all go to the store, and parse as MLflow parses them', () => {
  const result = plan({
    filter: 'metrics.acc > 0.5',
    columnFilters: { 'params.learning rate': '0.0', 'metrics.val/loss': '<= 0.3', 'attributes.status': 'fin', 'tags.team': "o'neil" },
    sort: { column: 'metrics.val/loss', descending: false },
  });
  assert.equal(
    result.storeFilter,
    "metrics.acc > 0.5 and params.`learning rate` ILIKE '%0.0%' and metrics.`val/loss` <= 0.3 and attributes.status ILIKE '%fin%' and tags.`team` ILIKE \"%o'neil%\"",
  );
  assert.deepEqual(result.storeOrder, ['metrics.`val/loss` ASC']);
  assert.deepEqual(result.corePredicates, []);
  assert.equal(result.coreSort, undefined);
  assert.deepEqual(
    parseAndCheckFilter(result.storeFilter).map((c) => [c.type, c.key, c.comparator, c.value]),
    [
      ['metric', 'acc', '>', '0.5'],
      ['parameter', 'learning rate', 'ILIKE', '%0.0%'],
      ['metric', 'val/loss', '<=', '0.3'],
      ['attribute', 'status', 'ILIKE', '%fin%'],
      ['tag', 'team', 'ILIKE', "%o'neil%"],
    ],
  );
});

test('a metric shown as min, max or at a step, and a duration, are filtered and sorted in core', () => {
  const result = plan({
    metricModes: { acc: { kind: 'max' } },
    columnFilters: { 'metrics.acc': '> 0.9', 'attributes.duration': '>= 60' },
    sort: { column: 'attributes.duration', descending: true },
  });
  assert.equal(result.storeFilter, '');
  assert.deepEqual(result.storeOrder, []);
  assert.deepEqual(
    result.corePredicates.map((p) => [p.column.id, p.comparator, p.operand]),
    [
      ['metrics.acc', '>', 0.9],
      ['attributes.duration', '>=', 60_000],
    ],
  );
  assert.equal(result.coreSort?.column.id, 'attributes.duration');
  assert.equal(plan({ metricModes: { acc: { kind: 'step', step: 3 } }, sort: { column: 'metrics.acc', descending: false } }).coreSort?.column.id, 'metrics.acc');
});

test('a date in a time column is local time in epoch milliseconds, as MLflow stores start_time', () => {
  const result = plan({ columnFilters: { 'attributes.start_time': '>= 2026-01-31 18:05' } });
  assert.equal(result.storeFilter, `attributes.start_time >= ${new Date(2026, 0, 31, 18, 5).getTime()}`);
  assert.equal(plan({ columnFilters: { 'attributes.start_time': '2026-01-31' } }).storeFilter, `attributes.start_time = ${new Date(2026, 0, 31).getTime()}`);
});

test('errors name what is wrong and, for a quick filter, its column', () => {
  assert.throws(() => plan({ filter: "params.model = 'x' or params.model = 'y'" }), (error: Error) => error instanceof QueryError && error.column === undefined);
  assert.throws(
    () => plan({ columnFilters: { 'metrics.acc': 'high' } }),
    (error: Error) => error instanceof QueryError && error.column === 'metrics.acc' && /not a comparison/.test(error.message),
  );
  assert.throws(() => plan({ columnFilters: { 'params.model': `it's "x"` } }), (error: Error) => error instanceof QueryError && error.column === 'params.model');
});
