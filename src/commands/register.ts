/**
 * The registrar: one function per command id, each checking once what its handler needs
 * (see handler.ts) before it runs. Feature tables come in from accord.ts; the kit knows no
 * feature.
 */
import * as vscode from 'vscode';
import type { CommandContext, Handler, HandlerTable, MemberContext } from './handler';
import { Commands, runCommand } from './ids';

/** What every command says in a window with no folder open, with the way to open one. */
export const NEEDS_FOLDER = "Accord works in the folder of your team's repository: open it first.";

/** Says what a command needs when no folder is open, and offers to open one. */
async function needFolder(): Promise<void> {
  const choice = await vscode.window.showInformationMessage(NEEDS_FOLDER, 'Open Folder');
  if (choice) await vscode.commands.executeCommand('workbench.action.files.openFolder');
}

/** The context for a `member` command: me, set up; otherwise Set Up is offered and undefined returned. */
async function memberContext(ctx: CommandContext & { workspace: NonNullable<CommandContext['workspace']> }): Promise<MemberContext | undefined> {
  const workspace = ctx.workspace;
  if (!workspace.isSetUp) {
    const choice = await vscode.window.showInformationMessage('Set up Accord first: your name, time zone and weekly capacity.', 'Set Up');
    if (choice) await runCommand(Commands.setUp);
  }
  return workspace.isSetUp && workspace.me ? { ...ctx, workspace, me: workspace.me } : undefined;
}

/**
 * The function VS Code runs for `handler`: in a window with no folder, the message that says
 * what it needs; else, once the data has loaded and what it needs holds, the handler with the
 * narrowed context first and VS Code's arguments after.
 */
export function commandFunction(ctx: CommandContext, handler: Handler): (...args: unknown[]) => unknown {
  return async (...args: unknown[]) => {
    const workspace = ctx.workspace;
    if (!workspace) return needFolder();
    await workspace.ready;
    const folder = { ...ctx, workspace };
    if (handler.needs === 'folder') return handler.run(folder, ...args);
    const member = await memberContext(folder);
    if (!member) return undefined;
    if (handler.needs === 'writable' && workspace.explainReadOnly()) return undefined;
    return handler.run(member, ...args);
  };
}

/** What a command id runs: VS Code's arguments in, the handler's result out. */
export type CommandFunction = (...args: unknown[]) => unknown;

/**
 * Every table's handlers by command id, each wrapped by {@link commandFunction}. extension.ts
 * registers the contributed ids with VS Code once, at activation, and runs what this table
 * holds for the team served at the time. Throws when two tables name one id (a programming error).
 */
export function commandTable(ctx: CommandContext, tables: readonly HandlerTable[]): ReadonlyMap<string, CommandFunction> {
  const table = new Map<string, CommandFunction>();
  for (const handlers of tables)
    for (const [id, handler] of Object.entries(handlers)) {
      if (table.has(id)) throw new Error(`Two handlers for ${id}`);
      table.set(id, commandFunction(ctx, handler!));
    }
  return table;
}
