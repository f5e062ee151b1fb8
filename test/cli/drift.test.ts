import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { CliIO } from '../../cli/command';
import { runCli } from '../../cli/main';

const fixtures = join(__dirname, '../fixtures/drift');
const folder = mkdtempSync(join(tmpdir(), 'mlops-drift-cli-'));
after(() => rmSync(folder, { recursive: true, force: true }));
for (const f of ['reference.csv', 'current.csv', 'current.tsv']) copyFileSync(join(fixtures, f), join(folder, f));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), cwd: folder, env: {} };
  const code = await runCli(['drift', ...argv], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('--json prints the issue shape and flags exactly the two shifted columns', async () => {
  const { code, out } = await run('reference.csv', 'current.csv', '--json', '--ignore', 'id');
  assert.equal(code, 0);
  const json = JSON.parse(out);
  assert.deepEqual(Object.keys(json), [
    'dataset_drift',
    'share_of_drifted_columns',
    'number_of_drifted_columns',
    'number_of_columns',
    'columns',
  ]);
  assert.equal(json.dataset_drift, false);
  assert.equal(json.number_of_columns, 6);
  assert.equal(json.number_of_drifted_columns, 2);
  assert.deepEqual(
    Object.entries(json.columns)
      .filter(([, c]) => (c as { drift_detected: boolean }).drift_detected)
      .map(([n]) => n)
      .sort(),
    ['city', 'income'],
  );
  assert.deepEqual(Object.keys(json.columns.income), [
    'column_type',
    'stattest',
    'threshold',
    'drift_score',
    'drift_detected',
    'n_reference',
    'n_current',
    'missing_share_reference',
    'missing_share_current',
  ]);
  assert.equal(json.columns.income.stattest, 'ks');
  assert.equal(json.columns.city.stattest, 'chisquare');
});

test('--fail-on-share and --fail-on-count exit 1 when crossed, 0 when not', async () => {
  assert.equal((await run('reference.csv', 'current.csv', '--ignore', 'id', '--fail-on-share', '0.4')).code, 0);
  const crossed = await run('reference.csv', 'current.csv', '--ignore', 'id', '--fail-on-share', '0.3');
  assert.equal(crossed.code, 1);
  assert.match(crossed.err, /limit crossed: share of drifted columns 0\.333; must be < 0\.3/);
  assert.equal((await run('reference.csv', 'current.csv', '--ignore', 'id', '--fail-on-count', '2')).code, 1);
  assert.equal((await run('reference.csv', 'current.csv', '--ignore', 'id', '--fail-on-count', '3')).code, 0);
});

test('--column/--stattest/--threshold override one column; drift.yaml supplies files and mapping', async () => {
  const { out } = await run(
    'reference.csv',
    'current.csv',
    '--json',
    '--column',
    'age',
    '--stattest',
    'psi',
    '--threshold',
    '0.5',
    '--column',
    'city',
    '--stattest',
    'jensenshannon',
  );
  const json = JSON.parse(out);
  assert.equal(json.columns.age.stattest, 'psi');
  assert.equal(json.columns.age.threshold, 0.5);
  assert.equal(json.columns.city.stattest, 'jensenshannon');
  assert.equal(json.columns.city.threshold, 0.1);
  writeFileSync(
    join(folder, 'drift.yaml'),
    'reference: reference.csv\ncurrent: current.csv\nignored: [id]\ncategorical: [age]\nfail_on_count: 2\n',
  );
  const viaConfig = await run('--config', 'drift.yaml', '--json');
  assert.equal(viaConfig.code, 1, 'fail_on_count from drift.yaml applies');
  assert.equal(JSON.parse(viaConfig.out).columns.age.column_type, 'cat');
});

test('bad input exits 2: a missing file, and a column in one file only (reported, the rest still tested)', async () => {
  const missing = await run('nope.csv', 'current.csv');
  assert.equal(missing.code, 2);
  assert.match(missing.err, /nope\.csv: file not found/);
  writeFileSync(join(folder, 'extra.csv'), `${readFileSync(join(folder, 'current.csv'), 'utf8').replace('id,', 'idx,')}`);
  const partial = await run('reference.csv', 'extra.csv', '--json');
  assert.equal(partial.code, 2);
  const json = JSON.parse(partial.out);
  assert.equal(json.number_of_columns, 6);
  assert.match(json.errors.id, /only in the reference/);
  assert.match(json.errors.idx, /only in the current/);
  const usage = await run('reference.csv', 'current.csv', '--stattest', 'bogus');
  assert.equal(usage.code, 2);
  assert.match(usage.err, /--stattest must be one of/);
});

test('--html writes one self-contained file: inline script with a nonce, strict CSP, escaped data', async () => {
  const hostile = join(folder, 'hostile.csv');
  writeFileSync(hostile, 'a,"</script><img src=x onerror=alert(1)>"\n1,x\n2,y\n3,x\n');
  const { code } = await run(hostile, hostile, '--html', 'report.html');
  assert.equal(code, 0);
  const html = readFileSync(join(folder, 'report.html'), 'utf8');
  const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
  assert.ok(nonce, 'CSP names a script nonce');
  assert.match(html, /default-src 'none'/);
  assert.equal(html.match(/<script nonce="/g)?.length, 1);
  assert.ok(html.includes(`<script nonce="${nonce}">`));
  assert.ok(!/(src|href)="https?:/.test(html), 'nothing loads from the network');
  assert.ok(!html.includes('<img src=x'), 'the hostile column name stays escaped');
  assert.ok(html.includes('\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e'));
  assert.ok(html.includes('"column_name":"a"'));
});

test('issue 11 defect 7: empty, binary and misnamed inputs exit 2 naming the file and saying what to do', async () => {
  const write = (name: string, content: string | Buffer) => {
    writeFileSync(join(folder, name), content);
    return name;
  };
  const empty = [write('empty-a.csv', ''), write('empty-b.csv', '')];
  const both = await run(empty[0]!, empty[1]!);
  assert.equal(both.code, 2, `two 0-byte files: ${both.out}`);
  assert.equal(both.out, '');
  assert.match(both.err, /^mlops drift: \S*empty-a\.csv: the file is empty \(0 bytes\); it needs a header row and data rows$/);
  assert.match((await run('reference.csv', empty[1]!)).err, /empty-b\.csv: the file is empty \(0 bytes\)/);

  const csvAsParquet = write('table.parquet', readFileSync(join(folder, 'reference.csv')));
  const named = await run('reference.csv', csvAsParquet);
  assert.equal(named.code, 2);
  assert.match(named.err, /\S*table\.parquet: named \.parquet but holds text \(it looks like CSV\); rename it to \.csv, or write it as Parquet/);

  const parquetAsCsv = write('table-really-parquet.csv', readFileSync(join(fixtures, 'current.parquet')));
  const misnamed = await run('reference.csv', parquetAsCsv);
  assert.equal(misnamed.code, 2);
  assert.match(misnamed.err, /table-really-parquet\.csv: a Parquet file, not CSV text; rename it to \.parquet/);

  const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
  const binary = await run(write('binary.csv', random), 'current.csv');
  assert.equal(binary.code, 2);
  assert.match(binary.err, /binary\.csv: binary data \(a NUL byte at offset \d+\), not CSV text; pass a CSV, TSV or Parquet file/);

  const gzipped = await run('reference.csv', write('current.csv.gz.csv', gzipSync(readFileSync(join(folder, 'current.csv')))));
  assert.equal(gzipped.code, 2);
  assert.match(gzipped.err, /current\.csv\.gz\.csv: gzip-compressed data, not CSV text; decompress it first \(gunzip\)/);

  const utf16 = await run('reference.csv', write('excel.tsv', Buffer.from(`\ufeff${readFileSync(join(folder, 'current.tsv'), 'utf8')}`, 'utf16le')));
  assert.equal(utf16.code, 2);
  assert.match(utf16.err, /excel\.tsv: UTF-16 text, not TSV text; save it as UTF-8/);

  const truncated = write('truncated.parquet', readFileSync(join(fixtures, 'current.parquet')).subarray(0, 100));
  const broken = await run(truncated, truncated);
  assert.equal(broken.code, 2);
  assert.match(broken.err, /^mlops drift: \S*truncated\.parquet: not a readable Parquet file \(/);
});
