// The demo's traced RAG agent: a customer-support agent as `mlflow.langchain.autolog()` records it — an AGENT root,
// a RETRIEVER returning scored documents, an OpenAI CHAT_MODEL (asking for a TOOL when the question is about an
// order), the tool, and a PARSER. One request fails: the order service times out, the tool records an `exception`
// event and the error propagates to the root. Token usage per chat span and per trace, judges' and a human's
// assessments, an evaluation run the traces were recorded under, and the LoggedModel that run logged. Deterministic
// for a seed; written by traceRecords.ts in MLflow's exact layout.
import { openSqlite, type SqlDatabase } from '../sqlite/driver';
import type { Assessment } from '../traces/trace';
import { SeededRandom } from './random';
import { type WrittenSpan, type WrittenTrace, writeTracesToDb } from './traceRecords';
import { DEMO_EPOCH_MS, type DemoExperiment, type DemoRun } from './trainingRuns';

export const RAG_EXPERIMENT_NAME = 'support-rag-agent';
export const RAG_TRACE_NAME = 'support_agent';
const MODEL = 'gpt-4o-mini-2024-07-18';
const HOUR = 3_600_000;
const SYSTEM = 'You are the support assistant of Parcelly. Answer from the context; call lookup_order_status for order questions.';

const DOCS: Record<string, { source: string; content: string }> = {
  password: { source: 'help/account/password-reset.md', content: 'To reset your password open Settings → Security → Reset password. The emailed link is valid for 30 minutes.' },
  twofactor: { source: 'help/account/two-factor.md', content: 'Two-factor codes are sent by SMS or an authenticator app; reset them from Settings → Security.' },
  address: { source: 'help/orders/change-address.md', content: 'The delivery address can be changed until the parcel is handed to the carrier, from Orders → Edit delivery.' },
  tracking: { source: 'help/orders/tracking.md', content: 'Every order has a status: processing, shipped, out for delivery or delivered. The agent can look it up by order id.' },
  refunds: { source: 'help/billing/refunds.md', content: 'Damaged items are refunded in full within 14 days of delivery; refunds reach the card in 5 to 7 business days.' },
  shipping: { source: 'help/shipping/countries.md', content: 'We ship to the EU, the UK, Canada and the US. Canadian orders clear customs in 2 to 4 days.' },
  subscription: { source: 'help/billing/subscription.md', content: 'Cancel the Plus subscription from Billing → Plan; it stays active until the end of the paid period.' },
  discounts: { source: 'help/billing/discounts.md', content: 'Students get 20% off Plus with a verified university email address.' },
};

interface Turn {
  question: string;
  docs: Array<keyof typeof DOCS>;
  answer: string;
  /** An order question: the tool's answer, or null when the order service times out (the failing trace). */
  order?: { id: string; status: string | null };
  /** The judge's verdict on relevance; a thumbs-down from a person when set. */
  relevant: boolean;
  thumbsDown?: string;
}

const TURNS: Turn[] = [
  { question: 'How do I reset my password?', docs: ['password', 'twofactor', 'address'], answer: 'Open Settings → Security → Reset password; the link we email you works for 30 minutes.', relevant: true },
  { question: 'Where is my order A-1042?', docs: ['tracking', 'address', 'shipping'], answer: 'Order A-1042 has shipped and is on its way.', order: { id: 'A-1042', status: 'shipped' }, relevant: true },
  { question: 'Can I change the delivery address after ordering?', docs: ['address', 'tracking', 'shipping'], answer: 'Yes, until the parcel is handed to the carrier: Orders → Edit delivery.', relevant: true },
  { question: 'What is your refund policy for damaged items?', docs: ['refunds', 'subscription', 'discounts'], answer: 'Damaged items are refunded in full within 14 days of delivery; the money is back in 5 to 7 business days.', relevant: true },
  { question: 'Do you ship to Canada?', docs: ['shipping', 'tracking', 'refunds'], answer: 'Yes. Canadian orders clear customs in 2 to 4 days.', relevant: true },
  { question: 'Where is my order B-2210?', docs: ['tracking', 'shipping', 'address'], answer: '', order: { id: 'B-2210', status: null }, relevant: false },
  { question: 'How do I cancel my subscription?', docs: ['subscription', 'refunds', 'discounts'], answer: 'Go to Billing → Plan and cancel; Plus stays active until the end of the period you paid for.', relevant: true },
  {
    question: 'Is there a student discount?',
    docs: ['subscription', 'refunds', 'shipping'],
    answer: 'Plus can be cancelled any time from Billing → Plan.',
    relevant: false,
    thumbsDown: 'The answer is about cancelling; the student discount page was not retrieved.',
  },
  { question: 'Where is my order C-3307?', docs: ['tracking', 'address', 'refunds'], answer: 'Order C-3307 was delivered yesterday.', order: { id: 'C-3307', status: 'delivered' }, relevant: true },
  { question: 'How long does a refund take?', docs: ['refunds', 'subscription', 'shipping'], answer: 'Refunds reach your card in 5 to 7 business days.', relevant: true },
];

export interface RagAgentDemo {
  experiment: DemoExperiment;
  /** The evaluation run the first traces were recorded under, and that logged the agent (mlflow.db only). */
  evalRun: DemoRun | null;
  /** `m-<32 hex>` of the model the evaluation run logged. */
  loggedModelId: string | null;
  traces: WrittenTrace[];
}

/** `turns` requests of the agent in an experiment; with `withRun`, the evaluation run and its link on half of them. */
export function buildRagAgent(seed: number, experimentId: string, options: { turns?: number; withRun: boolean }): RagAgentDemo {
  const random = new SeededRandom(seed);
  const start = DEMO_EPOCH_MS + 26 * HOUR;
  const experiment: DemoExperiment = { experimentId, name: RAG_EXPERIMENT_NAME, creationTime: start - HOUR, tags: { 'mlflow.note.content': 'Customer-support RAG agent (LangChain, gpt-4o-mini), traced.' } };
  const evalRun = options.withRun ? evaluationRun(random.hexId(), experimentId, start) : null;
  const loggedModelId = evalRun ? `m-${random.hexId()}` : null;
  const traces = TURNS.slice(0, options.turns ?? TURNS.length).map((turn, i) => {
    const traceId = `tr-${random.hexId()}`;
    const sourceRun = evalRun && i < 6 ? evalRun.runId : null;
    return traceOf(random, turn, traceId, experimentId, start + i * 7 * 60_000, sourceRun);
  });
  return { experiment, evalRun, loggedModelId, traces };
}

function evaluationRun(runId: string, experimentId: string, start: number): DemoRun {
  const end = start + 80 * 60_000;
  const metric = (key: string, value: number) => ({ key, value, timestamp: end, step: 0 });
  return {
    runId,
    experimentId,
    name: 'support-agent-eval',
    status: 'FINISHED',
    startTime: start - 60_000,
    endTime: end,
    user: 'demo',
    params: { llm: 'gpt-4o-mini', retriever_k: '3', temperature: '0', prompt: 'support-system@2' },
    tags: { 'mlflow.runName': 'support-agent-eval', 'mlflow.user': 'demo', 'mlflow.source.name': 'evaluate_agent.py', 'mlflow.source.type': 'LOCAL' },
    metrics: [metric('relevance_to_query/mean', 0.8), metric('correctness/mean', 0.75), metric('latency_p50_ms', 1840)],
  };
}

function traceOf(random: SeededRandom, turn: Turn, traceId: string, experimentId: string, requestTime: number, sourceRun: string | null): WrittenTrace {
  const ids = () => random.hexId().slice(0, 16);
  const rootId = ids();
  const t0 = BigInt(requestTime) * 1_000_000n + BigInt(random.int(0, 999_999));
  const ms = (n: number) => BigInt(Math.round(n * 1e6));
  const spans: WrittenSpan[] = [];
  let clock = t0 + ms(3);
  const child = (name: string, type: string, durationMs: number, attributes: Record<string, unknown>, extra: Partial<WrittenSpan> = {}): WrittenSpan => {
    const span: WrittenSpan = { spanId: ids(), parentSpanId: rootId, name, type, startNs: clock, endNs: clock + ms(durationMs), status: 'OK', attributes, ...extra };
    clock = span.endNs + ms(1 + random.next() * 2);
    spans.push(span);
    return span;
  };

  const documents = turn.docs.map((key, rank) => ({ page_content: DOCS[key]!.content, metadata: { source: DOCS[key]!.source, score: round(0.91 - rank * 0.13 - random.next() * 0.05) }, id: `kb-${key}` }));
  const retriever = child('retrieve_docs', 'RETRIEVER', 90 + random.next() * 160, { 'mlflow.spanInputs': { query: turn.question }, 'mlflow.spanOutputs': documents });
  const context = documents.map((d) => d.page_content).join('\n');
  const messages: Array<Record<string, unknown>> = [
    { role: 'system', content: `${SYSTEM}\n\nContext:\n${context}` },
    { role: 'user', content: turn.question },
  ];
  const usage = { input: 0, output: 0 };
  const chat = (answer: Record<string, unknown>, finish: string) => {
    const input = 180 + Math.round(random.next() * 120) + messages.length * 14;
    const output = 12 + Math.round(random.next() * 60);
    usage.input += input;
    usage.output += output;
    child('ChatOpenAI', 'CHAT_MODEL', 600 + random.next() * 900, {
      'mlflow.spanInputs': { messages: [...messages] },
      'mlflow.spanOutputs': { id: `chatcmpl-${random.hexId().slice(0, 24)}`, object: 'chat.completion', model: MODEL, choices: [{ index: 0, message: answer, finish_reason: finish }], usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output } },
      'mlflow.chat.tokenUsage': { input_tokens: input, output_tokens: output, total_tokens: input + output },
      invocation_params: { model: 'gpt-4o-mini', temperature: 0 },
    });
  };

  let failure: { type: string; message: string; stacktrace: string } | null = null;
  if (turn.order) {
    const call = { id: `call_${random.hexId().slice(0, 20)}`, type: 'function', function: { name: 'lookup_order_status', arguments: JSON.stringify({ order_id: turn.order.id }) } };
    const ask = { role: 'assistant', content: null, tool_calls: [call] };
    chat(ask, 'tool_calls');
    messages.push(ask);
    if (turn.order.status === null) {
      failure = {
        type: 'TimeoutError',
        message: 'orders-api did not answer within 5 s',
        stacktrace: [
          'Traceback (most recent call last):',
          '  File "/app/support_agent.py", line 48, in lookup_order_status',
          '    response = orders_api.get(f"/orders/{order_id}", timeout=5)',
          '  File "/app/clients/orders.py", line 31, in get',
          '    raise TimeoutError(f"orders-api did not answer within {timeout} s")',
          'TimeoutError: orders-api did not answer within 5 s',
        ].join('\n'),
      };
      const failedAt = clock + ms(5000);
      child('lookup_order_status', 'TOOL', 5002, { 'mlflow.spanInputs': { order_id: turn.order.id } }, { status: 'ERROR', statusMessage: `${failure.type}: ${failure.message}`, events: [exceptionEvent(failure, failedAt)] });
    } else {
      const result = { order_id: turn.order.id, status: turn.order.status, carrier: 'DHL' };
      child('lookup_order_status', 'TOOL', 40 + random.next() * 80, { 'mlflow.spanInputs': { order_id: turn.order.id }, 'mlflow.spanOutputs': result });
      messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) });
    }
  }
  if (!failure) {
    chat({ role: 'assistant', content: turn.answer }, 'stop');
    child('StrOutputParser', 'PARSER', 0.4 + random.next(), { 'mlflow.spanInputs': { role: 'assistant', content: turn.answer }, 'mlflow.spanOutputs': turn.answer });
  }

  const end = clock + ms(2);
  const rootInputs = { messages: [{ role: 'user', content: turn.question }] };
  const rootOutputs = failure ? null : { messages: [{ role: 'user', content: turn.question }, { role: 'assistant', content: turn.answer }] };
  spans.unshift({
    spanId: rootId,
    parentSpanId: null,
    name: RAG_TRACE_NAME,
    type: 'AGENT',
    startNs: t0,
    endNs: end,
    status: failure ? 'ERROR' : 'OK',
    ...(failure ? { statusMessage: `${failure.type}: ${failure.message}`, events: [exceptionEvent(failure, end - ms(1))] } : {}),
    attributes: { 'mlflow.spanInputs': rootInputs, ...(rootOutputs ? { 'mlflow.spanOutputs': rootOutputs } : {}) },
  });
  const total = usage.input + usage.output;
  const metadata: Record<string, string> = {
    'mlflow.trace_schema.version': '3',
    'mlflow.user': 'demo',
    'mlflow.source.name': 'support_agent.py',
    'mlflow.source.type': 'LOCAL',
    'mlflow.trace.tokenUsage': JSON.stringify({ input_tokens: usage.input, output_tokens: usage.output, total_tokens: total }),
  };
  if (sourceRun) metadata['mlflow.sourceRun'] = sourceRun;
  const durationMs = Number((end - t0) / 1_000_000n);
  return {
    info: {
      traceId,
      experimentId,
      requestTime,
      executionDuration: durationMs,
      state: failure ? 'ERROR' : 'OK',
      requestPreview: JSON.stringify(rootInputs),
      responsePreview: rootOutputs ? JSON.stringify(rootOutputs) : null,
      clientRequestId: null,
      traceMetadata: metadata,
      tags: { 'mlflow.traceName': RAG_TRACE_NAME, environment: sourceRun ? 'evaluation' : 'production' },
    },
    spans,
    assessments: assessmentsOf(random, turn, retriever.spanId, requestTime, sourceRun),
  };
}

function exceptionEvent(failure: { type: string; message: string; stacktrace: string }, at: bigint): NonNullable<WrittenSpan['events']>[number] {
  return { name: 'exception', timeNs: at, attributes: { 'exception.type': failure.type, 'exception.message': failure.message, 'exception.stacktrace': failure.stacktrace, 'exception.escaped': 'False' } };
}

/** MLflow 3's built-in judges (LLM_JUDGE), a support lead's expectation and, where set, a user's thumbs-down. */
function assessmentsOf(random: SeededRandom, turn: Turn, retrieverSpanId: string, requestTime: number, sourceRun: string | null): Assessment[] {
  const made = requestTime + 90_000;
  const base = (name: string, kind: Assessment['kind'], source: Assessment['source'], value: unknown, rationale: string | null, spanId: string | null = null): Assessment => ({
    assessmentId: `a-${random.hexId()}`,
    name,
    kind,
    value,
    error: null,
    rationale,
    source,
    spanId,
    runId: sourceRun,
    createTime: made,
    lastUpdateTime: made,
    metadata: {},
    overrides: null,
    valid: true,
  });
  const judge = { type: 'LLM_JUDGE' as const, id: 'openai:/gpt-4o-mini' };
  const assessments: Assessment[] = [];
  if (!turn.order || turn.order.status !== null) {
    assessments.push(
      base('relevance_to_query', 'feedback', judge, turn.relevant ? 'yes' : 'no', turn.relevant ? 'The response answers the question using the retrieved help articles.' : 'The response does not address what the user asked.'),
      base('retrieval_relevance', 'feedback', judge, turn.relevant ? 'yes' : 'no', turn.relevant ? 'The top document covers the question.' : 'No retrieved document mentions the topic.', retrieverSpanId),
    );
  } else {
    assessments.push({ ...base('relevance_to_query', 'feedback', judge, null, null), error: { code: 'SCORER_ERROR', message: 'The trace has no response to judge: the agent failed before answering.' } });
  }
  if (sourceRun) assessments.push(base('expected_response', 'expectation', { type: 'HUMAN', id: 'support-lead@parcelly.example' }, turn.answer || 'The order status, or an apology and a retry hint when the order service is down.', null));
  if (turn.thumbsDown) assessments.push(base('user_feedback', 'feedback', { type: 'HUMAN', id: 'customer-4821' }, false, turn.thumbsDown));
  return assessments;
}

/** Into an mlflow.db that already holds the agent's experiment and evaluation run: its traces and logged model. */
export function writeRagAgentToDb(path: string, demo: RagAgentDemo): void {
  const db = openSqlite(path);
  try {
    db.transaction(() => {
      writeTracesToDb(db, demo.traces);
      if (demo.evalRun && demo.loggedModelId) writeRagLoggedModel(db, demo.evalRun, demo.loggedModelId);
    });
  } finally {
    db.close();
  }
}

/** The agent the evaluation run logged, as MLflow 3's log_model writes the logged_models tables. */
function writeRagLoggedModel(db: SqlDatabase, run: DemoRun, modelId: string): void {
  const experimentId = Number(run.experimentId);
  const at = run.endTime ?? run.startTime;
  db.prepare(
    `INSERT INTO logged_models (model_id, experiment_id, name, artifact_location, creation_timestamp_ms, last_updated_timestamp_ms, status,
       lifecycle_stage, model_type, source_run_id, status_message) VALUES (?, ?, ?, ?, ?, ?, 2, 'active', 'agent', ?, NULL)`,
  ).run(modelId, experimentId, 'support-agent', `mlflow-artifacts:/${run.experimentId}/models/${modelId}/artifacts`, at - 5 * 60_000, at, run.runId);
  const param = db.prepare('INSERT INTO logged_model_params (model_id, experiment_id, param_key, param_value) VALUES (?, ?, ?, ?)');
  for (const [key, value] of Object.entries({ llm: 'gpt-4o-mini', retriever_k: '3', temperature: '0' })) param.run(modelId, experimentId, key, value);
  const tag = db.prepare('INSERT INTO logged_model_tags (model_id, experiment_id, tag_key, tag_value) VALUES (?, ?, ?, ?)');
  for (const [key, value] of Object.entries({ 'mlflow.source.name': 'evaluate_agent.py', framework: 'langchain' })) tag.run(modelId, experimentId, key, value);
  const metric = db.prepare(
    `INSERT INTO logged_model_metrics (model_id, metric_name, metric_timestamp_ms, metric_step, metric_value, experiment_id, run_id, dataset_uuid,
       dataset_name, dataset_digest) VALUES (?, ?, ?, 0, ?, ?, ?, NULL, 'support-eval-v1', '5f2c9a1e')`,
  );
  for (const m of run.metrics) metric.run(modelId, m.key, m.timestamp, m.value, experimentId, run.runId);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
