// The flags `mlops drift`, `quality` and `monitor` share: the column mapping and tests, drift.yaml, the output
// (text, JSON, Prometheus to stdout, a file or a Pushgateway) and the CI limits. Flags win over drift.yaml.
import { resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import {
  type ColumnOverride,
  type DriftConfig,
  type DriftOptions,
  isStatTestName,
  loadDriftConfig,
  STAT_TESTS,
  type StatTestName,
} from '../../core/drift';
import { UsageError } from '../command';

export type OutputFormat = 'text' | 'json' | 'prometheus' | 'markdown';

export interface DriftFlags {
  positionals: string[];
  config?: string | undefined;
  format: OutputFormat;
  html?: string | undefined;
  /** Prometheus text written here atomically instead of stdout. */
  out?: string | undefined;
  pushGateway?: string | undefined;
  job?: string | undefined;
  labels: [string, string][];
  failOnShare?: number | undefined;
  failOnCount?: number | undefined;
  threads?: number | undefined;
  options: DriftOptions;
  /** The command's own flags, by name, each occurrence's value ('' for a boolean). */
  extra: Map<string, string[]>;
}

export const DRIFT_FLAGS_HELP = `  --config FILE          drift.yaml with the column mapping, per-column tests, paths and quality tests
  --json                 print JSON (same as --format json)
  --format F             text|json|prometheus (Prometheus text exposition format)|markdown (mlops drift only:
                         a PR comment / $GITHUB_STEP_SUMMARY body)
  --out FILE             with --format prometheus: write FILE atomically (node_exporter's textfile collector)
  --push-gateway URL     with --format prometheus: PUT the metrics to a Pushgateway (needs --job)
  --job NAME  --label K=V  the Pushgateway grouping key (--label repeatable)
  --column NAME          the --stattest/--threshold that follow apply to this column (repeatable)
  --stattest NAME        ${Object.keys(STAT_TESTS).join('|')}
  --threshold T          drift threshold for that test
  --target NAME, --prediction NAME
  --numerical A,B  --categorical A,B  --ignore A,B
  --drift-share X        dataset drift when this share of columns drifts (default 0.5)
  --threads N            worker threads for columns (default: one per core)`;

export function numberFlag(flag: string, text: string | undefined, min: number, max: number): number {
  const value = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`${flag} needs a number from ${min} to ${max}, got '${text ?? ''}'`);
  }
  return value;
}

const list = (text: string | undefined) => (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);

type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

const SHARED: OptionSpecs = {
  help: { type: 'boolean', short: 'h' },
  config: { type: 'string' },
  json: { type: 'boolean' },
  format: { type: 'string' },
  html: { type: 'string' },
  out: { type: 'string' },
  'push-gateway': { type: 'string' },
  job: { type: 'string' },
  label: { type: 'string', multiple: true },
  'fail-on-share': { type: 'string' },
  'fail-on-count': { type: 'string' },
  column: { type: 'string', multiple: true },
  stattest: { type: 'string', multiple: true },
  threshold: { type: 'string', multiple: true },
  target: { type: 'string' },
  prediction: { type: 'string' },
  numerical: { type: 'string' },
  categorical: { type: 'string' },
  ignore: { type: 'string' },
  'drift-share': { type: 'string' },
  threads: { type: 'string' },
};

const OUTPUT_FORMATS: readonly string[] = ['text', 'json', 'prometheus', 'markdown'];
const isOutputFormat = (value: string | undefined): value is OutputFormat => OUTPUT_FORMATS.includes(value ?? '');

function label(text: string | undefined): [string, string] {
  const at = (text ?? '').indexOf('=');
  const name = (text ?? '').slice(0, at);
  if (at <= 0 || !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name)) throw new UsageError(`--label needs NAME=VALUE with a Prometheus label name, got '${text ?? ''}'`);
  return [name, text!.slice(at + 1)];
}

export function parseDriftFlags(args: string[], own: OptionSpecs = {}): DriftFlags | 'help' {
  const { tokens } = parseArgs({ args, allowPositionals: true, tokens: true, options: { ...SHARED, ...own } });
  const flags: DriftFlags = { positionals: [], format: 'text', labels: [], options: {}, extra: new Map() };
  const columns: Record<string, ColumnOverride> = {};
  let column: string | undefined;
  for (const token of tokens) {
    if (token.kind === 'positional') flags.positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const value = token.value;
    if (token.name in own) {
      flags.extra.set(token.name, [...(flags.extra.get(token.name) ?? []), value ?? '']);
      continue;
    }
    switch (token.name) {
      case 'help':
        return 'help';
      case 'config':
        flags.config = value;
        break;
      case 'json':
        flags.format = 'json';
        break;
      case 'format':
        if (!isOutputFormat(value)) throw new UsageError(`--format must be text, json, prometheus or markdown, got '${value ?? ''}'`);
        flags.format = value;
        break;
      case 'html':
        flags.html = value;
        break;
      case 'out':
        flags.out = value;
        break;
      case 'push-gateway':
        flags.pushGateway = value;
        break;
      case 'job':
        flags.job = value;
        break;
      case 'label':
        flags.labels.push(label(value));
        break;
      case 'fail-on-share':
        flags.failOnShare = numberFlag('--fail-on-share', value, 0, 1);
        break;
      case 'fail-on-count':
        flags.failOnCount = numberFlag('--fail-on-count', value, 0, Number.MAX_SAFE_INTEGER);
        break;
      case 'column':
        column = value;
        columns[column!] ??= {};
        break;
      case 'stattest': {
        if (!value || !isStatTestName(value)) {
          throw new UsageError(`--stattest must be one of ${Object.keys(STAT_TESTS).join(', ')}, got '${value ?? ''}'`);
        }
        if (column) columns[column]!.stattest = value as StatTestName;
        else flags.options.stattest = value as StatTestName;
        break;
      }
      case 'threshold': {
        const t = numberFlag('--threshold', value, 0, Number.POSITIVE_INFINITY);
        if (column) columns[column]!.threshold = t;
        else flags.options.threshold = t;
        break;
      }
      case 'target':
        flags.options.target = value;
        break;
      case 'prediction':
        flags.options.prediction = value;
        break;
      case 'numerical':
        flags.options.numerical = list(value);
        break;
      case 'categorical':
        flags.options.categorical = list(value);
        break;
      case 'ignore':
        flags.options.ignored = list(value);
        break;
      case 'drift-share':
        flags.options.driftShare = numberFlag('--drift-share', value, 0, 1);
        break;
      case 'threads':
        flags.threads = numberFlag('--threads', value, 1, 256);
        break;
    }
  }
  if ((flags.out || flags.pushGateway) && flags.format !== 'prometheus') {
    throw new UsageError('--out and --push-gateway go with --format prometheus');
  }
  if (flags.pushGateway && !flags.job) throw new UsageError('--push-gateway needs --job NAME (the Pushgateway grouping key)');
  flags.options.columns = columns;
  return flags;
}

/** drift.yaml under the flags: per-column overrides merge, the flag's field winning. */
export function withConfig(flags: DriftFlags, cwd: string): DriftFlags & { loaded?: DriftConfig | undefined } {
  const loaded = flags.config ? loadDriftConfig(resolve(cwd, flags.config)) : undefined;
  const fromConfig = loaded?.options ?? {};
  const defined = Object.fromEntries(Object.entries(flags.options).filter(([, v]) => v !== undefined));
  const columns: Record<string, ColumnOverride> = { ...fromConfig.columns };
  for (const [name, o] of Object.entries(flags.options.columns ?? {})) {
    columns[name] = { ...columns[name], ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) };
  }
  return {
    ...flags,
    loaded,
    failOnShare: flags.failOnShare ?? loaded?.failOnShare,
    failOnCount: flags.failOnCount ?? loaded?.failOnCount,
    options: { ...fromConfig, ...defined, columns },
  };
}
