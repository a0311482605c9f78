/**
 * The HTML shell of Accord's webviews: a strict Content Security Policy with a fresh nonce
 * for the one script, resources only from dist/webview, and the first view as JSON in an
 * escaped data- attribute so the panel draws before the first message arrives.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export type WebviewKind = 'planning' | 'dashboard';

function assetsRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [assetsRoot(extensionUri)], enableFindWidget: true };
}

/** Escapes text for a double-quoted HTML attribute (or element content). */
export function escapeAttribute(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, kind: WebviewKind, title: string, initial: unknown): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(assetsRoot(extensionUri), 'main.js'));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeAttribute(title)}</title>
</head>
<body data-view="${kind}" data-state="${escapeAttribute(JSON.stringify(initial))}">
<main id="app" aria-busy="true"></main>
<script type="module" nonce="${nonce}" src="${escapeAttribute(script.toString())}"></script>
</body>
</html>`;
}
