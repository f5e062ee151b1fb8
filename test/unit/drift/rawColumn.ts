// Builds in-memory columns the way the readers produce them, for tests that start from plain arrays.
import type { RawColumn } from '../../../core/drift/columns';

export type Cell = number | string | null;

export function rawColumn(cells: Cell[], dtype: 'int' | 'float' | 'object'): RawColumn {
  if (dtype === 'object') {
    const dictionary: string[] = [];
    const index = new Map<string, number>();
    const codes = Int32Array.from(cells, (c) => {
      if (c === null) return -1;
      const key = String(c);
      if (!index.has(key)) {
        index.set(key, dictionary.length);
        dictionary.push(key);
      }
      return index.get(key)!;
    });
    return { kind: 'categorical', codes, dictionary };
  }
  const values = Float64Array.from(cells, (c) => (c === null ? Number.NaN : Number(c)));
  return { kind: 'numeric', values, integer: dtype === 'int' };
}
