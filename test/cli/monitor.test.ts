import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { CliIO } from '../../cli/command';
import { runCli } from '../../cli/main';

const fixtures = join(__dirname, '../fixtures/drift');
const folder = mkdtempSync(join(tmpdir(), 'mlops-monitor-cli-'));
after(() => rmSync(folder, { recursive: true, force: true }));
mkdirSync(join(folder, 'batches'));
copyFileSync(join(fixtures, 'reference.csv'), join(folder, 'reference.csv'));
copyFileSync(join(fixtures, 'reference.csv'), join(folder, 'batches', 'day-01.csv'));
copyFileSync(join(fixtures, 'current.csv'), join(folder, 'batches', 'day-02.csv'));
copyFileSync(join(fixtures, 'current.csv'), join(folder, 'batches', 'day-03.csv'));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), cwd: folder, env: {} };
  const code = await runCli(['monitor', ...argv], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('--json gives one result per batch in name order, with the drift columns and quality of each', async () => {
  const drift = JSON.parse(await (async () => {
    const out: string[] = [];
    await runCli(['drift', 'reference.csv', 'batches/day-02.csv', '--json', '--ignore', 'id'], { out: (t) => out.push(t), err: () => {}, cwd: folder, env: {} });
    return out.join('\n');
  })());
  const { code, out } = await run('--reference', 'reference.csv', 'batches/day-*.csv', '--json', '--ignore', 'id');
  assert.equal(code, 0);
  const json = JSON.parse(out);
  assert.deepEqual(json.batches.map((b: { name: string }) => b.name), ['day-01.csv', 'day-02.csv', 'day-03.csv']);
  assert.equal(json.batches[0].share_of_drifted_columns, 0);
  assert.deepEqual(json.batches[1].columns, drift.columns);
  assert.equal(json.batches[1].share_of_drifted_columns, drift.share_of_drifted_columns);
  assert.equal(json.batches[1].quality.rows_current, json.batches[1].rows);
  assert.equal(json.retrain, false);
});

test('the retrain rule exits 1 and names each part that fired', async () => {
  const share = await run('--reference', 'reference.csv', 'batches/day-*.csv', '--ignore', 'id', '--retrain-share-above', '0.1');
  assert.equal(share.code, 1);
  assert.match(share.err, /retrain: drift share: batch day-03\.csv has .* above 0\.1/);
  writeFileSync(join(folder, 'drift.yaml'), 'reference: reference.csv\nbatches: [batches/day-*.csv]\nignored: [id]\ndrift_share: 0.1\nretrain: { consecutive_drifting_batches: 2 }\n');
  const consecutive = await run('--config', 'drift.yaml');
  assert.equal(consecutive.code, 1);
  assert.match(consecutive.err, /consecutive drift: the last 2 batches \(day-02\.csv … day-03\.csv\)/);
  assert.doesNotMatch(consecutive.err, /drift share/);
});
