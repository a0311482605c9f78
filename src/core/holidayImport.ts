/**
 * Reading public holidays from an `.ics` file for **Accord: Import Holidays…** (issue 18 §2).
 * The file comes from anywhere (a government site, a teammate, a pull request): it is untrusted.
 * It is parsed by ical.js (RFC 5545), the library the calendar's tests read our export back
 * with, never by hand; every count is bounded before the work is done, and what comes out is
 * only days and short names that the entity schemas accept.
 *
 * A holiday is an all-day VEVENT (DTSTART;VALUE=DATE): each of its days from DTSTART up to, not
 * including, DTEND (one day without DTEND, RFC 5545 §3.6.1), and each occurrence of a
 * recurring one (a yearly RRULE of the kind public holidays use, RDATE, EXDATE) inside the
 * window; any other rule is skipped, never expanded (see safeRecurrence). Timed events (a meeting, a match at
 * 20:00) are not holidays and are counted as skipped. An overridden occurrence (RECURRENCE-ID)
 * is read as its own event and its series' original day is left out.
 */
import ICAL from 'ical.js';
import { MAX_REGIONAL_HOLIDAYS, MAX_TEAM_HOLIDAYS } from './availability';
import { addDaysToDay, daysBetween } from './dates';
import { MAX_HOLIDAY_NAME_LENGTH } from './entities';
import { compareText } from './merge';
import { isDay } from './shapes';
import type { TeamState } from './team';

/** The largest file Import Holidays reads, in bytes: years of several countries' holidays fit in a few dozen KiB. */
export const MAX_HOLIDAY_FILE_BYTES = 1024 * 1024;
/** How many VEVENTs of a file are looked at; the rest are counted as skipped. */
export const MAX_HOLIDAY_FILE_EVENTS = 5000;
/** How many occurrences of one recurring event are generated at most, inside or outside the window: a yearly holiday since 1826. */
export const MAX_OCCURRENCES_PER_EVENT = 200;
/** How many occurrences the whole file may make ical.js generate; recurring events past it are skipped. */
export const MAX_OCCURRENCES_PER_FILE = 10_000;
/** How many days one all-day event may span and still be read as holidays (a week of New Year). */
export const MAX_HOLIDAY_EVENT_DAYS = 14;
/** How far ahead of today holidays are imported, in days: this year's and next year's. */
export const HOLIDAY_IMPORT_DAYS = 731;

/** One holiday read from the file: a day `YYYY-MM-DD` and its name, trimmed, at most {@link MAX_HOLIDAY_NAME_LENGTH} characters. */
export interface ImportedHoliday {
  readonly day: string;
  readonly name: string;
}

/** What a file held: its holidays in the window, sorted by day, one a day (the first by name), and what was left out. */
export interface HolidayFile {
  readonly holidays: readonly ImportedHoliday[];
  /** Days before today or more than {@link HOLIDAY_IMPORT_DAYS} ahead. */
  readonly outsideWindow: number;
  /** Timed events, events past {@link MAX_HOLIDAY_FILE_EVENTS}, events longer than {@link MAX_HOLIDAY_EVENT_DAYS} days, unreadable dates. */
  readonly skippedEvents: number;
  /** Days named twice in the file: the first name is kept. */
  readonly repeatedDays: number;
}

/** Why a file could not be read at all, in words for the person who chose it. */
export class HolidayFileError extends Error {
  override readonly name = 'HolidayFileError';
}

/** The days each month has at the least (February: 28), January first. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether ical.js may expand `event`'s recurrence rules: only the yearly rules public holidays
 * use (a date, the nth weekday of a month), each part a day that every year has. ical.js
 * 2.2.1 loops for seconds, or for ever, on rules that never match (FREQ=DAILY;BYMONTH=2;
 * BYMONTHDAY=30), and moves an impossible day to another (29 February to 1 March): such a
 * rule in an untrusted file must never reach it.
 */
function safeRecurrence(event: ICAL.Event, first: string): boolean {
  for (const property of event.component.getAllProperties('rrule')) {
    const rule = property.getFirstValue() as ICAL.Recur;
    if (rule.freq !== 'YEARLY') return false;
    const parts = rule.parts as Record<string, unknown[] | undefined>;
    const names = Object.keys(parts).filter((k) => parts[k]?.length);
    if (names.some((n) => !['BYMONTH', 'BYMONTHDAY', 'BYDAY'].includes(n))) return false;
    const months = (parts.BYMONTH ?? []).map(Number);
    const monthDays = (parts.BYMONTHDAY ?? []).map(Number);
    if (months.some((m) => !Number.isInteger(m) || m < 1 || m > 12)) return false;
    if (monthDays.length && parts.BYDAY?.length) return false;
    // A day of the month every listed month has, every year: 31 only with months of 31 days.
    const shortest = months.length ? Math.min(...months.map((m) => MONTH_DAYS[m - 1]!)) : 28;
    if (monthDays.some((d) => !Number.isInteger(d) || d === 0 || Math.abs(d) > shortest)) return false;
    if (!names.length && first.endsWith('-02-29')) return false;
  }
  return true;
}

/** Whether every date the event writes (DTSTART, DTEND, RECURRENCE-ID, EXDATE, RDATE) is a day that exists, as written. */
function writtenDaysExist(component: ICAL.Component): boolean {
  for (const name of ['dtstart', 'dtend', 'recurrence-id', 'exdate', 'rdate']) {
    for (const property of component.getAllProperties(name)) {
      const json = property.toJSON() as unknown[];
      if (json[2] !== 'date') continue;
      if (json.slice(3).some((value) => typeof value !== 'string' || !isDay(value))) return false;
    }
  }
  return true;
}

function dayOf(time: ICAL.Time): string | undefined {
  const day = `${String(time.year).padStart(4, '0')}-${String(time.month).padStart(2, '0')}-${String(time.day).padStart(2, '0')}`;
  return isDay(day) ? day : undefined;
}

/** A SUMMARY as a holiday name: one line, no control or bidi characters, trimmed and cut to the schema's length. */
function nameOf(summary: unknown): string {
  const text = (typeof summary === 'string' ? summary : '')
    // Controls, and the bidi controls safeText isolates elsewhere: a name is one plain line.
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const name = [...text].slice(0, MAX_HOLIDAY_NAME_LENGTH).join('').trim();
  return name || 'Holiday';
}

/**
 * The holidays in `text` (an iCalendar file's contents) from `today` (`YYYY-MM-DD`) to
 * {@link HOLIDAY_IMPORT_DAYS} days after it. Throws a {@link HolidayFileError} in words when
 * the text is longer than {@link MAX_HOLIDAY_FILE_BYTES} in UTF-8, is not iCalendar, or holds
 * no VCALENDAR. Pure: the same text and day give the same answer on every machine (dates
 * are read as written, never through the machine's zone).
 */
export function readHolidayFile(text: string, today: string): HolidayFile {
  if (Buffer.byteLength(text, 'utf8') > MAX_HOLIDAY_FILE_BYTES)
    throw new HolidayFileError(`That file is larger than ${MAX_HOLIDAY_FILE_BYTES / 1024 / 1024} MiB; a file of public holidays is far smaller.`);
  let root: ICAL.Component;
  try {
    const parsed: unknown = ICAL.parse(text);
    // ICAL.parse gives one component, or a list when the text holds several.
    const first = Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed[0] : parsed;
    root = new ICAL.Component(first as unknown[]);
  } catch (error) {
    throw new HolidayFileError(
      `That file is not an iCalendar (.ics) file Accord can read: ${error instanceof Error ? error.message.slice(0, 200) : 'it does not parse'}.`,
    );
  }
  if (root.name !== 'vcalendar') throw new HolidayFileError('That file holds no calendar (no BEGIN:VCALENDAR).');
  const last = addDaysToDay(today, HOLIDAY_IMPORT_DAYS - 1);
  const found: ImportedHoliday[] = [];
  let outsideWindow = 0;
  let skippedEvents = 0;
  const take = (day: string | undefined, name: string) => {
    if (!day) skippedEvents++;
    else if (day < today || day > last) outsideWindow++;
    else found.push({ day, name });
  };
  const components = root.getAllSubcomponents('vevent');
  skippedEvents += Math.max(0, components.length - MAX_HOLIDAY_FILE_EVENTS);
  // No exceptions handed in: ical.js would otherwise scan every VEVENT for each one (n² on a hostile file); overrides are read below.
  const events = components.slice(0, MAX_HOLIDAY_FILE_EVENTS).map((component) => new ICAL.Event(component, { exceptions: [] }));
  // Overrides of a series' occurrences, by UID: the series leaves their original days out.
  const overridden = new Map<string, Set<string>>();
  for (const event of events) {
    if (!event.isRecurrenceException()) continue;
    const original = event.recurrenceId ? dayOf(event.recurrenceId) : undefined;
    if (original) (overridden.get(event.uid) ?? overridden.set(event.uid, new Set()).get(event.uid)!).add(original);
  }
  let budget = MAX_OCCURRENCES_PER_FILE;
  for (const event of events) {
    try {
      const start = event.startDate;
      if (!start || !start.isDate) {
        skippedEvents++;
        continue;
      }
      // ical.js rolls an impossible date over (2026-13-45 reads as 14 Feb 2027): read them as written.
      if (!writtenDaysExist(event.component)) {
        skippedEvents++;
        continue;
      }
      const first = dayOf(start);
      const end = event.endDate && event.endDate.isDate ? dayOf(event.endDate) : undefined;
      const span = first && end && end > first ? daysBetween(first, end) : 1;
      if (!first || span > MAX_HOLIDAY_EVENT_DAYS) {
        skippedEvents++;
        continue;
      }
      const name = nameOf(event.summary);
      const starts: (string | undefined)[] = [];
      if (event.isRecurring() && !event.isRecurrenceException()) {
        if (!safeRecurrence(event, first) || budget <= 0) {
          skippedEvents++;
          continue;
        }
        const skip = overridden.get(event.uid);
        const iterator = event.iterator();
        for (let i = 0; i < MAX_OCCURRENCES_PER_EVENT && budget > 0; i++, budget--) {
          const next = iterator.next();
          if (!next) break;
          const day = dayOf(next);
          if (day && day > last) break;
          if (!day || !skip?.has(day)) starts.push(day);
        }
      } else starts.push(first);
      for (const day of starts) for (let d = 0; d < span; d++) take(day && addDaysToDay(day, d), name);
    } catch {
      // A property ical.js cannot read (a broken RRULE, a date like 2026-13-45): this event only.
      skippedEvents++;
    }
  }
  found.sort((a, b) => compareText(a.day, b.day) || compareText(a.name, b.name));
  const holidays: ImportedHoliday[] = [];
  for (const holiday of found) if (holidays[holidays.length - 1]?.day !== holiday.day) holidays.push(holiday);
  return { holidays, outsideWindow, skippedEvents, repeatedDays: found.length - holidays.length };
}

/** What an import adds to a holiday list, and what it leaves out. */
export interface HolidayImportPlan {
  /** The holidays to write, sorted by day. */
  readonly add: readonly ImportedHoliday[];
  /** Days already on the list. */
  readonly already: number;
  /** Holidays left out because the list would pass its bound (MAX_TEAM_HOLIDAYS, MAX_REGIONAL_HOLIDAYS). */
  readonly overLimit: number;
}

/**
 * Which of `file`'s holidays go on the team's list (no `member`) or on `member`'s regional
 * list: every day not on that list yet, soonest first, up to the list's bound
 * (MAX_TEAM_HOLIDAYS or MAX_REGIONAL_HOLIDAYS, availability.ts holidayProblem's rule).
 */
export function planHolidayImport(state: TeamState, file: HolidayFile, member?: string): HolidayImportPlan {
  const list = member === undefined ? [...state.entities.holiday.values()] : [...state.entities.regionalHoliday.values()].filter((h) => h.member === member);
  const days = new Set(list.map((h) => h.day));
  const room = Math.max(0, (member === undefined ? MAX_TEAM_HOLIDAYS : MAX_REGIONAL_HOLIDAYS) - list.length);
  const fresh = file.holidays.filter((h) => !days.has(h.day));
  return { add: fresh.slice(0, room), already: file.holidays.length - fresh.length, overLimit: Math.max(0, fresh.length - room) };
}

/**
 * What Import Holidays says when it is done: "Added 11 holidays to the team's list, from
 * 1 Jan 2027 to 26 Dec 2027. Left out: 2 already on the list, 30 outside this year and next,
 * 1 timed event." Counts only, and dates as written: no name from the file (the caller shows
 * names, made safe, elsewhere). `regional`: the list was mine, not the team's.
 */
export function holidayImportSummary(file: HolidayFile, plan: HolidayImportPlan, regional: boolean): string {
  const n = plan.add.length;
  const list = regional ? 'your regional holidays' : "the team's list";
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const head =
    n === 0
      ? `No holidays added to ${list}.`
      : `Added ${plural(n, 'holiday')} to ${list}${n > 1 ? `, from ${plan.add[0]!.day} to ${plan.add[n - 1]!.day}` : `: ${plan.add[0]!.day}`}.`;
  const left = [
    plan.already && `${plan.already} already on the list`,
    file.repeatedDays && `${plural(file.repeatedDays, 'day')} named twice in the file`,
    file.outsideWindow && `${plural(file.outsideWindow, 'day')} in the past or more than two years ahead`,
    file.skippedEvents && `${plural(file.skippedEvents, 'event')} that ${file.skippedEvents === 1 ? 'is' : 'are'} not a whole-day holiday`,
    plan.overLimit && `${plan.overLimit} past the most Accord keeps (${regional ? MAX_REGIONAL_HOLIDAYS : MAX_TEAM_HOLIDAYS})`,
  ].filter(Boolean);
  return left.length ? `${head} Left out: ${left.join(', ')}.` : head;
}
