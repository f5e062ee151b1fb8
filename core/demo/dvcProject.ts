// The demo's DVC project in a real git repository: a dataset changed over several commits, a directory output,
// a four-stage pipeline with its lock file, and a DVC 3 cache holding every version.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DvcCache, type DvcOut, md5 } from './dvcCache';
import { DemoGit } from './gitHistory';
import { DEMO_EPOCH_MS } from './trainingRuns';
import { transactionsCsv } from './transactions';

type WriteFile = (relativePath: string, content: string) => void;

/** Returns the repository, for the commit that adds what the rest of the demo writes beside the project. */
export function writeDvcProject(root: string, seed: number, writeProjectFiles: (write: WriteFile) => void): DemoGit {
  const write: WriteFile = (path, content) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  const cache = new DvcCache(join(root, '.dvc', 'cache'));
  const git = new DemoGit(root, DEMO_EPOCH_MS - 30 * 86_400_000);
  git.init();

  // Stores, caches and outputs a project keeps out of git: MLflow's and W&B's local stores, the Hugging Face cache, the
  // training outputs and Feast's registry and online store.
  write('.gitignore', '/mlflow.db\n/mlruns/\n/wandb/\n/hf-cache/\n/outputs/\n/feature_repo/data/*.db\n/model.pkl\n.ipynb_checkpoints/\n');
  write('.dvc/.gitignore', '/config.local\n/tmp\n/cache\n');
  write('.dvc/config', "[core]\n    remote = storage\n['remote \"storage\"']\n    url = s3://demo-ml-bucket/fraud-detection\n");
  write('.dvcignore', '# Add patterns of files dvc should ignore, which could improve\n# the performance. Learn more at\n# https://dvc.org/doc/user-guide/dvcignore\n');
  write('data/.gitignore', '/train.csv\n/labels\n/prepared\n/features\n');
  writeProjectFiles(write);
  git.commit('Initial project layout');

  const trainVersions: Array<[string, Parameters<typeof transactionsCsv>[1]]> = [
    ['Add raw transactions (5,000 rows)', { rows: 5000, withId: true }],
    ['Refresh transactions: +2,000 rows from January', { rows: 7000, withId: true }],
    ['Add merchant_country column', { rows: 7000, withId: true, withCountry: true }],
    ['Drop duplicated and test transactions', { rows: 6800, withId: true, withCountry: true }],
  ];
  const labelVersions = [labelFiles(4), { ...labelFiles(4), 'batch-02.json': label('batch-02', 'relabelled') }];

  const addTrain = (index: number) => {
    const [subject, options] = trainVersions[index]!;
    const csv = transactionsCsv(seed + index, options);
    write('data/train.csv', csv);
    write('data/train.csv.dvc', pointer(cache.addFile(csv), 'train.csv'));
    git.commit(subject);
  };
  const addLabels = (index: number, subject: string) => {
    rmSync(join(root, 'data', 'labels'), { recursive: true, force: true });
    const files = labelVersions[index]!;
    for (const [name, content] of Object.entries(files)) write(`data/labels/${name}`, content);
    write('data/labels.dvc', pointer(cache.addDirectory(files), 'labels'));
    git.commit(subject);
  };

  addTrain(0);
  addLabels(0, 'Track label batches as a directory');
  addTrain(1);
  addTrain(2);
  // Reformatting a pointer without changing its hash: not a new version of the data.
  const current = transactionsCsv(seed + 2, trainVersions[2]![1]);
  write('data/train.csv.dvc', pointer(cache.addFile(current), 'train.csv', 'Card transactions, one row per authorisation'));
  git.commit('Describe the transactions dataset');
  addTrain(3);
  addLabels(1, 'Relabel batch 02 after fraud-team review');

  writePipeline(write, cache, seed);
  git.commit('Add DVC pipeline: prepare, featurize, train, evaluate');
  write('params.yaml', paramsYaml(300));
  git.commit('Try more estimators');
  return git;
}

function pointer(out: DvcOut, path: string, desc?: string): string {
  const lines = ['outs:', `- md5: ${out.md5}`, `  size: ${out.size}`];
  if (out.nfiles !== undefined) lines.push(`  nfiles: ${out.nfiles}`);
  lines.push('  hash: md5', `  path: ${path}`);
  if (desc) lines.push(`  desc: ${desc}`);
  return `${lines.join('\n')}\n`;
}

function labelFiles(count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 1; i <= count; i++) {
    const name = `batch-${String(i).padStart(2, '0')}`;
    files[`${name}.json`] = label(name, 'initial');
  }
  return files;
}

function label(batch: string, revision: string): string {
  return `${JSON.stringify({ batch, revision, reviewed_by: 'fraud-ops', fraud_ids: [`${batch}-17`, `${batch}-42`] }, null, 2)}\n`;
}

function paramsYaml(nEstimators: number): string {
  return [
    'prepare:',
    '  split: 0.2',
    '  seed: 20260105',
    'featurize:',
    '  max_features: 64',
    '  ngrams: 2',
    'train:',
    '  seed: 20260105',
    `  n_est: ${nEstimators}`,
    '  min_split: 0.01',
    '  learning_rate: 0.05',
    '',
  ].join('\n');
}

const SCRIPTS: Record<string, string> = {
  'src/prepare.py': 'import sys\n\nimport pandas as pd\nimport yaml\n\nparams = yaml.safe_load(open("params.yaml"))["prepare"]\ndf = pd.read_csv(sys.argv[1])\ntest = df.sample(frac=params["split"], random_state=params["seed"])\ndf.drop(test.index).to_csv("data/prepared/train.csv", index=False)\ntest.to_csv("data/prepared/test.csv", index=False)\n',
  'src/featurize.py': 'import sys\n\nimport pandas as pd\n\nfor part in ("train", "test"):\n    df = pd.read_csv(f"{sys.argv[1]}/{part}.csv")\n    pd.get_dummies(df).to_parquet(f"{sys.argv[2]}/{part}.parquet")\n',
  'src/train.py': 'import pickle\nimport sys\n\nimport pandas as pd\nimport yaml\nfrom sklearn.ensemble import GradientBoostingClassifier\n\np = yaml.safe_load(open("params.yaml"))["train"]\ndf = pd.read_parquet(f"{sys.argv[1]}/train.parquet")\nmodel = GradientBoostingClassifier(n_estimators=p["n_est"], learning_rate=p["learning_rate"], random_state=p["seed"])\nmodel.fit(df.drop(columns="is_fraud"), df["is_fraud"])\npickle.dump(model, open(sys.argv[2], "wb"))\n',
  'src/evaluate.py': 'import json\nimport pickle\nimport sys\n\nimport pandas as pd\nfrom sklearn.metrics import accuracy_score, f1_score\n\nmodel = pickle.load(open(sys.argv[1], "rb"))\ndf = pd.read_parquet(f"{sys.argv[2]}/test.parquet")\npred = model.predict(df.drop(columns="is_fraud"))\njson.dump({"accuracy": accuracy_score(df["is_fraud"], pred), "f1_score": f1_score(df["is_fraud"], pred)}, open("eval/metrics.json", "w"))\n',
};

function writePipeline(write: WriteFile, cache: DvcCache, seed: number): void {
  for (const [path, content] of Object.entries(SCRIPTS)) write(path, content);
  write('params.yaml', paramsYaml(200));
  write('dvc.yaml', DVC_YAML);
  const train = transactionsCsv(seed + 3, { rows: 6800, withId: true, withCountry: true });
  const [head, ...rows] = train.trimEnd().split('\n');
  const cut = Math.floor(rows.length * 0.8);
  const prepared = { 'train.csv': `${[head, ...rows.slice(0, cut)].join('\n')}\n`, 'test.csv': `${[head, ...rows.slice(cut)].join('\n')}\n` };
  const features = { 'train.parquet': `PAR1 demo features ${md5(prepared['train.csv'])}\n`, 'test.parquet': `PAR1 demo features ${md5(prepared['test.csv'])}\n` };
  const model = `demo gradient boosting model, seed ${seed}\n`;
  const metrics = `${JSON.stringify({ accuracy: 0.962, f1_score: 0.95 }, null, 4)}\n`;
  for (const [name, content] of Object.entries(prepared)) write(`data/prepared/${name}`, content);
  for (const [name, content] of Object.entries(features)) write(`data/features/${name}`, content);
  write('model.pkl', model);
  write('eval/metrics.json', metrics);
  const entry = (path: string, out: DvcOut) =>
    [`    - path: ${path}`, '      hash: md5', `      md5: ${out.md5}`, `      size: ${out.size}`, ...(out.nfiles !== undefined ? [`      nfiles: ${out.nfiles}`] : [])].join('\n');
  const file = (path: string, content: string) => entry(path, cache.addFile(content));
  const preparedOut = cache.addDirectory(prepared);
  const featuresOut = cache.addDirectory(features);
  const trainCsv = cache.addFile(train);
  const lock = [
    "schema: '2.0'",
    'stages:',
    '  prepare:',
    '    cmd: python src/prepare.py data/train.csv',
    '    deps:',
    entry('data/train.csv', trainCsv),
    file('src/prepare.py', SCRIPTS['src/prepare.py']!),
    '    params:',
    '      params.yaml:',
    '        prepare.seed: 20260105',
    '        prepare.split: 0.2',
    '    outs:',
    entry('data/prepared', preparedOut),
    '  featurize:',
    '    cmd: python src/featurize.py data/prepared data/features',
    '    deps:',
    entry('data/prepared', preparedOut),
    file('src/featurize.py', SCRIPTS['src/featurize.py']!),
    '    params:',
    '      params.yaml:',
    '        featurize.max_features: 64',
    '        featurize.ngrams: 2',
    '    outs:',
    entry('data/features', featuresOut),
    '  train:',
    '    cmd: python src/train.py data/features model.pkl',
    '    deps:',
    entry('data/features', featuresOut),
    file('src/train.py', SCRIPTS['src/train.py']!),
    '    params:',
    '      params.yaml:',
    '        train.learning_rate: 0.05',
    '        train.min_split: 0.01',
    '        train.n_est: 200',
    '        train.seed: 20260105',
    '    outs:',
    file('model.pkl', model),
    '  evaluate:',
    '    cmd: python src/evaluate.py model.pkl data/features',
    '    deps:',
    entry('data/features', featuresOut),
    file('model.pkl', model),
    file('src/evaluate.py', SCRIPTS['src/evaluate.py']!),
    '    outs:',
    file('eval/metrics.json', metrics),
    '',
  ].join('\n');
  write('dvc.lock', lock);
}

const DVC_YAML = `stages:
  prepare:
    cmd: python src/prepare.py data/train.csv
    deps:
    - data/train.csv
    - src/prepare.py
    params:
    - prepare.seed
    - prepare.split
    outs:
    - data/prepared
  featurize:
    cmd: python src/featurize.py data/prepared data/features
    deps:
    - data/prepared
    - src/featurize.py
    params:
    - featurize.max_features
    - featurize.ngrams
    outs:
    - data/features
  train:
    cmd: python src/train.py data/features model.pkl
    deps:
    - data/features
    - src/train.py
    params:
    - train.seed
    - train.n_est
    - train.min_split
    - train.learning_rate
    outs:
    - model.pkl
  evaluate:
    cmd: python src/evaluate.py model.pkl data/features
    deps:
    - data/features
    - model.pkl
    - src/evaluate.py
    outs:
    - eval/metrics.json:
        cache: false
metrics:
- eval/metrics.json
`;
