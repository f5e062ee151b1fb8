// One small SVG per MLflow span type (mlflow/entities/span.py SpanType), drawn in the type's colour (style.css,
// `.type-<TYPE>`), so the kind of step reads before its name. Built with DOM calls: no markup from strings.
import type { SpanType } from '../../core/traces/spanTree';

type Shape = [tag: 'path' | 'circle' | 'rect' | 'line', attributes: Record<string, string | number>];

const SHAPES: Record<SpanType, Shape[]> = {
  LLM: [['path', { d: 'M8 1.5 9.6 6.4 14.5 8 9.6 9.6 8 14.5 6.4 9.6 1.5 8 6.4 6.4Z', fill: 'currentColor', stroke: 'none' }]],
  CHAT_MODEL: [['path', { d: 'M2.5 3.5h11v7h-6l-3 2.5v-2.5h-2z' }]],
  CHAIN: [
    ['rect', { x: 1.5, y: 5.5, width: 7, height: 5, rx: 2.5 }],
    ['rect', { x: 7.5, y: 5.5, width: 7, height: 5, rx: 2.5 }],
  ],
  AGENT: [
    ['rect', { x: 3, y: 5, width: 10, height: 8, rx: 2 }],
    ['circle', { cx: 6, cy: 9, r: 1, fill: 'currentColor' }],
    ['circle', { cx: 10, cy: 9, r: 1, fill: 'currentColor' }],
    ['line', { x1: 8, y1: 5, x2: 8, y2: 2.5 }],
  ],
  TOOL: [['path', { d: 'M10.5 2.5a3 3 0 0 0-2.8 4L2.5 11.7l1.8 1.8 5.2-5.2a3 3 0 0 0 4-2.8l-1.8 1.3-1.6-.4-.4-1.6z' }]],
  RETRIEVER: [
    ['circle', { cx: 7, cy: 7, r: 4 }],
    ['line', { x1: 10, y1: 10, x2: 14, y2: 14 }],
  ],
  EMBEDDING: [
    ['rect', { x: 2.5, y: 2.5, width: 4, height: 4 }],
    ['rect', { x: 9.5, y: 2.5, width: 4, height: 4 }],
    ['rect', { x: 2.5, y: 9.5, width: 4, height: 4 }],
    ['rect', { x: 9.5, y: 9.5, width: 4, height: 4, fill: 'currentColor' }],
  ],
  PARSER: [['path', { d: 'M6 2.5c-1.5 0-2 .7-2 2V6c0 1-.6 1.5-1.5 2 .9.5 1.5 1 1.5 2v1.5c0 1.3.5 2 2 2M10 2.5c1.5 0 2 .7 2 2V6c0 1 .6 1.5 1.5 2-.9.5-1.5 1-1.5 2v1.5c0 1.3-.5 2-2 2' }]],
  RERANKER: [
    ['line', { x1: 2, y1: 4, x2: 10, y2: 4 }],
    ['line', { x1: 2, y1: 8, x2: 7.5, y2: 8 }],
    ['line', { x1: 2, y1: 12, x2: 5, y2: 12 }],
    ['path', { d: 'M12.5 3v10M10.5 11l2 2 2-2' }],
  ],
  UNKNOWN: [
    ['circle', { cx: 8, cy: 8, r: 6 }],
    ['path', { d: 'M6.3 6.2a1.8 1.8 0 1 1 2.5 1.6c-.5.3-.8.6-.8 1.2v.5M8 11.3v.4' }],
  ],
};

const SVG = 'http://www.w3.org/2000/svg';
const templates = new Map<SpanType, SVGSVGElement>();

/** A fresh icon for a span type (cloned from one template per type: a scrolled row swaps its icon cheaply). */
export function spanIcon(type: SpanType): SVGSVGElement {
  let template = templates.get(type);
  if (!template) {
    template = document.createElementNS(SVG, 'svg');
    template.setAttribute('viewBox', '0 0 16 16');
    template.setAttribute('class', `span-icon type-${type}`);
    template.setAttribute('fill', 'none');
    template.setAttribute('stroke', 'currentColor');
    template.setAttribute('stroke-width', '1.3');
    template.setAttribute('stroke-linecap', 'round');
    template.setAttribute('stroke-linejoin', 'round');
    template.setAttribute('aria-hidden', 'true');
    for (const [tag, attributes] of SHAPES[type]) {
      const shape = document.createElementNS(SVG, tag);
      for (const [name, value] of Object.entries(attributes)) shape.setAttribute(name, String(value));
      template.append(shape);
    }
    const title = document.createElementNS(SVG, 'title');
    title.textContent = type;
    template.append(title);
    templates.set(type, template);
  }
  return template.cloneNode(true) as SVGSVGElement;
}
