// Which batches of an axis get a label: as many as fit without two touching. The latest batch (today) is always
// labelled, the first one whenever it fits; between them every `step`-th, with `step` the smallest that leaves a
// label's width between neighbours. Shared by the trend's dates and the heat map's batch numbers.

/**
 * Indices 0 … count-1 to label when neighbours are `spacing` px apart and a label is `labelWidth` px wide; `keep` (the
 * first crossing) is labelled too, displacing the regular labels it would touch, unless it would touch the latest.
 */
export function labelledIndices(count: number, spacing: number, labelWidth: number, keep?: number): number[] {
  if (count <= 0) return [];
  const step = spacing > 0 ? Math.max(1, Math.ceil(labelWidth / spacing)) : count;
  const last = count - 1;
  const shown: number[] = [];
  for (let i = 0; i < last; i += step) shown.push(i);
  // The latest batch displaces the regular labels that would touch it.
  while (shown.length && (last - shown.at(-1)!) * spacing < labelWidth) shown.pop();
  shown.push(last);
  if (keep === undefined || keep < 0 || keep > last || shown.includes(keep)) return shown;
  const clearOfKept = (i: number) => Math.abs(i - keep) * spacing >= labelWidth;
  if (!clearOfKept(last)) return shown;
  return [...shown.filter(clearOfKept), keep].sort((a, b) => a - b);
}

/** A label's width in px for `chars` characters of digits and dashes at `fontPx` (their advance is ≤ 0.64 em), with a gap. */
export function labelWidth(chars: number, fontPx: number, gapPx = 6): number {
  return Math.ceil(chars * fontPx * 0.64) + gapPx;
}
