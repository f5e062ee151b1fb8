import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ColumnDriftResult } from '../../../core/drift/columnDrift';
import { contentSecurityPolicy, jsonForScript } from '../../../core/drift/htmlReport';
import { escapeHtml } from '../../../core/format/html';
import { matches } from '../../../webviews/drift/reportView';

const column = (name: string, type: 'num' | 'cat', drifted: boolean) =>
  ({ column_name: name, column_type: type, drift_detected: drifted }) as ColumnDriftResult;

test('the report filter and search select the rows the user asked for', () => {
  const income = column('Income', 'num', true);
  const city = column('city', 'cat', false);
  assert.equal(matches(income, { search: 'inc', filter: 'all' }), true, 'search ignores case');
  assert.equal(matches(city, { search: 'inc', filter: 'all' }), false);
  assert.equal(matches(income, { search: '', filter: 'drifted' }), true);
  assert.equal(matches(city, { search: '', filter: 'drifted' }), false);
  assert.equal(matches(city, { search: '', filter: 'stable' }), true);
  assert.equal(matches(city, { search: '', filter: 'cat' }), true);
  assert.equal(matches(city, { search: '', filter: 'num' }), false);
});

test('HTML export escaping: markup in data cannot break out of the page or its JSON block', () => {
  assert.equal(escapeHtml(`<a href="x">&'`), '&#60;a href=&#34;x&#34;&#62;&#38;&#39;');
  const json = jsonForScript({ name: '</script><!-- \u2028' });
  assert.ok(!json.includes('<') && !json.includes('>'));
  assert.deepEqual(JSON.parse(json), { name: '</script><!-- \u2028' });
  const csp = contentSecurityPolicy('abc');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-abc'/);
  assert.doesNotMatch(csp, /unsafe/);
});
