// The table of `mlops` sub-commands. Each capability adds its own entry here.
import type { CliCommand } from '../command';
import { validateCommand } from './validate';

export const commands: Record<string, CliCommand> = {
  validate: validateCommand,
};
