// Output that may be long (every point of a metric, every file of a directory): written in chunks that wait for
// stdout between them, so memory stays flat however many lines there are and a slow pipe holds the writer back.
import type { CliIO } from './command';

/** About 64 KB of text per write: few enough writes to be fast, small enough to keep memory flat. */
const CHUNK_CHARS = 1 << 16;

/** Writes one line per item, batched into chunks, waiting for stdout between chunks. */
export async function printLines<T>(io: CliIO, items: Iterable<T>, format: (item: T) => string = String): Promise<void> {
  let chunk: string[] = [];
  let size = 0;
  for (const item of items) {
    const text = format(item);
    chunk.push(text);
    size += text.length + 1;
    if (size >= CHUNK_CHARS) {
      io.out(chunk.join('\n'));
      chunk = [];
      size = 0;
      await io.drain?.();
    }
  }
  if (chunk.length > 0) io.out(chunk.join('\n'));
}

/**
 * `{"<key>": [items]}` exactly as JSON.stringify(value, null, 2) prints it, one item at a time: a few million items
 * would pass V8's limit on the length of one string.
 */
export async function printJsonList<T>(io: CliIO, key: string, items: readonly T[]): Promise<void> {
  if (items.length === 0) {
    io.out(JSON.stringify({ [key]: [] }, null, 2));
    return;
  }
  io.out(`{\n  ${JSON.stringify(key)}: [`);
  const last = items.length - 1;
  function* elements(): Generator<string> {
    for (let i = 0; i <= last; i++) yield JSON.stringify(items[i], null, 2).replace(/^/gm, '    ') + (i < last ? ',' : '');
  }
  await printLines(io, elements());
  io.out('  ]\n}');
}
