// The contract every `mlops` sub-command implements. Commands parse their own flags (node:util parseArgs) and
// return an exit code; they print through CliIO so tests can capture output without spawning a process.
export interface CliIO {
  /** Text for stdout, one or more lines; runCli makes control and bidi characters in it visible. */
  out(text: string): void;
  err(text: string): void;
  /** Resolves once stdout has taken what was written (its 'drain'); output captured in memory leaves it out. */
  drain?(): Promise<void>;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface CliCommand {
  /** One line for `mlops --help`. */
  summary: string;
  run(args: string[], io: CliIO): Promise<ExitCode>;
}

/** 0 success, 1 a check failed (validation errors, a failing gate, drift over a limit), 2 usage or input errors. */
export type ExitCode = 0 | 1 | 2;

export class UsageError extends Error {
  override name = 'UsageError';
}
