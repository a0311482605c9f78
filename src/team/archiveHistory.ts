import * as vscode from 'vscode';
import { safeText } from '../core';
import { AccordFileError, AccordWriteError } from '../store';
import type { MemberContext } from '../commands/handler';

/**
 * Accord: Archive Closed History — moves my records of what closed before the live window
 * (about five weeks, or two planning cycles) out of my live file into my closed periods,
 * `people/<me>/<year>.json`, and says what moved where. The views read live files only; the
 * dashboard reads the closed periods when it opens. Nothing of the team's
 * record changes. Accord does the same unasked once my file holds many closed records.
 */
export async function archiveHistory(ctx: MemberContext): Promise<void> {
  const { workspace } = ctx;
  let result: { moved: number; periods: string[] };
  try {
    result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Accord: moving closed history' }, () =>
      workspace.archiveClosed(),
    );
  } catch (error) {
    const why =
      error instanceof AccordFileError || error instanceof AccordWriteError ? `${error.file}: ${error.reason} ${error.fix}` : (error as Error).message;
    void vscode.window.showErrorMessage(`Accord moved nothing, and your files are as they were. ${safeText(why)}`);
    return;
  }
  if (result.moved === 0) {
    void vscode.window.showInformationMessage('Your file already holds only what is open or recent: nothing of yours closed before the live window.');
    return;
  }
  const folder = `${workspace.dataFolder}/people/${ctx.me}/`;
  const files = result.periods.map((p) => `${p}.json`).join(', ');
  void vscode.window.showInformationMessage(
    safeText(
      `Accord moved ${result.moved} closed ${result.moved === 1 ? 'entry' : 'entries'} from your file into ${folder} (${files}). The team's record is the same; the dashboard reads them when it opens.`,
    ),
  );
}
