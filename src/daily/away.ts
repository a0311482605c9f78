/**
 * Away days from the palette (issue 18 §1, §5): Accord: Set Away… (a range, then a note only the
 * team sees), Accord: I'm Back, and Skip Today from the nudge. Every rule is availability.ts's:
 * the range is read by parseDayRange and bounded by awayRangeProblem, I'm Back writes
 * imBackEdits, and an away period for today is what makes today a day off everywhere.
 */
import * as vscode from 'vscode';
import {
  AWAY_ID_PREFIX,
  awayRangeProblem,
  awayWords,
  type DayRange,
  dayIn,
  daysBetween,
  imBackEdits,
  isAwayOn,
  MAX_AWAY_NOTE_LENGTH,
  memberEntityId,
  parseDayRange,
  parseWorkingHours,
  safeText,
  shortDayLabel,
  timeZoneOf,
  type WorkingHours,
  workingHoursOf,
} from '../core';
import type { MemberContext } from '../commands/handler';
import { DONE, runFlow, type Step, textStep } from '../util/quickInput';
import type { AccordWorkspace } from '../workspace/accordWorkspace';
import type { DailyServices } from './services';

const SET_AWAY_TITLE = 'Accord: Set Away';

/** My own local day (`YYYY-MM-DD` in the zone of my profile). */
function myToday(workspace: AccordWorkspace, me: string): string {
  return dayIn(new Date(), timeZoneOf(workspace.state, me));
}

/** "Mon 21 Dec – Mon 4 Jan (15 days)" or "Fri 18 Dec (1 day)": what a typed range means. */
export function rangeWords(range: DayRange, today: string): string {
  const days = daysBetween(range.from, range.to) + 1;
  const span = range.from === range.to ? shortDayLabel(range.from, today) : `${shortDayLabel(range.from, today)} – ${shortDayLabel(range.to, today)}`;
  return `${span} (${days} day${days === 1 ? '' : 's'})`;
}

/** Why `text` cannot be my away period from `today`, in words for the input box, or undefined when it can. */
function rangeProblem(workspace: AccordWorkspace, me: string, text: string, today: string): string | undefined {
  const read = parseDayRange(text, today);
  return read.error ?? awayRangeProblem(workspace.state, me, read.range, today);
}

/** Writes one away period of mine; resolves to its id, or undefined when the write was refused (the workspace said why). */
function writeAway(workspace: AccordWorkspace, me: string, range: DayRange, note: string | undefined): Promise<string | undefined> {
  const at = new Date().toISOString();
  return workspace.write((edit) => edit.create('away', AWAY_ID_PREFIX, { member: me, from: range.from, to: range.to, at, ...(note ? { note } : {}) }));
}

/**
 * Accord: Set Away… — two steps: the range (`today`, `fri`, `2026-12-21..01-04`, `+2w`; what it
 * means is said as it is typed, a problem blocks Enter), then an optional note that only the
 * team sees. Writes an `away` entity in my own file. Resolves to its id, or undefined when
 * cancelled or refused.
 */
export async function setAway(ctx: MemberContext): Promise<string | undefined> {
  const { workspace, me } = ctx;
  const today = myToday(workspace, me);
  const draft: { range: string; note: string } = { range: '', note: '' };
  const steps: Record<string, Step> = {
    range: (info) =>
      textStep(
        info,
        {
          title: SET_AWAY_TITLE,
          prompt: 'When are you away? today, fri, 2026-12-21..01-04 or +2w (two weeks from today).',
          placeholder: '2026-12-21..01-04',
          value: draft.range,
          maxLength: 100,
          validate: (value) => rangeProblem(workspace, me, value, today),
          describe: (value) => {
            const read = parseDayRange(value, today);
            return read.range ? `Away ${rangeWords(read.range, today)}.` : undefined;
          },
        },
        (value) => (draft.range = value),
        'note',
      ),
    note: (info) =>
      textStep(
        info,
        {
          title: SET_AWAY_TITLE,
          prompt: 'A note for your team (optional, Enter to skip): only the team sees it, in the Partners view.',
          placeholder: 'Back on the 5th; Ana has my reviews',
          value: draft.note,
          optional: true,
          maxLength: MAX_AWAY_NOTE_LENGTH,
        },
        (value) => (draft.note = value),
        DONE,
      ),
  };
  if (!(await runFlow(steps, 'range', () => 2))) return undefined;
  // Read again at the end: the day may have turned, or a partner's file changed, while the box was open.
  const now = myToday(workspace, me);
  const read = parseDayRange(draft.range, now);
  const problem = read.error ?? awayRangeProblem(workspace.state, me, read.range, now);
  if (problem || !read.range) {
    void vscode.window.showWarningMessage(problem ?? 'That range could not be read.');
    return undefined;
  }
  const id = await writeAway(workspace, me, read.range, draft.note || undefined);
  if (id) vscode.window.setStatusBarMessage(`$(coffee) Away ${rangeWords(read.range, now)}: no nudges then`, 6000);
  return id;
}

/**
 * Accord: I'm Back — ends every away period of mine that holds today (imBackEdits: it ends
 * yesterday, or is removed when it starts today); periods still to come stay. Resolves to the
 * number of periods changed (0 when I am not away today, after saying so).
 */
export async function imBack(ctx: MemberContext): Promise<number> {
  const { workspace, me } = ctx;
  const today = myToday(workspace, me);
  const edits = imBackEdits(workspace.state, me, today);
  if (!edits.length) {
    void vscode.window.showInformationMessage('You are not away today: nothing to end.');
    return 0;
  }
  const written = await workspace.write((edit) => {
    for (const change of edits) {
      if ('remove' in change) edit.delete(change.id, 'away');
      else edit.set(change.id, 'away', { to: change.to });
    }
    return edits.length;
  });
  if (written) vscode.window.setStatusBarMessage('$(home) Welcome back. Nudges are on again.', 4000);
  return written ?? 0;
}

/**
 * Accord: Set Working Hours… — my working hours on my own clock (issue 18 §3; default
 * 09:00–17:30), typed as `09:00-17:30` or `8-16` and read by core parseWorkingHours. Check-in
 * moments outside them move to the start of the next working period (nextWorkingMoment).
 * Writes `workingHours` on my own profile. Resolves to the hours written, or undefined when
 * cancelled or refused.
 */
export async function setWorkingHours(ctx: MemberContext): Promise<WorkingHours | undefined> {
  const { workspace, me } = ctx;
  const current = workingHoursOf(workspace.state, me);
  const zone = timeZoneOf(workspace.state, me);
  let typed = `${current.start}-${current.end}`;
  const steps: Record<string, Step> = {
    hours: (info) =>
      textStep(
        info,
        {
          title: 'Accord: Set Working Hours',
          prompt: `When do you work, on your own clock (${safeText(zone)})? Check-in reminders outside these hours wait for the next start.`,
          placeholder: '09:00-17:30',
          value: typed,
          maxLength: 40,
          validate: (value) => parseWorkingHours(value).error,
          describe: (value) => {
            const read = parseWorkingHours(value);
            return read.hours ? `From ${read.hours.start} to ${read.hours.end}.` : undefined;
          },
        },
        (value) => (typed = value),
        DONE,
      ),
  };
  if (!(await runFlow(steps, 'hours', () => 1))) return undefined;
  const read = parseWorkingHours(typed);
  if (!read.hours) return undefined;
  const hours = read.hours;
  const written = await workspace.write((edit) => {
    edit.set(memberEntityId(me), 'member', { workingHours: { start: hours.start, end: hours.end } });
    return true;
  });
  if (!written) return undefined;
  vscode.window.setStatusBarMessage(`$(clock) Working hours: ${hours.start}–${hours.end}`, 4000);
  return hours;
}

/** What Skip Today asks, once. */
export const SKIP_CHOICES = {
  notWorking: { label: '$(coffee) Not working today', detail: 'An away day for today: no nudges, and your streak is not broken' },
  working: { label: '$(debug-step-over) Working, just no check-in', detail: 'Quiet until tomorrow; it is simply no check-in today' },
} as const;

/**
 * Skip Today (the nudge's button, or the command): today's check-in is skipped, never a miss.
 * One pick: "Not working today" writes an away period for today only, so the streak, the
 * nudges and everything else follow the one rule; "Working, just no check-in" only quiets
 * today's nudges on this computer (NudgeMemory, like a snooze). Resolves to the choice made.
 */
export async function skipToday(ctx: MemberContext, daily: DailyServices): Promise<'notWorking' | 'working' | undefined> {
  const { workspace, me } = ctx;
  const today = myToday(workspace, me);
  if (isAwayOn(workspace.state, me, today)) {
    void vscode.window.showInformationMessage(`You are ${awayWords(workspace.state, me, today) ?? 'away today'}: no nudges until you are back.`);
    return undefined;
  }
  const items = (['notWorking', 'working'] as const).map((choice) => ({ ...SKIP_CHOICES[choice], choice }));
  const pick = await vscode.window.showQuickPick(items, { title: 'Accord: Skip Today', placeHolder: 'Skip today’s check-in: are you working today?' });
  if (!pick) return undefined;
  if (pick.choice === 'working') {
    await daily.nudges.skipDay(today);
    daily.statusBar.update();
    vscode.window.setStatusBarMessage('$(debug-step-over) No check-in today: nudges are back tomorrow', 4000);
    return 'working';
  }
  const range = { from: today, to: today };
  const problem = awayRangeProblem(workspace.state, me, range, today);
  if (problem) {
    void vscode.window.showWarningMessage(problem);
    return undefined;
  }
  return (await writeAway(workspace, me, range, undefined)) ? 'notWorking' : undefined;
}
