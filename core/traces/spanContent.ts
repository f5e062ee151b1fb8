// What the explorer shows for the one selected span, decoded from its attributes: inputs and outputs, chat messages
// (MLflow's standard mlflow.chat.messages attribute, else OpenAI- or LangChain-shaped inputs and outputs), retrieved
// documents (MLflow's Document: page_content, metadata, id) with their scores, token usage (mlflow.chat.tokenUsage),
// and exceptions recorded as OpenTelemetry `exception` events.
import { decodeAttribute, decodeSpanAttributes } from './spanJson';
import { SPAN_TYPES, type SpanType } from './spanTree';
import type { SpanRecord, TraceInfo } from './trace';
import { TRACE_KEYS } from './trace';

export interface ChatMessage {
  role: string;
  content: string;
  /** Tool calls an assistant message asked for, as name and JSON arguments. */
  toolCalls: Array<{ name: string; arguments: string }>;
}

export interface RetrievedDocument {
  id: string | null;
  content: string;
  score: number | null;
  /** metadata.source or metadata.doc_uri, when the retriever recorded one. */
  source: string | null;
  metadata: Record<string, unknown>;
}

export interface TokenUsage {
  inputTokens: number | null;
  outputTokens: number | null;
  totalTokens: number | null;
}

export interface RecordedException {
  type: string;
  message: string;
  stacktrace: string;
  timeUnixNano: string;
}

export interface SpanDetail {
  type: SpanType;
  inputs: unknown;
  outputs: unknown;
  /** Every other attribute, decoded. */
  attributes: Record<string, unknown>;
  /** Present when the span carries a conversation; inputs then outputs. */
  chatMessages: ChatMessage[] | undefined;
  /** Present for a retriever's output list. */
  documents: RetrievedDocument[] | undefined;
  tokenUsage: TokenUsage | undefined;
  exceptions: RecordedException[];
}

const SHOWN_ELSEWHERE = new Set<string>([TRACE_KEYS.spanInputs, TRACE_KEYS.spanOutputs, TRACE_KEYS.spanType, TRACE_KEYS.chatMessages, TRACE_KEYS.chatTokenUsage]);

export function spanDetail(span: SpanRecord): SpanDetail {
  const decoded = decodeSpanAttributes(span);
  const type = spanTypeOfValue(span.spanType);
  const inputs = decoded[TRACE_KEYS.spanInputs];
  const outputs = decoded[TRACE_KEYS.spanOutputs];
  const attributes = Object.fromEntries(Object.entries(decoded).filter(([key]) => !SHOWN_ELSEWHERE.has(key)));
  return {
    type,
    inputs,
    outputs,
    attributes,
    chatMessages: chatMessages(decoded[TRACE_KEYS.chatMessages], inputs, outputs),
    documents: type === 'RETRIEVER' || type === 'RERANKER' ? retrievedDocuments(outputs) : undefined,
    tokenUsage: tokenUsage(decoded[TRACE_KEYS.chatTokenUsage]),
    exceptions: span.events
      .filter((e) => e.name === 'exception')
      .map((e) => ({
        type: String(e.attributes['exception.type'] ?? ''),
        message: String(e.attributes['exception.message'] ?? ''),
        stacktrace: String(e.attributes['exception.stacktrace'] ?? ''),
        timeUnixNano: e.timeUnixNano,
      })),
  };
}

function spanTypeOfValue(value: unknown): SpanType {
  return typeof value === 'string' && (SPAN_TYPES as readonly string[]).includes(value) ? (value as SpanType) : 'UNKNOWN';
}

/** The trace's total token usage, from the mlflow.trace.tokenUsage metadata MLflow sums over LLM spans. */
export function traceTokenUsage(info: TraceInfo): TokenUsage | undefined {
  return tokenUsage(decodeAttribute(info.traceMetadata[TRACE_KEYS.tokenUsage]));
}

export function tokenUsage(value: unknown): TokenUsage | undefined {
  if (!isRecord(value)) return undefined;
  const count = (key: string) => (typeof value[key] === 'number' ? (value[key] as number) : null);
  const usage = { inputTokens: count('input_tokens'), outputTokens: count('output_tokens'), totalTokens: count('total_tokens') };
  if (usage.totalTokens === null && usage.inputTokens !== null && usage.outputTokens !== null) usage.totalTokens = usage.inputTokens + usage.outputTokens;
  return usage.inputTokens === null && usage.outputTokens === null && usage.totalTokens === null ? undefined : usage;
}

function chatMessages(standard: unknown, inputs: unknown, outputs: unknown): ChatMessage[] | undefined {
  const fromStandard = messageList(standard);
  if (fromStandard) return fromStandard;
  // LangChain chat models take a batch, a list of message lists; OpenAI-style inputs have `messages`.
  const asked = messageList(Array.isArray(inputs) ? inputs : isRecord(inputs) ? inputs.messages : undefined);
  if (!asked) return undefined;
  return [...asked, ...(answerMessages(outputs) ?? [])];
}

/**
 * OpenAI choices[].message, LangChain generations[][] (a plain or serialized message, else the text), a messages
 * list, or strings (DSPy's LM outputs): each becomes an assistant message.
 */
function answerMessages(outputs: unknown): ChatMessage[] | undefined {
  const assistant = (content: unknown): ChatMessage => ({ role: 'assistant', content: contentText(content), toolCalls: [] });
  if (typeof outputs === 'string') return [assistant(outputs)];
  if (Array.isArray(outputs)) return outputs.every((o) => typeof o === 'string') ? outputs.map(assistant) : messageList(outputs);
  if (!isRecord(outputs)) return undefined;
  if (Array.isArray(outputs.choices)) return messageList(outputs.choices.map((c) => (isRecord(c) ? c.message : undefined)));
  if (Array.isArray(outputs.generations)) {
    return outputs.generations.flat().map((g) => {
      if (!isRecord(g)) return assistant(g);
      const message = isRecord(g.message) && isRecord(g.message.kwargs) ? g.message.kwargs : g.message;
      return toMessage(message) ?? assistant(g.text);
    });
  }
  return messageList(outputs.messages);
}

function messageList(value: unknown): ChatMessage[] | undefined {
  if (!Array.isArray(value)) return undefined;
  // LangChain's chat model inputs are a batch: a list of message lists.
  const flat = value.length > 0 && value.every(Array.isArray) ? value.flat() : value;
  const messages = flat.map(toMessage);
  return messages.length > 0 && messages.every((m) => m !== undefined) ? (messages as ChatMessage[]) : undefined;
}

const LANGCHAIN_ROLES: Record<string, string> = { human: 'user', ai: 'assistant', system: 'system', tool: 'tool', function: 'tool' };

function toMessage(value: unknown): ChatMessage | undefined {
  if (!isRecord(value)) return undefined;
  const role = typeof value.role === 'string' ? value.role : typeof value.type === 'string' ? LANGCHAIN_ROLES[value.type] : undefined;
  if (role === undefined || !('content' in value)) return undefined;
  const rawCalls = value.tool_calls ?? (isRecord(value.additional_kwargs) ? value.additional_kwargs.tool_calls : undefined);
  return { role, content: contentText(value.content), toolCalls: Array.isArray(rawCalls) ? rawCalls.map(toolCall) : [] };
}

/** Content is a string, or a list of parts of which the text ones are shown. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  if (Array.isArray(content)) return content.map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : typeof part === 'string' ? part : '')).join('');
  return JSON.stringify(content);
}

function toolCall(value: unknown): { name: string; arguments: string } {
  if (!isRecord(value)) return { name: '', arguments: '' };
  const fn = isRecord(value.function) ? value.function : value;
  const args = fn.arguments ?? fn.args;
  return { name: String(fn.name ?? ''), arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}) };
}

function retrievedDocuments(outputs: unknown): RetrievedDocument[] | undefined {
  const list = Array.isArray(outputs) ? outputs : isRecord(outputs) && Array.isArray(outputs.documents) ? outputs.documents : undefined;
  if (!list?.every((d) => isRecord(d) && ('page_content' in d || 'content' in d))) return undefined;
  return list.map((d) => {
    const doc = d as Record<string, unknown>;
    const metadata = isRecord(doc.metadata) ? doc.metadata : {};
    const score = [doc.score, metadata.score, metadata.relevance_score, metadata._score].find((s) => typeof s === 'number');
    const source = [metadata.source, metadata.doc_uri].find((s) => typeof s === 'string');
    return {
      id: typeof doc.id === 'string' ? doc.id : null,
      content: contentText(doc.page_content ?? doc.content),
      score: (score as number | undefined) ?? null,
      source: (source as string | undefined) ?? null,
      metadata,
    };
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
