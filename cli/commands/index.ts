// The table of `mlops` sub-commands. Each capability adds its own entry here.
import type { CliCommand } from '../command';
import { aliasCommand } from './alias';
import { gateCommand } from './gate';
import { modelVersionsCommand } from './modelVersions';
import { modelsCommand } from './models';
import { promoteCommand } from './promote';

export const commands: Record<string, CliCommand> = {
  models: modelsCommand,
  'model-versions': modelVersionsCommand,
  promote: promoteCommand,
  alias: aliasCommand,
  gate: gateCommand,
};
