// The table of `mlops` sub-commands. Each capability adds its own entry here.
import type { CliCommand } from '../command';
import { experimentsCommand } from './experiments';
import { metricHistoryCommand } from './metricHistory';
import { runsCommand } from './runs';

export const commands: Record<string, CliCommand> = {
  experiments: experimentsCommand,
  runs: runsCommand,
  'metric-history': metricHistoryCommand,
};
