import * as vscode from 'vscode';
import { addGoal } from './addGoal';
import { addMicroGoal } from './addMicroGoal';
import type { CommandContext } from './context';
import { type CommandId, Commands } from './ids';
import { setUp } from './setUp';
import { showDataProblems } from './showDataProblems';

type Handler = (ctx: CommandContext, ...args: unknown[]) => unknown;

const HANDLERS: Record<CommandId, Handler> = {
  [Commands.setUp]: setUp,
  [Commands.addGoal]: addGoal,
  [Commands.addMicroGoal]: addMicroGoal,
  [Commands.refresh]: async (ctx) => ctx.workspace?.reload(),
  [Commands.showDataProblems]: showDataProblems,
};

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(HANDLERS).map(([id, handler]) => vscode.commands.registerCommand(id, (...args: unknown[]) => handler(ctx, ...args)));
}
