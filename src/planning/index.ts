import type * as vscode from 'vscode';
import type { AccordWorkspace } from '../workspace/accordWorkspace';

/** Registers what the feature owns beyond its commands: planning sessions and the dashboard (issue 5): webview panels, their serializers. */
export function registerPlanning(_context: vscode.ExtensionContext, _workspace: AccordWorkspace | undefined): vscode.Disposable[] {
  return [];
}
