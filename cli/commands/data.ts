// `mlops data versions|status|diff|checkout` — DVC-tracked data from git history and the local cache, no DVC CLI.
import { parseArgs } from 'node:util';
import { CheckoutError, checkoutVersion } from '../../core/data/checkout';
import { diffVersions } from '../../core/data/diff';
import { listVersions } from '../../core/data/history';
import { locateOutput } from '../../core/data/locate';
import { WORKSPACE } from '../../core/data/revisionEntry';
import { workspaceStatus } from '../../core/data/status';
import { findProjectRoot, scanWorkspace } from '../../core/dvc/workspace';
import { confirm } from '../confirm';
import { type CliCommand, type CliIO, type ExitCode, UsageError } from '../command';
import { printLines } from '../streamedOutput';
import { formatByteSize } from '../../core/format/byteSize';
import { visible, visibleText } from '../../core/format/visibleText';

const USAGE = `usage:
  mlops data versions PATH [--json]
  mlops data status [--json]
  mlops data diff PATH [REV_A] [REV_B] [--json]     (default: HEAD against the workspace)
  mlops data checkout PATH --rev REV [--yes]`;

export const data: CliCommand = {
  summary: 'DVC-tracked data: versions from git, workspace status, diff, checkout a version',
  async run(args, io) {
    const [sub, ...rest] = args;
    switch (sub) {
      case 'versions':
        return versions(rest, io);
      case 'status':
        return status(rest, io);
      case 'diff':
        return diff(rest, io);
      case 'checkout':
        return checkout(rest, io);
      case undefined:
      case '--help':
      case '-h':
        io.out(USAGE);
        return sub ? 0 : 2;
      default:
        throw new UsageError(`unknown subcommand '${sub}'.\n${USAGE}`);
    }
  },
};

function parse(args: string[], options: { json: { type: 'boolean' } }, maxPositionals: number) {
  const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  if (parsed.positionals.length > maxPositionals) throw new UsageError(`too many arguments: ${parsed.positionals.join(' ')}\n${USAGE}`);
  return parsed;
}

async function versions(args: string[], io: CliIO): Promise<ExitCode> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } }, 1);
  const path = positionals[0];
  if (!path) throw new UsageError(`versions needs a PATH.\n${USAGE}`);
  const output = locateOutput(io.cwd, path);
  const list = await listVersions({ projectRoot: output.project.root, pointer: output.pointer, pointerPath: output.pointerPath });
  // Every key always present (null when the pointer has no such field), the shape issue 5 specifies.
  const rows = list.map((v) => ({ commit: v.commit, date: v.date, author: v.author, subject: v.subject, md5: v.md5 ?? null, size: v.size ?? null, nfiles: v.nfiles ?? null }));
  if (values.json) {
    io.out(JSON.stringify({ path: output.path, versions: rows }, null, 2));
    return 0;
  }
  if (rows.length === 0) io.out(visible`${output.path}: no committed versions (the pointer ${output.pointer.file} is not in git history yet).`);
  await printLines(io, rows, (v) => visible`${v.commit.slice(0, 8)}  ${v.date.slice(0, 10)}  ${formatSize(v.size ?? undefined).padStart(9)}  ${v.md5 ?? ''}  ${v.subject}`);
  return 0;
}

async function status(args: string[], io: CliIO): Promise<ExitCode> {
  const { values } = parse(args, { json: { type: 'boolean' } }, 0);
  const workspace = scanWorkspace(findProjectRoot(io.cwd) ?? io.cwd);
  const outputs = workspaceStatus(workspace);
  if (values.json) {
    io.out(JSON.stringify({ outputs, problems: workspace.problems }, null, 2));
    return 0;
  }
  await printLines(io, outputs, (s) => visible`${s.status.padEnd(12)}  ${s.path}` + (s.changes ? `  (+${s.changes.added.length} -${s.changes.removed.length} ~${s.changes.modified.length})` : ''));
  for (const s of outputs) if (s.problem) io.err(visible`${s.path}: ${s.problem}`);
  for (const p of workspace.problems) io.err(visible`${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
  if (outputs.length === 0) io.out('No DVC-tracked outputs found (no *.dvc files or dvc.lock outputs).');
  return 0;
}

async function diff(args: string[], io: CliIO): Promise<ExitCode> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } }, 3);
  const [path, revA = 'HEAD', revB = WORKSPACE] = positionals;
  if (!path) throw new UsageError(`diff needs a PATH.\n${USAGE}`);
  const result = await diffVersions(locateOutput(io.cwd, path), revA, revB);
  if (values.json) {
    io.out(JSON.stringify(result, null, 2));
    return 0;
  }
  io.out(visible`${result.path}: ${result.a.rev} → ${result.b.rev}: ${result.changed ? 'changed' : 'no change'}`);
  io.out(`  md5   ${result.a.md5 ?? '-'} → ${result.b.md5 ?? '-'}`);
  io.out(`  size  ${formatSize(result.a.size)} → ${formatSize(result.b.size)}`);
  if (result.kind === 'directory') {
    for (const [sign, list] of [['+', result.added], ['-', result.removed], ['~', result.modified]] as const) await printLines(io, list, (f) => visible`  ${sign} ${f}`);
    if (result.note) io.out(visible`  ${result.note}`);
  } else if (result.table) {
    io.out(`  rows  ${result.table.rowsA} → ${result.table.rowsB}`);
    if (result.table.columnsAdded.length) io.out(`  columns added    ${result.table.columnsAdded.map(visibleText).join(', ')}`);
    if (result.table.columnsRemoved.length) io.out(`  columns removed  ${result.table.columnsRemoved.map(visibleText).join(', ')}`);
  } else if (result.tableNote) io.out(visible`  ${result.tableNote}`);
  return 0;
}

async function checkout(args: string[], io: CliIO): Promise<ExitCode> {
  const { values, positionals } = parseArgs({ args, options: { rev: { type: 'string' }, yes: { type: 'boolean' } }, allowPositionals: true, strict: true });
  const path = positionals[0];
  if (positionals.length > 1) throw new UsageError(`too many arguments: ${positionals.join(' ')}\n${USAGE}`);
  if (!path || !values.rev) throw new UsageError(`checkout needs PATH and --rev REV.\n${USAGE}`);
  const output = locateOutput(io.cwd, path);
  const question = visible`Replace ${output.path} in the workspace with its version at ${values.rev}? [y/N] `;
  if (!values.yes && !(await confirm(question))) {
    io.err(visible`mlops data checkout: not confirmed; nothing changed. Pass --yes to check out ${output.path} at ${values.rev} without a prompt.`);
    return 2;
  }
  try {
    const result = await checkoutVersion(output, values.rev);
    const written = result.written.length + result.removed.length;
    io.out(
      written === 0
        ? visible`${output.path} already matches ${values.rev} (${result.md5}).`
        : visible`Checked out ${output.path} at ${values.rev} (${result.md5}): ${result.written.length} written, ${result.removed.length} removed, ${result.unchanged} unchanged. ${output.pointer.file} still names the committed version.`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof CheckoutError)) throw error;
    io.err(`mlops data checkout: ${error.message}`);
    return 1;
  }
}


function formatSize(bytes: number | undefined): string {
  return bytes === undefined ? '-' : formatByteSize(bytes);
}
