// The pipeline webview: draws each workspace folder's DVC DAG as SVG, columns by layer (left to right, in the
// direction data flows), stale stages in the warning colour with their reasons, data nodes as dashed pills.
// Each drawing opens fitted to the panel and zooms and pans (panZoom.ts). Clicking a node asks the host to open
// its definition.
import { h, injectStyles } from '../shared/dom';
import type { Camera } from './camera';
import type { PipelineEdgeView, PipelineGraph, PipelineNodeView, PipelineToHost, PipelineToUi } from './contract';
import { attachPanZoom } from './panZoom';
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
/** The drawing's box is as tall as the pipeline at 1×, within these bounds (70vh in style.css caps it too). */
const MIN_BOX_H = 160;
/** Where the user left each folder's drawing: a refresh redraws it without undoing their zoom and pan. */
const cameras = new Map<string, Camera>();

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
    h('section', { class: 'folder' }, graph.folders.length > 1 ? h('h2', {}, folder.name) : null, drawing(folder.name, folder.nodes, folder.edges), staleList(folder.nodes)),
  );
  const empty = graph.folders.length === 0 ? h('p', { class: 'empty' }, 'No dvc.yaml found in this workspace.') : null;
  const problems =
    graph.problems.length > 0 ? h('ul', { class: 'problems' }, ...graph.problems.map((p) => h('li', {}, p))) : null;
  root.replaceChildren(toolbar, ...sections, empty ?? '', problems ?? '');
}

function drawing(folder: string, nodes: PipelineNodeView[], edges: PipelineEdgeView[]): HTMLElement {
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
  const svg = s(
    'svg',
    {
      class: 'dag',
      viewBox: `0 0 ${width} ${height}`,
      tabindex: 0,
      role: 'group',
      'aria-label': 'pipeline graph: drag or arrow keys to pan, wheel or + and - to zoom, 0 to fit',
    },
    s('defs', {}, marker),
    ...lines,
    ...boxes,
  );
  svg.style.height = `${Math.max(MIN_BOX_H, height)}px`;
  const readout = h('span', { class: 'zoom-level', 'aria-live': 'polite' });
  const zoom = attachPanZoom(svg, { width, height }, {
    saved: cameras.get(folder),
    onMove: (camera) => (camera ? cameras.set(folder, camera) : cameras.delete(folder)),
    onShow: (scale) => {
      readout.textContent = `${Math.round(scale * 100)}%`;
    },
  });
  const button = (label: string, text: string, action: () => void) => h('button', { type: 'button', title: label, 'aria-label': label, onclick: action }, text);
  const controls = h(
    'div',
    { class: 'zoom' },
    button('Zoom out (-)', '−', zoom.zoomOut),
    readout,
    button('Zoom in (+)', '+', zoom.zoomIn),
    button('Fit to panel (0)', 'Fit', zoom.fit),
  );
  return h('div', { class: 'drawing' }, svg, controls);
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
