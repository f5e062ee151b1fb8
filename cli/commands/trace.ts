// `mlops trace TRACE_ID`: one trace with every span, as MLflow's REST v3 get-trace JSON ({"trace": {"trace_info",
// "data": {"spans"}}}, span ids as 16 hex digits, attributes decoded) or as an indented span tree.
import { parseArgs } from 'node:util';
import { visibleText } from '../../core/format/visibleText';
import { spanDetail, traceTokenUsage } from '../../core/traces/spanContent';
import { buildSpanTree, errorOrigins, firstError, slowestSpan, spanTypeAt } from '../../core/traces/spanTree';
import type { Trace } from '../../core/traces/trace';
import { formatSpanDuration, summarizeTrace } from '../../core/traces/tracePresentation';
import { assessmentToWire, spanToWire, traceInfoToWire } from '../../core/traces/traceWire';
import { type CliCommand, type CliIO, UsageError } from '../command';
import { formatTime } from '../table';
import { printLines } from '../streamedOutput';
import { finishServices, openServices } from './trackingFlags';

const HELP = `usage: mlops trace TRACE_ID [--tracking-uri URI] [--json]

Shows one trace: its info, assessments and every span as a tree with types, durations and errors.
--json prints {"trace": {"trace_info": {...}, "data": {"spans": [...]}}} in MLflow's REST v3 shape.
Exits 1 when the spans cannot be read from this store (the reason is printed).`;

export const traceCommand: CliCommand = {
  summary: 'show one MLflow trace with its span tree',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        'tracking-uri': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const [traceId, ...extra] = positionals;
    if (!traceId || extra.length > 0) throw new UsageError('mlops trace takes one TRACE_ID (e.g. tr-0123…); see mlops trace --help.');
    const services = openServices(values['tracking-uri'], io);
    try {
      const trace = await services.traces.getTrace(traceId);
      if (values.json) {
        const spans = trace.data.kind === 'spans' ? trace.data.spans.map(spanToWire) : [];
        const info = { ...traceInfoToWire(trace.info), assessments: trace.assessments.map((a) => assessmentToWire(a, trace.info.traceId)) };
        io.out(JSON.stringify({ trace: { trace_info: info, data: { spans } } }, null, 2));
      } else {
        await printTrace(io, trace);
      }
      if (trace.data.kind === 'unavailable') {
        io.err(visibleText(trace.data.reason));
        return 1;
      }
      return 0;
    } finally {
      await finishServices(services, io, [services.traces]);
    }
  },
};

async function printTrace(io: CliIO, trace: Trace): Promise<void> {
  const summary = summarizeTrace(trace.info, 200);
  const tokens = traceTokenUsage(trace.info);
  const header = [
    `trace     ${summary.traceId}`,
    `name      ${summary.name}`,
    `state     ${summary.state}`,
    `started   ${formatTime(summary.requestTime)}`,
    `latency   ${summary.latency || 'in progress'}`,
  ];
  if (tokens) header.push(`tokens    ${tokens.totalTokens ?? ''} (input ${tokens.inputTokens ?? '?'}, output ${tokens.outputTokens ?? '?'})`);
  if (summary.sourceRunId) header.push(`run       ${summary.sourceRunId}`);
  header.push(`request   ${summary.request}`);
  io.out(header.map(visibleText).join('\n'));
  if (trace.data.kind === 'spans') {
    const tree = buildSpanTree(trace.data.spans);
    const slowest = slowestSpan(tree);
    const failed = firstError(tree);
    const origins = new Set(errorOrigins(tree));
    io.out(`\nspans (${tree.count})`);
    function* lines(): Generator<string> {
      for (let i = 0; i < tree.count; i++) {
        const span = tree.spans[i]!;
        const marks = [i === slowest ? 'slowest' : '', tree.failed[i] ? 'ERROR' : '', i === failed ? 'first error' : ''].filter(Boolean);
        const line = `${'  '.repeat(tree.depth[i]! + 1)}${visibleText(span.name)}  [${spanTypeAt(tree, i)}]  ${formatSpanDuration(tree.durationNs[i]!)}${marks.length ? `  (${marks.join(', ')})` : ''}`;
        yield line;
        // The exception shows where it arose; the ancestors it propagated through are marked ERROR only.
        if (origins.has(i)) for (const e of spanDetail(span).exceptions) yield `${'  '.repeat(tree.depth[i]! + 2)}${visibleText(`${e.type}: ${e.message}`)}`;
      }
    }
    await printLines(io, lines());
    if (tree.orphanCount > 0) io.out(`(${tree.orphanCount} spans whose parent is not in the trace are shown at the top level)`);
  }
  if (trace.assessments.length > 0) {
    io.out(`\nassessments (${trace.assessments.length})`);
    for (const a of trace.assessments) {
      const value = a.error ? `error ${a.error.code ?? ''} ${a.error.message ?? ''}` : JSON.stringify(a.value);
      const rationale = a.rationale ? ` — ${a.rationale}` : '';
      io.out(visibleText(`  ${a.kind} ${a.name} = ${value} by ${a.source.type}${a.source.id ? ` ${a.source.id}` : ''}${rationale}`));
    }
  }
}
