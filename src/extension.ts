import * as vscode from 'vscode';
import type { CommandContext } from './commands/handler';
import { registerCommands } from './commands/register';
import { displayName } from './core';
import { covenantStatus } from './core/covenant';
import { createDailyLoop, type DailyLoop, dailyHandlers } from './daily';
import { DashboardPanels, dashboardHandlers } from './dashboard';
import { createPlanningPanels, planningHandlers } from './planning';
import { offerKudos, registerRelationship, relationshipHandlers } from './relationship';
import { teamHandlers } from './team';
import { AccordWorkspace } from './workspace/accordWorkspace';
import { teamContext } from './workspace/teamContext';
import { type TeamChooser, TeamHost, type TeamSession } from './workspace/teams';

/** Everything that serves one folder's team: built when it is served, disposed when another is. */
interface Session extends TeamSession {
  readonly daily: DailyLoop;
}

/** Builds the services for `folder` and registers what they contribute; the data loads off this path. */
function startTeam(extension: vscode.ExtensionContext, folder: vscode.WorkspaceFolder | undefined, teams: TeamChooser): Session {
  // Drafts, snooze and keys are the team's own in a multi-root workspace.
  const context = folder ? teamContext(extension, folder) : extension;
  const disposables: vscode.Disposable[] = [];
  const workspace = folder ? new AccordWorkspace(folder) : undefined;
  if (workspace) disposables.push(workspace);

  const relationship = registerRelationship(context, workspace);
  const daily = createDailyLoop(context, workspace, relationship.covenant, teams);
  disposables.push(...relationship.disposables, ...daily.disposables);
  const planning = createPlanningPanels(context, workspace, daily.services?.evidence, relationship.covenant);
  const dashboard = new DashboardPanels(context.extensionUri, workspace, daily.services?.evidence, relationship.covenant);
  const ctx: CommandContext = { workspace, extensionContext: context, teams };
  // Each feature's handlers over its own services, checked by the kit's registrar.
  disposables.push(
    planning,
    dashboard,
    ...registerCommands(ctx, [teamHandlers, dailyHandlers(daily.services), planningHandlers(planning), dashboardHandlers(dashboard), relationshipHandlers]),
  );

  // Completing a partner's micro-goal offers kudos; the Partners view says who acknowledged the covenant.
  daily.services?.completionListeners.push((microGoalId) => void offerKudos(ctx, microGoalId));
  const covenant = relationship.covenant;
  if (workspace && covenant) {
    daily.partners.addDetail((member) => {
      if (covenant.hash === undefined) return undefined;
      const status = covenantStatus(workspace.state, covenant.hash).find((s) => s.member === member);
      if (!status) return undefined;
      const name = displayName(workspace.state, member);
      return status.status === 'current'
        ? `Covenant: ${name} acknowledged this version`
        : status.status === 'older'
          ? `Covenant: ${name} acknowledged an earlier version`
          : 'Covenant: not acknowledged yet';
    });
    disposables.push(covenant.onDidChange(() => daily.partners.refresh()));
  }
  // Disposed newest first, as the extension's own subscriptions are.
  return { workspace, daily, dispose: () => disposables.reverse().forEach((d) => d.dispose()) };
}

/**
 * Serves the workspace's team (in a multi-root workspace, the one chosen or the first folder
 * that has one). Returns the API the integration tests (and other extensions) read: the
 * workspace and the daily loop of the team served now.
 */
export function activate(context: vscode.ExtensionContext) {
  const host = new TeamHost<Session>(context.workspaceState, (folder, teams) => startTeam(context, folder, teams));
  context.subscriptions.push(host);
  return {
    get workspace(): AccordWorkspace | undefined {
      return host.currentSession.workspace;
    },
    get daily(): DailyLoop {
      return host.currentSession.daily;
    },
    teams: host,
  };
}

export function deactivate(): void {}
