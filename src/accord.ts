/**
 * Accord itself (dist/accord.js): the services of the team served, the views and the commands'
 * handlers. extension.ts, the entry VS Code activates, loads this module in the turns after
 * activate() has returned (or at once when a command or the API needs it first).
 */
import type * as vscode from 'vscode';
import type { CommandContext } from './commands/handler';
import { type CommandFunction, commandTable } from './commands/register';
import { displayName } from './core';
import { covenantStatus } from './core/covenant';
import { createDailyLoop, type DailyLoop, dailyHandlers } from './daily';
import { DashboardPanels, dashboardHandlers } from './dashboard';
import { createPlanningPanels, planningHandlers } from './planning';
import { offerKudos, registerRelationship, relationshipHandlers } from './relationship';
import { teamHandlers } from './team';
import { warmUpZones } from './util/warmUpZones';
import { AccordWorkspace } from './workspace/accordWorkspace';
import { teamContext } from './workspace/teamContext';
import { type TeamChooser, TeamHost, type TeamSession } from './workspace/teams';

/** Everything that serves one folder's team: built when it is served, disposed when another is. */
interface Session extends TeamSession {
  readonly daily: DailyLoop;
  /** What each command id runs for this team. */
  readonly commands: ReadonlyMap<string, CommandFunction>;
}

/** Builds the services for `folder` and registers what they contribute; the data loads off this path. */
function startTeam(extension: vscode.ExtensionContext, folder: vscode.WorkspaceFolder | undefined, teams: TeamChooser): Session {
  // Drafts, snooze and keys are the team's own in a multi-root workspace.
  const context = folder ? teamContext(extension, folder) : extension;
  const disposables: vscode.Disposable[] = [];
  // Disposed newest first (what was built on another thing goes before it), and once.
  let disposed = false;
  const dispose = () => {
    if (disposed) return;
    disposed = true;
    [...disposables].reverse().forEach((d) => d.dispose());
  };
  try {
    return buildTeam(context, folder, teams, disposables, dispose);
  } catch (error) {
    // Nothing half-built keeps running (a timer, a watcher, a view) for a team that failed.
    dispose();
    throw error;
  }
}

/** startTeam's work: what it builds goes into `disposables`, disposed by `dispose`. */
function buildTeam(
  context: vscode.ExtensionContext,
  folder: vscode.WorkspaceFolder | undefined,
  teams: TeamChooser,
  disposables: vscode.Disposable[],
  dispose: () => void,
): Session {
  const workspace = folder ? new AccordWorkspace(folder) : undefined;
  if (workspace) disposables.push(workspace);

  const relationship = registerRelationship(context, workspace);
  const daily = createDailyLoop(context, workspace, relationship.covenant, teams);
  disposables.push(...relationship.disposables, ...daily.disposables);
  const planning = createPlanningPanels(context, workspace, daily.services?.evidence, relationship.covenant);
  const dashboard = new DashboardPanels(context.extensionUri, workspace, daily.services?.evidence, relationship.covenant);
  const ctx: CommandContext = { workspace, extensionContext: context, teams };
  disposables.push(planning, dashboard);
  // Each feature's handlers over its own services, checked by the kit's registrar.
  const commands = commandTable(ctx, [
    teamHandlers,
    dailyHandlers(daily.services),
    planningHandlers(planning),
    dashboardHandlers(dashboard),
    relationshipHandlers,
  ]);

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
  return { workspace, daily, commands, dispose };
}

/** What Accord offers the integration tests (and other extensions): the team served now. */
export interface AccordApi {
  /** The served team's workspace; undefined in a window with no folder. */
  readonly workspace: AccordWorkspace | undefined;
  readonly daily: DailyLoop;
  readonly teams: TeamHost<Session>;
  /** The command ids that have a handler for the team served now, in no particular order. */
  readonly commands: readonly string[];
}

/** Accord started in a window: its API, and the commands extension.ts registered with VS Code. */
export interface Accord {
  readonly api: AccordApi;
  /**
   * Runs command `id` with VS Code's `args` for the team served now, and returns what its
   * handler returns. Throws when no handler has that id (package.json contributes a command
   * no feature handles: a programming error the integration suite checks for).
   */
  run(id: string, args: unknown[]): unknown;
}

/**
 * Serves the workspace's team (in a multi-root workspace, the one chosen or the first folder
 * that has one), for `context`, the extension's. Everything it builds is disposed with
 * `context.subscriptions`.
 */
export function start(context: vscode.ExtensionContext): Accord {
  // ICU's zone data, loaded on another thread while the team's files are read (warmUpZones.ts).
  void warmUpZones();
  const host = new TeamHost<Session>(context.workspaceState, (folder, teams) => startTeam(context, folder, teams));
  context.subscriptions.push(host);
  return {
    api: {
      get workspace(): AccordWorkspace | undefined {
        return host.currentSession.workspace;
      },
      get daily(): DailyLoop {
        return host.currentSession.daily;
      },
      teams: host,
      get commands(): readonly string[] {
        return [...host.currentSession.commands.keys()];
      },
    },
    run(id, args) {
      const failure = host.startFailure;
      if (failure) throw new Error(`Accord could not serve this team: ${failure.message}`, { cause: failure });
      const command = host.currentSession.commands.get(id);
      if (!command) throw new Error(`Accord has no handler for the command ${id}.`);
      return command(...args);
    },
  };
}
