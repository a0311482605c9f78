import * as vscode from 'vscode';
import { type CommandContext, requireSetUp } from '../commands/context';
import type { HandlerTable } from '../commands/handler';
import { Commands } from '../commands/ids';
import type { DashboardPanel } from '../dashboard/dashboardPanel';
import type { PlanningPanel } from './planningPanel';
import { summaryFromSession } from './summary';

/** Opens the planning session panel; returns it (the integration tests talk to it). */
async function startPlanningSession(ctx: CommandContext): Promise<PlanningPanel | undefined> {
  const workspace = await requireSetUp(ctx);
  if (!workspace) return undefined;
  return ctx.planning?.openPlanning(workspace);
}

async function openDashboard(ctx: CommandContext): Promise<DashboardPanel | undefined> {
  const workspace = ctx.workspace;
  if (!workspace) {
    void vscode.window.showInformationMessage('Accord needs a folder: open your project folder first.');
    return undefined;
  }
  await workspace.ready;
  return ctx.planning?.openDashboard(workspace);
}

/**
 * The open session's summary, else the latest saved session's (or the one whose id is
 * passed), as an untitled markdown document to paste into a pull request or save.
 */
async function exportSessionSummary(ctx: CommandContext, sessionId?: unknown): Promise<vscode.TextDocument | undefined> {
  const open = ctx.planning?.currentPlanning;
  if (open && sessionId === undefined) return open.exportSummary();
  const workspace = ctx.workspace;
  if (!workspace) return undefined;
  await workspace.ready;
  const sessions = [...workspace.state.entities.session.values()];
  const session =
    typeof sessionId === 'string'
      ? workspace.state.entities.session.get(sessionId)
      : sessions.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))[0];
  if (!session) {
    const choice = await vscode.window.showInformationMessage('There is no planning session to export yet. A session plans your next cycle together.', 'Start Planning Session');
    if (choice) await vscode.commands.executeCommand(Commands.startPlanningSession);
    return undefined;
  }
  const content = session.summary ?? summaryFromSession(workspace.state, session);
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

/** Command handlers for planning sessions and the dashboard (issue 5). */
export const planningHandlers: HandlerTable = {
  [Commands.startPlanningSession]: startPlanningSession,
  [Commands.openDashboard]: openDashboard,
  [Commands.exportSessionSummary]: exportSessionSummary,
};
