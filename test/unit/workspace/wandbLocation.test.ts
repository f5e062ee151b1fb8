// A W&B folder is one more kind of location: addressed by path or file: URI, found in a folder like mlruns/, named
// and watched, and opened by the one factory into a WandbStore (no registry; no traces or logged models).
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { StoreError } from '../../../core/tracking/store';
import { canonicalTrackingUri, parseTrackingUri } from '../../../core/tracking/uri';
import { WandbStore } from '../../../core/tracking/wandb/wandbStore';
import { locationLabel, locationWatch } from '../../../core/workspace/location';
import { discoverStores, resolveWorkspace } from '../../../core/workspace/resolve';
import { openUri } from '../../support/locations';

const root = mkdtempSync(join(tmpdir(), 'mlops-wandb-location-'));
after(() => rmSync(root, { recursive: true, force: true }));
const FIXTURE = join(__dirname, '..', '..', 'fixtures', 'wandb', 'cs6886-assignment3', 'wandb');

test('a path or file: URI to a folder of W&B runs is a wandb location; other paths stay mlruns', () => {
  const ws = join(root, 'ws');
  mkdirSync(join(ws, 'mlruns'), { recursive: true });
  cpSync(FIXTURE, join(ws, 'wandb'), { recursive: true });
  const byPath = parseTrackingUri('wandb', ws);
  assert.deepEqual(byPath, { kind: 'wandb', root: join(ws, 'wandb'), uri: 'wandb' });
  assert.equal(parseTrackingUri(`file://${ws}/wandb`, '/').kind, 'wandb');
  assert.equal(parseTrackingUri('mlruns', ws).kind, 'file');
  assert.equal(canonicalTrackingUri(byPath), `wandb://${join(ws, 'wandb')}`);
  assert.equal(locationLabel(byPath), 'wandb (W&B)');
  assert.deepEqual(locationWatch(byPath), { folder: join(ws, 'wandb'), glob: '**' });

  assert.deepEqual(discoverStores(ws), [`file://${ws}/mlruns`, `file://${ws}/wandb`]);
  assert.deepEqual(discoverStores(ws, 'registry'), [`file://${ws}/mlruns`], 'W&B has no registry');
  const { locations } = resolveWorkspace({ folders: [{ path: ws }], env: {}, role: 'tracking', connection: { rest: {} } });
  assert.deepEqual(
    locations.map((l) => [l.kind, l.key]),
    [
      ['file', `file://${ws}/mlruns`],
      ['wandb', `wandb://${ws}/wandb`],
    ],
  );
});

test('the factory opens a W&B folder into a WandbStore; the registry says it has none', async () => {
  const services = openUri(FIXTURE);
  assert.ok(services.tracking instanceof WandbStore);
  assert.equal((await services.tracking.searchExperiments()).items[0]!.name, 'CS6886-Q3-Compression');
  assert.throws(() => services.registry, (e: Error) => e instanceof StoreError && /W&B folder: it has no model registry/.test(e.message));
  assert.deepEqual((await services.traces.searchTraces({ experimentIds: ['CS6886-Q3-Compression'] })).items, []);
  assert.deepEqual(await services.runMetrics.latestMetrics('swmxmkey'), { test_accuracy: 0.9294897151898734, quant_bits: 8, prune_sparsity: 0.5 });
  await services.close();
});
