// How a process connects to the stores it resolves: what MLflow's own client reads from the environment. The
// extension starts from the same and adds what only it has (the token in secret storage, a shorter deadline).
import { restOptionsFromEnv } from '../rest/client';
import type { ConnectionOptions } from './location';

export function connectionFromEnv(env: NodeJS.ProcessEnv): ConnectionOptions {
  return { rest: restOptionsFromEnv(env) };
}
