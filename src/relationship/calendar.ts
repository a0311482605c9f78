/** Accord: Export Calendar — due dates, planning sessions, follow-ups and the check-in rhythm as an .ics file. */
import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { dayIn, safeText, timeZoneOf } from '../core';
import { buildCalendar, calendarName, calendarSavedMessage, teamCalendarKey } from '../core/calendar';
import { rootCommit } from '../store/rootCommit';
import { type CommandContext, type FolderContext } from '../commands/handler';

const FALLBACK_KEY = 'accord.calendarTeamKey';

/**
 * The team key of the calendar's UIDs (see `teamCalendarKey`): from the repository's root
 * commit, which every clone of the team shares. git runs only in a trusted folder (it runs
 * programs named in the repository's config). Without it (no git, no commit yet, a shallow
 * clone, Restricted Mode) a random key kept in this folder's workspace state: stable across
 * this machine's exports, shared with no one.
 */
async function teamKeyFor(ctx: CommandContext, folder: string): Promise<string> {
  const commit = vscode.workspace.isTrusted ? await rootCommit(folder) : undefined;
  if (commit) return teamCalendarKey(commit);
  const state = ctx.extensionContext.workspaceState;
  const kept = state.get<string>(FALLBACK_KEY);
  if (kept && /^[0-9a-f]{32}$/.test(kept)) return kept;
  const fresh = randomBytes(16).toString('hex');
  await state.update(FALLBACK_KEY, fresh);
  return fresh;
}

/** Resolves to the path written. */
export async function exportCalendar(ctx: FolderContext): Promise<string | undefined> {
  const { workspace } = ctx;
  const state = workspace.state;
  const now = new Date();
  const folderName = workspace.folder.name;
  const teamKey = await teamKeyFor(ctx, workspace.folder.uri.fsPath);
  const text = buildCalendar(state, { now, today: dayIn(now, timeZoneOf(state, workspace.me)), name: calendarName(folderName), teamKey });
  const target = await vscode.window.showSaveDialog({
    title: 'Accord: Export Calendar',
    saveLabel: 'Export',
    // Outside the repository by default: a calendar file is for your calendar app, not for git.
    defaultUri: vscode.Uri.file(join(homedir(), `accord-${folderName.replace(/[^\w.-]+/g, '-')}.ics`)),
    filters: { iCalendar: ['ics'] },
  });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  void vscode.window.showInformationMessage(calendarSavedMessage(text, safeText(target.fsPath)));
  return target.fsPath;
}
