// The Models view inside the real extension host, on the demo workspace: the tree's items, prompt documents and
// their diff, and promotions through the registered commands with the confirmation answered by the test.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { openRegistry } from '../../core/registry/open';
import { canonicalTrackingUri } from '../../core/tracking/uri';
import type { PromotionResult, UndoResult } from '../../core/registry/promotion';
import { parseTrackingUri } from '../../core/tracking/uri';
import { ModelsService } from '../../extension/models/modelsService';
import { type ModelsNode, ModelsTree } from '../../extension/models/modelsTree';
import type { ConfirmRequest, PromotionPrompts } from '../../extension/models/promotionFlow';
import { MlopsLog } from '../../extension/output';
import { activateExtension } from './extensionUnderTest';

export function registerModelsTests(): void {
  describe('Models view', () => {
    let folder: string;
    let log: MlopsLog;
    let service: ModelsService;
    let tree: ModelsTree;

    before(async () => {
      await activateExtension();
      const first = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      assert.ok(first, 'the demo workspace is open');
      folder = first;
      log = new MlopsLog();
      service = new ModelsService(log);
      tree = new ModelsTree(service);
    });

    after(() => {
      tree.dispose();
      service.dispose();
      log.dispose();
    });

    const labels = (nodes: ModelsNode[]) => nodes.map((n) => String(tree.getTreeItem(n).label));
    const descriptions = (nodes: ModelsNode[]) => nodes.map((n) => String(tree.getTreeItem(n).description));
    const sqliteKey = () => canonicalTrackingUri(parseTrackingUri('sqlite:///mlflow.db', folder));

    async function sqliteChildren(): Promise<ModelsNode[]> {
      const roots = await tree.getChildren();
      const store = roots.find((n) => n.kind === 'store' && n.store.source.key === sqliteKey());
      assert.ok(store, `no mlflow.db store among ${labels(roots).join(', ')}`);
      return tree.getChildren(store);
    }

    async function fraudVersions(): Promise<ModelsNode[]> {
      const model = (await sqliteChildren()).find((n) => n.kind === 'model' && n.model.name === 'fraud-detection');
      assert.ok(model);
      return tree.getChildren(model);
    }

    it('shows both demo stores, fraud-detection with stage badges and aliases, and the prompt apart', async () => {
      const roots = await tree.getChildren();
      assert.deepEqual(labels(roots), ['mlflow.db', 'mlruns']);
      assert.equal(tree.getTreeItem(roots[1]!).description, 'no registered models');
      const children = await sqliteChildren();
      assert.deepEqual(labels(children), ['fraud-detection', 'Prompts']);
      const versions = await fraudVersions();
      assert.deepEqual(labels(versions), ['Version 3', 'Version 2', 'Version 1']);
      for (const description of descriptions(versions)) assert.match(description, / · \d{4}-\d\d-\d\d \d\d:\d\d$/);
      const badges = descriptions(versions).map((d) => d.replace(/ · \d{4}-.*$/, ''));
      assert.deepEqual(badges, ['None', 'Staging · @challenger', 'Production · @champion']);
      const v2 = tree.getTreeItem(versions[1]!);
      assert.equal(v2.contextValue, 'mlops.modelVersion.withRun');
      assert.match((v2.tooltip as vscode.MarkdownString).value, /Run:(&nbsp;| )[0-9a-f]{32}/);
      const prompts = await tree.getChildren(children[1]!);
      assert.deepEqual(labels(prompts), ['fraud-triage-prompt']);
      const promptVersions = await tree.getChildren(prompts[0]!);
      assert.deepEqual(labels(promptVersions), ['Version 2', 'Version 1']);
      assert.equal(tree.getTreeItem(promptVersions[0]!).command?.command, 'mlops.models.openPrompt');
    });

    it('opens a prompt template read-only and diffs two prompt versions in the diff editor', async () => {
      const [prompts] = (await sqliteChildren()).slice(1);
      const [prompt] = await tree.getChildren(prompts!);
      const [v2] = await tree.getChildren(prompt!);
      await vscode.commands.executeCommand('mlops.models.openPrompt', v2);
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor, 'a prompt editor is open');
      assert.equal(editor.document.uri.scheme, 'mlops-prompt');
      assert.match(editor.document.getText(), /^You are a fraud analyst\..*Customer history: \{\{history\}\}$/s);
      await vscode.commands.executeCommand('mlops.models.comparePrompts', v2);
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      assert.ok(tab?.input instanceof vscode.TabInputTextDiff, `the active tab is a diff, not ${tab?.label}`);
      assert.match(tab.input.original.path, /version-1\.txt$/);
      assert.match(tab.input.modified.path, /version-2\.txt$/);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('blocks a failing gate when no override reason is given, without asking to confirm', async () => {
      let confirmAsked = false;
      const prompts: PromotionPrompts = {
        confirm: async () => {
          confirmAsked = true;
          return true;
        },
        overrideReason: async () => undefined,
      };
      const result = await vscode.commands.executeCommand<PromotionResult | undefined>('mlops.models.promote', { model: 'fraud-detection', version: '3', stage: 'Production', prompts });
      assert.equal(result, undefined);
      assert.equal(confirmAsked, false);
      const registry = openRegistry(parseTrackingUri('sqlite:///mlflow.db', folder));
      try {
        assert.equal((await registry.getVersion('fraud-detection', '3')).stage, 'None');
      } finally {
        registry.close();
      }
    });

    it('points an alias at a version through mlops.models.setAlias after one confirmation', async () => {
      const asked: ConfirmRequest[] = [];
      const prompts: PromotionPrompts = {
        confirm: async (request) => {
          asked.push(request);
          return true;
        },
        overrideReason: async () => undefined,
      };
      const alias = await vscode.commands.executeCommand<string | undefined>('mlops.models.setAlias', { model: 'fraud-detection', version: '3', alias: 'shadow', prompts });
      assert.equal(alias, 'shadow');
      assert.deepEqual(asked.map((r) => [r.message, r.detail]), [['Point @shadow at fraud-detection version 3?', 'fraud-detection has no @shadow yet.']]);
      const registry = openRegistry(parseTrackingUri('sqlite:///mlflow.db', folder));
      try {
        assert.equal((await registry.getVersionByAlias('fraud-detection', 'shadow')).version, '3');
        await registry.deleteAlias('fraud-detection', 'shadow');
      } finally {
        registry.close();
      }
    });

    it('promotes version 2 to Production through the command with the confirmation accepted, then undoes it', async () => {
      const asked: ConfirmRequest[] = [];
      const prompts: PromotionPrompts = {
        confirm: async (request) => {
          asked.push(request);
          return true;
        },
        overrideReason: async () => assert.fail('the gate passes, so no reason is asked for'),
      };
      const result = await vscode.commands.executeCommand<PromotionResult | undefined>('mlops.models.promote', { model: 'fraud-detection', version: '2', stage: 'Production', prompts });
      assert.ok(result, 'the promotion ran');
      assert.deepEqual(result.archived, ['1']);
      assert.equal(asked.length, 1);
      assert.equal(asked[0]!.message, 'Promote fraud-detection version 2 to Production?');
      assert.match(asked[0]!.detail, /Gate PASSED/);
      assert.match(asked[0]!.detail, /Version 1 \(now in Production\)/);

      const registry = openRegistry(parseTrackingUri('sqlite:///mlflow.db', folder));
      try {
        const [v1, v2] = await Promise.all([registry.getVersion('fraud-detection', '1'), registry.getVersion('fraud-detection', '2')]);
        assert.equal(v2.stage, 'Production');
        assert.equal(v1.stage, 'Archived');
        assert.equal(v2.tags['mlops.promoted_from'], 'Staging');
        assert.ok(v2.tags['mlops.promoted_by']);

        service.refresh();
        assert.deepEqual(
          descriptions(await fraudVersions()).map((d) => d.split(' · ')[0]),
          ['None', 'Production', 'Archived'],
        );

        const undone = await vscode.commands.executeCommand<UndoResult | undefined>('mlops.models.undoLastPromotion', { store: sqliteKey(), prompts });
        assert.ok(undone, 'the undo ran');
        assert.equal(asked.length, 2);
        assert.equal((await registry.getVersion('fraud-detection', '2')).stage, 'Staging');
        assert.equal((await registry.getVersion('fraud-detection', '1')).stage, 'Production');
      } finally {
        registry.close();
      }
      const journal = readFileSync(join(folder, '.mlops', 'promotions.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string });
      assert.deepEqual(journal.map((e) => e.type), ['promotion', 'undo']);
    });
  });
}
