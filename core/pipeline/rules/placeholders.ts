// Python str.format fields in MLproject commands (EntryPoint.compute_command calls command.format(**params)):
// `{name}`, `{name.attr}`, `{name[0]}`, `{name!r:>10}`; `{{` and `}}` are literal braces.
export interface Placeholder {
  name: string;
  /** Offsets of the whole `{…}` in the command string. */
  start: number;
  end: number;
}

export function commandPlaceholders(command: string): Placeholder[] {
  const out: Placeholder[] = [];
  for (let i = 0; i < command.length; i++) {
    const ch = command[i];
    if (ch === '{' && command[i + 1] === '{') {
      i++;
      continue;
    }
    if (ch !== '{') continue;
    const close = command.indexOf('}', i);
    if (close < 0) break;
    const field = command.slice(i + 1, close);
    const name = /^[^.[!:]*/.exec(field)?.[0] ?? '';
    // `{}` and `{0}` are positional: format(**params) has no positional arguments either.
    out.push({ name: name === '' ? '0' : name, start: i, end: close + 1 });
    i = close;
  }
  return out;
}

/** The closest name by edit distance, if close enough to be a likely typo. */
export function nearestName(name: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** Levenshtein distance, also used to tell a likely typo of a known key. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
