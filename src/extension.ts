import * as vscode from 'vscode';
import { registerCommands } from './commands/register';
import { registerPlanning } from './planning';
import { registerRelationship } from './relationship';
import { MicroGoalsProvider } from './tree/microGoalsProvider';
import { AccordWorkspace } from './workspace/accordWorkspace';

/** Builds the services and registers what they contribute; the data loads off this path. */
export function activate(context: vscode.ExtensionContext): { workspace: AccordWorkspace | undefined } {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const workspace = folder ? new AccordWorkspace(folder) : undefined;
  if (workspace) context.subscriptions.push(workspace);

  const microGoals = new MicroGoalsProvider(workspace);
  const treeView = vscode.window.createTreeView('accord.microGoals', { treeDataProvider: microGoals, showCollapseAll: true });
  context.subscriptions.push(microGoals, treeView, ...registerCommands({ workspace, extensionContext: context }));
  context.subscriptions.push(...registerPlanning(context, workspace), ...registerRelationship(context, workspace));
  return { workspace };
}

export function deactivate(): void {}
