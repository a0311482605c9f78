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

const foundationHandlers: HandlerTable = {
  [Commands.setUp]: setUp,
  [Commands.addGoal]: addGoal,
  [Commands.addMicroGoal]: addMicroGoal,
  [Commands.refresh]: async (ctx) => ctx.workspace?.reload(),
  [Commands.showDataProblems]: showDataProblems,
};

/** Registers every feature's handlers: one registration per command id. */
export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  const tables = [foundationHandlers, dailyHandlers, planningHandlers, relationshipHandlers];
  return tables.flatMap((table) =>
    Object.entries(table).map(([id, handler]) => vscode.commands.registerCommand(id, (...args: unknown[]) => handler!(ctx, ...args))),
  );
}
