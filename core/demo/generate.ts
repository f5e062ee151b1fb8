// Builds the demo workspace: real MLflow stores, a DVC project with git history, an MLflow project, a Feast repo,
// drift data and a notebook. Deterministic for a given seed, so tests can assert on what it wrote.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoggedModel } from '../loggedModels/loggedModel';
import { openSqlite } from '../sqlite/driver';
import { writeDvcProject } from './dvcProject';
import { writeDemoHfCache } from './hfCache';
import { demoLoggedModels, writeLoggedModelsToDb, writeLoggedModelsToMlruns } from './loggedModelRecords';
import { writeMlflowDb } from './mlflowDb';
import { writeMlrunsFolder } from './mlrunsFolder';
import { writeDemoFeatureRepo } from './featureRepo';
import { projectFiles } from './projectFiles';
import { buildRagAgent, writeRagAgentToDb } from './ragAgent';
import { writeTracesToMlruns } from './traceRecords';
import { buildDemoRegistry } from './registryModels';
import { buildBaselineTracking, buildDemoTracking } from './trainingRuns';
import { DEMO_SWEEP_YAML, writeWandbSweep } from './wandbSweep';

export const DEFAULT_DEMO_SEED = 20260105;

export interface DemoSummary {
  folder: string;
  experiments: number;
  runs: number;
  fileStoreRuns: number;
}

export class DemoFolderNotEmptyError extends Error {
  constructor(folder: string) {
    super(`${folder} already exists and is not empty. Remove it or choose another folder for the demo workspace.`);
    this.name = 'DemoFolderNotEmptyError';
  }
}

export function generateDemoWorkspace(folder: string, seed = DEFAULT_DEMO_SEED): DemoSummary {
  if (existsSync(folder) && readdirSync(folder).length > 0) throw new DemoFolderNotEmptyError(folder);
  mkdirSync(folder, { recursive: true });
  const files = projectFiles(seed);
  const git = writeDvcProject(folder, seed, (write) => {
    for (const [path, content] of Object.entries(files)) write(path, content);
  });
  writeDemoFeatureRepo(join(folder, 'feature_repo'), seed + 4);
  const tracking = buildDemoTracking(seed);
  // The traced RAG agent: its own experiment, an evaluation run and ten traces in mlflow.db, three more in mlruns/.
  const agent = buildRagAgent(seed + 2, String(tracking.experiments.length), { withRun: true });
  tracking.experiments.push(agent.experiment);
  tracking.runs.push(agent.evalRun!);
  writeMlflowDb(join(folder, 'mlflow.db'), tracking, buildDemoRegistry(tracking));
  writeRagAgentToDb(join(folder, 'mlflow.db'), agent);
  const baselines = buildBaselineTracking(seed + 1);
  const fileAgent = buildRagAgent(seed + 3, String(baselines.experiments.length), { turns: 3, withRun: false });
  baselines.experiments.push(fileAgent.experiment);
  writeMlrunsFolder(join(folder, 'mlruns'), baselines);
  writeTracesToMlruns(join(folder, 'mlruns'), fileAgent.traces);
  writeFraudLoggedModels(join(folder, 'mlflow.db'), demoLoggedModels(tracking));
  writeLoggedModelsToMlruns(join(folder, 'mlruns'), demoLoggedModels(baselines));
  writeWandbSweep(join(folder, 'wandb'), seed + 4);
  writeFileSync(join(folder, 'sweep.yaml'), DEMO_SWEEP_YAML);
  writeDemoHfCache(folder);
  // A fresh demo has nothing to commit: the sweep file and the workspace settings are committed, the rest is ignored.
  git.commit('Add the W&B sweep configuration and workspace settings');
  return { folder, experiments: tracking.experiments.length, runs: tracking.runs.length, fileStoreRuns: baselines.runs.length };
}

/** The logged models behind fraud-detection's versions, into the database writeMlflowDb made. */
function writeFraudLoggedModels(path: string, models: LoggedModel[]): void {
  const db = openSqlite(path);
  try {
    db.transaction(() => writeLoggedModelsToDb(db, models));
  } finally {
    db.close();
  }
}
