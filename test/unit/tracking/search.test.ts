import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filterRuns, likeToRegExp, paginate, sortRuns } from '../../../core/tracking/search/evaluate';
import { parseOrderBy, parseSearchFilter, SearchSyntaxError, searchFilterError } from '../../../core/tracking/search/filter';
import { decodePageToken, encodePageToken } from '../../../core/tracking/search/pageToken';
import type { DatasetInput, Metric, Run, RunStatus } from '../../../core/tracking/store';
import {
  BAD_COMPARATOR_CASES,
  FILTER_ERROR_CASES,
  FILTERING_CASES,
  ORDER_BY_ERROR_CASES,
  PAGINATION_CASES,
  PARSE_CASES,
  SORTING_CASES,
} from './searchVectors';

function run(
  runId: string,
  status: RunStatus,
  startTime: number,
  data: { metrics?: Array<[string, number]>; params?: Array<[string, string]>; tags?: Array<[string, string]> },
  datasets?: DatasetInput[],
): Run {
  const metrics: Metric[] = (data.metrics ?? []).map(([key, value]) => ({ key, value, timestamp: 1, step: 0 }));
  const result: Run = {
    info: {
      runId,
      runName: '',
      experimentId: '0',
      userId: 'user-id',
      status,
      startTime,
      endTime: 1,
      artifactUri: '',
      lifecycleStage: 'active',
    },
    data: {
      metrics,
      params: (data.params ?? []).map(([key, value]) => ({ key, value })),
      tags: (data.tags ?? []).map(([key, value]) => ({ key, value })),
    },
  };
  if (datasets) result.inputs = { datasetInputs: datasets };
  return result;
}

for (const [filter, expected] of PARSE_CASES) {
  test(`MLflow parses ${JSON.stringify(filter)}`, () => {
    assert.deepEqual(parseSearchFilter(filter), expected);
  });
}

for (const [filter, message] of FILTER_ERROR_CASES) {
  test(`MLflow rejects ${JSON.stringify(filter)} with "${message}"`, () => {
    assert.throws(
      () => filterRuns([], filter),
      (error: Error) => error instanceof SearchSyntaxError && error.message.includes(message),
    );
  });
}

test('bad comparators are reported when a clause is applied, as MLflow does', () => {
  const runs = [run('hi', 'FAILED', 0, {})];
  for (const [entity, comparators, key, value] of BAD_COMPARATOR_CASES) {
    for (const comparator of comparators) {
      const filter = `${entity}.${key} ${comparator} ${value}`;
      assert.throws(() => filterRuns(runs, filter), /Invalid comparator/, filter);
    }
  }
});

function filteringRuns(): Run[] {
  return [
    run('hi', 'FAILED', 0, { metrics: [['key1', 121]], params: [['my_param', 'A']] }, [
      { name: 'name1', digest: 'digest1', context: 'train' },
    ]),
    run('hi2', 'FINISHED', 0, { metrics: [['key1', 123]], params: [['my_param', 'A']], tags: [['tag1', 'C']] }, [
      { name: 'name1', digest: 'digest1' },
    ]),
    run('hi3', 'FAILED', 0, { metrics: [['key1', 125]], params: [['my_param', 'B']], tags: [['tag1', 'D']] }, [
      { name: 'name2', digest: 'digest2' },
    ]),
  ];
}

for (const [filter, expected] of FILTERING_CASES) {
  test(`filtering ${JSON.stringify(filter)} keeps runs ${expected}`, () => {
    const runs = filteringRuns();
    const kept = filterRuns(runs, filter).map((r) => runs.indexOf(r));
    assert.deepEqual(kept.sort(), expected);
  });
}

test('start_time, end_time and user_id filters (test_filter_runs_by_*)', () => {
  const runs = ['a', 'b', 'c'].map((id, i) => {
    const r = run(id, 'FINISHED', i, {});
    r.info.endTime = i;
    return r;
  });
  assert.deepEqual(filterRuns(runs, 'attribute.start_time >= 0'), runs);
  assert.deepEqual(filterRuns(runs, 'attribute.start_time > 1'), runs.slice(2));
  assert.deepEqual(filterRuns(runs, 'attribute.start_time = 2'), runs.slice(2));
  assert.deepEqual(filterRuns(runs, 'attribute.end_time > 1'), runs.slice(2));
  runs[1]!.info.userId = 'user-id2';
  assert.deepEqual(filterRuns(runs, "attribute.user_id = 'user-id2'"), [runs[1]]);
});

test('IS NULL / IS NOT NULL on tags and params (test_filter_runs_by_tag_and_param_is_null)', () => {
  const withTag = run('run1', 'FINISHED', 0, { tags: [['env', 'prod']] });
  const withParam = run('run2', 'FINISHED', 0, { params: [['lr', '0.01']] });
  const ids = (filter: string) => filterRuns([withTag, withParam], filter).map((r) => r.info.runId);
  assert.deepEqual(ids('tags.env IS NOT NULL'), ['run1']);
  assert.deepEqual(ids('tags.env IS NULL'), ['run2']);
  assert.deepEqual(ids('params.lr IS NOT NULL'), ['run2']);
  assert.deepEqual(ids('params.lr IS NULL'), ['run1']);
});

test('run_id IN / NOT IN, and a missing key never matches, not even with !=', () => {
  const runs = filteringRuns();
  const ids = (filter: string) => filterRuns(runs, filter).map((r) => r.info.runId);
  assert.deepEqual(ids("attributes.run_id IN ('hi', 'hi3')"), ['hi', 'hi3']);
  assert.deepEqual(ids("run_id NOT IN ('hi')"), ['hi2', 'hi3']);
  assert.deepEqual(ids("tags.tag1 != 'nothing'"), ['hi2', 'hi3']);
  assert.throws(() => ids("params.my_param IN ('A')"), /quoted string value for parameter/);
  assert.throws(() => ids("attributes.status IN ('A')"), /Only the 'run_id' attribute/);
});

test('LIKE is case-sensitive and anchored, ILIKE is not case-sensitive, regex characters are literal', () => {
  assert.equal(likeToRegExp('jamie-foo C+%', '').test('jamie-foo C+W bar'), true);
  assert.equal(likeToRegExp('a.c', '').test('abc'), false);
  const runs = filteringRuns();
  const ids = (filter: string) => filterRuns(runs, filter).map((r) => r.info.runId);
  assert.deepEqual(ids("params.my_param LIKE 'a'"), []);
  assert.deepEqual(ids("params.my_param ILIKE 'a'"), ['hi', 'hi2']);
  assert.deepEqual(ids("attributes.run_id LIKE 'hi_'"), ['hi2', 'hi3']);
  assert.deepEqual(ids("attributes.run_id LIKE 'h%'"), ['hi', 'hi2', 'hi3']);
});

function sortingRuns(): Run[] {
  return [
    run('9', 'FAILED', 0, { metrics: [['key1', 121]], params: [['my_param', 'A']] }),
    run('8', 'FINISHED', 1, { metrics: [['key1', 123]], params: [['my_param', 'A']], tags: [['tag1', 'C']] }),
    run('7', 'FAILED', 1, { metrics: [['key1', 125]], params: [['my_param', 'B']], tags: [['tag1', 'D']] }),
  ];
}

for (const [orderBy, expected] of SORTING_CASES) {
  test(`sorting by ${JSON.stringify(orderBy)} gives ${expected}`, () => {
    const runs = sortingRuns();
    assert.deepEqual(
      sortRuns(runs, orderBy).map((r) => runs.indexOf(r)),
      expected,
    );
  });
}

test('order by a metric puts NaN after numbers and missing values last, in both directions', () => {
  const values = ['nan', 'inf', '-inf', '-1000', '0', '1000', 'None'];
  const runs = values.map((x) =>
    run(x, 'FINISHED', 0, { metrics: x === 'None' ? [] : [['x', x === 'nan' ? Number.NaN : Number(x.replace('inf', 'Infinity'))]] }),
  );
  assert.deepEqual(
    sortRuns(runs, ['metrics.x asc']).map((r) => r.info.runId),
    ['-inf', '-1000', '0', '1000', 'inf', 'nan', 'None'],
  );
  assert.deepEqual(
    sortRuns(runs, ['metrics.x desc']).map((r) => r.info.runId),
    ['inf', '1000', '0', '-1000', '-inf', 'nan', 'None'],
  );
});

for (const [orderBy, message] of ORDER_BY_ERROR_CASES) {
  test(`order_by ${JSON.stringify(orderBy)} is rejected with "${message}"`, () => {
    assert.throws(
      () => parseOrderBy(orderBy),
      (error: Error) => error instanceof SearchSyntaxError && error.message.includes(message),
    );
  });
}

test('order_by keys with spaces in backticks (test_space_order_by_search_runs)', () => {
  for (const [clause, ascending] of [
    ['metrics.`Mean Square Error`', true],
    ['metrics.`Mean Square Error` ASC', true],
    ['metrics.`Mean Square Error` DESC', false],
  ] as const) {
    assert.deepEqual(parseOrderBy(clause), { type: 'metric', key: 'Mean Square Error', ascending });
  }
});

for (const [offset, maxResults, expected, nextOffset] of PAGINATION_CASES) {
  test(`pagination from ${offset ?? 'start'} by ${maxResults}`, () => {
    const items = [0, 1, 2];
    const page = paginate(items, offset === undefined ? undefined : encodePageToken(offset), maxResults);
    assert.deepEqual(page.items, expected);
    assert.equal(page.nextPageToken === undefined ? undefined : decodePageToken(page.nextPageToken), nextOffset);
  });
}

test('invalid page tokens (test_invalid_page_tokens)', () => {
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  for (const token of [b64('{}'), b64('{"offset": "a"}'), b64('{"offsoot": 7}'), b64('not json'), 'not base64']) {
    assert.throws(() => decodePageToken(token), /Invalid page token/, token);
  }
});

test('searchFilterError gives the message an input box shows, or undefined', () => {
  assert.equal(searchFilterError("metrics.acc > 0.9 and params.model = 'lr'"), undefined);
  assert.equal(searchFilterError('metrics.acc > 0.9 OR x'), "Invalid clause(s) in filter string: 'OR', 'x'");
  assert.match(searchFilterError("params.model > 'a'")!, /^Invalid comparator '>' not one of/);
});
