// The Models view's grouping of a real store's logged models (heart-disease-2024ab05143, both of its stores): every
// model once, under the experiment that holds it, experiments without models left out, compared with raw reads.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FileLoggedModelStore } from '../../../core/loggedModels/fileLoggedModels';
import { loggedModelGroups } from '../../../core/loggedModels/loggedModelGroups';
import { SqliteLoggedModelStore } from '../../../core/loggedModels/sqliteLoggedModels';
import { openSqlite } from '../../../core/sqlite/driver';
import { FileStore, SqliteStore } from '../../../core/tracking/index';

const HEART = join(__dirname, '../../fixtures/mlflow3/heart-disease-2024ab05143');

function modelsBySql(): Map<string, string[]> {
  const db = openSqlite(join(HEART, 'mlflow.db'), { readonly: true });
  try {
    const grouped = new Map<string, string[]>();
    for (const row of db.prepare('SELECT model_id, experiment_id FROM logged_models ORDER BY creation_timestamp_ms DESC, model_id').all()) {
      const list = grouped.get(String(row.experiment_id)) ?? [];
      list.push(String(row.model_id));
      grouped.set(String(row.experiment_id), list);
    }
    return grouped;
  } finally {
    db.close();
  }
}

describe('logged models by experiment', () => {
  it('mlflow.db: each experiment with models, newest first, as the tables hold them', async () => {
    const tracking = new SqliteStore(join(HEART, 'mlflow.db'));
    const models = new SqliteLoggedModelStore(join(HEART, 'mlflow.db'));
    try {
      const { groups, truncated } = await loggedModelGroups(tracking, models);
      assert.equal(truncated, false);
      const expected = modelsBySql();
      assert.ok(expected.size > 0, 'the fixture has logged models');
      assert.deepEqual(new Map(groups.map((g) => [g.experiment.experimentId, g.models.map((m) => m.modelId)])), expected);
    } finally {
      await tracking.close();
      await models.close();
    }
  });

  it('mlruns/: the same grouping over the FileStore', async () => {
    const tracking = new FileStore(join(HEART, 'mlruns'));
    const models = new FileLoggedModelStore(join(HEART, 'mlruns'));
    const { groups } = await loggedModelGroups(tracking, models);
    assert.ok(groups.length > 0);
    for (const group of groups) {
      assert.ok(group.models.length > 0);
      assert.ok(group.models.every((m) => m.experimentId === group.experiment.experimentId));
      const times = group.models.map((m) => m.creationTimestampMs);
      assert.deepEqual(times, [...times].sort((a, b) => b - a));
    }
  });
});
