import * as vscode from 'vscode';
import { registerCommands } from './commands/register';
import { createDailyLoop } from './daily';
import { registerPlanning } from './planning';
import { registerRelationship } from './relationship';
import { AccordWorkspace } from './workspace/accordWorkspace';

/** Builds the services and registers what they contribute; the data loads off this path. */
export function activate(context: vscode.ExtensionContext) {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const workspace = folder ? new AccordWorkspace(folder) : undefined;
  if (workspace) context.subscriptions.push(workspace);

  const daily = createDailyLoop(context, workspace);
  context.subscriptions.push(...daily.disposables);
  context.subscriptions.push(...registerCommands({ workspace, extensionContext: context, daily: daily.services }));
  context.subscriptions.push(...registerPlanning(context, workspace), ...registerRelationship(context, workspace));
  // The API the integration tests (and other extensions) read.
  return { workspace, daily };
}

export function deactivate(): void {}
