/**
 * Calendar arithmetic in a member's time zone. Wall-clock time is for display only.
 *
 * Two rules keep every result the same on every machine:
 * - A day (`YYYY-MM-DD`) is plain calendar arithmetic on day numbers (see localDays.ts): the
 *   machine's own zone never enters.
 * - A stored zone is only ever *checked* by its shape (`isTimeZoneName`); which zones this
 *   runtime's ICU knows decides only how times are *computed* (`zoneToComputeWith`), never
 *   whether data is valid.
 */
import { TZDate, tzOffset } from '@date-fns/tz';
import { format } from 'date-fns';
import { dayNumber, dayString, weekdayOf, weekStartOf } from './localDays';
import { isValidTimeZone, zoneToComputeWith } from './zones';

export { type ComputeZone, isTimeZoneName, isValidTimeZone, zoneFallbackNote, zoneToComputeWith } from './zones';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** This machine's own zone, for defaults offered to the person at this machine only; `UTC` when it has none this runtime can compute with. */
export function systemTimeZone(): string {
  // The machine's zone on purpose: a default for the person at this machine only (Set Up), never for a member's data.
  // eslint-disable-next-line no-restricted-syntax
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isValidTimeZone(zone) ? zone : 'UTC';
}

/** The zone's offset from UTC at `ms`, in whole milliseconds (east positive), for a zone from `zoneToComputeWith`. */
function offsetMs(timeZone: string, ms: number): number {
  return timeZone === 'UTC' ? 0 : Math.round(tzOffset(timeZone, new Date(ms)) * MINUTE_MS);
}

/**
 * The calendar day (`YYYY-MM-DD`) it is at `now` in `timeZone` (a stored zone: one this
 * runtime does not know counts as UTC, see `zoneToComputeWith`). Never throws for a zone.
 */
export function dayIn(now: Date, timeZone: string): string {
  const zone = zoneToComputeWith(timeZone).timeZone;
  const ms = now.getTime();
  return dayString(Math.floor((ms + offsetMs(zone, ms)) / DAY_MS));
}

/**
 * The wall-clock time (`HH:MM`, 24-hour) it is at `instant` in `timeZone` (a stored zone,
 * resolved by `zoneToComputeWith`): the person's own clock, never the machine's.
 */
export function clockIn(instant: Date, timeZone: string): string {
  const zone = zoneToComputeWith(timeZone).timeZone;
  const ms = instant.getTime();
  const minutes = Math.floor(((((ms + offsetMs(zone, ms)) % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The instant a local day (`YYYY-MM-DD`) and wall-clock time (hours, minutes) mean in
 * `timeZone` (a stored zone, resolved by `zoneToComputeWith`). A time that a daylight-saving
 * gap skips moves forward by the gap, as clocks do (02:30 on the day Berlin jumps from 02:00
 * to 03:00 is 03:30 CEST); a time that a fall-back repeats is its first occurrence. This is
 * RFC 5545 §3.3.5's rule for nonexistent local times and Temporal's "compatible"
 * disambiguation. Works from the zone's offsets only, so the machine's own zone never matters.
 */
export function instantInZone(day: string, hours: number, minutes: number, timeZone: string): Date {
  const zone = zoneToComputeWith(timeZone).timeZone;
  const wall = dayNumber(day) * DAY_MS + hours * 3_600_000 + minutes * MINUTE_MS;
  if (zone === 'UTC') return new Date(wall);
  // Offsets a day either side cover any transition near this wall time (they are hours apart, never days).
  const before = offsetMs(zone, wall - DAY_MS);
  const after = offsetMs(zone, wall + DAY_MS);
  for (const offset of before === after ? [before] : [before, after]) {
    if (offsetMs(zone, wall - offset) === offset) return new Date(wall - offset);
  }
  // In a gap: the offset from before the change carries the time forward past it.
  return new Date(wall - before);
}

/** `day` moved by `days` calendar days (negative for earlier). */
export function addDaysToDay(day: string, days: number): string {
  return dayString(dayNumber(day) + days);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** The last day of the week that contains `day`, for weeks starting on weekday `weekStart` (0 = Sunday; from `teamWeekStart`). */
export function endOfWeekDay(day: string, weekStart: number): string {
  return dayString(weekStartOf(dayNumber(day), weekStart) + 6);
}

/** date-fns' English names for a calendar day, read as a day and never through the machine's own zone. */
function formatDay(day: string, pattern: string): string {
  return format(new TZDate(dayNumber(day) * DAY_MS, 'UTC'), pattern);
}

/** "due today", "due tomorrow", "due Friday" (within 6 days), "due Sat 21 Mar", "was due yesterday", "was due 3 days ago". */
export function describeDue(due: string, today: string): string {
  const delta = daysBetween(today, due);
  if (delta === 0) return 'due today';
  if (delta === 1) return 'due tomorrow';
  if (delta === -1) return 'was due yesterday';
  if (delta < 0) return `was due ${-delta} days ago`;
  if (delta < 7) return `due ${formatDay(due, 'EEEE')}`;
  // The year only when it is not this one: "due Sat 21 Mar", "due Thu 14 Mar 2030".
  return `due ${formatDay(due, due.slice(0, 4) === today.slice(0, 4) ? 'EEE d MMM' : 'EEE d MMM yyyy')}`;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/**
 * Reads a due date as people type it: `2026-03-14`, `today`, `tomorrow`, a weekday name
 * (`fri`, the next one after today), `+3` or `3d` (days), `2w` (weeks). Undefined if unreadable.
 */
export function parseDayInput(input: string, today: string): string | undefined {
  const text = input.trim().toLowerCase();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    // A real day survives the round trip; 2026-02-30 comes back as 2026-03-02, 2026-13-01 as 2027-01-01.
    return dayString(dayNumber(text)) === text ? text : undefined;
  }
  if (text === 'today') return today;
  if (text === 'tomorrow') return addDaysToDay(today, 1);
  const relative = /^\+?(\d{1,3})\s*(d|days?|w|weeks?)?$/.exec(text);
  if (relative) return addDaysToDay(today, Number(relative[1]) * (relative[2]?.startsWith('w') ? 7 : 1));
  if (text.length >= 3) {
    const weekday = WEEKDAYS.findIndex((name) => name.startsWith(text));
    if (weekday >= 0) return addDaysToDay(today, (weekday - weekdayOf(dayNumber(today)) + 7) % 7 || 7);
  }
  return undefined;
}
