import * as vscode from 'vscode';
import { safeText } from '../core';
import type { CommandContext } from './context';
import { changes } from '../workspace/accordWorkspace';

/**
 * Accord: Show Data Problems — the edits not saved yet (save them again, or discard them),
 * then every file Accord could not read, with the place and the fix.
 */
export async function showDataProblems(ctx: CommandContext): Promise<void> {
  const workspace = ctx.workspace;
  if (!workspace) return;
  await workspace.ready;
  const errors = workspace.store.errors;
  const unsaved = workspace.unsavedChanges;
  if (errors.length === 0 && unsaved.length === 0) {
    void vscode.window.showInformationMessage('Accord can read every file in the team folder, and every change is saved.');
    return;
  }
  type Item = vscode.QuickPickItem & { run: () => Promise<void> };
  const items: Item[] = [];
  if (unsaved.length > 0) {
    const latest = unsaved[unsaved.length - 1]!.problem;
    items.push(
      {
        label: `$(sync) ${changes(unsaved.length)} not saved yet — Try Again`,
        detail: safeText(`${latest.file}: ${latest.reason} ${latest.fix}`),
        run: async () => void (await workspace.saveUnsaved()),
      },
      {
        label: `$(trash) Discard ${unsaved.length === 1 ? 'the change' : `the ${unsaved.length} changes`} not saved`,
        detail: 'Nothing is written; the data stays as it is on disk.',
        run: async () => void vscode.window.setStatusBarMessage(`Discarded ${changes(workspace.discardUnsaved())} not saved`, 5000),
      },
    );
  }
  for (const error of errors) {
    items.push({ label: safeText(error.file + (error.line ? `:${error.line}` : '')), detail: safeText(`${error.reason} ${error.fix}`), run: () => workspace.openAt(error) });
  }
  const pick = await vscode.window.showQuickPick(items, {
    title: errors.length > 0 ? 'Accord: files that could not be read (the last good data is kept)' : 'Accord: changes not saved yet',
    placeHolder: unsaved.length > 0 ? 'Save the kept changes again, or pick a file to open it at the problem' : 'Pick one to open it at the problem',
  });
  await pick?.run();
}
