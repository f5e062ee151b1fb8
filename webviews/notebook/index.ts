// The notebook renderer (package.json `notebookRenderers`, id mlops-workbench.renderer): an ES module whose
// activate() VS Code calls in the notebook's output webview. One view per MIME type; messaging (optional) carries
// Runs-view reveals, promotions and the inline trace explorer's requests to the extension host.
import uPlotCss from 'uplot/dist/uPlot.min.css';
import { type DriftPayload, type HostToRenderer, MIME, type MetricsPayload, type ModelVersionPayload, type RendererToHost, type RunsPayload } from './contract';
import { renderDrift } from './driftView';
import { renderMetrics } from './metricsPlot';
import { ModelCard } from './modelCard';
import explorerCss from '../traceExplorer/style.css';
import type { RendererApi, RendererContext } from './rendererApi';
import { renderRuns } from './runsTable';
import css from './style.css';
import { renderTraceOutput, renderTracesTable, type TraceOutput } from './traceOutput';

let styled = false;

function addStyles(): void {
  if (styled) return;
  styled = true;
  const style = document.createElement('style');
  style.textContent = `${uPlotCss}\n${css}\n${explorerCss}`;
  document.head.append(style);
}

export function activate(context: RendererContext): RendererApi {
  const send = context.postMessage ? (message: RendererToHost) => context.postMessage!(message) : undefined;
  const cards = new Map<string, ModelCard>();
  const cleanups = new Map<string, () => void>();
  const traces = new Map<string, TraceOutput>();
  context.onDidReceiveMessage?.((raw) => {
    const message = raw as HostToRenderer;
    if (message.type === 'explorer') traces.get(message.outputId)?.receive(message.message);
    else for (const card of cards.values()) card.receive(message);
  });
  return {
    renderOutputItem(item, element) {
      addStyles();
      cleanups.get(item.id)?.();
      cleanups.delete(item.id);
      element.classList.add('mlops-output');
      switch (item.mime) {
        case MIME.runs:
          renderRuns(item.json() as RunsPayload, element, send ? (runId) => send({ type: 'revealRun', runId }) : undefined);
          break;
        case MIME.metrics:
          cleanups.set(item.id, renderMetrics(item.json() as MetricsPayload, element));
          break;
        case MIME.drift:
          renderDrift(item.json() as DriftPayload, element);
          break;
        case MIME.modelVersion:
          cards.set(item.id, new ModelCard(item.json() as ModelVersionPayload, element, item.id, send));
          break;
        case MIME.traces:
          renderTracesTable(item.json() as Parameters<typeof renderTracesTable>[0], element, send);
          break;
        case MIME.trace:
        case MIME.mlflowTrace: {
          const output = renderTraceOutput(item.id, item.text(), element, send);
          if (output) {
            traces.set(item.id, output);
            cleanups.set(item.id, () => {
              output.dispose();
              traces.delete(item.id);
            });
          }
          break;
        }
        default:
          element.textContent = `MLOps Workbench cannot render ${item.mime}.`;
      }
    },
    disposeOutputItem(id) {
      for (const key of id === undefined ? [...cleanups.keys(), ...cards.keys()] : [id]) {
        cleanups.get(key)?.();
        cleanups.delete(key);
        cards.delete(key);
      }
    },
  };
}
