// Prometheus's text exposition format 0.0.4 (prometheus/docs exposition_formats.md): one HELP and one TYPE line per
// family, then its samples; label values escape backslash, double quote and line feed; HELP escapes backslash and
// line feed; values are Go floats (NaN, +Inf, -Inf). Families keep the order they were first added in.

export type MetricType = 'gauge' | 'counter' | 'untyped';
export type Labels = Readonly<Record<string, string>>;

interface Family {
  help: string;
  type: MetricType;
  samples: { labels: Labels; value: number }[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function escapeLabelValue(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

function escapeHelp(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('\n', '\\n');
}

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

export class MetricSet {
  private readonly families = new Map<string, Family>();

  /** Adds one sample; the family is declared by its first sample and must keep its type. */
  add(name: string, help: string, labels: Labels, value: number, type: MetricType = 'gauge'): void {
    if (!METRIC_NAME.test(name)) throw new Error(`'${name}' is not a valid Prometheus metric name`);
    for (const key of Object.keys(labels)) {
      if (!LABEL_NAME.test(key) || key.startsWith('__')) throw new Error(`'${key}' is not a valid Prometheus label name`);
    }
    let family = this.families.get(name);
    if (!family) {
      family = { help, type, samples: [] };
      this.families.set(name, family);
    } else if (family.type !== type) {
      throw new Error(`metric ${name} is a ${family.type}; cannot add a ${type} sample`);
    }
    family.samples.push({ labels, value });
  }

  get size(): number {
    return this.families.size;
  }

  render(): string {
    const lines: string[] = [];
    for (const [name, family] of this.families) {
      lines.push(`# HELP ${name} ${escapeHelp(family.help)}`, `# TYPE ${name} ${family.type}`);
      for (const { labels, value } of family.samples) {
        const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
        lines.push(`${name}${pairs.length ? `{${pairs.join(',')}}` : ''} ${formatValue(value)}`);
      }
    }
    return lines.length ? `${lines.join('\n')}\n` : '';
  }
}
