import * as vscode from 'vscode';
import { safeText } from '../core';
import { AccordFileError, lineOfPath, refusedWriteWords } from '../store';
import type { AccordWorkspace } from '../workspace/accordWorkspace';
import { type FolderContext } from '../commands/handler';
import { ARRIVAL_INTERVAL_MS, changes } from '../workspace/accordWorkspace';

/**
 * Accord: Show Data Problems — the edits not saved yet (save them again, or discard them),
 * then every file Accord could not read, with the place and the fix.
 */
export async function showDataProblems(ctx: FolderContext): Promise<void> {
  const { workspace } = ctx;
  // The closed history too: a file of it that cannot be read, or a write in it left out.
  const history = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: "Accord: reading the team's history" }, () =>
    workspace.useArchives(),
  );
  try {
    await showProblems(workspace);
  } finally {
    history.dispose();
  }
}

async function showProblems(workspace: AccordWorkspace): Promise<void> {
  const errors = workspace.fileErrors;
  const unsaved = workspace.unsavedChanges;
  const refused = workspace.historyState.refused;
  const fallback = workspace.liveUpdatesFromFallback
    ? safeText(
        `Live updates: VS Code's file watcher did not report changes in ${workspace.dataFolder}/ (is it in files.watcherExclude?), so Accord looks at the files when this window gains focus and every ${ARRIVAL_INTERVAL_MS / 1000} seconds.`,
      )
    : undefined;
  if (errors.length === 0 && unsaved.length === 0 && refused.length === 0) {
    void vscode.window.showInformationMessage(`Accord can read every file in the team folder, and every change is saved.${fallback ? ` ${fallback}` : ''}`);
    return;
  }
  type Item = vscode.QuickPickItem & { run: () => Promise<void> };
  const items: Item[] = [];
  if (fallback)
    items.push({
      label: '$(eye) Live updates come from Accord looking, not from the file watcher',
      detail: fallback,
      run: async () => void (await vscode.commands.executeCommand('workbench.action.openSettings', 'files.watcherExclude')),
    });
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
    items.push({
      label: safeText(error.file + (error.line ? `:${error.line}` : '')),
      detail: safeText(`${error.reason} ${error.fix}`),
      run: () => workspace.openAt(error),
    });
  }
  // Writes the authority rule left out (design.md §2): told as what was left out and who may
  // write it, never as blame; a hand edit or a merge can make one honestly.
  if (refused.length > 0) items.push({ label: "Left out of the team's record", kind: vscode.QuickPickItemKind.Separator, run: async () => undefined });
  for (const write of refused) {
    const file = workspace.displayPath(workspace.store.fileHolding(write.member, write.entity));
    const words = refusedWriteWords(write);
    items.push({
      label: `$(circle-slash) ${safeText(`${file}: ${words.summary}`)}`,
      detail: safeText(`${words.reason} ${words.fix}`),
      run: () => openEntity(workspace, file, write.entity),
    });
  }
  const pick = await vscode.window.showQuickPick(items, {
    title:
      errors.length > 0
        ? 'Accord: files that could not be read (the last good data is kept)'
        : unsaved.length > 0
          ? 'Accord: changes not saved yet'
          : "Accord: writes left out of the team's record",
    placeHolder: unsaved.length > 0 ? 'Save the kept changes again, or pick a file to open it at the problem' : 'Pick one to open it at the problem',
  });
  await pick?.run();
}

/** Opens a member file at an entity's line. */
async function openEntity(workspace: AccordWorkspace, file: string, entity: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspace.folder.uri, file));
  const line = lineOfPath(document.getText(), ['entities', entity]);
  await workspace.openAt(new AccordFileError(file, 'schema', '', '', line));
}
