// The table of `mlops` sub-commands. Each capability adds its own entry here.
import type { CliCommand } from '../command';
import { aliasCommand } from './alias';
import { ciCommand } from './ci';
import { data } from './data';
import { demoCommand } from './demo';
import { driftCommand } from './drift';
import { experimentsCommand } from './experiments';
import { exportMetricsCommand } from './exportMetrics';
import { featuresCommand } from './features';
import { gateCommand } from './gate';
import { hfCommand } from './hf';
import { loggedModelsCommand } from './loggedModels';
import { metricHistoryCommand } from './metricHistory';
import { modelCardCommand } from './modelCard';
import { modelVersionsCommand } from './modelVersions';
import { modelsCommand } from './models';
import { monitorCommand } from './monitor';
import { pipeline } from './pipeline';
import { promoteCommand } from './promote';
import { qualityCommand } from './quality';
import { runsCommand } from './runs';
import { traceCommand } from './trace';
import { tracesCommand } from './traces';
import { validateCommand } from './validate';

export const commands: Record<string, CliCommand> = {
  demo: demoCommand,
  experiments: experimentsCommand,
  runs: runsCommand,
  'metric-history': metricHistoryCommand,
  traces: tracesCommand,
  trace: traceCommand,
  'logged-models': loggedModelsCommand,
  models: modelsCommand,
  'model-versions': modelVersionsCommand,
  'model-card': modelCardCommand,
  promote: promoteCommand,
  alias: aliasCommand,
  gate: gateCommand,
  data,
  pipeline,
  validate: validateCommand,
  drift: driftCommand,
  ci: ciCommand,
  quality: qualityCommand,
  monitor: monitorCommand,
  'export-metrics': exportMetricsCommand,
  features: featuresCommand,
  hf: hfCommand,
};
