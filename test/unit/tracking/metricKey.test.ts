import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FileStore } from '../../../core/tracking/index';
import { contractData, writeMlruns } from '../../support/generatedStores';

const folder = mkdtempSync(join(tmpdir(), 'mlops-open-'));
after(() => rmSync(folder, { recursive: true, force: true }));

test('a metric key cannot lead out of the run folder', async () => {
  writeMlruns(join(folder, 'mlruns'), contractData());
  const store = new FileStore(join(folder, 'mlruns'));
  await assert.rejects(store.getMetricHistory('run03', '../meta.yaml'), /Invalid metric key '\.\.\/meta\.yaml'/);
});
