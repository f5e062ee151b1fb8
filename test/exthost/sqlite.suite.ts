import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { availableSqliteDriver, openSqlite, useNativeBuilds } from '../../core/sqlite/driver';
import { activateExtension } from './extensionUnderTest';

export function registerSqliteTests(): void {
  describe('SQLite in the extension host', () => {
    it('loads the better-sqlite3 build packaged for this runtime and reads the demo mlflow.db', async () => {
      const { extension } = await activateExtension();
      useNativeBuilds(join(extension.extensionPath, 'native', 'better-sqlite3'));
      assert.equal(availableSqliteDriver(), 'better-sqlite3', `Node ${process.versions.node} (ABI ${process.versions.modules})`);
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      assert.ok(folder, 'the demo workspace is open');
      const db = openSqlite(join(folder, 'mlflow.db'), { readonly: true });
      const runs = db.prepare('SELECT count(*) AS n FROM runs').get();
      db.close();
      assert.ok(Number(runs?.n) >= 60);
      console.log(`MLOPS_HOST_NODE=${process.versions.node}`);
    });
  });
}
