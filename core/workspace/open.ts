// The one factory: a workspace location opened into the services it holds, as MLflow maps a URI to its tracking
// and registry stores (mlflow/tracking/_tracking_service/utils.py, mlflow/tracking/_model_registry/utils.py): an
// mlruns folder → FileStore + FileRegistry, a sqlite file → SqliteStore + SqliteRegistry, a server → RestStore +
// RestRegistry over ONE client. The switch on the kind happens here and nowhere else; a new service (traces) is one
// more field of LocationServices and one more entry per kind.
import { FileLoggedModelStore } from '../loggedModels/fileLoggedModels';
import type { LoggedModelStore } from '../loggedModels/loggedModel';
import { RestLoggedModelStore } from '../loggedModels/restLoggedModels';
import { SqliteLoggedModelStore } from '../loggedModels/sqliteLoggedModels';
import { FileRegistry } from '../registry/fileRegistry';
import type { RunMetricsSource } from '../registry/gate';
import type { ModelRegistry } from '../registry/registry';
import { RestRegistry } from '../registry/restRegistry';
import { SqliteRegistry } from '../registry/sqliteRegistry';
import { MlflowRestClient } from '../rest/client';
import { FileStore } from '../tracking/file/fileStore';
import { RestStore } from '../tracking/rest/restStore';
import { SqliteStore } from '../tracking/sqlite/sqliteStore';
import { WandbLoggedModelStore, WandbTraceStore } from '../tracking/wandb/wandbEmptyServices';
import { WandbStore } from '../tracking/wandb/wandbStore';
import { StoreError, type TrackingStore } from '../tracking/store';
import { FileTraceStore } from '../traces/file/fileTraceStore';
import { RestTraceStore } from '../traces/rest/restTraceStore';
import { SqliteTraceStore } from '../traces/sqlite/sqliteTraceStore';
import type { TraceStore } from '../traces/trace';
import type { WorkspaceLocation } from './location';

export interface OpenOptions {
  /** The registry's clock for timestamps it writes (tests pin it). */
  now?: () => number;
}

/** Each service is opened on first use: opening a location does no I/O, so a view can hold many. */
export interface LocationServices {
  readonly location: WorkspaceLocation;
  /** Experiments, runs and metric histories. */
  readonly tracking: TrackingStore;
  readonly registry: ModelRegistry;
  /** The latest metrics of a run, which promotion gates compare (MLflow's run.data.metrics). */
  readonly runMetrics: RunMetricsSource;
  /** MLflow 3 traces (and MLflow 2.x traces where the store has them). */
  readonly traces: TraceStore;
  /** MLflow 3 logged models (`m-…`), with their metrics, params and tags. */
  readonly loggedModels: LoggedModelStore;
  close(): Promise<void>;
}

interface Backend {
  tracking(): TrackingStore;
  registry(): ModelRegistry;
  traces(): TraceStore;
  loggedModels(): LoggedModelStore;
}

export function openLocation(location: WorkspaceLocation, options: OpenOptions = {}): LocationServices {
  return new OpenedLocation(location, backendOf(location, options));
}

function backendOf(location: WorkspaceLocation, options: OpenOptions): Backend {
  const { connection } = location;
  switch (location.kind) {
    case 'file':
      return {
        tracking: () => new FileStore(location.root),
        registry: () => new FileRegistry(location.root, { now: options.now }),
        traces: () => new FileTraceStore(location.root),
        loggedModels: () => new FileLoggedModelStore(location.root),
      };
    case 'sqlite': {
      const busyTimeout = connection.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: connection.busyTimeoutMs };
      return {
        tracking: () => new SqliteStore(location.path, busyTimeout),
        registry: () => new SqliteRegistry(location.path, { now: options.now }),
        traces: () => new SqliteTraceStore(location.path, { ...busyTimeout, workspaceRoot: location.folder }),
        loggedModels: () => new SqliteLoggedModelStore(location.path, busyTimeout),
      };
    }
    case 'rest': {
      const client = new MlflowRestClient(location.baseUrl, connection.rest);
      return {
        tracking: () => new RestStore(client),
        registry: () => new RestRegistry(client),
        traces: () => new RestTraceStore(client),
        loggedModels: () => new RestLoggedModelStore(client),
      };
    }
    case 'wandb':
      // W&B keeps no model registry, MLflow traces or logged models in its run folders.
      return {
        tracking: () => new WandbStore(location.root),
        registry: () => {
          throw new StoreError(`${location.root} is a W&B folder: it has no model registry. Set a registry with --registry-uri or MLFLOW_REGISTRY_URI.`, location.root, 'UNAVAILABLE');
        },
        traces: () => new WandbTraceStore(location.root),
        loggedModels: () => new WandbLoggedModelStore(location.root),
      };
  }
}

class OpenedLocation implements LocationServices {
  private openedTracking: TrackingStore | undefined;
  private openedRegistry: ModelRegistry | undefined;
  private openedTraces: TraceStore | undefined;
  private openedLoggedModels: LoggedModelStore | undefined;

  constructor(
    readonly location: WorkspaceLocation,
    private readonly backend: Backend,
  ) {}

  get tracking(): TrackingStore {
    this.openedTracking ??= this.backend.tracking();
    return this.openedTracking;
  }

  get registry(): ModelRegistry {
    this.openedRegistry ??= this.backend.registry();
    return this.openedRegistry;
  }

  get traces(): TraceStore {
    this.openedTraces ??= this.backend.traces();
    return this.openedTraces;
  }

  get loggedModels(): LoggedModelStore {
    this.openedLoggedModels ??= this.backend.loggedModels();
    return this.openedLoggedModels;
  }

  get runMetrics(): RunMetricsSource {
    return { latestMetrics: (runId) => latestMetrics(this.tracking, runId) };
  }

  async close(): Promise<void> {
    this.openedRegistry?.close();
    await this.openedTracking?.close();
    await this.openedTraces?.close();
    await this.openedLoggedModels?.close();
  }
}

/** A run that is gone has no metrics: the gate then reports each required metric as missing. */
async function latestMetrics(tracking: TrackingStore, runId: string): Promise<Record<string, number>> {
  try {
    const run = await tracking.getRun(runId);
    return Object.fromEntries(run.data.metrics.map((metric) => [metric.key, metric.value]));
  } catch (error) {
    if (error instanceof StoreError && error.code === 'NOT_FOUND') return {};
    throw error;
  }
}
