// Runs the `mlops` CLI in-process with captured output, as the CLI tests drive it.
import type { CliIO } from '../../cli/command';
import { runCli } from '../../cli/main';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runCaptured(cwd: string, argv: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), cwd, env: {} };
  const code = await runCli(argv, io);
  return { code, out, err };
}
