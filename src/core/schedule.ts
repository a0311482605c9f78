/**
 * When check-ins are due: the team's cadence (times on working days) in each member's own
 * time zone, and whether a nudge is showing now. Pure: the status bar asks once a minute.
 */
import { addDaysToDay, dayIn, instantInZone } from './dates';
import { workingWeekdays } from './localDays';

export interface Cadence {
  /** Local times of day, "HH:MM". */
  times: readonly string[];
  /** 0 = Sunday … 6 = Saturday; none listed means every day (localDays.ts workingWeekdays). */
  workingDays: readonly number[];
  /**
   * When the person is at work, for a moment of the cadence: the moment itself, a later one the
   * same day, or undefined (availability.ts `nextWorkingMoment` of one member, issue 18 §3).
   * Without it, every moment of a working day counts as it stands.
   */
  atWork?: (moment: Date) => Date | undefined;
}

/**
 * The instant a local day (`YYYY-MM-DD`) and time of day (`HH:MM`) mean in a member's time
 * zone: DST gaps move forward, as clocks do; a repeated hour is its first occurrence; a zone
 * this runtime does not know counts as UTC (see `instantInZone` and `zoneToComputeWith`).
 * The machine's own zone never matters.
 */
export function instantAt(day: string, time: string, timeZone: string): Date {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return instantInZone(day, hours, minutes, timeZone);
}

function weekdayOf(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/**
 * Scheduled check-in moments on one local day (`YYYY-MM-DD` in `timeZone`), in order: none on a
 * day off. With `cadence.atWork`, a moment outside working hours moves to the start of the next
 * working period (08:00 becomes 09:00); one that would move to another day (20:00, or any moment
 * of an away day or a holiday) is dropped, as that day has its own moments; moments that move
 * to the same instant count once. Never 02:00 when work starts at 09:00 (issue 18 §3).
 */
export function momentsOn(day: string, timeZone: string, cadence: Cadence): Date[] {
  if (!workingWeekdays(cadence).has(weekdayOf(day))) return [];
  const moments = [...cadence.times].sort().map((time) => instantAt(day, time, timeZone));
  const atWork = cadence.atWork;
  if (!atWork) return moments;
  const kept = new Map<number, Date>();
  for (const moment of moments) {
    const moved = atWork(moment);
    if (moved && dayIn(moved, timeZone) === day) kept.set(moved.getTime(), moved);
  }
  return [...kept.values()].sort((a, b) => a.getTime() - b.getTime());
}

/** The latest scheduled moment at or before `now`, looking back at most `lookbackDays`. */
export function latestMoment(now: Date, timeZone: string, cadence: Cadence, lookbackDays = 7): Date | undefined {
  const today = dayIn(now, timeZone);
  for (let back = 0; back <= lookbackDays; back++) {
    const moments = momentsOn(addDaysToDay(today, -back), timeZone, cadence).filter((m) => m.getTime() <= now.getTime());
    if (moments.length) return moments[moments.length - 1];
  }
  return undefined;
}

/** The next scheduled moment after `now`, looking ahead at most two weeks. */
export function nextMoment(now: Date, timeZone: string, cadence: Cadence): Date | undefined {
  const today = dayIn(now, timeZone);
  for (let ahead = 0; ahead <= 14; ahead++) {
    const moment = momentsOn(addDaysToDay(today, ahead), timeZone, cadence).find((m) => m.getTime() > now.getTime());
    if (moment) return moment;
  }
  return undefined;
}

export interface NudgeInputs {
  now: Date;
  timeZone: string;
  cadence: Cadence;
  /** When this person last checked in (wall clock, display only, but the best we have). */
  lastCheckIn?: Date;
  snoozedUntil?: Date;
  /** A local day (`YYYY-MM-DD`, `timeZone`) whose check-in the person skipped (Skip Today, working): no nudge on it. */
  skippedDay?: string;
}

/** A check-in this long before a moment counts for it (09:25 answers the 09:30 nudge). */
export const EARLY_CHECK_IN_MS = 30 * 60_000;

/**
 * The moment whose check-in is due now, if any. Only the latest scheduled moment counts, so a
 * laptop that slept through several moments gives one nudge, not a burst; a moment stays due
 * until the end of its local day (no nudging through a weekend for Friday afternoon); a
 * check-in from half an hour before that moment, a snooze that has not run out, or Skip Today
 * on this local day (`skippedDay`) clears it.
 */
export function dueCheckIn(inputs: NudgeInputs): Date | undefined {
  const { now, snoozedUntil, lastCheckIn, timeZone } = inputs;
  if (snoozedUntil && now.getTime() < snoozedUntil.getTime()) return undefined;
  if (inputs.skippedDay !== undefined && inputs.skippedDay === dayIn(now, timeZone)) return undefined;
  const moment = latestMoment(now, timeZone, inputs.cadence);
  if (!moment) return undefined;
  if (dayIn(moment, timeZone) !== dayIn(now, timeZone)) return undefined;
  if (lastCheckIn && lastCheckIn.getTime() >= moment.getTime() - EARLY_CHECK_IN_MS) return undefined;
  return moment;
}

export type SnoozeChoice = '30m' | '2h' | 'today';

/** When a snooze chosen at `now` runs out: 30 minutes, 2 hours, or the start of tomorrow locally. */
export function snoozeUntil(choice: SnoozeChoice, now: Date, timeZone: string): Date {
  if (choice === '30m') return new Date(now.getTime() + 30 * 60_000);
  if (choice === '2h') return new Date(now.getTime() + 2 * 3_600_000);
  return instantAt(addDaysToDay(dayIn(now, timeZone), 1), '00:00', timeZone);
}

/** Parses "09:30, 16:30" style lists; undefined when any entry is not a time. */
export function parseTimes(values: readonly string[]): string[] | undefined {
  const times = values.map((v) => v.trim()).filter(Boolean);
  return times.every((t) => /^([01]\d|2[0-3]):[0-5]\d$/.test(t)) ? [...new Set(times)].sort() : undefined;
}
