// When MLflow's client retries and how long it waits: urllib3's Retry as mlflow/utils/request_utils.py configures it
// (MLflow 2.x/3.x, urllib3 2.x): every method, connection and read errors, and the statuses in
// _TRANSIENT_FAILURE_RESPONSE_CODES; Retry-After honoured on 413, 429 and 503 (MLFLOW_HTTP_RESPECT_RETRY_AFTER_HEADER
// defaults to true).

/** mlflow/utils/request_utils.py `_TRANSIENT_FAILURE_RESPONSE_CODES`. */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);
/** urllib3's Retry.RETRY_AFTER_STATUS_CODES. */
const RETRY_AFTER_STATUSES: ReadonlySet<number> = new Set([413, 429, 503]);
/** urllib3's Retry.DEFAULT_BACKOFF_MAX, which also bounds a server's Retry-After here. */
export const BACKOFF_MAX_MS = 120_000;

/**
 * The wait before retry number `retry` (1-based), as urllib3's get_backoff_time: nothing before the first, then
 * factor × 2^(retry-1) plus up to `jitterMs` at random, never more than two minutes.
 */
export function backoffMs(retry: number, factorMs: number, jitterMs: number, random: () => number = Math.random): number {
  if (retry <= 1) return 0;
  const wait = factorMs * 2 ** (retry - 1) + (jitterMs > 0 ? random() * jitterMs : 0);
  return Math.max(0, Math.min(BACKOFF_MAX_MS, wait));
}

/** A server's Retry-After (seconds or an HTTP date), for the statuses urllib3 reads it on. */
export function retryAfterMs(status: number, header: string | string[] | undefined, now = Date.now()): number | undefined {
  if (!RETRY_AFTER_STATUSES.has(status) || header === undefined) return undefined;
  const value = (Array.isArray(header) ? header[0] : header)?.trim() ?? '';
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) ? Math.max(0, Math.min(BACKOFF_MAX_MS, ms)) : undefined;
}
