// The registry behind an MLflow tracking server, over REST API 2.0 (mlflow/store/model_registry/rest_store.py).
// Semantics are the server's; this store only speaks the wire format, through the server location's one client, and
// turns error bodies ({"error_code", "message"}) into RegistryErrors.
import { type HttpMethod, type MlflowRestClient, RestError } from '../rest/client';
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
import { validateAlias, validateAliasNotReserved, validateModelName, validateVersion, validateVersionTag } from './validation';

const PAGE_SIZE = 1000;

export class RestRegistry implements ModelRegistry {
  readonly kind = 'rest';

  constructor(private readonly client: MlflowRestClient) {}

  get baseUrl(): string {
    return this.client.baseUrl;
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
    validateModelName(name);
    validateVersion(version);
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
    validateModelName(name);
    validateAlias(alias);
    validateAliasNotReserved(alias);
    validateVersion(version);
    await this.call('POST', 'registered-models/alias', { name, alias, version });
  }

  async deleteAlias(name: string, alias: string): Promise<void> {
    validateModelName(name);
    validateAlias(alias);
    await this.call('DELETE', 'registered-models/alias', { name, alias });
  }

  async setVersionTag(name: string, version: string, key: string, value: string): Promise<void> {
    validateModelName(name);
    validateVersion(version);
    validateVersionTag(key, value);
    await this.call('POST', 'model-versions/set-tag', { name, version, key, value });
  }

  async deleteVersionTag(name: string, version: string, key: string): Promise<void> {
    validateModelName(name);
    validateVersion(version);
    validateVersionTag(key, null);
    await this.call('DELETE', 'model-versions/delete-tag', { name, version, key });
  }

  /** MLflow's REST API has no batch tag write, so one request per tag. */
  async setVersionTags(name: string, version: string, tags: Record<string, string | null>): Promise<void> {
    validateModelName(name);
    validateVersion(version);
    for (const [key, value] of Object.entries(tags)) validateVersionTag(key, value);
    for (const [key, value] of Object.entries(tags)) {
      if (value === null) await this.deleteVersionTag(name, version, key);
      else await this.setVersionTag(name, version, key, value);
    }
  }

  async updateVersionDescription(name: string, version: string, description: string): Promise<ModelVersion> {
    validateModelName(name);
    validateVersion(version);
    const body = await this.call<{ model_version: WireModelVersion }>('PATCH', 'model-versions/update', { name, version, description });
    return versionFromWire(body.model_version);
  }

  async updateModelDescription(name: string, description: string): Promise<RegisteredModel> {
    validateModelName(name);
    const body = await this.call<{ registered_model: WireRegisteredModel }>('PATCH', 'registered-models/update', { name, description });
    return modelFromWire(body.registered_model);
  }

  /** MLflow's REST API has no transactions: each call inside `work` is its own request, as with MLflow's client. */
  async exclusive<T>(_model: string, work: () => Promise<T>): Promise<T> {
    return work();
  }

  close(): void {}

  private async call<T = unknown>(method: HttpMethod, endpoint: string, params: Record<string, unknown>): Promise<T> {
    try {
      return await this.client.call<T>(method, endpoint, params);
    } catch (error) {
      if (error instanceof RestError) throw new RegistryError(error.message, toErrorCode(error.errorCode));
      throw error;
    }
  }
}

function toErrorCode(code: string | undefined): RegistryErrorCode {
  const known: RegistryErrorCode[] = ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE', 'RESOURCE_ALREADY_EXISTS', 'INVALID_STATE'];
  return known.find((k) => k === code) ?? 'REQUEST_FAILED';
}
