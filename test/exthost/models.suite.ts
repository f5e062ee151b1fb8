// The Models view inside the real extension host, on the demo workspace: the tree's items, prompt documents and
// their diff, and promotions through the registered commands with the confirmation answered by the test.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { canonicalTrackingUri } from '../../core/tracking/uri';
import type { PromotionResult, UndoResult } from '../../core/registry/promotion';
import { parseTrackingUri } from '../../core/tracking/uri';
import { ModelsService } from '../../extension/models/modelsService';
import { type ModelsNode, ModelsTree } from '../../extension/models/modelsTree';
import type { ConfirmRequest, PromotionPrompts } from '../../extension/models/promotionFlow';
import { MlopsLog } from '../../extension/output';
import { SqliteRegistry } from '../../core/registry/sqliteRegistry';
import type { MlopsApi } from '../../extension/extension';
import { notebookPromotionContext } from '../../extension/notebook/registryTarget';
import { openUri } from '../support/locations';
import { startRegistryServer } from '../support/mlflowRegistryServer';
import { activateExtension } from './extensionUnderTest';

export function registerModelsTests(): void {
  describe('Models view', () => {
    let folder: string;
    let api: MlopsApi;
    let log: MlopsLog;
    let service: ModelsService;
    let tree: ModelsTree;

    before(async () => {
      ({ api } = await activateExtension());
      const first = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      assert.ok(first, 'the demo workspace is open');
      folder = first;
      log = new MlopsLog();
      service = new ModelsService(log, api.workspace);
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

    it('shows the demo HF cache: the model, its revisions with refs, card metrics, files and the LoRA adapter under it', async () => {
      const hf = (await tree.getChildren()).find((n) => n.kind === 'hf');
      assert.ok(hf, 'a Hugging Face node');
      const [repo, ...rest] = await tree.getChildren(hf);
      assert.deepEqual([labels([repo!]), rest.length], [['mlops-demo/tiny-sentiment'], 0]);
      const underRepo = await tree.getChildren(repo!);
      assert.deepEqual(labels(underRepo), ['3f1c0b7e', '8a2d4f6b', 'LORA adapter']);
      assert.match(String(tree.getTreeItem(underRepo[0]!).description), /^refs\/pr\/1 · .* · 3 files$/);
      assert.match(String(tree.getTreeItem(underRepo[1]!).description), /^main · .* · 4 files$/);
      assert.match(String(tree.getTreeItem(underRepo[2]!).description), /^r=8 · α=16 · 1\.0 KB$/);
      const main = await tree.getChildren(underRepo[1]!);
      assert.deepEqual(labels(main), ['accuracy: 0.842', 'f1: 0.838', 'onnx', 'README.md', 'config.json', 'model.safetensors']);
    });

    it('shows both demo stores, fraud-detection with stage badges and aliases, and the prompt apart', async () => {
      const roots = await tree.getChildren();
      assert.deepEqual(labels(roots), ['mlflow.db', 'mlruns', 'Hugging Face']);
      assert.equal(tree.getTreeItem(roots[1]!).description, 'no registered models');
      const children = await sqliteChildren();
      assert.deepEqual(labels(children), ['fraud-detection', 'Prompts', 'Logged models']);
      // MLflow 3 logged models by experiment: the training runs behind fraud-detection, and the demo agent's evaluation run.
      const experiments = await tree.getChildren(children[2]!);
      assert.deepEqual(labels(experiments).sort(), ['fraud-detection', 'support-rag-agent']);
      const [agent] = await tree.getChildren(experiments.find((e) => labels([e])[0] === 'support-rag-agent')!);
      assert.deepEqual([labels([agent!])[0], tree.getTreeItem(agent!).description?.toString().split(' · ').slice(0, 2)], ['support-agent', ['READY', 'agent']]);
      assert.deepEqual(labels(await tree.getChildren(agent!)), ['Metrics', 'Params', 'Tags']);
      const versions = await fraudVersions();
      assert.deepEqual(labels(versions), ['Version 3', 'Version 2', 'Version 1']);
      for (const description of descriptions(versions)) assert.match(description, / · \d{4}-\d\d-\d\d \d\d:\d\d$/);
      const badges = descriptions(versions).map((d) => d.replace(/ · \d{4}-.*$/, ''));
      assert.deepEqual(badges, ['None', 'Staging · @challenger', 'Production · @champion']);
      const v2 = tree.getTreeItem(versions[1]!);
      assert.equal(v2.contextValue, 'mlops.modelVersion.withRun');
      assert.match((v2.tooltip as vscode.MarkdownString).value, /Run:(&nbsp;| )[0-9a-f]{32}/);
      // Registered from models:/m-…: the version opens onto the logged model it was made from.
      assert.equal(v2.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
      const [fromModel] = await tree.getChildren(versions[1]!);
      assert.equal(fromModel?.kind, 'loggedModel');
      const source = versions[1]!.kind === 'version' ? versions[1]!.version.source : '';
      assert.match(source, /^models:\/m-[0-9a-f]{32}$/);
      assert.equal(tree.getTreeItem(fromModel!).id?.split('|').at(-1), source.slice('models:/'.length));
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
      const registry = openUri('sqlite:///mlflow.db', { cwd: folder }).registry;
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
      const registry = openUri('sqlite:///mlflow.db', { cwd: folder }).registry;
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

      const registry = openUri('sqlite:///mlflow.db', { cwd: folder }).registry;
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

    it('reads a server registry with the token from secret storage, as the Runs view does, and the notebook card uses it too', async () => {
      const backing = new SqliteRegistry(join(folder, 'mlflow.db'));
      const server = await startRegistryServer(backing, { requireAuthorization: 'Bearer demo-token' });
      const config = vscode.workspace.getConfiguration('mlops');
      const notebook = vscode.Uri.file(join(folder, 'analysis.ipynb'));
      try {
        await config.update('trackingUri', server.url, vscode.ConfigurationTarget.Workspace);
        service.refresh();
        const refused = (await service.snapshot()).stores;
        assert.deepEqual(refused.map((s) => s.source.key), [server.url]);
        assert.match(refused[0]!.error ?? '', /401 Unauthorized/);

        await vscode.commands.executeCommand('mlops.setTrackingToken', 'demo-token');
        service.refresh();
        const [store] = (await service.snapshot()).stores;
        assert.equal(store?.error, undefined);
        assert.deepEqual(store?.models.map((m) => m.name), ['fraud-detection']);

        const card = await notebookPromotionContext(notebook, api.workspace);
        try {
          const [version] = await card.registry.listVersions('fraud-detection');
          assert.ok(Object.keys(await card.metrics.latestMetrics(version!.runId)).length > 0, 'gate metrics come through the same server and token');
        } finally {
          await card.close();
        }
        // The extension's own views also read this server once the setting changes, so only what carried the token is
        // checked: the Models view's reads and the card's run metrics all did.
        const withToken = new Set(server.requests.filter((r) => r.authorization === 'Bearer demo-token').map((r) => r.path.replace(/^\/api\/2\.0\/mlflow\//, '')));
        for (const endpoint of ['registered-models/search', 'model-versions/search', 'runs/get']) assert.ok(withToken.has(endpoint), `${endpoint} with the token`);
      } finally {
        await vscode.commands.executeCommand('mlops.setTrackingToken', '');
        await config.update('trackingUri', undefined, vscode.ConfigurationTarget.Workspace);
        await server.close();
        backing.close();
        service.refresh();
      }
    });
  });
}
