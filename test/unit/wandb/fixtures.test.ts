// The real W&B folders (wandb 0.23.1 and 0.24.2) read by the store, checked against a reader written here from the
// format's description alone — its own chunk walk with zlib's CRC and its own protobufjs schema built field by field —
// and against wandb-summary.json, which wandb itself wrote from the same records.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { crc32 } from 'node:zlib';
import protobuf from 'protobufjs';
import { parse as parseYaml } from 'yaml';
import { WandbStore } from '../../../core/tracking/wandb/wandbStore';
import { listRunFolders, type WandbRunFolder } from '../../../core/wandb/folder';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'wandb');
const FOLDERS = [join(FIXTURES, 'cs6886-assignment3', 'wandb'), join(FIXTURES, 'tinylm', 'wandb')];

/**
 * Record { history = 2, summary = 3, output = 4, config = 5, stats = 7, output_raw = 13, run = 17, exit = 18 } with
 * items { key = 1, nested_key = 2, value_json = 16 }, stats { timestamp = 2, item = 3 }, output { timestamp = 2,
 * line = 3 } and timestamps { seconds = 1, nanos = 2 }.
 */
function independentSchema(): protobuf.Type {
  const item = new protobuf.Type('Item').add(new protobuf.Field('key', 1, 'string')).add(new protobuf.Field('nested_key', 2, 'string', 'repeated')).add(new protobuf.Field('value_json', 16, 'string'));
  const updates = new protobuf.Type('Updates').add(new protobuf.Field('update', 1, 'Item', 'repeated'));
  const history = new protobuf.Type('History').add(new protobuf.Field('item', 1, 'Item', 'repeated'));
  const run = new protobuf.Type('Run').add(new protobuf.Field('run_id', 1, 'string')).add(new protobuf.Field('project', 3, 'string')).add(new protobuf.Field('config', 4, 'Updates'));
  const exit = new protobuf.Type('Exit').add(new protobuf.Field('exit_code', 1, 'int32'));
  const time = new protobuf.Type('Time').add(new protobuf.Field('seconds', 1, 'int64')).add(new protobuf.Field('nanos', 2, 'int32'));
  const stats = new protobuf.Type('Stats').add(new protobuf.Field('timestamp', 2, 'Time')).add(new protobuf.Field('item', 3, 'Item', 'repeated'));
  const output = new protobuf.Type('Output').add(new protobuf.Field('timestamp', 2, 'Time')).add(new protobuf.Field('line', 3, 'string'));
  const record = new protobuf.Type('Record')
    .add(new protobuf.Field('history', 2, 'History'))
    .add(new protobuf.Field('summary', 3, 'Updates'))
    .add(new protobuf.Field('output', 4, 'Output'))
    .add(new protobuf.Field('config', 5, 'Updates'))
    .add(new protobuf.Field('stats', 7, 'Stats'))
    .add(new protobuf.Field('output_raw', 13, 'Output'))
    .add(new protobuf.Field('run', 17, 'Run'))
    .add(new protobuf.Field('exit', 18, 'Exit'));
  new protobuf.Root().add(item).add(updates).add(history).add(run).add(exit).add(time).add(stats).add(output).add(record);
  return record;
}

interface Independent {
  project: string;
  config: Record<string, string>;
  history: Map<string, Array<{ step: number; value: number; timestamp: number }>>;
  /** Stats items by key: milliseconds and value of each sample. */
  stats: Map<string, Array<{ timestamp: number; value: number }>>;
  /** Every output record's text, in file order. */
  output: string;
  exitCode?: number;
}

// biome-ignore lint/suspicious/noExplicitAny: decoded messages of the schema above.
type Message = any;

function independentRead(path: string): Independent {
  const bytes = readFileSync(path);
  assert.equal(bytes.subarray(0, 4).toString('latin1'), ':W&B');
  const schema = independentSchema();
  const out: Independent = { project: '', config: {}, history: new Map(), stats: new Map(), output: '' };
  let pos = 7;
  let parts: Buffer[] = [];
  while (pos + 7 <= bytes.length) {
    const left = 32768 - (pos % 32768);
    if (left < 7) {
      pos += left;
      continue;
    }
    const length = bytes.readUInt16LE(pos + 4);
    const type = bytes[pos + 6]!;
    const chunk = bytes.subarray(pos + 7, pos + 7 + length);
    assert.equal(crc32(bytes.subarray(pos + 6, pos + 7 + length)), bytes.readUInt32LE(pos), `${path}: CRC at ${pos}`);
    parts.push(chunk);
    pos += 7 + length;
    if (type !== 1 && type !== 4) continue;
    const message: Message = schema.decode(Buffer.concat(parts));
    parts = [];
    const key = (item: Message) => (item.nested_key.length ? item.nested_key.join('/') : item.key);
    if (message.run) {
      out.project = message.run.project;
      for (const item of message.run.config?.update ?? []) out.config[key(item)] = item.value_json;
    }
    for (const item of message.config?.update ?? []) out.config[key(item)] = item.value_json;
    if (message.exit) out.exitCode = message.exit.exit_code;
    const output = message.output ?? message.output_raw;
    if (output) out.output += output.line;
    if (message.stats) {
      const ms = Number(message.stats.timestamp.seconds) * 1000 + Math.floor(message.stats.timestamp.nanos / 1e6);
      for (const item of message.stats.item) {
        const samples = out.stats.get(item.key) ?? [];
        samples.push({ timestamp: ms, value: Number(item.value_json) });
        out.stats.set(item.key, samples);
      }
    }
    if (message.history) {
      const row = Object.fromEntries(message.history.item.map((item: Message) => [key(item), JSON.parse(item.value_json.replace(/\bNaN\b/g, 'null'))]));
      for (const [name, value] of Object.entries(row)) {
        if (name.startsWith('_') || typeof value !== 'number') continue;
        const list = out.history.get(name) ?? [];
        list.push({ step: row._step, value, timestamp: Math.round(row._timestamp * 1000) });
        out.history.set(name, list);
      }
    }
  }
  return out;
}

function flatSummary(summary: Record<string, unknown>, prefix = ''): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(summary)) {
    if (!prefix && key.startsWith('_')) continue;
    if (typeof value === 'number') out[prefix + key] = value;
    else if (value && typeof value === 'object' && !Array.isArray(value)) Object.assign(out, flatSummary(value as Record<string, unknown>, `${prefix}${key}/`));
  }
  return out;
}

for (const folder of FOLDERS) {
  test(`every run of ${folder.split('/').slice(-2)[0]}: config, summary and full history as an independent reader sees them`, async () => {
    const store = new WandbStore(folder, { now: () => Date.parse('2030-01-01') });
    const runFolders = listRunFolders(folder);
    assert.ok(runFolders.length >= 2);
    const experiments = (await store.searchExperiments()).items.map((e) => e.experimentId);
    const runs = (await store.searchRuns({ experimentIds: experiments, maxResults: 1000 })).items;
    assert.equal(runs.length, runFolders.length, 'latest-run is not a second copy of a run');
    assert.deepEqual(store.warnings, []);
    let histories = 0;
    for (const runFolder of runFolders) {
      const run = runs.find((r) => r.info.runId === runFolder.id)!;
      assert.ok(run, runFolder.id);
      const summaryJson = JSON.parse(readFileSync(join(runFolder.path, 'files', 'wandb-summary.json'), 'utf8'));
      const metrics = Object.fromEntries(run.data.metrics.map((m) => [m.key, m.value]));
      assert.deepEqual(metrics, flatSummary(summaryJson), `${runFolder.id}: latest metrics are wandb-summary.json's numbers`);
      const params = Object.fromEntries(run.data.params.map((p) => [p.key, p.value]));
      const configYaml = parseYaml(readFileSync(join(runFolder.path, 'files', 'config.yaml'), 'utf8'));
      for (const [key, wrapped] of Object.entries(configYaml as Record<string, { value: unknown }>)) {
        if (key === '_wandb' || typeof wrapped.value === 'object') continue;
        assert.equal(params[key], typeof wrapped.value === 'boolean' ? (wrapped.value ? 'True' : 'False') : String(wrapped.value), `${runFolder.id}: param ${key}`);
      }
      assert.ok(!Object.keys(params).some((k) => k.startsWith('_wandb')));
      if (!existsSync(runFolder.recordFile)) {
        assert.equal(run.info.status, 'KILLED', 'no .wandb and no recent writes: the run ended without an exit record');
        continue;
      }
      const expected = independentRead(runFolder.recordFile);
      assert.equal(run.info.experimentId, expected.project);
      assert.equal(run.info.status, expected.exitCode === undefined ? 'KILLED' : expected.exitCode === 0 ? 'FINISHED' : 'FAILED');
      for (const [key, json] of Object.entries(expected.config)) {
        if (key === '_wandb' || /^[[{]/.test(json)) continue;
        assert.equal(params[key], typeof JSON.parse(json) === 'string' ? JSON.parse(json) : params[key], `${runFolder.id}: config ${key}`);
      }
      for (const [key, points] of expected.history) {
        const history = await store.getMetricHistory(runFolder.id, key);
        assert.deepEqual(history.map((m) => ({ step: m.step, value: m.value, timestamp: m.timestamp })), points, `${runFolder.id}: history of ${key}`);
        if (key in metrics && !Number.isNaN(points.at(-1)!.value)) assert.equal(points.at(-1)!.value, metrics[key], `${runFolder.id}: last ${key} is the summary's`);
        histories += history.length;
      }
      await checkSystemAndConsole(store, runFolder, expected);
    }
    assert.ok(histories > 0);
  });
}

/** Stats records as system metrics, and the console output: output.log when wandb wrote one, else the records. */
async function checkSystemAndConsole(store: WandbStore, runFolder: WandbRunFolder, expected: Independent): Promise<void> {
  assert.deepEqual(await store.systemMetrics.keys(runFolder.id), [...expected.stats.keys()].sort(), `${runFolder.id}: system metric names`);
  for (const [key, samples] of expected.stats) {
    const history = await store.systemMetrics.history(runFolder.id, key);
    assert.deepEqual(history.map((m) => ({ timestamp: m.timestamp, value: m.value })), samples, `${runFolder.id}: system metric ${key}`);
  }
  const shown = await store.getConsoleOutput(runFolder.id);
  const logFile = join(runFolder.filesFolder, 'output.log');
  if (existsSync(logFile)) {
    assert.deepEqual([shown.kind, shown.text], ['output.log', readFileSync(logFile, 'utf8')]);
    assert.equal(expected.output, shown.text, `${runFolder.id}: wandb rendered output.log from the same records`);
  } else assert.deepEqual([shown.kind, shown.text], [expected.output ? 'records' : 'none', expected.output], `${runFolder.id}: console output`);
}

test('the 0.24.2 run: project, display name, history size and system metrics', async () => {
  const store = new WandbStore(FOLDERS[1]!, { now: () => Date.parse('2030-01-01') });
  const run = await store.getRun('kj3gdsjx');
  assert.equal(run.info.experimentId, 'TinyLM');
  assert.equal(run.info.runName, 'tinylm_pretrain_512d_8L');
  assert.equal(run.info.status, 'FINISHED');
  assert.ok((await store.getMetricHistory('kj3gdsjx', 'train/loss')).length > 1000);
  assert.ok((await store.systemMetrics.keys('kj3gdsjx')).includes('cpu'));
  const search = async (filter: string) => (await store.searchRuns({ experimentIds: ['TinyLM'], filter })).items.map((r) => r.info.runId);
  assert.deepEqual(await search("metrics.`val/loss` < 3.8 and params.dtype = 'bfloat16'"), ['kj3gdsjx'], "MLflow's filter grammar over W&B runs");
  assert.deepEqual(await search('metrics.`val/loss` < 3.7'), []);
});
