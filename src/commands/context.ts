import * as vscode from 'vscode';
import type { AccordWorkspace } from '../workspace/accordWorkspace';
import type { DailyServices } from '../daily/services';
import type { PlanningPanels } from '../planning/index';
import type { TeamChooser } from '../workspace/teams';

/** What every command handler receives: the services, passed in rather than imported. */
export interface CommandContext {
  readonly workspace: AccordWorkspace | undefined;
  readonly extensionContext: vscode.ExtensionContext;
  /** The daily-loop services, when a folder is open. */
  readonly daily?: DailyServices;
  /** The planning session and dashboard panels. */
  readonly planning?: PlanningPanels;
  /** The workspace's teams, in a multi-root workspace where several folders may hold one. */
  readonly teams?: TeamChooser;
}

/**
 * The workspace, loaded and with a known "me" who has run Set Up; otherwise offers Set Up
 * and returns undefined.
 */
export async function requireSetUp(ctx: CommandContext): Promise<AccordWorkspace | undefined> {
  const workspace = ctx.workspace;
  if (!workspace) {
    void vscode.window.showInformationMessage('Accord needs a folder: open your project folder first.');
    return undefined;
  }
  await workspace.ready;
  if (workspace.isSetUp) return workspace;
  const choice = await vscode.window.showInformationMessage('Set up Accord first: your name, time zone and weekly capacity.', 'Set Up');
  if (choice) await vscode.commands.executeCommand('accord.setUp');
  return workspace.isSetUp ? workspace : undefined;
}
