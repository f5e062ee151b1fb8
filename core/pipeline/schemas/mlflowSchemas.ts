// Schemas for MLflow project files (MLflow 2.x/3.x), from mlflow/projects/_project_spec.py (MLproject) and
// mlflow/utils/environment.py (_PythonEnv: python, build_dependencies, dependencies), and conda's own
// environment file keys (conda/env/env.py VALID_KEYS).
/** MLflow releases whose project and environment readers these rules encode (unchanged from 2.0 to 3.x). */
export const MLFLOW_VERSION = 'MLflow 2.x/3.x';

const str = { type: 'string' } as const;
const strList = { type: 'array', items: str } as const;

/** Parameter reads `type` and `default` with .get(); `description` is common and, like any other key, ignored. */
const parameter = {
  type: ['string', 'object'],
  properties: { type: str, default: {}, description: {} },
  additionalProperties: false,
} as const;

export const mlprojectSchema = {
  type: 'object',
  properties: {
    name: { type: ['string', 'number'] },
    python_env: str,
    conda_env: str,
    docker_env: {
      type: 'object',
      properties: {
        image: str,
        volumes: strList,
        environment: { type: 'array', items: { type: ['string', 'array'], items: str } },
        run_params: {},
      },
      additionalProperties: false,
    },
    entry_points: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        // `parameters:` left empty is None, and EntryPoint calls None.items(): MLflow fails to load the project.
        properties: { command: str, parameters: { type: 'object', additionalProperties: parameter } },
        additionalProperties: false,
      },
    },
    databricks_spark_job: {
      type: 'object',
      properties: { python_file: str, parameters: strList, python_libraries: strList },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
} as const;

/** _PythonEnv.from_dict passes the keys as keyword arguments, so an unknown key is a TypeError. */
export const pythonEnvSchema = {
  type: 'object',
  properties: { python: str, build_dependencies: strList, dependencies: strList },
  additionalProperties: false,
} as const;

export const condaEnvSchema = {
  type: 'object',
  properties: {
    name: str,
    channels: strList,
    dependencies: { type: 'array', items: { type: ['string', 'object'], properties: { pip: strList } } },
    prefix: str,
    variables: { type: 'object' },
  },
  additionalProperties: false,
} as const;
