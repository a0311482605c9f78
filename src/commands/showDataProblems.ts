import * as vscode from 'vscode';
import type { CommandContext } from './context';

/** Accord: Show Data Problems — every file Accord could not read, with the place and the fix. */
export async function showDataProblems(ctx: CommandContext): Promise<void> {
  const workspace = ctx.workspace;
  if (!workspace) return;
  await workspace.ready;
  const errors = workspace.store.errors;
  if (errors.length === 0) {
    void vscode.window.showInformationMessage('Accord can read every file in the team folder.');
    return;
  }
  const pick = await vscode.window.showQuickPick(
    errors.map((error) => ({ label: error.file + (error.line ? `:${error.line}` : ''), detail: `${error.reason} ${error.fix}`, error })),
    { title: 'Accord: files that could not be read (the last good data is kept)', placeHolder: 'Pick one to open it at the problem' },
  );
  if (pick) await workspace.openAt(pick.error);
}
