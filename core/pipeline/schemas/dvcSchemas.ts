// JSON schemas for DVC 3 files, written from dvc/schema.py, dvc/output.py, dvc/annotations.py and
// dvc/dependency/__init__.py (voluptuous there). Stage kinds are separate schemas because DVC picks one kind per
// stage and only that kind's errors make sense to the user (see rules/dvcStages.ts).
const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;
const int = { type: 'integer' } as const;
const strList = { type: 'array', items: str } as const;
const anything = {} as const;
const strOrMap = { type: ['string', 'object'] } as const;

/** CHECKSUM_SCHEMA: a hash of at least 3 characters (an int is coerced to text), or empty/null. */
const checksum = { type: ['string', 'integer', 'null'], description: 'a hash value of at least 3 characters' } as const;
const checksums = { md5: checksum, checksum: checksum, etag: checksum } as const;
const meta = { size: int, nfiles: int, isexec: bool, version_id: str } as const;
const annotation = { desc: str, type: str, labels: strList, meta: anything } as const;
const cloud = { type: 'object', maxProperties: 1, additionalProperties: { type: 'object' } } as const;
const dirFile = {
  type: 'object',
  required: ['relpath'],
  properties: { relpath: str, ...checksums, ...meta, cloud },
  additionalProperties: false,
} as const;

/** Flags allowed on a pipeline output (OUT_PSTAGE_DETAILED_SCHEMA). `checkpoint` is accepted but dead in DVC 3. */
const outFlags = { ...annotation, cache: bool, persist: bool, checkpoint: bool, remote: str, push: bool } as const;
const outFlagsSchema = { type: 'object', properties: outFlags, additionalProperties: false } as const;
const plotProps = { template: str, x: str, y: str, x_label: str, y_label: str, title: str, header: bool } as const;
const plotFlagsSchema = {
  type: ['object', 'array'],
  properties: { ...outFlags, ...plotProps },
  additionalProperties: false,
  items: { type: 'object', properties: { ...outFlags, ...plotProps }, additionalProperties: false },
} as const;
/** `- path` or `- path: {flags}` — one key per entry. */
const outEntry = (flags: object) => ({ ...strOrMap, maxProperties: 1, additionalProperties: flags }) as const;

const stageProperties = {
  cmd: { type: ['string', 'array'], items: str },
  wdir: str,
  deps: strList,
  params: {
    type: 'array',
    items: { type: ['string', 'object'], additionalProperties: { type: ['array', 'null'], items: str } },
  },
  vars: { type: 'array', items: strOrMap },
  frozen: bool,
  meta: anything,
  desc: str,
  always_changed: bool,
  outs: { type: 'array', items: outEntry(outFlagsSchema) },
  metrics: { type: 'array', items: outEntry(outFlagsSchema) },
  plots: { type: 'array', items: outEntry(plotFlagsSchema) },
} as const;

export const dvcPlainStageSchema = {
  type: 'object',
  required: ['cmd'],
  properties: stageProperties,
  additionalProperties: false,
} as const;

export const dvcMatrixStageSchema = {
  type: 'object',
  required: ['cmd', 'matrix'],
  properties: {
    ...stageProperties,
    matrix: { type: 'object', additionalProperties: { type: ['string', 'array'] } },
  },
  additionalProperties: false,
} as const;

export const dvcForeachStageSchema = {
  type: 'object',
  required: ['foreach', 'do'],
  properties: { foreach: { type: ['object', 'array', 'string'] }, do: dvcPlainStageSchema },
  additionalProperties: false,
} as const;

const plotDefinition = {
  type: ['object', 'null'],
  properties: {
    x: { type: ['string', 'object'], additionalProperties: str },
    y: { type: ['string', 'array', 'object'], items: str, additionalProperties: { type: ['string', 'array'], items: str } },
    x_label: str,
    y_label: str,
    title: str,
    template: str,
  },
  additionalProperties: false,
} as const;

export const dvcYamlSchema = {
  type: 'object',
  properties: {
    vars: { type: 'array', items: strOrMap },
    stages: { type: ['object', 'null'], additionalProperties: { type: 'object' } },
    params: strList,
    metrics: strList,
    // DVC 3 documents a list; a mapping of plot ids is still accepted by the loader and by dvcyaml-schema.
    plots: {
      type: ['array', 'object'],
      items: { ...strOrMap, additionalProperties: plotDefinition },
      additionalProperties: plotDefinition,
    },
    artifacts: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['path'],
        properties: { path: str, ...annotation },
        additionalProperties: false,
      },
    },
    datasets: anything,
  },
  additionalProperties: false,
} as const;

const dataEntry = {
  type: 'object',
  required: ['path'],
  properties: {
    path: str,
    hash: str,
    ...checksums,
    ...meta,
    cloud,
    files: { type: 'array', items: dirFile },
    dataset: anything,
    url: str,
    name: str,
    type: str,
  },
  additionalProperties: false,
} as const;

export const dvcLockSchema = {
  type: 'object',
  required: ['schema'],
  properties: {
    schema: { const: '2.0' },
    datasets: anything,
    stages: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['cmd'],
        properties: {
          cmd: { type: ['string', 'array'] },
          deps: { type: 'array', items: dataEntry },
          params: { type: 'object', additionalProperties: { type: 'object' } },
          outs: { type: 'array', items: dataEntry },
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;

const artifactFields = { ...checksums, ...meta, path: str, persist: bool, cloud, hash: str } as const;
const repoField = {
  type: 'object',
  required: ['url'],
  properties: { url: str, rev: str, rev_lock: str, config: anything, remote: anything },
  additionalProperties: false,
} as const;

/** A `.dvc` file: SINGLE_STAGE_SCHEMA with output.SCHEMA / dependency.SCHEMA entries. */
export const dvcFileSchema = {
  type: 'object',
  properties: {
    md5: checksum,
    wdir: { type: ['string', 'null'] },
    deps: {
      type: ['array', 'null'],
      items: {
        type: 'object',
        required: ['path'],
        properties: { ...artifactFields, repo: repoField, db: anything, files: { type: 'array', items: dirFile }, fs_config: anything },
        additionalProperties: false,
      },
    },
    outs: {
      type: ['array', 'null'],
      items: {
        type: 'object',
        required: ['path'],
        properties: {
          ...artifactFields,
          ...annotation,
          cache: bool,
          remote: str,
          push: bool,
          files: { type: 'array', items: dirFile },
          fs_config: anything,
        },
        additionalProperties: false,
      },
    },
    locked: bool,
    frozen: bool,
    meta: anything,
    always_changed: bool,
    desc: str,
  },
  additionalProperties: false,
} as const;
