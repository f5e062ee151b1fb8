// The parts of VS Code's notebook renderer API (the `vscode-notebook-renderer` types) this renderer uses: declared
// here rather than adding a dependency for five members.
export interface OutputItem {
  readonly id: string;
  readonly mime: string;
  json(): unknown;
  text(): string;
}

export interface RendererContext<TState = unknown> {
  postMessage?(message: unknown): void;
  onDidReceiveMessage?(listener: (message: unknown) => void): { dispose(): void };
  getState?(): TState | undefined;
  setState?(state: TState): void;
}

export interface RendererApi {
  renderOutputItem(item: OutputItem, element: HTMLElement, signal: AbortSignal): void;
  disposeOutputItem?(id?: string): void;
}
