// MLflow's page token for offset paging (SearchUtils.create_page_token / parse_start_offset_from_page_token):
// base64 of the JSON {"offset": n}. Clients treat it as opaque; the file and SQLite stores both use it.
import { SearchSyntaxError } from './filter';

export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64');
}

export function decodePageToken(token: string | undefined): number {
  if (!token) return 0;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(token) || token.length % 4 !== 0) {
    throw new SearchSyntaxError('Invalid page token, could not base64-decode');
  }
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoded);
  } catch {
    throw new SearchSyntaxError(`Invalid page token, decoded value=${decoded}`);
  }
  const offset = (parsed as { offset?: unknown } | null)?.offset;
  if (!offset) throw new SearchSyntaxError(`Invalid page token, parsed value=${decoded}`);
  const value = Number(offset);
  if (!Number.isInteger(value) || value < 0) throw new SearchSyntaxError(`Invalid page token, not stringable ${offset}`);
  return value;
}
