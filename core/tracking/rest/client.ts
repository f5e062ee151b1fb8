// HTTP for MLflow's REST API 2.0 with the behaviour of MLflow's own client (mlflow/utils/rest_utils.py): auth from
// MLFLOW_TRACKING_TOKEN (Bearer) or MLFLOW_TRACKING_USERNAME/PASSWORD (Basic), MLFLOW_TRACKING_INSECURE_TLS,
// a timeout per request, and retries with exponential backoff on 429 and 5xx. node:http(s) rather than global
// fetch because fetch cannot skip TLS verification for one request without undici's Agent.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { StoreError } from '../store';

export interface RestOptions {
  /** Bearer token; wins over username/password. In VS Code it comes from SecretStorage. */
  token?: string;
  username?: string;
  password?: string;
  insecureTls?: boolean;
  /** Per request; MLflow's MLFLOW_HTTP_REQUEST_TIMEOUT defaults to 120 s. */
  timeoutMs?: number;
  /** Retries after the first attempt on 429, 5xx and network errors. */
  maxRetries?: number;
  /** First backoff; doubles each retry. */
  backoffMs?: number;
}

/** The options MLflow's client reads from the environment. */
export function restOptionsFromEnv(env: NodeJS.ProcessEnv): RestOptions {
  const options: RestOptions = {};
  if (env.MLFLOW_TRACKING_TOKEN) options.token = env.MLFLOW_TRACKING_TOKEN;
  if (env.MLFLOW_TRACKING_USERNAME) options.username = env.MLFLOW_TRACKING_USERNAME;
  if (env.MLFLOW_TRACKING_PASSWORD) options.password = env.MLFLOW_TRACKING_PASSWORD;
  if (/^(true|1)$/i.test(env.MLFLOW_TRACKING_INSECURE_TLS ?? '')) options.insecureTls = true;
  const timeout = Number(env.MLFLOW_HTTP_REQUEST_TIMEOUT);
  if (Number.isFinite(timeout) && timeout > 0) options.timeoutMs = timeout * 1000;
  const retries = Number(env.MLFLOW_HTTP_REQUEST_MAX_RETRIES);
  if (Number.isInteger(retries) && retries >= 0) options.maxRetries = retries;
  return options;
}

interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export class MlflowRestClient {
  constructor(
    readonly baseUrl: string,
    private readonly options: RestOptions = {},
  ) {}

  get<T>(endpoint: string, query: Record<string, string | number | undefined>): Promise<T> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    return this.call<T>('GET', `${endpoint}?${params}`);
  }

  post<T>(endpoint: string, body: unknown): Promise<T> {
    return this.call<T>('POST', endpoint, JSON.stringify(body));
  }

  private async call<T>(method: string, endpoint: string, body?: string): Promise<T> {
    const url = `${this.baseUrl}/api/2.0/mlflow/${endpoint}`;
    const retries = this.options.maxRetries ?? 5;
    let backoff = this.options.backoffMs ?? 500;
    for (let attempt = 0; ; attempt++) {
      let response: HttpResponse;
      try {
        response = await this.send(method, url, body);
      } catch (error) {
        if (attempt < retries) {
          await sleep(backoff);
          backoff *= 2;
          continue;
        }
        const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        throw new StoreError(
          `Cannot reach the MLflow tracking server at ${url} (${reason}). Check that the server runs and the tracking URI is right.`,
          url,
          'UNAVAILABLE',
        );
      }
      if ((response.status === 429 || response.status >= 500) && attempt < retries) {
        await sleep(retryAfterMs(response) ?? backoff);
        backoff *= 2;
        continue;
      }
      if (response.status >= 200 && response.status < 300) return parseJson<T>(response.body, url);
      throw responseError(response, url, this.baseUrl);
    }
  }

  private send(method: string, url: string, body: string | undefined): Promise<HttpResponse> {
    const target = new URL(url);
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'mlops-workbench' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const auth = this.authorization();
    if (auth) headers.Authorization = auth;
    const timeoutMs = this.options.timeoutMs ?? 120_000;
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        target,
        { method, headers, timeout: timeoutMs, rejectUnauthorized: !this.options.insecureTls },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
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

function responseError(response: HttpResponse, url: string, baseUrl: string): StoreError {
  const { error_code: code, message } = parseErrorBody(response.body);
  const detail = message ? `: ${message}` : '';
  switch (response.status) {
    case 401:
      return new StoreError(
        `${url} answered 401 Unauthorized${detail}. Set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (in VS Code: the set-credentials command).`,
        url,
        'AUTH',
      );
    case 403:
      return new StoreError(
        `${url} answered 403 Forbidden${detail}. The credentials are valid but lack permission for this experiment or run.`,
        url,
        'AUTH',
      );
    case 404:
      if (code === 'RESOURCE_DOES_NOT_EXIST') return new StoreError(`${message} (${url})`, url, 'NOT_FOUND');
      return new StoreError(
        `${url} answered 404 Not Found. Is ${baseUrl} an MLflow tracking server (REST API 2.0)? Check the tracking URI.`,
        url,
        'NOT_FOUND',
      );
    case 400:
      return new StoreError(`${message ?? 'Bad request'} (${url})`, url, 'INVALID_PARAMETER');
    default:
      return new StoreError(`${url} answered HTTP ${response.status}${detail}. Try again later or check the server log.`, url);
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
    throw new StoreError(`${url} answered with something that is not JSON; is it an MLflow tracking server?`, url, 'CORRUPT');
  }
}

/** Retry-After in seconds, capped so a misbehaving server cannot stall the editor. */
function retryAfterMs(response: HttpResponse): number | undefined {
  const header = response.headers['retry-after'];
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, 30_000) : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
