/** Accord: Export Calendar — due dates, planning sessions, follow-ups and the check-in rhythm as an .ics file. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { dayIn, safeText } from '../core';
import { buildCalendar } from '../core/calendar';
import { type CommandContext, timeZoneOf } from '../commands/context';

/** Resolves to the path written. */
export async function exportCalendar(ctx: CommandContext): Promise<string | undefined> {
  const workspace = ctx.workspace;
  if (!workspace) {
    void vscode.window.showInformationMessage('Accord needs a folder: open your project folder first.');
    return undefined;
  }
  await workspace.ready;
  const state = workspace.state;
  const now = new Date();
  const folderName = workspace.folder.name;
  const text = buildCalendar(state, { now, today: dayIn(now, timeZoneOf(state, workspace.me)), name: `Accord — ${folderName}` });
  const target = await vscode.window.showSaveDialog({
    title: 'Accord: Export Calendar',
    saveLabel: 'Export',
    // Outside the repository by default: a calendar file is for your calendar app, not for git.
    defaultUri: vscode.Uri.file(join(homedir(), `accord-${folderName.replace(/[^\w.-]+/g, '-')}.ics`)),
    filters: { 'iCalendar': ['ics'] },
  });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  const events = text.split('\r\nBEGIN:VEVENT').length - 1;
  void vscode.window.showInformationMessage(
    `Calendar saved with ${events} ${events === 1 ? 'entry' : 'entries'}: ${safeText(target.fsPath)}. Import it into your calendar app; export again after planning and the entries update in place.`,
  );
  return target.fsPath;
}
