// The table of `mlops` sub-commands. Each capability adds its own entry here.
import type { CliCommand } from '../command';
import { data } from './data';
import { demoCommand } from './demo';
import { experimentsCommand } from './experiments';
import { metricHistoryCommand } from './metricHistory';
import { pipeline } from './pipeline';
import { runsCommand } from './runs';

export const commands: Record<string, CliCommand> = {
  demo: demoCommand,
  experiments: experimentsCommand,
  runs: runsCommand,
  'metric-history': metricHistoryCommand,
  data,
  pipeline,
};
