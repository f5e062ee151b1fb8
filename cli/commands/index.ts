// The table of `mlops` sub-commands. Each capability adds its own entry here.
import type { CliCommand } from '../command';
import { driftCommand } from './drift';

export const commands: Record<string, CliCommand> = {
  drift: driftCommand,
};
