// Layered drawing of a directed acyclic graph (Sugiyama-style, reduced to what a pipeline of tens of stages needs):
// each node's layer is the length of the longest path reaching it, so every edge points to a later layer; then
// the nodes of each layer are ordered by the mean position of their neighbours, sweeping forwards and backwards,
// which removes most edge crossings.

export interface LayoutEdge {
  from: string;
  to: string;
}

export interface LayoutPlace {
  layer: number;
  /** Position inside the layer, from 0. */
  order: number;
}

export interface LayeredLayout {
  places: Map<string, LayoutPlace>;
  layers: string[][];
}

const SWEEPS = 4;

export function layeredLayout(ids: readonly string[], edges: readonly LayoutEdge[]): LayeredLayout {
  const known = new Set(ids);
  const usable = edges.filter((e) => known.has(e.from) && known.has(e.to) && e.from !== e.to);
  const layerOf = longestPathLayers(ids, usable);
  const layers: string[][] = [];
  for (const id of ids) {
    const layer = layerOf.get(id)!;
    layers[layer] = [...(layers[layer] ?? []), id];
  }
  const dense = layers.filter((layer) => layer !== undefined);
  const predecessors = neighbours(usable, 'to', 'from');
  const successors = neighbours(usable, 'from', 'to');
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    const forward = sweep % 2 === 0;
    const sequence = forward ? dense.keys() : [...dense.keys()].reverse();
    for (const index of sequence) {
      const position = positions(dense);
      const towards = forward ? predecessors : successors;
      const layer = dense[index]!;
      const current = new Map(layer.map((id, i) => [id, i]));
      const centre = (id: string): number => {
        const near = (towards.get(id) ?? []).map((n) => position.get(n)!).filter((p) => p !== undefined);
        return near.length > 0 ? near.reduce((s, p) => s + p, 0) / near.length : current.get(id)!;
      };
      // Stable: ties keep their current order, so the input order decides where nothing else does.
      dense[index] = [...layer].sort((a, b) => centre(a) - centre(b) || current.get(a)! - current.get(b)!);
    }
  }
  const places = new Map<string, LayoutPlace>();
  dense.forEach((layer, l) => {
    for (const [order, id] of layer.entries()) places.set(id, { layer: l, order });
  });
  return { places, layers: dense };
}

/** Layer = longest path from a source (Kahn's order). Nodes on a cycle, which DVC forbids, go after the rest. */
function longestPathLayers(ids: readonly string[], edges: readonly LayoutEdge[]): Map<string, number> {
  const incoming = new Map(ids.map((id) => [id, 0]));
  for (const e of edges) incoming.set(e.to, incoming.get(e.to)! + 1);
  const successors = neighbours(edges, 'from', 'to');
  const layer = new Map<string, number>();
  const queue = ids.filter((id) => incoming.get(id) === 0);
  for (const id of queue) layer.set(id, 0);
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const next of successors.get(id) ?? []) {
      layer.set(next, Math.max(layer.get(next) ?? 0, layer.get(id)! + 1));
      const left = incoming.get(next)! - 1;
      incoming.set(next, left);
      if (left === 0) queue.push(next);
    }
  }
  const last = Math.max(-1, ...layer.values());
  for (const id of ids) if (incoming.get(id)! > 0) layer.set(id, last + 1);
  return layer;
}

function neighbours(edges: readonly LayoutEdge[], key: 'from' | 'to', value: 'from' | 'to'): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const e of edges) map.set(e[key], [...(map.get(e[key]) ?? []), e[value]]);
  return map;
}

function positions(layers: string[][]): Map<string, number> {
  const map = new Map<string, number>();
  for (const layer of layers) for (const [i, id] of layer.entries()) map.set(id, i);
  return map;
}
