/**
 * The registrar: one registration per command id, each checking once what its handler needs
 * (see handler.ts) before it runs. Feature tables come in from extension.ts; the kit knows no
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

/** Registers every table's handlers: one registration per command id (a second handler for an id is a programming error). */
export function registerCommands(ctx: CommandContext, tables: readonly HandlerTable[]): vscode.Disposable[] {
  const seen = new Set<string>();
  return tables.flatMap((table) =>
    Object.entries(table).map(([id, handler]) => {
      if (seen.has(id)) throw new Error(`Two handlers for ${id}`);
      seen.add(id);
      return vscode.commands.registerCommand(id, commandFunction(ctx, handler!));
    }),
  );
}
