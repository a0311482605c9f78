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
import { safeText } from './safeText';
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

/**
 * A day as lists and sentences name it: "Mon 4 Jan", with the year only when the day is half a
 * year or more from `today` ("Thu 14 Mar 2030"), where a reader could place it in the wrong
 * year; near the turn of a year the weekday already pins it. English names from date-fns,
 * never the machine's locale or ICU. Both days are `YYYY-MM-DD`.
 */
export function shortDayLabel(day: string, today: string): string {
  return formatDay(day, Math.abs(daysBetween(today, day)) < 183 ? 'EEE d MMM' : 'EEE d MMM yyyy');
}

/**
 * What a typed day means, said back while it is typed so a weekday word is never a surprise:
 * "Fri 11 Dec, in 10 days", "Tue 1 Dec, today", "Wed 2 Dec, tomorrow", "Mon 30 Nov, 1 day ago".
 * Both days are `YYYY-MM-DD`; the label is {@link shortDayLabel}'s.
 */
export function typedDayWords(day: string, today: string): string {
  const delta = daysBetween(today, day);
  const when = delta === 0 ? 'today' : delta === 1 ? 'tomorrow' : delta > 0 ? `in ${delta} days` : `${-delta} day${delta === -1 ? '' : 's'} ago`;
  return `${shortDayLabel(day, today)}, ${when}`;
}

/** The three-letter English weekday of a day (`YYYY-MM-DD`): "Tue". */
export function weekdayLabel(day: string): string {
  return formatDay(day, 'EEE');
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/**
 * Reads a due date as people type it: `2026-03-14`, `today`, `tomorrow`, a weekday name
 * (`fri`, the next one after today), `+3` or `3d` (days), `2w` (weeks). Undefined if unreadable,
 * or a date before 1970.
 */
export function parseDayInput(input: string, today: string): string | undefined {
  const text = input.trim().toLowerCase();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    // A real day survives the round trip; 2026-02-30 comes back as 2026-03-02, 2026-13-01 as 2027-01-01.
    // Before 1970 is a slip of the keyboard (0000-01-01 would read back as year 1): refused.
    return text >= '1970-01-01' && dayString(dayNumber(text)) === text ? text : undefined;
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

/** A range of calendar days, both included, `YYYY-MM-DD`. */
export interface DayRange {
  readonly from: string;
  readonly to: string;
}

/** What {@link parseDayRange} gives: the range, or why it could not be read, in words to show as they are. */
export type DayRangeInput = { readonly range: DayRange; readonly error?: undefined } | { readonly range?: undefined; readonly error: string };

const LENGTH = /^\+?(\d{1,3})\s*(d|days?|w|weeks?)?$/;
const MONTH_DAY = /^(\d{2})-(\d{2})$/;

/** Days in a typed length (`+2w`, `3d`, `+5`), or undefined when `text` is not one. */
function lengthInDays(text: string): number | undefined {
  const match = LENGTH.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * (match[2]?.startsWith('w') ? 7 : 1);
}

/** `MM-DD` as the first such day on or after `onOrAfter`, or undefined when it is not one (02-30). */
function monthDayOnOrAfter(text: string, onOrAfter: string): string | undefined {
  const match = MONTH_DAY.exec(text);
  if (!match) return undefined;
  // 02-29 waits for the next leap year (at most 8 years: 2096 → 2104); a day no year has (02-30, 13-01) is never found.
  for (let year = Number(onOrAfter.slice(0, 4)), last = year + 8; year <= last; year++) {
    const day = `${String(year).padStart(4, '0')}-${match[1]}-${match[2]}`;
    if (dayString(dayNumber(day)) === day && day >= onOrAfter) return day;
  }
  return undefined;
}

/** One end of a range: a day as {@link parseDayInput} reads it, or `MM-DD` (the first on or after `onOrAfter`). */
function rangeEnd(text: string, today: string, onOrAfter: string): string | undefined {
  return monthDayOnOrAfter(text, onOrAfter) ?? parseDayInput(text, today);
}

/**
 * Reads a range of days as people type one for Set Away (issue 18 §1), relative to `today`
 * (`YYYY-MM-DD`, the person's own day):
 * - one day names that day: `today`, `tomorrow`, `fri` (the next Friday after today, as
 *   {@link parseDayInput}), `2026-12-24`, `12-24` (the next 24 December, today included);
 * - a length names that many days from today: `+2w` is today and the 13 days after it, `3d`
 *   `+3` or `3` three days;
 * - `a..b` names both ends: `2026-12-21..01-04` (an end without a year is the first such day
 *   on or after the start, so a range may cross the year), `mon..fri` (the end's weekday the
 *   first on or after the start), `2026-12-21..+2w` (a length counted from the start).
 * Hand-written on top of parseDayInput: no natural-date library is a dependency of Accord, and
 * these few shapes read the same in every locale. An unreadable text, or an end before its
 * start, gives an `error` in words for the person who typed it. Never throws.
 */
export function parseDayRange(input: string, today: string): DayRangeInput {
  const text = input.trim().toLowerCase();
  if (!text) return { error: 'Type a day or a range, like today, fri, 2026-12-21..01-04 or +2w.' };
  const parts = text.split('..').map((part) => part.trim());
  if (parts.length > 2) return { error: `“${clip(input)}” has more than one “..”; type a range like 2026-12-21..01-04.` };
  if (parts.length === 1) {
    const days = lengthInDays(text);
    if (days !== undefined)
      return days >= 1 ? { range: { from: today, to: addDaysToDay(today, days - 1) } } : { error: 'A length of time is at least one day, like +1d.' };
    const day = rangeEnd(text, today, today);
    return day ? { range: { from: day, to: day } } : { error: unreadable(input) };
  }
  const [start, end] = parts as [string, string];
  const from = rangeEnd(start, today, today);
  if (!from) return { error: unreadable(start) };
  const days = lengthInDays(end);
  if (days !== undefined)
    return days >= 1 ? { range: { from, to: addDaysToDay(from, days - 1) } } : { error: 'A length of time is at least one day, like +1d.' };
  // A weekday or MM-DD at the end is the first on or after the start: parseDayInput reads a weekday strictly after its "today".
  const to = monthDayOnOrAfter(end, from) ?? parseDayInput(end, isWeekdayWord(end) ? addDaysToDay(from, -1) : today);
  if (!to) return { error: unreadable(end) };
  if (to < from) return { error: `The range ends (${to}) before it starts (${from}).` };
  return { range: { from, to } };
}

/**
 * Reads one day as people type it where only one day makes sense (a holiday): `+1` is tomorrow,
 * as in a due date ({@link parseDayInput}: today, tomorrow, fri, 2026-12-25, +N), and `12-25`
 * is the next 25 December; a range is refused. `{ day }`, or `{ error }` in words. Never throws.
 */
export function parseOneDay(input: string, today: string): { readonly day: string } | { readonly error: string } {
  const day = parseDayInput(input, today);
  if (day !== undefined) return { day };
  const read = parseDayRange(input, today);
  if (read.error !== undefined) return { error: read.error };
  if (read.range.from !== read.range.to) return { error: 'One day at a time: a holiday is a single day.' };
  return { day: read.range.from };
}

function isWeekdayWord(text: string): boolean {
  return text.length >= 3 && WEEKDAYS.some((name) => name.startsWith(text));
}

function unreadable(text: string): string {
  return `“${clip(text.trim())}” is not a day Accord reads: try today, tomorrow, fri, 2026-12-21, 12-21 or +2w.`;
}

/** What the person typed, shortened, and made safe for the input box that shows the message (it draws `$(icon)`). */
function clip(text: string): string {
  return safeText(text.length > 40 ? `${text.slice(0, 39)}…` : text);
}
