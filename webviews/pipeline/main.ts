// The pipeline webview: draws each workspace folder's DVC DAG as SVG, columns by layer (left to right, in the
// direction data flows), stale stages in the warning colour with their reasons, data nodes as dashed pills.
// Clicking a node asks the host to open its definition.
import { h, injectStyles } from '../shared/dom';
import type { PipelineEdgeView, PipelineGraph, PipelineNodeView, PipelineToHost, PipelineToUi } from './contract';
import css from './style.css';
import { s } from './svg';

declare function acquireVsCodeApi(): { postMessage(message: PipelineToHost): void };

const vscode = acquireVsCodeApi();
const NODE_W = 170;
const NODE_H = 48;
const GAP_X = 56;
const GAP_Y = 22;
const PAD = 16;
const MAX_NAME = 24;
const MIN_SCALE = 0.8;

injectStyles(css);
const root = document.getElementById('root')!;
window.addEventListener('message', (event: MessageEvent<PipelineToUi>) => {
  if (event.data?.type === 'setGraph') render(event.data.graph);
});
vscode.postMessage({ type: 'ready' });

function render(graph: PipelineGraph): void {
  const toolbar = h(
    'div',
    { class: 'toolbar' },
    h('span', { class: 'legend stage' }, 'stage'),
    h('span', { class: 'legend stale' }, 'stale stage'),
    h('span', { class: 'legend data' }, 'DVC-tracked data'),
    h('button', { type: 'button', onclick: () => vscode.postMessage({ type: 'refresh' }) }, 'Refresh'),
  );
  const sections = graph.folders.map((folder) =>
    h('section', { class: 'folder' }, graph.folders.length > 1 ? h('h2', {}, folder.name) : null, drawing(folder.nodes, folder.edges), staleList(folder.nodes)),
  );
  const empty = graph.folders.length === 0 ? h('p', { class: 'empty' }, 'No dvc.yaml found in this workspace.') : null;
  const problems =
    graph.problems.length > 0 ? h('ul', { class: 'problems' }, ...graph.problems.map((p) => h('li', {}, p))) : null;
  root.replaceChildren(toolbar, ...sections, empty ?? '', problems ?? '');
}

function drawing(nodes: PipelineNodeView[], edges: PipelineEdgeView[]): HTMLElement {
  const rows = new Map<number, number>();
  for (const n of nodes) rows.set(n.layer, Math.max(rows.get(n.layer) ?? 0, n.order + 1));
  const tallest = Math.max(1, ...rows.values());
  const columns = Math.max(1, ...nodes.map((n) => n.layer + 1));
  const place = new Map(
    nodes.map((n) => {
      // Shorter columns are centred against the tallest one.
      const offset = ((tallest - (rows.get(n.layer) ?? 1)) * (NODE_H + GAP_Y)) / 2;
      return [n.id, { x: PAD + n.layer * (NODE_W + GAP_X), y: PAD + offset + n.order * (NODE_H + GAP_Y) }];
    }),
  );
  const width = PAD * 2 + columns * NODE_W + (columns - 1) * GAP_X;
  const height = PAD * 2 + tallest * NODE_H + (tallest - 1) * GAP_Y;
  const marker = s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, s('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrowhead' }));
  const lines = edges.flatMap((edge) => {
    const a = place.get(edge.from);
    const b = place.get(edge.to);
    if (!a || !b) return [];
    const [x1, y1, x2, y2] = [a.x + NODE_W, a.y + NODE_H / 2, b.x, b.y + NODE_H / 2];
    const bend = (x2 - x1) / 2;
    return [s('path', { class: 'edge', d: `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`, 'marker-end': 'url(#arrow)' }, s('title', {}, edge.path))];
  });
  const boxes = nodes.map((node) => nodeGroup(node, place.get(node.id)!));
  const svg = s('svg', { class: 'dag', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'pipeline graph' }, s('defs', {}, marker), ...lines, ...boxes);
  // Shrink to the panel, but never below a readable size: past that the drawing scrolls sideways.
  svg.style.minWidth = `${Math.round(width * MIN_SCALE)}px`;
  return h('div', { class: 'scroller' }, svg);
}

function nodeGroup(node: PipelineNodeView, at: { x: number; y: number }): SVGGElement {
  const classes = ['node', node.kind, node.stale ? 'stale' : 'fresh', node.frozen ? 'frozen' : ''].filter(Boolean).join(' ');
  const status = node.kind === 'data' ? 'data' : node.stale ? '⚠ stale' : node.frozen ? 'frozen' : 'up to date';
  const title = [
    `${node.name} (${node.kind === 'data' ? node.file : `${node.file}${node.line ? `:${node.line}` : ''}`})`,
    node.stale ? `stale: ${node.reasons.join('; ')}` : node.kind === 'stage' ? 'up to date with dvc.lock' : 'tracked by a .dvc file',
    'click to open its definition',
  ].join('\n');
  const open = () => vscode.postMessage({ type: 'openNode', id: node.id });
  return s(
    'g',
    { class: classes, 'data-id': node.id, 'data-name': node.name, transform: `translate(${at.x} ${at.y})`, tabindex: 0, role: 'button', onclick: open, onkeydown: (e) => (e as KeyboardEvent).key === 'Enter' && open() },
    s('title', {}, title),
    s('rect', { width: NODE_W, height: NODE_H, rx: node.kind === 'data' ? NODE_H / 2 : 4 }),
    s('text', { class: 'name', x: NODE_W / 2, y: 20, 'text-anchor': 'middle' }, shorten(node.name)),
    s('text', { class: 'status', x: NODE_W / 2, y: 37, 'text-anchor': 'middle' }, status),
  );
}

/** The reasons, readable without hovering. */
function staleList(nodes: PipelineNodeView[]): HTMLElement | null {
  const stale = nodes.filter((n) => n.stale);
  if (stale.length === 0) return h('p', { class: 'summary' }, 'All stages are up to date with dvc.lock.');
  return h(
    'ul',
    { class: 'summary' },
    ...stale.map((n) => h('li', { class: 'stale-stage' }, h('strong', {}, n.name), ` is stale: ${n.reasons.join('; ')}`)),
  );
}

function shorten(name: string): string {
  return name.length > MAX_NAME ? `${name.slice(0, MAX_NAME - 1)}…` : name;
}
