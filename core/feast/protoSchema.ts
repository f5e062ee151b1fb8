// Feast's registry messages, loaded with protobufjs from the trimmed .proto files in ./proto (their headers name the
// Feast files and version they come from). Run from source the files sit beside this module; bundled, the build
// copies them to dist/feast-proto beside the bundle. Parsed once per process.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import protobuf from 'protobufjs';

const CANDIDATES = [join(__dirname, 'proto'), join(__dirname, 'feast-proto')];
const FILES = ['feast/core/Registry.proto', 'feast/types/Value.proto'];

export interface FeastTypes {
  Registry: protobuf.Type;
  Entity: protobuf.Type;
  DataSource: protobuf.Type;
  FeatureView: protobuf.Type;
  OnDemandFeatureView: protobuf.Type;
  StreamFeatureView: protobuf.Type;
  RequestFeatureView: protobuf.Type;
  FeatureService: protobuf.Type;
  SavedDataset: protobuf.Type;
  Project: protobuf.Type;
  Value: protobuf.Type;
}

let cached: FeastTypes | undefined;

export function feastTypes(): FeastTypes {
  if (cached) return cached;
  const dir = CANDIDATES.find((path) => existsSync(join(path, FILES[0] as string)));
  if (!dir) throw new Error(`Feast's .proto files are missing (looked in ${CANDIDATES.join(' and ')}); run \`npm run build\` first`);
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (target.startsWith('google/') ? target : join(dir, target));
  root.loadSync(FILES, { keepCase: true });
  root.resolveAll();
  const type = (name: string) => root.lookupType(name);
  cached = {
    Registry: type('feast.core.Registry'),
    Entity: type('feast.core.Entity'),
    DataSource: type('feast.core.DataSource'),
    FeatureView: type('feast.core.FeatureView'),
    OnDemandFeatureView: type('feast.core.OnDemandFeatureView'),
    StreamFeatureView: type('feast.core.StreamFeatureView'),
    RequestFeatureView: type('feast.core.RequestFeatureView'),
    FeatureService: type('feast.core.FeatureService'),
    SavedDataset: type('feast.core.SavedDataset'),
    Project: type('feast.core.Project'),
    Value: type('feast.types.Value'),
  };
  return cached;
}
