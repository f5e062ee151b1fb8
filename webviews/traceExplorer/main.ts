// The trace explorer panel's page: one TraceExplorer wired to the host through the webview's message channel.
import { injectStyles } from '../shared/dom';
import type { ExplorerToHost, HostToExplorer } from './contract';
import { TraceExplorer } from './explorer';
import panelCss from './panel.css';
import css from './style.css';

declare function acquireVsCodeApi(): { postMessage(message: ExplorerToHost): void };

const vscode = acquireVsCodeApi();
injectStyles(`${panelCss}\n${css}`);
const explorer = new TraceExplorer((message) => vscode.postMessage(message), { embedded: false });
document.getElementById('root')!.append(explorer.element);
window.addEventListener('message', (event: MessageEvent<HostToExplorer>) => explorer.receive(event.data));
vscode.postMessage({ type: 'ready' });
