// Where `--format prometheus` goes: stdout, a file written atomically (temp file + rename, so node_exporter's
// textfile collector never reads half a file), and/or a Pushgateway.
import { renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type MetricSet, PushError, pushGatewayUrl, pushMetrics } from '../../core/prometheus';
import type { CliIO } from '../command';
import type { DriftFlags } from './driftFlags';

export function writeAtomic(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

/** Prints, writes or pushes the metrics; false (after saying why) when the push failed. */
export async function emitMetrics(
  io: CliIO,
  metrics: MetricSet,
  flags: Pick<DriftFlags, 'out' | 'pushGateway' | 'job' | 'labels'>,
): Promise<boolean> {
  const text = metrics.render();
  if (flags.out) writeAtomic(resolve(io.cwd, flags.out), text);
  if (!flags.out && !flags.pushGateway) io.out(text.trimEnd());
  if (!flags.pushGateway) return true;
  try {
    await pushMetrics(pushGatewayUrl(flags.pushGateway, flags.job!, flags.labels), text);
    return true;
  } catch (error) {
    if (!(error instanceof PushError)) throw error;
    io.err(`mlops: push failed: ${error.message}`);
    return false;
  }
}
