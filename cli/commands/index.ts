// The table of `mlops` sub-commands. Each capability adds its own entry here.
import type { CliCommand } from '../command';
import { demoCommand } from './demo';

export const commands: Record<string, CliCommand> = {
  demo: demoCommand,
};
