import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { DataState } from '../../extension/data/dataState';
import { type DataNode, DataTreeProvider } from '../../extension/data/dataTree';
import { MlopsLog } from '../../extension/output';
import { activateExtension } from './extensionUnderTest';

export function registerDataTests(): void {
  describe('Data view over the demo workspace', () => {
    let log: MlopsLog;
    let state: DataState;
    let tree: DataTreeProvider;

    before(async () => {
      await activateExtension();
      log = new MlopsLog();
      state = await DataState.create(log);
      tree = new DataTreeProvider(async () => state);
    });

    after(() => {
      tree.dispose();
      state.dispose();
      log.dispose();
    });

    async function output(path: string): Promise<Extract<DataNode, { kind: 'output' }>> {
      const roots = await tree.getChildren();
      for (const node of roots) {
        const children = node.kind === 'folder' ? await tree.getChildren(node) : [node];
        const found = children.find((n) => n.kind === 'output' && n.output.path === path);
        if (found?.kind === 'output') return found;
      }
      throw new Error(`${path} is not in the Data view: ${roots.map((n) => tree.getTreeItem(n).label).join(', ')}`);
    }

    it('groups tracked outputs by folder: data/ holds train.csv, labels, prepared, features', async () => {
      const roots = await tree.getChildren();
      const labels = roots.map((n) => tree.getTreeItem(n).label);
      assert.deepEqual(labels, ['data', 'eval', 'model.pkl']);
      const data = roots[0]!;
      const names = (await tree.getChildren(data)).map((n) => tree.getTreeItem(n).label);
      assert.deepEqual(names, ['features', 'labels', 'prepared', 'train.csv']);
    });

    it('lists the 4 versions of data/train.csv, newest first, the newest being the one the pointer names', async () => {
      const train = await output('data/train.csv');
      const item = tree.getTreeItem(train);
      assert.equal(item.contextValue, 'output.file');
      assert.equal(item.resourceUri?.fsPath, train.output.absPath);
      const versions = await tree.getChildren(train);
      assert.equal(versions.length, 4);
      const items = versions.map((v) => tree.getTreeItem(v));
      for (const version of items) {
        assert.match(String(version.label), /^[0-9a-f]{7} \d{4}-\d{2}-\d{2}$/);
        assert.equal(version.contextValue, 'version.file');
      }
      assert.match(String(items[0]!.description), /^pointer · 321\.4 KB · Drop duplicated and test transactions$/);
      assert.match(String(items[3]!.description), /Add raw transactions \(5,000 rows\)$/);
      assert.ok(!String(items[1]!.description).startsWith('pointer'));
    });

    it('lists the 2 versions of the data/labels directory with their file counts', async () => {
      const labels = await output('data/labels');
      const versions = await tree.getChildren(labels);
      assert.equal(versions.length, 2);
      const item = tree.getTreeItem(versions[1]!);
      assert.equal(item.contextValue, 'version.dir');
      assert.match(String(item.description), /4 files · Track label batches as a directory/);
    });

    it('shows a modified output in its description and in its status, and recovers when the content is restored', async () => {
      const model = await output('model.pkl');
      const path = model.output.absPath;
      const original = readFileSync(path);
      try {
        writeFileSync(path, 'retrained by hand\n');
        await state.refreshStatus();
        assert.equal(state.statusOf(path)?.status, 'modified');
        assert.match(String(tree.getTreeItem(await output('model.pkl')).description), /^modified · stage train$/);
      } finally {
        writeFileSync(path, original);
      }
      await state.refreshStatus();
      assert.equal(state.statusOf(path)?.status, 'unchanged');
    });

    it('compares two versions of a CSV in the diff editor over the cached contents of each version', async () => {
      const train = await output('data/train.csv');
      const [newest, , , oldest] = (await tree.getChildren(train)) as Extract<DataNode, { kind: 'version' }>[];
      await vscode.commands.executeCommand('mlops.data.compareVersions', newest, [newest, oldest]);
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      assert.ok(tab?.input instanceof vscode.TabInputTextDiff, `the active tab is a diff: ${tab?.label}`);
      assert.equal(tab.label, `train.csv (${oldest!.version.commit.slice(0, 7)} ↔ ${newest!.version.commit.slice(0, 7)})`);
      const [left, right] = await Promise.all([vscode.workspace.openTextDocument(tab.input.original), vscode.workspace.openTextDocument(tab.input.modified)]);
      assert.equal(left.uri.scheme, 'mlops-data-version');
      assert.equal(md5(left.getText()), oldest!.version.md5, 'the left side is the oldest version from the cache');
      assert.equal(md5(right.getText()), newest!.version.md5, 'the right side is the newest version from the cache');
      assert.equal(left.lineCount, 5002, 'header + 5,000 rows + the final empty line');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('compares a dataset with the workspace: the version its pointer names against the file on disk', async () => {
      const train = await output('data/train.csv');
      await vscode.commands.executeCommand('mlops.data.compareWithWorkspace', train);
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      assert.ok(tab?.input instanceof vscode.TabInputTextDiff, `the active tab is a diff: ${tab?.label}`);
      assert.equal(tab.label, 'train.csv (HEAD ↔ workspace)');
      assert.equal(tab.input.original.scheme, 'mlops-data-version');
      assert.equal(tab.input.modified.fsPath, train.output.absPath);
      const left = await vscode.workspace.openTextDocument(tab.input.original);
      assert.equal(left.getText(), readFileSync(train.output.absPath, 'utf8'), 'an unchanged file equals its cached version');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('compares two versions of a directory as a read-only list of added, removed and modified files', async () => {
      const labels = await output('data/labels');
      const [newest, oldest] = (await tree.getChildren(labels)) as Extract<DataNode, { kind: 'version' }>[];
      await vscode.commands.executeCommand('mlops.data.compareVersions', oldest, [oldest, newest]);
      const document = vscode.window.activeTextEditor?.document;
      assert.equal(document?.uri.scheme, 'mlops-data-report');
      const text = document.getText();
      assert.match(text, /^# data\/labels: [0-9a-f]{7} → [0-9a-f]{7}$/m);
      assert.match(text, /## Modified \(1\)\n\n- batch-02\.json/);
      assert.doesNotMatch(text, /## (Added|Removed)/);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('opens a version\'s commit with `git show` in a read-only editor', async () => {
      const train = await output('data/train.csv');
      const [newest] = (await tree.getChildren(train)) as Extract<DataNode, { kind: 'version' }>[];
      await vscode.commands.executeCommand('mlops.data.openCommit', newest);
      const document = vscode.window.activeTextEditor?.document;
      assert.equal(document?.uri.scheme, 'mlops-data-report');
      assert.equal(document.languageId, 'diff');
      assert.match(document.getText(), new RegExp(`^commit ${newest!.version.commit}`));
      assert.match(document.getText(), /Drop duplicated and test transactions/);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('builds the pipeline DAG: 4 stages, `train` stale because a param changed, the others fresh', () => {
      const [first] = state.dags();
      assert.ok(first, 'the demo has a pipeline');
      const stages = first.dag.nodes.filter((n) => n.kind === 'stage');
      assert.deepEqual(
        stages.map((n) => n.name),
        ['prepare', 'featurize', 'train', 'evaluate'],
      );
      const train = stages.find((n) => n.name === 'train')!;
      assert.equal(train.stale, true);
      assert.match(train.reasons.join('; '), /train\.n_est/);
      assert.deepEqual(
        stages.filter((n) => n.stale).map((n) => n.name),
        ['train'],
      );
    });

    it('refreshes after a git commit, which moves HEAD without touching any pointer file', async () => {
      const root = state.outputs[0]!.project.root;
      const refreshed = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no refresh within 20 s of the commit')), 20_000);
        const listener = state.onDidChange(() => {
          clearTimeout(timer);
          listener.dispose();
          resolve();
        });
      });
      execFileSync('git', ['-c', 'user.name=Data View Test', '-c', 'user.email=test@example.invalid', 'commit', '--allow-empty', '-q', '-m', 'Empty commit'], { cwd: root });
      await refreshed;
      assert.equal((await tree.getChildren(await output('data/train.csv'))).length, 4, 'a commit that changes no pointer adds no version');
    });

    it('MLOps: Show Pipeline opens the pipeline panel', async () => {
      const labels = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
      // The workbench reports new tabs to the extension host asynchronously.
      const opened = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no 'DVC Pipeline' tab within 20 s; open tabs: ${labels().join(', ')}`)), 20_000);
        const listener = vscode.window.tabGroups.onDidChangeTabs(() => {
          if (!labels().includes('DVC Pipeline')) return;
          clearTimeout(timer);
          listener.dispose();
          resolve();
        });
      });
      await vscode.commands.executeCommand('mlops.pipeline.show');
      if (!labels().includes('DVC Pipeline')) await opened;
      const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'DVC Pipeline')!;
      assert.ok(tab.input instanceof vscode.TabInputWebview, 'the pipeline tab is a webview');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });
  });
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}
