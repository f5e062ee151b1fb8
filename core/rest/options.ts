// What a connection to an MLflow server takes: credentials and the transport settings MLflow's client reads from the
// environment (mlflow/environment_variables.py, MLflow 2.x/3.x), with MLflow's defaults and its limits
// (mlflow/utils/rest_utils.py `_validate_max_retries`, `_validate_backoff_factor`).

export interface RestCredentials {
  /** Bearer token; wins over username/password. In VS Code it may come from secret storage. */
  token?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  insecureTls?: boolean;
}

export interface RestTransport {
  /**
   * Deadline of one attempt, milliseconds: connecting, the headers and the whole body (MLFLOW_HTTP_REQUEST_TIMEOUT).
   * MLflow applies its timeout to each socket read, so a server dripping a byte at a time never ends; this does.
   */
  timeoutMs?: number;
  /** Retries after the first attempt (MLFLOW_HTTP_REQUEST_MAX_RETRIES). */
  maxRetries?: number;
  /** urllib3's backoff_factor: no wait before the first retry, then factor × 2^(n-1) (MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR). */
  backoffFactorMs?: number;
  /** Up to this much random wait added to each backoff (MLFLOW_HTTP_REQUEST_BACKOFF_JITTER). */
  backoffJitterMs?: number;
  /** A budget for the whole request, retries and waits included: the editor's interactive deadline. */
  totalDeadlineMs?: number;
  /** Larger answers fail with a clear error instead of exhausting memory. */
  maxResponseBytes?: number;
  /** Why the MLFLOW_HTTP_REQUEST_* variables cannot be used; every request fails with it, as MLflow's client does. */
  envError?: string;
}

export type RestOptions = RestCredentials & RestTransport;

export const REST_DEFAULTS = {
  timeoutMs: 120_000,
  maxRetries: 7,
  backoffFactorMs: 2000,
  backoffJitterMs: 1000,
  maxResponseBytes: 256 * 1024 * 1024,
} as const;

/** MLflow refuses max_retries ≥ 10 and backoff_factor ≥ 120 (the defaults of its *_LIMIT variables). */
const MAX_RETRIES_LIMIT = 10;
const BACKOFF_FACTOR_LIMIT_S = 120;

/** The options MLflow's client reads from the environment; values MLflow would refuse become `envError`. */
export function restOptionsFromEnv(env: NodeJS.ProcessEnv): RestOptions {
  const options: RestOptions = {};
  if (env.MLFLOW_TRACKING_TOKEN) options.token = env.MLFLOW_TRACKING_TOKEN;
  if (env.MLFLOW_TRACKING_USERNAME) options.username = env.MLFLOW_TRACKING_USERNAME;
  if (env.MLFLOW_TRACKING_PASSWORD) options.password = env.MLFLOW_TRACKING_PASSWORD;
  if (/^(true|1)$/i.test(env.MLFLOW_TRACKING_INSECURE_TLS ?? '')) options.insecureTls = true;
  try {
    const timeout = envNumber(env, 'MLFLOW_HTTP_REQUEST_TIMEOUT', 'int', (s) => s > 0, 'more than 0 seconds');
    if (timeout !== undefined) options.timeoutMs = timeout * 1000;
    const retries = envNumber(env, 'MLFLOW_HTTP_REQUEST_MAX_RETRIES', 'int', (n) => n >= 0 && n < MAX_RETRIES_LIMIT, `0 to ${MAX_RETRIES_LIMIT - 1}`);
    if (retries !== undefined) options.maxRetries = retries;
    const factor = envNumber(env, 'MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR', 'int', (s) => s >= 0 && s < BACKOFF_FACTOR_LIMIT_S, `0 to ${BACKOFF_FACTOR_LIMIT_S - 1}`);
    if (factor !== undefined) options.backoffFactorMs = factor * 1000;
    const jitter = envNumber(env, 'MLFLOW_HTTP_REQUEST_BACKOFF_JITTER', 'float', (s) => s >= 0, '0 or more');
    if (jitter !== undefined) options.backoffJitterMs = jitter * 1000;
  } catch (error) {
    options.envError = (error as Error).message;
  }
  return options;
}

/** Python's int()/float() of a variable MLflow reads; an empty value means the default, as in MLflow. */
function envNumber(env: NodeJS.ProcessEnv, name: string, type: 'int' | 'float', valid: (n: number) => boolean, range: string): number | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  const text = raw.trim();
  const parsed = (type === 'int' ? /^[+-]?\d+$/ : /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/).test(text) ? Number(text) : Number.NaN;
  if (Number.isNaN(parsed)) throw new Error(`${name}=${raw} is not ${type === 'int' ? 'a whole number' : 'a number'}; MLflow fails on it too. Set it to ${range}, or unset it.`);
  if (!valid(parsed)) throw new Error(`${name}=${raw} is out of range; MLflow refuses it too. Set it to ${range}, or unset it.`);
  return parsed;
}
