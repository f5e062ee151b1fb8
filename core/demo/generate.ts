// Builds the demo workspace: real MLflow stores, a DVC project with git history, an MLflow project, a Feast repo,
// drift data and a notebook. Deterministic for a given seed, so tests can assert on what it wrote.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeDvcProject } from './dvcProject';
import { writeMlflowDb } from './mlflowDb';
import { writeMlrunsFolder } from './mlrunsFolder';
import { projectFiles } from './projectFiles';
import { buildDemoRegistry } from './registryModels';
import { buildBaselineTracking, buildDemoTracking } from './trainingRuns';

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
  writeDvcProject(folder, seed, (write) => {
    for (const [path, content] of Object.entries(files)) write(path, content);
  });
  const tracking = buildDemoTracking(seed);
  writeMlflowDb(join(folder, 'mlflow.db'), tracking, buildDemoRegistry(tracking));
  const baselines = buildBaselineTracking(seed + 1);
  writeMlrunsFolder(join(folder, 'mlruns'), baselines);
  return { folder, experiments: tracking.experiments.length, runs: tracking.runs.length, fileStoreRuns: baselines.runs.length };
}
