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
import { dayNumber, dayString, weekdayOf } from './localDays';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * One component of a tz database name: an ASCII letter, then up to 13 more ASCII letters,
 * digits, `.`, `-`, `_` or `+` (14 at most).
 */
const ZONE_COMPONENT = '[A-Za-z][A-Za-z0-9._+-]{0,13}';
/** `Area`, `Area/Location` or `Area/Location/Sub`: at most 3 components, so at most 44 characters. */
const ZONE_NAME = new RegExp(`^${ZONE_COMPONENT}(?:/${ZONE_COMPONENT}){0,2}$`);

/**
 * Whether `text` has the shape of a tz database (IANA) time zone name: `Europe/Berlin`,
 * `America/Argentina/Buenos_Aires`, `UTC`, `Etc/GMT+5`, `EST5EDT`. Purely syntactic, so it
 * gives the same answer on every machine, whatever its ICU or tz data knows: a zone added to
 * tzdata after this runtime was built (America/Coyhaique, 2025) is still a name.
 *
 * The rule is the naming guideline of the tz database's Theory file ("Timezone identifiers",
 * https://data.iana.org/time-zones/theory.html#naming): names are 1 to 3 `/`-separated
 * components, none empty, none `.` or `..`, none starting with `-`, none longer than 14
 * characters, made of ASCII letters, `.`, `-` and `_`, and the name is not `Etc/Unknown`
 * (CLDR's word for "no zone"). Digits and `+` are allowed too, for the legacy names the
 * Theory file keeps (`Etc/GMT+5`, `EST5EDT`, `GMT0`). Slightly stricter than the Theory file,
 * a component starts with a letter, as every name in the database does. Case is not checked:
 * the Theory file forbids names that differ only in case, and ICU matches them either way.
 */
export function isTimeZoneName(text: string): boolean {
  return text.length <= 44 && ZONE_NAME.test(text) && text.toLowerCase() !== 'etc/unknown';
}

/** A stored zone as this runtime computes with it. */
export interface ComputeZone {
  /** The zone to compute with: the stored zone when this runtime knows it, else `UTC`. */
  readonly timeZone: string;
  /** True when this runtime does not know the stored zone (or it is not a zone name) and times are in UTC instead. */
  readonly fellBack: boolean;
}

const UTC_ZONE: ComputeZone = { timeZone: 'UTC', fellBack: false };
/** Answers per zone name. A fact about this runtime, so it never goes stale; capped because names come from files. */
const computeZones = new Map<string, ComputeZone>();
const MAX_REMEMBERED_ZONES = 512;

/**
 * The zone to compute with for a zone stored in the data: `{ timeZone: stored, fellBack:
 * false }` when this runtime's ICU knows it, else `{ timeZone: 'UTC', fellBack: true }`. A
 * zone is valid data by its name alone (`isTimeZoneName`), so a partner's zone that is newer
 * than this runtime's tz data loads and is shown in UTC here, with a note, instead of making
 * Intl or TZDate throw a RangeError deep inside a view. Every computation with a member's
 * zone goes through here (dayIn, instantAt, LocalDays, TeamMetrics, dueContext, the status
 * and the Partners view). Never throws; memoized, as building an Intl.DateTimeFormat is slow.
 */
export function zoneToComputeWith(stored: string): ComputeZone {
  if (stored === 'UTC') return UTC_ZONE;
  let answer = computeZones.get(stored);
  if (!answer) {
    answer = runtimeKnows(stored) ? { timeZone: stored, fellBack: false } : { timeZone: 'UTC', fellBack: true };
    if (computeZones.size >= MAX_REMEMBERED_ZONES) computeZones.clear();
    computeZones.set(stored, answer);
  }
  return answer;
}

function runtimeKnows(zone: string): boolean {
  if (typeof zone !== 'string' || !isTimeZoneName(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    return false;
  }
  // TZDate and tzOffset read offsets through Intl's longOffset format; they must be able to as well.
  return Number.isFinite(tzOffset(zone, new Date(0)));
}

/**
 * The calm note shown where someone's times are computed in UTC because this runtime does
 * not know their zone: "Times in UTC here: this VS Code does not know America/Coyhaique".
 * The zone is named only when it is a zone name (ASCII letters, digits and `._+-/`, so it
 * carries no icon syntax or bidi controls); undefined when the zone is known here.
 */
export function zoneFallbackNote(stored: string): string | undefined {
  if (!zoneToComputeWith(stored).fellBack) return undefined;
  return `Times in UTC here: this VS Code does not know ${isTimeZoneName(stored) ? stored : 'this time zone'}`;
}

/**
 * Whether `timeZone` is a zone name that this runtime also knows: for a person choosing
 * their own zone in Set Up. Never use it to judge data: a partner's zone is checked by
 * `isTimeZoneName` only.
 */
export function isValidTimeZone(timeZone: string): boolean {
  return isTimeZoneName(timeZone) && !zoneToComputeWith(timeZone).fellBack;
}

/** This machine's own zone, for defaults offered to the person at this machine only; `UTC` when it has none this runtime can compute with. */
export function systemTimeZone(): string {
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

/** The last day (Sunday) of the Monday-first week that contains `day`. */
export function endOfWeekDay(day: string): string {
  const n = dayNumber(day);
  return dayString(n + ((7 - weekdayOf(n)) % 7));
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
    if (weekday >= 0) return addDaysToDay(today, ((weekday - weekdayOf(dayNumber(today)) + 7) % 7) || 7);
  }
  return undefined;
}
