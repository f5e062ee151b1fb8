// The extension-host test entry: the `run()` contract @vscode/test-electron loads as extensionTestsPath. It runs
// unchanged inside code-server's extension host (test/e2e/exthost.e2e.ts) and in desktop VS Code.
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';
import { registerActivationTests } from './activation.suite';
import { registerDataTests } from './data.suite';
import { registerRunsTests } from './runs.suite';
import { registerRunsTableTests } from './runsTable.suite';
import { registerLspTests } from './lsp.suite';
import { registerDriftTests } from './drift.suite';
import { registerModelsTests } from './models.suite';
import { registerMonitorTests } from './monitor.suite';
import { registerSqliteTests } from './sqlite.suite';
import { registerTracesTests } from './traces.suite';

export interface ExthostResult {
  title: string;
  state: 'passed' | 'failed';
  durationMs: number;
  error?: string;
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, 'exthost', mocha);
  registerActivationTests();
  registerDriftTests();
  registerSqliteTests();
  registerDataTests();
  registerRunsTableTests();
  registerRunsTests();
  registerLspTests();
  registerModelsTests();
  registerTracesTests();
  registerMonitorTests();
  const results: ExthostResult[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const file = process.env.MLOPS_EXTHOST_RESULTS;
      if (file) writeFileSync(file, JSON.stringify(results, null, 2));
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => results.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 }));
    runner.on('fail', (test, error: Error) =>
      results.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration ?? 0, error: error.stack ?? error.message }),
    );
  });
}
