/**
 * The team's holidays and my regional ones (issue 18 §2): **Accord: Add Holiday…**, **Remove
 * Holiday…**, **Import Holidays…** (from an `.ics` file of public holidays) and their regional
 * twins for my own list. Team holidays are one entity a day that any member writes; regional
 * ones live in my file only. Every rule comes from core (availability.ts holidayProblem,
 * holidayImport.ts), so the commands, the views and the command line never disagree.
 */
import * as vscode from 'vscode';
import {
  compareText,
  dayIn,
  HOLIDAY_ID_PREFIX,
  holidayProblem,
  MAX_HOLIDAY_NAME_LENGTH,
  parseOneDay,
  REGIONAL_HOLIDAY_ID_PREFIX,
  safeText,
  shortDayLabel,
  timeZoneOf,
  withData,
} from '../core';
import { HolidayFileError, holidayImportSummary, MAX_HOLIDAY_FILE_BYTES, planHolidayImport, readHolidayFile } from '../core/holidayImport';
import { askText, typedDayMessage } from '../commands/input';
import type { MemberContext } from '../commands/handler';

/** Whose list a command works on: the team's, or my own regional holidays. */
type Whose = 'team' | 'mine';

function todayOf(ctx: MemberContext): string {
  return dayIn(new Date(), timeZoneOf(ctx.workspace.state, ctx.me));
}

/**
 * Accord: Add Holiday… / Add My Regional Holiday… — a day (today, fri, 12-25, 2026-12-25) and a
 * name. Refuses, while typing, a day that already is one and a full list (holidayProblem).
 * Resolves to the new entity's id; undefined when cancelled.
 */
export async function addHoliday(ctx: MemberContext, whose: Whose): Promise<string | undefined> {
  const { workspace, me } = ctx;
  const today = todayOf(ctx);
  const member = whose === 'mine' ? me : undefined;
  const title = whose === 'team' ? 'Accord: Add Holiday' : 'Accord: Add My Regional Holiday';
  const dayText = await askText({
    title: `${title} (1/2)`,
    prompt:
      whose === 'team'
        ? 'Which day does nobody on the team work? today, fri, 12-25 or 2026-12-25.'
        : 'Which day is a holiday where you live? today, fri, 12-25 or 2026-12-25. It counts only for you, in your time zone.',
    placeHolder: '12-25',
    validate: (value) => {
      const parsed = parseOneDay(value, today);
      if ('error' in parsed) return parsed.error;
      return holidayProblem(workspace.state, parsed.day, member) ?? typedDayMessage(parsed.day, today);
    },
  });
  if (dayText === undefined) return undefined;
  const parsed = parseOneDay(dayText, today);
  if ('error' in parsed) return undefined;
  const day = parsed.day;
  const name = await askText({
    title: `${title} (2/2)`,
    prompt: `What is ${shortDayLabel(day, today)} called?`,
    placeHolder: 'Christmas Day',
    maxLength: MAX_HOLIDAY_NAME_LENGTH,
  });
  if (name === undefined) return undefined;
  const at = new Date().toISOString();
  const id = await workspace.write((edit) =>
    member === undefined
      ? edit.create('holiday', HOLIDAY_ID_PREFIX, { day, name, at })
      : edit.create('regionalHoliday', REGIONAL_HOLIDAY_ID_PREFIX, { member, day, name, at }),
  );
  if (id) vscode.window.setStatusBarMessage(withData`$(calendar) Holiday added: ${name}, ${shortDayLabel(day, today)}`, 4000);
  return id;
}

interface HolidayPick extends vscode.QuickPickItem {
  readonly id: string;
}

/**
 * Accord: Remove Holiday… / Remove My Regional Holiday… — a QuickPick of the list, soonest first
 * from today, past ones after them. Resolves to the removed id; undefined when cancelled or
 * when the list is empty (said in a message).
 */
export async function removeHoliday(ctx: MemberContext, whose: Whose): Promise<string | undefined> {
  const { workspace, me } = ctx;
  const state = workspace.state;
  const today = todayOf(ctx);
  const list = whose === 'team' ? [...state.entities.holiday.values()] : [...state.entities.regionalHoliday.values()].filter((h) => h.member === me);
  if (!list.length) {
    void vscode.window.showInformationMessage(
      whose === 'team' ? 'The team has no holidays yet. Add one with Accord: Add Holiday…' : 'You have no regional holidays yet.',
    );
    return undefined;
  }
  // Coming days first, then past ones, most recent first: the one to remove is usually near.
  const upcoming = list.filter((h) => h.day >= today).sort((a, b) => compareText(a.day, b.day) || compareText(a.id, b.id));
  const past = list.filter((h) => h.day < today).sort((a, b) => compareText(b.day, a.day) || compareText(a.id, b.id));
  const picks: HolidayPick[] = [...upcoming, ...past].map((h) => ({
    label: safeText(h.name),
    description: `${shortDayLabel(h.day, today)}${h.day < today ? ' · past' : ''}`,
    id: h.id,
  }));
  const pick = await vscode.window.showQuickPick(picks, {
    title: whose === 'team' ? 'Accord: Remove Holiday' : 'Accord: Remove My Regional Holiday',
    placeHolder: 'Which holiday is no longer a day off?',
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  if (!pick) return undefined;
  const kind = whose === 'team' ? 'holiday' : 'regionalHoliday';
  const removed = await workspace.write((edit) => {
    edit.delete(pick.id, kind);
    return pick.id;
  });
  if (removed) vscode.window.setStatusBarMessage(`$(calendar) Holiday removed: ${pick.label}`, 4000);
  return removed;
}

/** The Uri a test or another command hands to Import Holidays, skipping the open dialog. */
function uriArg(arg: unknown): vscode.Uri | undefined {
  return arg instanceof vscode.Uri ? arg : undefined;
}

/**
 * Accord: Import Holidays… — public holidays from an `.ics` file onto the team's list or, chosen
 * in the first step, onto my regional list. The file is untrusted: its size is checked before
 * it is read, and core reads it within bounds (holidayImport.ts). Days already on the list are
 * skipped. Resolves to the ids written; undefined when cancelled or refused (said in a message).
 */
export async function importHolidays(ctx: MemberContext, target?: unknown): Promise<string[] | undefined> {
  const { workspace, me } = ctx;
  const today = todayOf(ctx);
  const whose = await vscode.window.showQuickPick(
    [
      { label: "The team's holidays", description: 'days nobody on the team works', whose: 'team' as Whose },
      { label: 'My regional holidays', description: 'days off where I live, only for me', whose: 'mine' as Whose },
    ],
    { title: 'Accord: Import Holidays (1/2)', placeHolder: 'Which list do the holidays go on?', ignoreFocusOut: true },
  );
  if (!whose) return undefined;
  let uri = uriArg(target);
  if (!uri) {
    const chosen = await vscode.window.showOpenDialog({
      title: 'Accord: Import Holidays (2/2)',
      openLabel: 'Import',
      canSelectMany: false,
      filters: { iCalendar: ['ics', 'ical', 'ifb', 'icalendar'] },
    });
    uri = chosen?.[0];
  }
  if (!uri) return undefined;
  let text: string;
  try {
    const { size } = await vscode.workspace.fs.stat(uri);
    if (size > MAX_HOLIDAY_FILE_BYTES)
      throw new HolidayFileError(`That file is larger than ${MAX_HOLIDAY_FILE_BYTES / 1024 / 1024} MiB; a file of public holidays is far smaller.`);
    text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
  } catch (error) {
    void vscode.window.showErrorMessage(error instanceof HolidayFileError ? error.message : withData`Accord could not read ${uri.fsPath}: ${String(error)}`);
    return undefined;
  }
  let file: ReturnType<typeof readHolidayFile>;
  try {
    file = readHolidayFile(text, today);
  } catch (error) {
    if (!(error instanceof HolidayFileError)) throw error;
    void vscode.window.showErrorMessage(safeText(error.message));
    return undefined;
  }
  const member = whose.whose === 'mine' ? me : undefined;
  const at = new Date().toISOString();
  const plan = planHolidayImport(workspace.state, file, member);
  const ids = plan.add.length
    ? await workspace.write((edit) =>
        plan.add.map((h) =>
          member === undefined
            ? edit.create('holiday', HOLIDAY_ID_PREFIX, { day: h.day, name: h.name, at })
            : edit.create('regionalHoliday', REGIONAL_HOLIDAY_ID_PREFIX, { member, day: h.day, name: h.name, at }),
        ),
      )
    : [];
  if (ids === undefined) return undefined;
  void vscode.window.showInformationMessage(holidayImportSummary(file, plan, member !== undefined));
  return ids;
}
