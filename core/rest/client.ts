// The one HTTP client for MLflow's REST API 2.0, shared by every service a server location opens into (tracking,
// registry, and next traces), behaving as MLflow's own client (mlflow/utils/rest_utils.py): Bearer or Basic auth,
// MLFLOW_TRACKING_INSECURE_TLS, retries and backoff as urllib3's Retry under MLflow (retry.ts). Unlike MLflow, every
// attempt has a TOTAL deadline (connect, headers and whole body), the whole request may have a budget (the editor's),
// and answers are capped in size. GET sends its parameters in the query string, every other method a JSON body, as
// MLflow's call_endpoint does. node:http(s) rather than global fetch because fetch cannot skip TLS verification for
// one request without undici's Agent.
import { type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { StoreError } from '../tracking/store';
import { REST_DEFAULTS, type RestOptions } from './options';
import { backoffMs, RETRY_STATUSES, retryAfterMs } from './retry';

export { type RestCredentials, type RestOptions, type RestTransport, restOptionsFromEnv } from './options';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** MLflow serves runs and the registry under api/2.0, traces under api/3.0, and its UI's downloads under ajax-api. */
export type ApiPrefix = 'api/2.0' | 'api/3.0' | 'ajax-api/2.0' | 'ajax-api/3.0';

/** A request the server refused or could not answer; `errorCode` is MLflow's error_code from the body, if any. */
export class RestError extends StoreError {
  override name = 'RestError';
  constructor(
    message: string,
    url: string,
    code: StoreError['code'],
    readonly status?: number,
    readonly errorCode?: string,
  ) {
    super(message, url, code);
  }
}

interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Why one attempt got no answer: the network, the attempt's deadline, or an answer over the size cap. */
class AttemptFailure extends Error {
  constructor(
    message: string,
    readonly kind: 'network' | 'deadline' | 'too-large',
  ) {
    super(message);
  }
}

export class MlflowRestClient {
  private readonly transport: Required<Pick<RestOptions, keyof typeof REST_DEFAULTS>>;

  constructor(
    readonly baseUrl: string,
    private readonly options: RestOptions = {},
  ) {
    this.transport = { ...REST_DEFAULTS, ...definedOnly(options) };
  }

  get<T>(endpoint: string, query: Record<string, unknown>, api: ApiPrefix = 'api/2.0'): Promise<T> {
    return this.call<T>('GET', endpoint, query, api);
  }

  post<T>(endpoint: string, body: Record<string, unknown>, api: ApiPrefix = 'api/2.0'): Promise<T> {
    return this.call<T>('POST', endpoint, body, api);
  }

  call<T>(method: HttpMethod, endpoint: string, params: Record<string, unknown>, api: ApiPrefix = 'api/2.0'): Promise<T> {
    const url = `${this.baseUrl}/${api}/mlflow/${endpoint}`;
    if (method !== 'GET') return this.send(method, url, JSON.stringify(params)).then((text) => parseJson<T>(text, url));
    return this.send(method, withQuery(url, params)).then((text) => parseJson<T>(text, url));
  }

  /**
   * A GET whose body the caller parses itself: trace data holds nanosecond integers that JSON.parse would round, so
   * it must see the text.
   */
  getText(endpoint: string, query: Record<string, unknown>, api: ApiPrefix): Promise<string> {
    return this.send('GET', withQuery(`${this.baseUrl}/${api}/mlflow/${endpoint}`, query));
  }

  private async send(method: HttpMethod, url: string, body?: string): Promise<string> {
    if (this.options.envError) throw new RestError(this.options.envError, url, 'INVALID_PARAMETER');
    const { timeoutMs, maxRetries, backoffFactorMs, backoffJitterMs } = this.transport;
    const budget = this.options.totalDeadlineMs;
    const started = performance.now();
    const left = () => (budget === undefined ? Number.POSITIVE_INFINITY : budget - (performance.now() - started));
    for (let attempt = 1; ; attempt++) {
      const deadlineMs = Math.min(timeoutMs, left());
      const outcome = await this.attempt(method, url, body, deadlineMs).catch((error: Error) => error);
      if (!(outcome instanceof Error) && !RETRY_STATUSES.has(outcome.status)) {
        if (outcome.status >= 200 && outcome.status < 300) return outcome.body;
        throw responseError(outcome, url, this.baseUrl);
      }
      const retryable = !(outcome instanceof AttemptFailure && outcome.kind === 'too-large');
      const wait = outcome instanceof Error ? backoffMs(attempt, backoffFactorMs, backoffJitterMs) : (retryAfterMs(outcome.status, outcome.headers['retry-after']) ?? backoffMs(attempt, backoffFactorMs, backoffJitterMs));
      if (!retryable || attempt > maxRetries || wait >= left()) {
        throw this.giveUp(outcome, url, attempt, budget !== undefined && (deadlineMs < timeoutMs || wait >= left()));
      }
      await sleep(wait);
    }
  }

  /** The error after the last attempt; `outOfBudget` when the request's budget, not the retries, ended it. */
  private giveUp(outcome: HttpResponse | Error, url: string, attempts: number, outOfBudget: boolean): RestError {
    const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
    if (!(outcome instanceof Error)) return responseError(outcome, url, this.baseUrl, tries);
    if (outcome instanceof AttemptFailure && outcome.kind === 'too-large') return new RestError(outcome.message, url, 'TOO_LARGE');
    if (outcome instanceof AttemptFailure && outcome.kind === 'deadline' && outOfBudget) {
      const budget = formatDuration(this.options.totalDeadlineMs ?? 0);
      return new RestError(`${this.baseUrl} is not answering: no complete answer to ${url} within ${budget} (${tries}). Check that the server runs, then refresh.`, url, 'TIMEOUT');
    }
    if (outcome instanceof AttemptFailure && outcome.kind === 'deadline') {
      return new RestError(
        `${url} sent no complete answer within ${formatDuration(this.transport.timeoutMs)} (${tries}). Check that the server runs; for a slow server raise MLFLOW_HTTP_REQUEST_TIMEOUT.`,
        url,
        'TIMEOUT',
      );
    }
    const reason = (outcome as NodeJS.ErrnoException).code ?? outcome.message;
    return new RestError(`Cannot reach the MLflow tracking server at ${url} (${reason}, ${tries}). Check that the server runs and the tracking URI is right.`, url, 'UNAVAILABLE');
  }

  /** One request with a deadline over all of it and a cap on the body. */
  private attempt(method: HttpMethod, url: string, body: string | undefined, deadlineMs: number): Promise<HttpResponse> {
    const target = new URL(url);
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'mlops-workbench' };
    // An explicit length: Node sends DELETE bodies (MLflow's delete-tag, alias delete) unframed otherwise.
    if (body !== undefined) Object.assign(headers, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
    const auth = this.authorization();
    if (auth) headers.Authorization = auth;
    const limit = this.transport.maxResponseBytes;
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      // Settled once: a failure we detect rejects first, then tears the request down.
      const fail = (failure: AttemptFailure) => {
        reject(failure);
        req.destroy();
      };
      const req = send(target, { method, headers, rejectUnauthorized: !this.options.insecureTls }, (res) => {
        const tooLarge = () => new AttemptFailure(`${url} answered more than ${formatBytes(limit)}, the most read from a server. Ask for fewer results (a smaller page or a narrower filter).`, 'too-large');
        if (Number(res.headers['content-length'] ?? 0) > limit) return fail(tooLarge());
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limit) fail(tooLarge());
          else chunks.push(chunk);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (error) => reject(networkFailure(error)));
      });
      const timer = setTimeout(() => fail(new AttemptFailure(`no complete answer within ${deadlineMs} ms`, 'deadline')), Math.max(0, deadlineMs));
      req.on('close', () => clearTimeout(timer));
      req.on('error', (error) => reject(networkFailure(error)));
      req.end(body);
    });
  }

  private authorization(): string | undefined {
    if (this.options.token) return `Bearer ${this.options.token}`;
    if (this.options.username !== undefined && this.options.password !== undefined) {
      return `Basic ${Buffer.from(`${this.options.username}:${this.options.password}`).toString('base64')}`;
    }
    return undefined;
  }
}

function networkFailure(error: Error): AttemptFailure {
  return Object.assign(new AttemptFailure(error.message, 'network'), { code: (error as NodeJS.ErrnoException).code });
}

function responseError(response: HttpResponse, url: string, baseUrl: string, tries?: string): RestError {
  const { error_code: code, message } = parseErrorBody(response.body);
  const detail = message ? `: ${message}` : '';
  const error = (text: string, kind: StoreError['code'] = 'UNAVAILABLE') => new RestError(text, url, kind, response.status, code);
  switch (response.status) {
    case 401:
      return error(
        `${url} answered 401 Unauthorized${detail}. Set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (in VS Code: the set-credentials command).`,
        'AUTH',
      );
    case 403:
      return error(`${url} answered 403 Forbidden${detail}. The credentials are valid but lack permission for this experiment or run.`, 'AUTH');
    case 404:
      if (code === 'RESOURCE_DOES_NOT_EXIST') return error(`${message} (${url})`, 'NOT_FOUND');
      return error(`${url} answered 404 Not Found. Is ${baseUrl} an MLflow tracking server (REST API 2.0)? Check the tracking URI.`, 'NOT_FOUND');
    case 400:
      return error(`${message ?? 'Bad request'} (${url})`, 'INVALID_PARAMETER');
    default:
      return error(`${url} answered HTTP ${response.status}${detail}${tries ? ` (${tries})` : ''}. Try again later or check the server log.`);
  }
}

function parseErrorBody(body: string): { error_code?: string; message?: string } {
  try {
    const parsed = JSON.parse(body) as { error_code?: string; message?: string };
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}

function parseJson<T>(body: string, url: string): T {
  try {
    return (body.trim() === '' ? {} : JSON.parse(body)) as T;
  } catch {
    throw new RestError(`${url} answered with something that is not JSON; is it an MLflow tracking server?`, url, 'CORRUPT');
  }
}

function definedOnly(options: RestOptions): Partial<typeof REST_DEFAULTS> {
  return Object.fromEntries(Object.entries(options).filter(([key, value]) => key in REST_DEFAULTS && value !== undefined));
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 100) / 10} s`;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MiB` : `${bytes} bytes`;
}

function withQuery(url: string, params: Record<string, unknown>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) query.set(key, String(value));
  return `${url}?${query}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
