// `mlops validate [PATH...] [--format text|json|github]`: the language server's diagnostics in batch.
// Exit 1 when any file has an error, 0 otherwise, 2 for bad usage or unreadable paths.
import { statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { detectFileKind } from '../../core/pipeline/fileKind';
import { formatReport, hasErrorDiagnostics, type ReportFormat } from '../../core/pipeline/report';
import { type FileReport, findSupportedFiles, validateFile } from '../../core/pipeline/validateFiles';
import { ParseCache } from '../../core/pipeline/workspace';
import { type CliCommand, UsageError } from '../command';

const FORMATS: ReportFormat[] = ['text', 'json', 'github'];

export const validateCommand: CliCommand = {
  summary: 'Check dvc.yaml, dvc.lock, *.dvc, MLproject, env files, feature_store.yaml and promotion gates',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      io.out('usage: mlops validate [PATH...] [--format text|json|github]\nA folder checks every supported file in it (default: the current folder).');
      return 0;
    }
    const format = values.format as ReportFormat;
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not '${values.format}'.`);
    const targets = (positionals.length ? positionals : ['.']).map((p) => resolve(io.cwd, p));
    const cache = new ParseCache();
    const reports: FileReport[] = [];
    for (const target of targets) {
      const stat = statSync(target, { throwIfNoEntry: false });
      if (!stat) throw new UsageError(`'${relative(io.cwd, target) || target}' does not exist.`);
      const paths = stat.isDirectory() ? findSupportedFiles(target) : [target];
      for (const path of paths) {
        const kind = detectFileKind(path);
        if (!kind) {
          throw new UsageError(`'${relative(io.cwd, path)}' is not a supported file (dvc.yaml, dvc.lock, *.dvc, params.yaml, MLproject, python_env.yaml, conda.yaml, feature_store.yaml, .mlops/promotion.yaml).`);
        }
        reports.push(validateFile(path, kind, undefined, cache));
      }
    }
    const display = (p: string) => (relative(io.cwd, p) || p).split(sep).join('/');
    io.out(formatReport(reports, format, display));
    return hasErrorDiagnostics(reports) ? 1 : 0;
  },
};
