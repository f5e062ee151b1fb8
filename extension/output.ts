import * as vscode from 'vscode';

/** The "MLOps" output channel: one place for activation timing, store warnings and errors users can act on. */
export class MlopsLog implements vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel('MLOps');

  info(message: string): void {
    this.channel.appendLine(`[${timestamp()}] ${message}`);
  }

  warn(message: string): void {
    this.channel.appendLine(`[${timestamp()}] warning: ${message}`);
  }

  error(message: string): void {
    this.channel.appendLine(`[${timestamp()}] error: ${message}`);
  }

  dispose(): void {
    this.channel.dispose();
  }
}

function timestamp(): string {
  return new Date().toISOString().slice(11, 23);
}
