// `mlops validate [PATH...] [--format text|json|github]`: the language server's diagnostics in batch.
// Exit 1 when any file has an error, 0 otherwise, 2 for bad usage or unreadable paths.
// `--as NAME FILE` checks FILE's text as if it were NAME in the working directory (the notebook's `%%mlops validate`
// writes the cell to a temp file): the kind comes from NAME and references resolve beside it.
import { readFileSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { detectFileKind } from '../../core/pipeline/fileKind';
import { formatReport, hasErrorDiagnostics, type ReportFormat } from '../../core/pipeline/report';
import { type FileReport, findSupportedFiles, validateFile } from '../../core/pipeline/validateFiles';
import { diskFiles, type FileSource, ParseCache } from '../../core/pipeline/workspace';
import { type CliCommand, type CliIO, type ExitCode, UsageError } from '../command';

const FORMATS: ReportFormat[] = ['text', 'json', 'github'];
const SUPPORTED = 'dvc.yaml, dvc.lock, *.dvc, params.yaml, MLproject, python_env.yaml, conda.yaml, feature_store.yaml, .mlops/promotion.yaml, a W&B sweep';

export const validateCommand: CliCommand = {
  summary: 'Check dvc.yaml, dvc.lock, *.dvc, MLproject, env files, feature_store.yaml, promotion gates and W&B sweeps',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: 'string', default: 'text' }, as: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      io.out(
        'usage: mlops validate [PATH...] [--format text|json|github]\n       mlops validate --as NAME FILE [--format text|json|github]\n' +
          'A folder checks every supported file in it (default: the current folder).\n--as NAME checks the text of FILE as the file NAME in the current folder (e.g. --as dvc.yaml).',
      );
      return 0;
    }
    const format = values.format as ReportFormat;
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not '${values.format}'.`);
    if (values.as !== undefined) return validateAs(values.as, positionals, format, io);
    const targets = (positionals.length ? positionals : ['.']).map((p) => resolve(io.cwd, p));
    const cache = new ParseCache();
    const reports: FileReport[] = [];
    for (const target of targets) {
      const stat = statSync(target, { throwIfNoEntry: false });
      if (!stat) throw new UsageError(`'${relative(io.cwd, target) || target}' does not exist.`);
      const paths = stat.isDirectory() ? findSupportedFiles(target) : [target];
      for (const path of paths) {
        const kind = detectFileKind(path, diskFiles.readText(path));
        if (!kind) throw new UsageError(`'${relative(io.cwd, path)}' is not a supported file (${SUPPORTED}).`);
        reports.push(validateFile(path, kind, undefined, cache));
      }
    }
    const display = (p: string) => (relative(io.cwd, p) || p).split(sep).join('/');
    io.out(formatReport(reports, format, display));
    return hasErrorDiagnostics(reports) ? 1 : 0;
  },
};

function validateAs(name: string, positionals: string[], format: ReportFormat, io: CliIO): ExitCode {
  const [file] = positionals;
  if (!file || positionals.length !== 1) throw new UsageError('--as NAME takes exactly one FILE holding the text to check.');
  const path = resolve(io.cwd, name);
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, file), 'utf8');
  } catch {
    throw new UsageError(`'${file}' cannot be read.`);
  }
  const kind = detectFileKind(path, text);
  if (!kind) throw new UsageError(`--as '${name}' is not a supported file name (${SUPPORTED}).`);
  const source: FileSource = { readText: (p) => (p === path ? text : diskFiles.readText(p)), exists: (p) => p === path || diskFiles.exists(p) };
  const report = validateFile(path, kind, source);
  io.out(formatReport([report], format, () => name));
  return hasErrorDiagnostics([report]) ? 1 : 0;
}
