// The one message contract between the pipeline panel's host (extension/data/pipelinePanel.ts) and its webview.

export interface PipelineNodeView {
  /** Unique across the panel (workspace folder index + DAG node id). */
  id: string;
  kind: 'stage' | 'data';
  name: string;
  /** dvc.yaml (stages) or the .dvc file (data), relative to its workspace folder. */
  file: string;
  line?: number;
  stale: boolean;
  /** Why the stage is stale, as DVC's `dvc status` would say it. */
  reasons: string[];
  frozen: boolean;
  /** Place in the layered drawing: column, then row inside the column. */
  layer: number;
  order: number;
}

export interface PipelineEdgeView {
  from: string;
  to: string;
  /** The path through which `from` feeds `to`. */
  path: string;
}

export interface PipelineGraph {
  /** One drawing per workspace folder holding a pipeline. */
  folders: { name: string; nodes: PipelineNodeView[]; edges: PipelineEdgeView[] }[];
  /** Problems found while reading dvc.yaml/dvc.lock, as "file:line: message". */
  problems: string[];
}

export type PipelineToUi = { type: 'setGraph'; graph: PipelineGraph };

export type PipelineToHost = { type: 'ready' } | { type: 'openNode'; id: string } | { type: 'refresh' };
