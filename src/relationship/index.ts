import type * as vscode from 'vscode';
import type { AccordWorkspace } from '../workspace/accordWorkspace';

/** Registers what the feature owns beyond its commands: feedback, setbacks, the covenant and the calendar (issue 6). */
export function registerRelationship(_context: vscode.ExtensionContext, _workspace: AccordWorkspace | undefined): vscode.Disposable[] {
  return [];
}
