import type { Writable } from 'node:stream';
import { visibleLines, visibleText } from '../core/format/visibleText';
import { type CliIO, type ExitCode, UsageError } from './command';
import { commands } from './commands/index';
import { CLI_VERSION } from './version';

export async function runCli(argv: string[], sink: CliIO): Promise<ExitCode> {
  const io = terminalSafe(sink);
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.out(CLI_VERSION);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    io.err(`mlops: unknown command '${name}'.\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A usage message spans lines on purpose; any other error is one line, so a line break in it came from data.
    io.err(error instanceof UsageError ? `mlops ${name}: ${message}` : `mlops ${name}: error: ${visibleText(message)}`);
    return 2;
  }
}

/**
 * Every line a command prints passes here, so a store value that slipped into a message unescaped still cannot drive
 * the terminal. JSON output is unchanged in meaning: JSON.stringify already escapes C0 controls, and the rest become
 * JSON's own \u escapes.
 */
function terminalSafe(sink: CliIO): CliIO {
  const io: CliIO = {
    out: (text) => sink.out(visibleLines(text)),
    err: (text) => sink.err(visibleLines(text)),
    cwd: sink.cwd,
    env: sink.env,
  };
  if (sink.drain) io.drain = () => sink.drain!();
  return io;
}


function usage(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`);
  return ['usage: mlops <command> [options]', '', 'commands:', ...lines, '', 'Run `mlops <command> --help` for its options.'].join('\n');
}

/** The process's streams as CliIO: each text ends in a newline, and drain() waits while stdout is behind. */
export function streamIO(stdout: Writable, stderr: Writable, cwd: string, env: NodeJS.ProcessEnv): CliIO {
  const line = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
  return {
    out: (text) => stdout.write(line(text)),
    err: (text) => stderr.write(line(text)),
    drain: () => (stdout.writableNeedDrain ? waitForDrain(stdout) : Promise.resolve()),
    cwd,
    env,
  };
}

function waitForDrain(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      stream.off('drain', settle);
      stream.off('close', settle);
      stream.off('error', settle);
      if (error) reject(error);
      else resolve();
    };
    stream.on('drain', settle);
    stream.on('close', settle);
    stream.on('error', settle);
  });
}

if (require.main === module) {
  // `mlops … | head` closes the pipe early: stop quietly, as other command-line tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  runCli(process.argv.slice(2), streamIO(process.stdout, process.stderr, process.cwd(), process.env)).then((code) => {
    process.exitCode = code;
  });
}
