// The selected span, as a person reads it: what failed (exceptions with their stack trace), the conversation of a
// chat span, the documents a retriever returned with their scores, token usage, then inputs and outputs as
// collapsible JSON, attributes, events and the assessments logged against it. The trace's own assessments
// (feedback and expectations, with source and rationale) follow.
import type { ChatMessage, RetrievedDocument, TokenUsage } from '../../core/traces/spanContent';
import type { Assessment } from '../../core/traces/trace';
import { formatSpanDuration } from '../../core/traces/tracePresentation';
import { h } from '../shared/dom';
import type { SpanView } from './contract';
import { jsonView } from './jsonView';
import { spanIcon } from './spanIcons';

export function spanDetailView(span: SpanView): HTMLElement {
  const { detail } = span;
  const failed = span.status.code === 'STATUS_CODE_ERROR';
  const hasConversation = detail.chatMessages !== undefined && detail.chatMessages.length > 0;
  const hasDocuments = detail.documents !== undefined && detail.documents.length > 0;
  const otherEvents = span.events.filter((e) => e.name !== 'exception');
  return h(
    'div',
    { class: 'span-detail', 'data-span-id': span.spanId },
    h(
      'div',
      { class: 'span-title' },
      spanIcon(detail.type),
      h('span', { class: 'span-name' }, span.name),
      h('span', { class: `pill type-${detail.type}` }, detail.type),
      h('span', { class: `pill ${failed ? 'error' : 'ok'}` }, failed ? 'ERROR' : span.status.code.replace('STATUS_CODE_', '')),
    ),
    h(
      'div',
      { class: 'span-meta' },
      `${formatSpanDuration(span.durationNs)} · starts at +${formatSpanDuration(span.startNs)} · span ${span.spanId}${span.parentSpanId ? ` · parent ${span.parentSpanId}` : ''}`,
    ),
    failed && span.status.message ? h('div', { class: 'status-message' }, span.status.message) : null,
    ...detail.exceptions.map((exception) =>
      section('Exception', h('div', { class: 'exception' }, h('div', { class: 'exception-head' }, `${exception.type}: ${exception.message}`), exception.stacktrace ? h('pre', { class: 'stacktrace' }, exception.stacktrace) : null)),
    ),
    hasConversation ? section('Conversation', conversation(detail.chatMessages!)) : null,
    hasDocuments ? section(`Retrieved documents (${detail.documents!.length})`, documents(detail.documents!)) : null,
    detail.tokenUsage ? section('Token usage', tokenTable(detail.tokenUsage)) : null,
    detail.inputs === undefined ? null : section('Inputs', jsonView(detail.inputs, 2), !hasConversation),
    detail.outputs === undefined ? null : section('Outputs', jsonView(detail.outputs, 2), !hasConversation && !hasDocuments),
    Object.keys(detail.attributes).length > 0 ? section('Attributes', attributeTable(detail.attributes), false) : null,
    otherEvents.length > 0
      ? section(
          `Events (${otherEvents.length})`,
          h('div', { class: 'events' }, ...otherEvents.map((e) => h('div', { class: 'event' }, h('div', { class: 'event-name' }, `${e.name} · +${formatSpanDuration(e.offsetNs)}`), jsonView(e.attributes, 1)))),
        )
      : null,
    span.assessments.length > 0 ? section('Assessments of this span', assessmentList(span.assessments)) : null,
  );
}

export function assessmentList(assessments: readonly Assessment[]): HTMLElement {
  return h(
    'div',
    { class: 'assessments' },
    ...assessments.map((a) =>
      h(
        'div',
        { class: `assessment${a.valid ? '' : ' overridden'}`, 'data-name': a.name },
        h(
          'div',
          { class: 'assessment-head' },
          h('span', { class: `pill ${a.kind}` }, a.kind),
          h('span', { class: 'assessment-name' }, a.name),
          a.error ? h('span', { class: 'pill error' }, a.error.code ?? 'ERROR') : h('span', { class: 'assessment-value' }, valueText(a.value)),
          a.valid ? null : h('span', { class: 'muted' }, '(overridden)'),
        ),
        h('div', { class: 'muted' }, `${a.source.type}${a.source.id ? ` · ${a.source.id}` : ''}${a.createTime ? ` · ${new Date(a.createTime).toISOString()}` : ''}`),
        a.rationale ? h('div', { class: 'rationale' }, a.rationale) : null,
        a.error?.message ? h('div', { class: 'status-message' }, a.error.message) : null,
      ),
    ),
  );
}

function section(title: string, body: HTMLElement, open = true): HTMLElement {
  const details = h('details', { class: 'section' }, h('summary', {}, title), body);
  details.open = open;
  return details;
}

function conversation(messages: readonly ChatMessage[]): HTMLElement {
  return h(
    'div',
    { class: 'conversation' },
    ...messages.map((m) =>
      h(
        'div',
        { class: `message role-${/^[a-z_]+$/.test(m.role) ? m.role : 'other'}` },
        h('div', { class: 'role' }, m.role),
        m.content ? h('div', { class: 'content' }, m.content) : null,
        ...m.toolCalls.map((call) => h('div', { class: 'tool-call' }, h('span', { class: 'tool-name' }, `→ ${call.name}`), h('code', {}, call.arguments))),
      ),
    ),
  );
}

function documents(docs: readonly RetrievedDocument[]): HTMLElement {
  return h(
    'ol',
    { class: 'documents' },
    ...docs.map((d) =>
      h(
        'li',
        { class: 'document' },
        h(
          'div',
          { class: 'document-head' },
          d.score === null ? null : h('span', { class: 'score' }, `score ${Number(d.score.toPrecision(4))}`),
          d.source ? h('span', { class: 'source' }, d.source) : null,
          d.id ? h('span', { class: 'muted' }, d.id) : null,
        ),
        h('div', { class: 'content' }, d.content),
        Object.keys(d.metadata).length > 0 ? section('metadata', jsonView(d.metadata, 1), false) : null,
      ),
    ),
  );
}

function tokenTable(usage: TokenUsage): HTMLElement {
  const row = (label: string, value: number | null) => (value === null ? null : h('tr', {}, h('th', {}, label), h('td', {}, value.toLocaleString('en-US'))));
  return h('table', { class: 'tokens' }, row('Input', usage.inputTokens), row('Output', usage.outputTokens), row('Total', usage.totalTokens));
}

function attributeTable(attributes: Record<string, unknown>): HTMLElement {
  return h(
    'table',
    { class: 'attributes' },
    ...Object.entries(attributes)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => h('tr', {}, h('th', {}, key), h('td', {}, jsonView(value, 0)))),
  );
}

function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
