import * as vscode from 'vscode';
import { dailyHandlers } from '../daily/commands';
import { planningHandlers } from '../planning/commands';
import { relationshipHandlers } from '../relationship/commands';
import { addGoal } from './addGoal';
import { addMicroGoal } from './addMicroGoal';
import type { CommandContext } from './context';
import type { HandlerTable } from './handler';
import { Commands } from './ids';
import { setUp } from './setUp';
import { showDataProblems } from './showDataProblems';
import { pickTeam } from '../workspace/teams';

const foundationHandlers: HandlerTable = {
  [Commands.setUp]: setUp,
  [Commands.addGoal]: addGoal,
  [Commands.addMicroGoal]: addMicroGoal,
  [Commands.refresh]: async (ctx) => ctx.workspace?.reload(),
  [Commands.showDataProblems]: showDataProblems,
  [Commands.switchTeam]: async (ctx) => ctx.teams && pickTeam(ctx.teams),
};

const TABLES = [foundationHandlers, dailyHandlers, planningHandlers, relationshipHandlers];

/** What every command says in a window with no folder open, with the way to open one. */
export const NEEDS_FOLDER = 'Accord works in the folder of your team\'s repository: open it first.';

/** Says what a command needs when no folder is open, and offers to open one. */
async function needFolder(): Promise<void> {
  const choice = await vscode.window.showInformationMessage(NEEDS_FOLDER, 'Open Folder');
  if (choice) await vscode.commands.executeCommand('workbench.action.files.openFolder');
}

/**
 * The function VS Code runs for a command id: its handler with the services first, or, in a
 * window with no folder, the message that says what it needs. Undefined for an id no feature
 * handles.
 */
export function commandFunction(ctx: CommandContext, id: string): ((...args: unknown[]) => unknown) | undefined {
  const handler = TABLES.map((table) => table[id as keyof typeof table]).find((h) => h !== undefined);
  if (!handler) return undefined;
  return (...args: unknown[]) => (ctx.workspace ? handler(ctx, ...args) : needFolder());
}

/** Registers every feature's handlers: one registration per command id. */
export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return TABLES.flatMap((table) => Object.keys(table).map((id) => vscode.commands.registerCommand(id, commandFunction(ctx, id)!)));
}
