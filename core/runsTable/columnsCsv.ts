// Runs as CSV with the columns a user names, for terminals and CI (`mlops runs --format csv --columns ...`): `run_id`,
// then each column exactly as given, an MLflow search identifier (`params.lr`, `metrics.val/loss`, `tags.team`,
// `attributes.status`). A metric is its latest value in MLflow's spelling (NaN, Infinity); an absent value is empty.
import { lookup } from '../tracking/search/evaluate';
import { type EntityType, parseOrderBy, SearchSyntaxError } from '../tracking/search/filter';
import type { Run } from '../tracking/store';

export interface CsvColumn {
  /** As the user wrote it: the header. */
  header: string;
  type: EntityType;
  key: string;
}

/** `a,b,c` into columns; throws SearchSyntaxError naming the one MLflow's grammar does not take. */
export function parseCsvColumns(text: string): CsvColumn[] {
  const columns = text
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  if (columns.length === 0) throw new SearchSyntaxError('--columns names no column: give e.g. params.lr,metrics.loss,tags.team');
  return columns.map((header) => {
    const { type, key } = parseOrderBy(header);
    if (type === 'dataset') throw new SearchSyntaxError(`'${header}': datasets are not a column; use params., metrics., tags. or attributes.`);
    return { header, type, key };
  });
}

/** The header row, then one row per run; fields are not yet quoted (core/format/csv does that). */
export function runsCsvRows(runs: readonly Run[], columns: readonly CsvColumn[]): string[][] {
  return [
    ['run_id', ...columns.map((c) => c.header)],
    ...runs.map((run) => [
      run.info.runId,
      ...columns.map((c) => {
        const value = lookup(run, c.type, c.key);
        return value === undefined || value === null ? '' : String(value);
      }),
    ]),
  ];
}
