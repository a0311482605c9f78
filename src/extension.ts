import * as vscode from 'vscode';
import type { CommandContext } from './commands/context';
import { displayName } from './commands/context';
import { registerCommands } from './commands/register';
import { covenantStatus } from './core/covenant';
import { createDailyLoop } from './daily';
import { createPlanningPanels } from './planning';
import { offerKudos, registerRelationship } from './relationship';
import { safeDataFolder } from './store/dataFolder';
import { AccordWorkspace } from './workspace/accordWorkspace';
import { teamFolderIndex } from './workspace/teamFolder';

/** Builds the services and registers what they contribute; the data loads off this path. */
export function activate(context: vscode.ExtensionContext) {
  // Multi-root: the first folder that holds the team's data, else the first folder.
  const folders = vscode.workspace.workspaceFolders ?? [];
  const index = teamFolderIndex(folders.map((f) => f.uri.fsPath), safeDataFolder(vscode.workspace.getConfiguration('accord', folders[0]).get<string>('dataFolder')));
  const folder = index === undefined ? undefined : folders[index];
  const workspace = folder ? new AccordWorkspace(folder) : undefined;
  if (workspace) context.subscriptions.push(workspace);

  const relationship = registerRelationship(context, workspace);
  const daily = createDailyLoop(context, workspace, relationship.covenant);
  context.subscriptions.push(...relationship.disposables, ...daily.disposables);
  const planning = createPlanningPanels(context, workspace);
  const ctx: CommandContext = { workspace, extensionContext: context, daily: daily.services, planning };
  context.subscriptions.push(planning, ...registerCommands(ctx));

  // Completing a partner's micro-goal offers kudos; the Partners view says who acknowledged the covenant.
  daily.services?.completionListeners.push((microGoalId) => void offerKudos(ctx, microGoalId));
  const covenant = relationship.covenant;
  if (workspace && covenant) {
    daily.partners.addDetail((member) => {
      if (covenant.hash === undefined) return undefined;
      const status = covenantStatus(workspace.state, covenant.hash).find((s) => s.member === member);
      if (!status) return undefined;
      const name = displayName(workspace.state, member);
      return status.status === 'current' ? `Covenant: ${name} acknowledged this version` : status.status === 'older' ? `Covenant: ${name} acknowledged an earlier version` : 'Covenant: not acknowledged yet';
    });
    context.subscriptions.push(covenant.onDidChange(() => daily.partners.refresh()));
  }
  // The API the integration tests (and other extensions) read.
  return { workspace, daily };
}

export function deactivate(): void {}
