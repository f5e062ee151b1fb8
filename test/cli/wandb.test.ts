// `mlops experiments|runs|metric-history --tracking-uri path/to/wandb --json` give MLflow's REST shapes over a real
// W&B folder (wandb 0.24.2), as they do over MLflow stores.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CliIO } from '../../cli/command';
import { runCli } from '../../cli/main';
import { WandbRunFile } from '../../core/wandb/runFile';

const WANDB = join(__dirname, '..', 'fixtures', 'wandb', 'tinylm', 'wandb');

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), cwd: join(WANDB, '..'), env: {} };
  const code = await runCli(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('experiments: one per W&B project', async () => {
  const { code, out } = await cli(['experiments', '--tracking-uri', WANDB, '--json']);
  assert.equal(code, 0);
  assert.deepEqual(JSON.parse(out).experiments.map((e: { name: string }) => e.name).sort(), ['TinyLM', 'uncategorized']);
});

test('runs with an MLflow filter, relative --tracking-uri', async () => {
  const { code, out } = await cli(['runs', '--tracking-uri', 'wandb', '--experiment', 'TinyLM', '--filter', "metrics.`val/loss` < 3.8 and params.dtype = 'bfloat16'", '--json']);
  assert.equal(code, 0, out);
  const [run] = JSON.parse(out).runs;
  assert.equal(run.info.run_id, 'kj3gdsjx');
  assert.equal(run.info.run_name, 'tinylm_pretrain_512d_8L');
  assert.equal(run.info.status, 'FINISHED');
});

test('metric-history: the .wandb history in file order', async () => {
  const { code, out } = await cli(['metric-history', '--tracking-uri', WANDB, '--run-id', 'kj3gdsjx', '--key', 'train/loss', '--json']);
  assert.equal(code, 0);
  const { metrics } = JSON.parse(out);
  const column = new WandbRunFile(join(WANDB, 'run-20260211_121423-kj3gdsjx', 'run-kj3gdsjx.wandb'));
  column.refresh();
  const expected = column.state.history.get('train/loss')!;
  assert.equal(metrics.length, expected.values.length);
  assert.deepEqual(Object.keys(metrics[0]), ['key', 'value', 'timestamp', 'step']);
  assert.deepEqual(
    metrics.map((m: { step: number }) => m.step),
    Array.from(expected.steps),
  );
});

test('an unknown run names the folder', async () => {
  const { code, err } = await cli(['metric-history', '--tracking-uri', WANDB, '--run-id', 'nope', '--key', 'x']);
  assert.equal(code, 2);
  assert.match(err, /No run 'nope' in the W&B folder/);
});
