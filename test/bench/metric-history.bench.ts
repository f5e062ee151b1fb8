// A 1M-point metric history turned into a plot-ready series (read, parse, x/y arrays, min/max-per-pixel
// downsampling for a 2000 px wide chart) against parsing alone (issue 3: ratio must be <= 1.3).
// Run: node --import tsx test/bench/metric-history.bench.ts
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { downsampleMinMax, metricSeries } from '../../core/tracking/downsample';
import { FileStore } from '../../core/tracking/file/fileStore';
import { parseMetricFile } from '../../core/tracking/file/metricFile';

const POINTS = 1_000_000;
const PIXELS = 2000;
const root = join(__dirname, '..', '..', 'bench-data', 'metric-history', 'mlruns');
const runDir = join(root, '0', 'big');
const metricPath = join(runDir, 'metrics', 'loss');

// The meta files are rewritten every time: bench data left by an older version may lack fields MLflow requires.
mkdirSync(join(runDir, 'metrics'), { recursive: true });
writeFileSync(join(root, '0', 'meta.yaml'), "artifact_location: file:///tmp/x\nexperiment_id: '0'\nlifecycle_stage: active\nname: Default\n");
writeFileSync(join(runDir, 'meta.yaml'), "end_time: null\nexperiment_id: '0'\nrun_id: big\nstart_time: 1\nstatus: 1\nuser_id: bench\n");
if (!existsSync(metricPath)) {
  const lines: string[] = [];
  for (let step = 0; step < POINTS; step++) {
    const value = step % 250_000 === 1234 ? 'nan' : String(Math.exp(-step / 300_000) + Math.sin(step) * 0.01);
    lines.push(`${1_700_000_000_000 + step * 10} ${value} ${step}`);
  }
  writeFileSync(metricPath, `${lines.join('\n')}\n`);
}

const store = new FileStore(root);

function parseOnly(): number {
  return parseMetricFile('loss', readFileSync(metricPath, 'utf8'), metricPath).history.length;
}

async function plotReady(): Promise<number> {
  const history = await store.getMetricHistory('big', 'loss');
  return downsampleMinMax(metricSeries(history, 'step'), PIXELS).x.length;
}

(async () => {
  const parsed = parseOnly();
  const points = await plotReady();
  if (parsed !== POINTS || points > PIXELS * 4) throw new Error(`unexpected sizes ${parsed} → ${points}`);
  const parse: number[] = [];
  const plot: number[] = [];
  for (let i = 0; i < 7; i++) {
    let t = performance.now();
    parseOnly();
    parse.push(performance.now() - t);
    t = performance.now();
    await plotReady();
    plot.push(performance.now() - t);
  }
  const p = Math.min(...parse);
  const q = Math.min(...plot);
  console.log(
    `metric history ${POINTS} points → ${points} plot points (${PIXELS} px): parse only ${p.toFixed(0)} ms, plot-ready series ${q.toFixed(0)} ms, ratio ${(q / p).toFixed(2)} (target <= 1.3)`,
  );
})();
