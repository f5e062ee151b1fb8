// `dvc.yaml` pipelines (https://dvc.org/doc/user-guide/project-structure/dvcyaml-files) for the data features:
// the one pipeline model (pipeline.ts) over a file read from disk, its stages expanded as `dvc repro` runs them
// (stages.ts), and every finding placed at its line.
import { dirname, relative, resolve, sep } from 'node:path';
import { isRecord, type PathSegment } from '../yaml/records';
import { DvcFileError, type DvcProblem } from './dvcFileError';
import { buildPipelineModel, type VarsFiles } from './pipeline';
import { type ExpandedStage, expandStages, StageShapeError } from './stages';
import { loadYaml } from './yamlSource';

export type { StageOutput, StageOutputKind, StageParams } from './stages';

export interface PipelineStage extends ExpandedStage {
  file: string;
  line: number | undefined;
}

export interface DvcYaml {
  file: string;
  stages: PipelineStage[];
  problems: DvcProblem[];
}

/** Reads a file relative to the dvc.yaml folder; undefined when absent, PathEscapeError when outside the project. */
export type ReadRelative = (relPath: string) => string | undefined;

export function parseDvcYaml(file: string, text: string, read: ReadRelative): DvcYaml {
  const src = loadYaml(file, text);
  const problems: DvcProblem[] = [];
  if (src.value === null || src.value === undefined) return { file, stages: [], problems };
  if (!isRecord(src.value)) throw new DvcFileError(file, 1, 'dvc.yaml must be a mapping (stages:, vars:, params:, metrics:, plots:).');
  const stagesRaw = src.value['stages'];
  if (stagesRaw !== undefined && stagesRaw !== null && !isRecord(stagesRaw)) {
    throw new DvcFileError(file, src.lineOf(['stages']), '`stages:` must be a mapping of stage name → definition.');
  }
  // The model works on absolute paths; this anchor only turns them back into paths relative to the dvc.yaml.
  const path = resolve(file);
  const model = buildPipelineModel(path, src.value, varsNear(dirname(path), read));
  const report = (at: PathSegment[], message: string): void => {
    problems.push({ file, line: src.lineOf(at), message });
  };
  for (const problem of model.varsProblems) report(problem.nodePath, problem.message);
  let expanded: ExpandedStage[];
  try {
    expanded = expandStages(model, report);
  } catch (error) {
    if (!(error instanceof StageShapeError)) throw error;
    throw new DvcFileError(file, src.lineOf(error.nodePath), error.message);
  }
  const stages = expanded.map((stage) => ({ ...stage, file, line: src.lineOf(stage.nodePath) }));
  return { file, stages, problems };
}

function varsNear(dir: string, read: ReadRelative): VarsFiles {
  return {
    readText: (path) => read(relative(dir, path).split(sep).join('/')),
    parse: (path, text) => loadVarsValue(path, text),
  };
}

/** A params or vars file's content: JSON by extension, YAML otherwise (DVC reads both; TOML and Python are not read). */
export function loadVarsValue(path: string, text: string): unknown {
  return /\.json$/i.test(path) ? JSON.parse(text) : loadYaml(path, text).value;
}
