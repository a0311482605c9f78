/**
 * The status-bar summary, computed without VS Code so it is tested and measured in Node:
 * calm by default ("3 today · 1 overdue"), a nudge when a check-in or a follow-up is due.
 */
import { awayWords, dayOffReason, type DayOff, nextWorkingMoment } from './availability';
import { clockIn, dayIn, describeDue, zoneFallbackNote } from './dates';
import { safeText } from './safeText';
import { dueContext, dueGroup } from './queries';
import { instantMs } from './localDays';
import { latestCheckIns } from './support';
import { type Cadence, dueCheckIn, nextMoment } from './schedule';
import type { Entity, TeamState } from './team';

export type NudgeStyle = 'statusBar' | 'notification' | 'off';

export interface StatusInputs {
  state: TeamState;
  me: string;
  now: Date;
  /** This person's stored zone; one this runtime does not know counts as UTC, with a note in the tooltip. */
  timeZone: string;
  cadence: Cadence;
  snoozedUntil?: Date;
  /** Follow-ups waiting on this person (renegotiations, feedback, setbacks, covenant). */
  followUps: number;
  /** Accord files changed here and not yet committed and pushed. */
  unshared: number;
  nudges: NudgeStyle;
  /** This person's latest check-in time, when already known (saves a scan). */
  lastCheckIn?: Date;
  /** The local day (`YYYY-MM-DD`, `timeZone`) whose check-in I skipped while working (Skip Today): no nudge on it. */
  skippedDay?: string;
}

export interface StatusView {
  text: string;
  tooltip: string;
  /** Screen-reader label. */
  label: string;
  /** Set when a check-in is due: the scheduled moment it is for. */
  nudgeFor?: Date;
  /** What a click does. */
  action: 'checkIn' | 'followUps' | 'focus';
  /** Set when this runtime does not know this person's zone: the times and days here are in UTC. */
  zoneNote?: string;
  /** Set on my away day or holiday (availability.ts `dayOffReason`): nothing nudges, the item says why. */
  dayOff?: DayOff;
}

/**
 * Why nothing may remind `me` on local day `today` (their zone): my away day, a team holiday or
 * my regional holiday (availability.ts `dayOffReason`); undefined on a working day and on a day
 * the team's week does not work, whose follow-ups count as they always have (issue 18 §4: one
 * rule for the status bar, the notifications and the views' badges).
 */
export function quietDayReason(state: TeamState, me: string, today: string): Exclude<DayOff, { kind: 'dayOff' }> | undefined {
  const reason = dayOffReason(state, me, today);
  return reason && reason.kind !== 'dayOff' ? reason : undefined;
}

/**
 * Why nothing nudges me today, in words for the status bar: "Away until Mon 4 Jan", "Away
 * today", "Holiday: Christmas Day" (the name made safe). Undefined on a working day and on a
 * day the team's week does not work (a weekend has no moments anyway, and its follow-ups still
 * count as they always have).
 */
export function dayOffWords(state: TeamState, me: string, today: string, reason: DayOff | undefined): string | undefined {
  if (!reason || reason.kind === 'dayOff') return undefined;
  if (reason.kind === 'away') {
    const words = awayWords(state, me, today) ?? 'away today';
    return words.charAt(0).toUpperCase() + words.slice(1);
  }
  return `Holiday: ${safeText(reason.name)}`;
}

/** This person's latest check-in, by instant (`at` may carry any UTC offset, so its text does not sort). */
export function lastCheckInOf(state: TeamState, me: string): Date | undefined {
  const latest = latestCheckInOf(state, me);
  return latest ? new Date(instantMs(latest.at)) : undefined;
}

/**
 * This person's latest check-in itself, or undefined: support.ts `latestCheckIns`, the one rule
 * for "latest" (by instant; equal instants: the greater id; an unreadable instant never counts).
 */
export function latestCheckInOf(state: TeamState, member: string): Entity<'checkIn'> | undefined {
  return latestCheckIns(state).get(member);
}

/** How many of my open micro-goals are due today and overdue, and how many follow-ups wait for me. */
export interface DayCounts {
  readonly today: number;
  readonly overdue: number;
  readonly followUps: number;
}

/**
 * The calm summary of my day, as the status bar and `accord status` say it: "3 today ·
 * 1 overdue · 2 to answer", leaving out what is zero, or "All clear".
 */
export function statusSummary(counts: DayCounts): string {
  const parts: string[] = [];
  if (counts.today) parts.push(`${counts.today} today`);
  if (counts.overdue) parts.push(`${counts.overdue} overdue`);
  if (counts.followUps) parts.push(`${counts.followUps} to answer`);
  return parts.join(' · ') || 'All clear';
}

export function computeStatus(inputs: StatusInputs): StatusView {
  const { state, me, now, timeZone } = inputs;
  const ctx = dueContext(now, timeZone, state.team);
  let today = 0;
  let overdue = 0;
  for (const micro of state.entities.microGoal.values()) {
    if (micro.owner !== me || micro.done) continue;
    const group = dueGroup(micro, ctx);
    if (group === 'today') today++;
    else if (group === 'overdue') overdue++;
  }
  const summary = statusSummary({ today, overdue, followUps: inputs.followUps });
  const tips: string[] = [];
  tips.push(today ? `${today} micro-goal${today === 1 ? '' : 's'} due today` : 'Nothing due today');
  if (overdue) tips.push(`${overdue} micro-goal${overdue === 1 ? '' : 's'} past due: finish or renegotiate`);
  if (inputs.followUps) tips.push(`${inputs.followUps} follow-up${inputs.followUps === 1 ? '' : 's'} waiting for you`);
  if (inputs.unshared) tips.push(`${inputs.unshared} Accord change${inputs.unshared === 1 ? '' : 's'} not shared yet (Accord: Share Changes)`);
  const zoneNote = zoneFallbackNote(timeZone);
  if (zoneNote) tips.push(zoneNote);
  const shareMark = inputs.unshared ? ' $(cloud-upload)' : '';
  // Issue 18 §4, one rule for all: on my away day or holiday no check-in, follow-up or covenant
  // nudge fires; the item says why, calmly, and the counts stay in the tooltip for whoever looks.
  const reason = quietDayReason(state, me, ctx.today);
  const offWords = dayOffWords(state, me, ctx.today, reason);
  if (offWords) {
    const tooltip =
      reason?.kind === 'away'
        ? `${offWords}: no nudges or reminders until you are back. Accord: I'm Back ends it early.`
        : `${offWords}: no nudges or reminders today.`;
    return {
      text: `$(coffee) ${offWords}${shareMark}`,
      tooltip: [tooltip, ...tips].join('\n'),
      label: `Accord: ${offWords}. ${tips.join('. ')}`,
      action: 'focus',
      dayOff: reason!,
      ...(zoneNote ? { zoneNote } : {}),
    };
  }
  // Moments outside my working hours move to the start of my next working period (issue 18 §3).
  const cadence: Cadence = { ...inputs.cadence, atWork: (moment) => nextWorkingMoment(state, me, moment) };
  const nudgeFor =
    inputs.nudges === 'off'
      ? undefined
      : dueCheckIn({
          now,
          timeZone,
          cadence,
          snoozedUntil: inputs.snoozedUntil,
          lastCheckIn: inputs.lastCheckIn ?? lastCheckInOf(state, me),
          ...(inputs.skippedDay ? { skippedDay: inputs.skippedDay } : {}),
        });
  if (nudgeFor) {
    return {
      text: `$(bell-dot) Check-in time · ${summary}${shareMark}`,
      tooltip: ['Time for a check-in: it takes a few seconds. Click to start, or snooze.', ...tips].join('\n'),
      label: `Accord: time for a check-in. ${tips.join('. ')}`,
      nudgeFor,
      action: 'checkIn',
      ...(zoneNote ? { zoneNote } : {}),
    };
  }
  // When the next nudge comes, in my zone: "Next check-in: tomorrow at 09:30".
  const next = inputs.nudges === 'off' ? undefined : nextMoment(now, timeZone, cadence);
  if (inputs.skippedDay === ctx.today) tips.push('You skipped today’s check-in: no nudges until tomorrow');
  if (next) tips.push(`Next check-in: ${describeDue(dayIn(next, timeZone), dayIn(now, timeZone)).replace(/^due /, '')} at ${clockIn(next, timeZone)}`);
  return {
    text: `$(checklist) ${summary}${shareMark}`,
    tooltip: ['Accord', ...tips, inputs.followUps ? 'Click to see your follow-ups' : 'Click to check in'].join('\n'),
    label: `Accord: ${tips.join('. ')}`,
    action: inputs.followUps ? 'followUps' : 'checkIn',
    ...(zoneNote ? { zoneNote } : {}),
  };
}
