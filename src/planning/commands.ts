import * as vscode from 'vscode';
import { type FolderContext, type HandlerTable, type MemberContext, needsFolder, needsMember } from '../commands/handler';
import { Commands, runCommand } from '../commands/ids';
import type { PlanningPanels } from './panels';
import type { PlanningPanel } from './planningPanel';
import { summaryFromSession } from './summary';

/** Opens the planning session panel; returns it (the integration tests talk to it). */
async function startPlanningSession(ctx: MemberContext, panels: PlanningPanels): Promise<PlanningPanel | undefined> {
  return panels.openPlanning(ctx.workspace);
}

/**
 * The open session's summary, else the latest saved session's (or the one whose id is
 * passed), as an untitled markdown document to paste into a pull request or save.
 */
async function exportSessionSummary(ctx: FolderContext, panels: PlanningPanels, sessionId?: unknown): Promise<vscode.TextDocument | undefined> {
  const open = panels.currentPlanning;
  if (open && sessionId === undefined) return open.exportSummary();
  const workspace = ctx.workspace;
  const sessions = [...workspace.state.entities.session.values()];
  const session =
    typeof sessionId === 'string' ? workspace.state.entities.session.get(sessionId) : sessions.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))[0];
  if (!session) {
    const choice = await vscode.window.showInformationMessage(
      'There is no planning session to export yet. A session plans your next cycle together.',
      'Start Planning Session',
    );
    if (choice) await runCommand(Commands.startPlanningSession);
    return undefined;
  }
  const content = session.summary ?? summaryFromSession(workspace.state, session);
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

/** Command handlers for planning sessions (issue 5), over the planning panel. */
export function planningHandlers(panels: PlanningPanels): HandlerTable {
  return {
    [Commands.startPlanningSession]: needsMember((ctx) => startPlanningSession(ctx, panels)),
    [Commands.exportSessionSummary]: needsFolder((ctx, sessionId) => exportSessionSummary(ctx, panels, sessionId)),
  };
}
