import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { availableSqliteDriver, nativeBuildFolderName, openSqlite, useNativeBuilds } from '../../core/sqlite/driver';
import { activateExtension } from './extensionUnderTest';

export function registerSqliteTests(): void {
  describe('SQLite in the extension host', () => {
    it('picks a driver that is safe in this runtime and reads the demo mlflow.db with it', async () => {
      const { extension } = await activateExtension();
      const nativeDir = join(extension.extensionPath, 'native', 'better-sqlite3');
      useNativeBuilds(nativeDir);
      assert.ok(existsSync(join(nativeDir, nativeBuildFolderName(), 'better_sqlite3.node')), 'a better-sqlite3 build for this ABI is packaged');
      const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
      // better-sqlite3 12 aborts the process on Node >= 24.19 when a finalised Statement is collected (see driver.ts).
      const expected = major > 24 || (major === 24 && minor >= 19) ? 'node:sqlite' : 'better-sqlite3';
      assert.equal(availableSqliteDriver(), expected, `Node ${process.versions.node} (ABI ${process.versions.modules})`);
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      assert.ok(folder, 'the demo workspace is open');
      const db = openSqlite(join(folder, 'mlflow.db'), { readonly: true });
      const runs = db.prepare('SELECT count(*) AS n FROM runs').get();
      db.close();
      assert.ok(Number(runs?.n) >= 60);
      console.log(`MLOPS_HOST_NODE=${process.versions.node} driver=${expected}`);
    });
  });
}
