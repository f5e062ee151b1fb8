// The registry behind an MLflow tracking server, over REST API 2.0 (mlflow/store/model_registry/rest_store.py).
// Semantics are the server's; this client only speaks the wire format and turns error bodies
// ({"error_code", "message"}) into RegistryErrors.
import {
  aliasNotFound,
  compareVersions,
  type ModelRegistry,
  type ModelVersion,
  type RegisteredModel,
  RegistryError,
  type RegistryErrorCode,
} from './registry';
import { modelFromWire, versionFromWire, type WireModelVersion, type WireRegisteredModel } from './restWire';
import { checkTransition } from './stages';
import { validateAlias, validateVersion } from './validation';

/** The same credentials MLflow's client reads from MLFLOW_TRACKING_TOKEN / _USERNAME / _PASSWORD. */
export interface RestAuth {
  token?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
}

export interface RestRegistryOptions extends RestAuth {
  fetch?: typeof fetch;
  /** Per-request limit, milliseconds. */
  timeoutMs?: number;
}

/** Credentials from the environment, as MLflow's `rest_utils` takes them. */
export function restAuthFromEnv(env: NodeJS.ProcessEnv): RestAuth {
  return {
    token: env.MLFLOW_TRACKING_TOKEN || undefined,
    username: env.MLFLOW_TRACKING_USERNAME || undefined,
    password: env.MLFLOW_TRACKING_PASSWORD || undefined,
  };
}

/** Bearer token first, else HTTP Basic, as MLflow's rest_utils builds the header. */
export function authHeaders(auth: RestAuth): Record<string, string> {
  if (auth.token) return { Authorization: `Bearer ${auth.token}` };
  if (auth.username !== undefined && auth.password !== undefined) {
    return { Authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` };
  }
  return {};
}

const PAGE_SIZE = 1000;

export class RestRegistry implements ModelRegistry {
  readonly kind = 'rest';
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(
    readonly baseUrl: string,
    private readonly options: RestRegistryOptions = {},
  ) {
    this.fetchImpl = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async listModels(): Promise<RegisteredModel[]> {
    const models: RegisteredModel[] = [];
    let token: string | undefined;
    do {
      const page = await this.call<{ registered_models?: WireRegisteredModel[]; next_page_token?: string }>(
        'GET',
        'registered-models/search',
        { max_results: String(PAGE_SIZE), ...(token ? { page_token: token } : {}) },
      );
      models.push(...(page.registered_models ?? []).map(modelFromWire));
      token = page.next_page_token || undefined;
    } while (token);
    return models.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async getModel(name: string): Promise<RegisteredModel> {
    const body = await this.call<{ registered_model: WireRegisteredModel }>('GET', 'registered-models/get', { name });
    return modelFromWire(body.registered_model);
  }

  async listVersions(name?: string): Promise<ModelVersion[]> {
    const versions: ModelVersion[] = [];
    let token: string | undefined;
    do {
      const query: Record<string, string> = { max_results: String(PAGE_SIZE) };
      if (name !== undefined) query.filter = `name='${name.replace(/'/g, "\\'")}'`;
      if (token) query.page_token = token;
      const page = await this.call<{ model_versions?: WireModelVersion[]; next_page_token?: string }>('GET', 'model-versions/search', query);
      versions.push(...(page.model_versions ?? []).map((v) => versionFromWire(v)));
      token = page.next_page_token || undefined;
    } while (token);
    return versions.filter((v) => v.stage !== ('Deleted_Internal' as string)).sort(compareVersions);
  }

  async getVersion(name: string, version: string): Promise<ModelVersion> {
    validateVersion(version);
    const body = await this.call<{ model_version: WireModelVersion }>('GET', 'model-versions/get', { name, version });
    return versionFromWire(body.model_version);
  }

  async getVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    validateAlias(alias);
    try {
      const body = await this.call<{ model_version: WireModelVersion }>('GET', 'registered-models/alias', { name, alias });
      return versionFromWire(body.model_version);
    } catch (error) {
      if (error instanceof RegistryError && error.code === 'INVALID_PARAMETER_VALUE') throw aliasNotFound(alias);
      throw error;
    }
  }

  async transitionStage(name: string, version: string, stage: string, archiveExisting: boolean): Promise<ModelVersion> {
    // Checked here too, so the message is MLflow's even if the server is another implementation.
    checkTransition(stage, archiveExisting);
    const body = await this.call<{ model_version: WireModelVersion }>('POST', 'model-versions/transition-stage', {
      name,
      version,
      stage,
      archive_existing_versions: archiveExisting,
    });
    return versionFromWire(body.model_version);
  }

  async setAlias(name: string, alias: string, version: string): Promise<void> {
    validateAlias(alias);
    await this.call('POST', 'registered-models/alias', { name, alias, version });
  }

  async deleteAlias(name: string, alias: string): Promise<void> {
    validateAlias(alias);
    await this.call('DELETE', 'registered-models/alias', { name, alias });
  }

  async setVersionTag(name: string, version: string, key: string, value: string): Promise<void> {
    await this.call('POST', 'model-versions/set-tag', { name, version, key, value });
  }

  async deleteVersionTag(name: string, version: string, key: string): Promise<void> {
    await this.call('DELETE', 'model-versions/delete-tag', { name, version, key });
  }

  /** MLflow's REST API has no batch tag write, so one request per tag. */
  async setVersionTags(name: string, version: string, tags: Record<string, string | null>): Promise<void> {
    for (const [key, value] of Object.entries(tags)) {
      if (value === null) await this.deleteVersionTag(name, version, key);
      else await this.setVersionTag(name, version, key, value);
    }
  }

  async updateVersionDescription(name: string, version: string, description: string): Promise<ModelVersion> {
    const body = await this.call<{ model_version: WireModelVersion }>('PATCH', 'model-versions/update', { name, version, description });
    return versionFromWire(body.model_version);
  }

  async updateModelDescription(name: string, description: string): Promise<RegisteredModel> {
    const body = await this.call<{ registered_model: WireRegisteredModel }>('PATCH', 'registered-models/update', { name, description });
    return modelFromWire(body.registered_model);
  }

  close(): void {}

  /** GET sends parameters in the query string; other methods as a JSON body, as MLflow's call_endpoint does. */
  private async call<T = unknown>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', endpoint: string, params: Record<string, unknown>): Promise<T> {
    let url = `${this.baseUrl}/api/2.0/mlflow/${endpoint}`;
    const headers: Record<string, string> = authHeaders(this.options);
    let body: string | undefined;
    if (method === 'GET') {
      url += `?${new URLSearchParams(params as Record<string, string>).toString()}`;
    } else {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(params);
    }
    let response: Response;
    try {
      response = await this.fetchImpl(url, { method, headers, body, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw new RegistryError(`Cannot reach the MLflow server at ${this.baseUrl} (${(error as Error).message}). Check the URI and that the server is running.`, 'REQUEST_FAILED');
    }
    const text = await response.text();
    const parsed = parseJson(text);
    if (!response.ok) {
      const wireError = parsed as { error_code?: string; message?: string } | undefined;
      const hint = response.status === 401 || response.status === 403 ? ' Set MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/PASSWORD.' : '';
      throw new RegistryError(
        `${method} ${endpoint} failed with HTTP ${response.status}: ${wireError?.message ?? text.slice(0, 200)}${hint}`,
        toErrorCode(wireError?.error_code),
      );
    }
    if (parsed === undefined) throw new RegistryError(`${method} ${endpoint}: the server answered with non-JSON: ${text.slice(0, 200)}`, 'REQUEST_FAILED');
    return parsed as T;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toErrorCode(code: string | undefined): RegistryErrorCode {
  const known: RegistryErrorCode[] = ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE', 'RESOURCE_ALREADY_EXISTS', 'INVALID_STATE'];
  return known.find((k) => k === code) ?? 'REQUEST_FAILED';
}
