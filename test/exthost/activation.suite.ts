import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from './extensionUnderTest';

export function registerActivationTests(): void {
  describe('activation', () => {
    // The 50 ms budget is measured by test/bench/activation.bench.ts: a timed assertion here fails on a loaded machine.
    it('activates and reports its activation time', async () => {
      const { extension, api } = await activateExtension();
      assert.equal(extension.isActive, true);
      assert.ok(Number.isFinite(api.activationMs) && api.activationMs > 0, `activation time reported: ${api.activationMs}`);
      console.log(`MLOPS_ACTIVATION_MS=${api.activationMs.toFixed(2)}`);
    });

    it('registers every contributed command', async () => {
      const { extension } = await activateExtension();
      const contributed = (extension.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command);
      const registered = new Set(await vscode.commands.getCommands(true));
      for (const command of contributed) assert.ok(registered.has(command), `${command} is not registered`);
      assert.ok(contributed.includes('mlops.openDemo'));
    });

    it('activates only on workspace contents, views and commands, never on *', async () => {
      const { extension } = await activateExtension();
      const events = extension.packageJSON.activationEvents as string[];
      assert.ok(!events.includes('*'));
      for (const pattern of ['**/mlruns/*/meta.yaml', '**/mlflow.db', '**/dvc.yaml', '**/*.dvc', '**/MLproject', '**/feature_store.yaml']) {
        assert.ok(events.includes(`workspaceContains:${pattern}`), `missing workspaceContains:${pattern}`);
      }
    });

    it('contributes the MLOps container with the Runs, Data, Models, Traces and Features views', async () => {
      const { extension } = await activateExtension();
      const views = extension.packageJSON.contributes.views.mlops as Array<{ id: string; name: string }>;
      assert.deepEqual(
        views.map((v) => v.name),
        ['Runs', 'Data', 'Models', 'Traces', 'Features'],
      );
      await vscode.commands.executeCommand('workbench.view.extension.mlops');
    });
  });
}
