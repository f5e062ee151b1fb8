// The table of `mlops` sub-commands. Each capability adds its own entry here.
import type { CliCommand } from '../command';
import { data } from './data';
import { pipeline } from './pipeline';

export const commands: Record<string, CliCommand> = {
  data,
  pipeline,
};
