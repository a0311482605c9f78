/** What the webview's bundle gets from esbuild and from VS Code. */
declare module '*.css' {
  const text: string;
  export default text;
}

interface VsCodeWebviewApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeWebviewApi;
