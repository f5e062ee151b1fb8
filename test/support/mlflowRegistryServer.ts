// A real HTTP server on 127.0.0.1 that answers MLflow's model-registry REST API 2.0 (the endpoints of
// mlflow/server/handlers.py that RestRegistry uses), backed by a SqliteRegistry over a temp copy of a store.
// Wire format as MLflow's: JSON bodies, GET parameters in the query, errors as {"error_code", "message"} with
// 400/404, page tokens as base64 JSON {"offset": n}.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { latestPerStage, RegistryError } from '../../core/registry/registry';
import { modelToWire, versionToWire } from '../../core/registry/restWire';
import type { SqliteRegistry } from '../../core/registry/sqliteRegistry';
import { runToWire } from '../../core/tracking/rest/wire';
import { SqliteStore } from '../../core/tracking/sqlite/sqliteStore';
import { StoreError } from '../../core/tracking/store';

export interface RegistryServer {
  url: string;
  /** Every request seen, for assertions on the wire (method, path, auth header). */
  requests: Array<{ method: string; path: string; authorization: string | undefined; body: unknown }>;
  close(): Promise<void>;
}

export interface RegistryServerOptions {
  /** When set, requests without `Authorization: <value>` get 401 as a server behind auth would answer. */
  requireAuthorization?: string;
}

type Params = Record<string, unknown>;
type Handler = (params: Params) => Promise<unknown>;

export async function startRegistryServer(registry: SqliteRegistry, options: RegistryServerOptions = {}): Promise<RegistryServer> {
  const requests: RegistryServer['requests'] = [];
  const runs = new SqliteStore(registry.path);
  const routes = buildRoutes(registry, runs);
  const server: Server = createServer((request, response) => {
    void handle(request, response);
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const endpoint = url.pathname.replace(/^\/api\/2\.0\/mlflow\//, '');
    const raw = await readBody(request);
    const body = raw ? (JSON.parse(raw) as Params) : {};
    const params: Params = { ...Object.fromEntries(url.searchParams), ...body };
    requests.push({ method: request.method ?? 'GET', path: url.pathname, authorization: request.headers.authorization, body });
    if (options.requireAuthorization && request.headers.authorization !== options.requireAuthorization) {
      return send(response, 401, { error_code: 'UNAUTHENTICATED', message: 'You are not authenticated.' });
    }
    const handler = routes[`${request.method} ${endpoint}`];
    if (!handler) return send(response, 404, { error_code: 'ENDPOINT_NOT_FOUND', message: `No endpoint ${request.method} ${url.pathname}` });
    try {
      send(response, 200, await handler(params));
    } catch (error) {
      if (error instanceof RegistryError) {
        send(response, error.code === 'RESOURCE_DOES_NOT_EXIST' ? 404 : 400, { error_code: error.code, message: error.message });
      } else {
        send(response, 500, { error_code: 'INTERNAL_ERROR', message: String(error) });
      }
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runs.close();
    },
  };
}

/** `runs` serves runs/get, which a promotion gate reads its metrics from. */
function buildRoutes(registry: SqliteRegistry, runs: SqliteStore): Record<string, Handler> {
  return {
    'GET runs/get': async (p) => {
      try {
        return { run: runToWire(await runs.getRun(text(p, 'run_id'))) };
      } catch (error) {
        if (error instanceof StoreError && error.code === 'NOT_FOUND') throw new RegistryError(error.message, 'RESOURCE_DOES_NOT_EXIST');
        throw error;
      }
    },
    'GET registered-models/search': async (p) => {
      const models = await registry.listModels();
      const page = paginate(models, p);
      const wire = await Promise.all(page.items.map(async (m) => modelToWire(m, latestPerStage(await registry.listVersions(m.name)))));
      return { registered_models: wire, ...(page.next ? { next_page_token: page.next } : {}) };
    },
    'GET registered-models/get': async (p) => {
      const model = await registry.getModel(text(p, 'name'));
      return { registered_model: modelToWire(model, latestPerStage(await registry.listVersions(model.name))) };
    },
    'PATCH registered-models/update': async (p) => ({
      registered_model: modelToWire(await registry.updateModelDescription(text(p, 'name'), text(p, 'description'))),
    }),
    'GET model-versions/search': async (p) => {
      const filter = typeof p.filter === 'string' ? /^name\s*=\s*'((?:[^'\\]|\\.)*)'$/.exec(p.filter.trim()) : null;
      if (typeof p.filter === 'string' && p.filter !== '' && !filter) {
        throw new RegistryError(`Unsupported filter in this test server: ${p.filter}`, 'INVALID_PARAMETER_VALUE');
      }
      const versions = await registry.listVersions(filter ? filter[1]!.replace(/\\'/g, "'") : undefined);
      const page = paginate(versions, p);
      return { model_versions: page.items.map(versionToWire), ...(page.next ? { next_page_token: page.next } : {}) };
    },
    'GET model-versions/get': async (p) => ({ model_version: versionToWire(await registry.getVersion(text(p, 'name'), text(p, 'version'))) }),
    'POST model-versions/transition-stage': async (p) => ({
      model_version: versionToWire(
        await registry.transitionStage(text(p, 'name'), text(p, 'version'), text(p, 'stage'), p.archive_existing_versions === true || p.archive_existing_versions === 'true'),
      ),
    }),
    'PATCH model-versions/update': async (p) => ({
      model_version: versionToWire(await registry.updateVersionDescription(text(p, 'name'), text(p, 'version'), text(p, 'description'))),
    }),
    'POST model-versions/set-tag': async (p) => {
      await registry.setVersionTag(text(p, 'name'), text(p, 'version'), text(p, 'key'), text(p, 'value'));
      return {};
    },
    'DELETE model-versions/delete-tag': async (p) => {
      await registry.deleteVersionTag(text(p, 'name'), text(p, 'version'), text(p, 'key'));
      return {};
    },
    'GET registered-models/alias': async (p) => ({ model_version: versionToWire(await registry.getVersionByAlias(text(p, 'name'), text(p, 'alias'))) }),
    'POST registered-models/alias': async (p) => {
      await registry.setAlias(text(p, 'name'), text(p, 'alias'), text(p, 'version'));
      return {};
    },
    'DELETE registered-models/alias': async (p) => {
      await registry.deleteAlias(text(p, 'name'), text(p, 'alias'));
      return {};
    },
  };
}

function paginate<T>(items: T[], p: Params): { items: T[]; next?: string } {
  const max = p.max_results === undefined ? 100 : Number(p.max_results);
  const offset = typeof p.page_token === 'string' && p.page_token ? (JSON.parse(Buffer.from(p.page_token, 'base64').toString()) as { offset: number }).offset : 0;
  const end = offset + max;
  const next = end < items.length ? Buffer.from(JSON.stringify({ offset: end })).toString('base64') : undefined;
  return next ? { items: items.slice(offset, end), next } : { items: items.slice(offset, end) };
}

function text(p: Params, key: string): string {
  const value = p[key];
  if (value === undefined || value === null) throw new RegistryError(`Missing value for required parameter '${key}'.`, 'INVALID_PARAMETER_VALUE');
  return String(value);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      data += chunk;
    });
    request.on('end', () => resolve(data));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}
