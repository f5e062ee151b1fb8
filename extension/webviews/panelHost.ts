// Hosts one webview bundle (dist/webviews/<bundle>.js) in a panel with a strict CSP: scripts and styles only with
// this page's nonce, nothing from the network, resources only from the bundle folder. Messages are typed by the
// webview's contract (webviews/<bundle>/contract.ts), shared with the UI side.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { escapeHtml } from '../../core/format/html';

export interface PanelSpec {
  viewType: string;
  title: string;
  /** Name of the bundle under dist/webviews, without .js. */
  bundle: string;
  column?: vscode.ViewColumn;
}

export class WebviewPanelHost<ToUi, ToHost> implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];

  private constructor(readonly panel: vscode.WebviewPanel) {}

  static open<ToUi, ToHost>(extensionUri: vscode.Uri, spec: PanelSpec): WebviewPanelHost<ToUi, ToHost> {
    const bundles = vscode.Uri.joinPath(extensionUri, 'dist', 'webviews');
    const panel = vscode.window.createWebviewPanel(spec.viewType, spec.title, spec.column ?? vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [bundles],
    });
    panel.webview.html = webviewHtml(panel.webview, bundles, spec.bundle, spec.title);
    return new WebviewPanelHost<ToUi, ToHost>(panel);
  }

  post(message: ToUi): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  onMessage(handler: (message: ToHost) => void | Promise<void>): void {
    this.disposables.push(this.panel.webview.onDidReceiveMessage((message: ToHost) => void handler(message)));
  }

  onDidDispose(handler: () => void): void {
    this.disposables.push(this.panel.onDidDispose(handler));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}

export function webviewHtml(webview: vscode.Webview, bundles: vscode.Uri, bundle: string, title: string): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(bundles, `${bundle}.js`));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `img-src ${webview.cspSource} data: blob:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
</head>
<body>
<div id="root"></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
