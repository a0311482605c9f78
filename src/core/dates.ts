/** Calendar arithmetic in a member's time zone. Wall-clock time is for display only. */
import { TZDate } from '@date-fns/tz';
import { addDays, differenceInCalendarDays, endOfWeek, format, parseISO } from 'date-fns';

/** Whether the runtime knows this IANA time zone. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The calendar day (`YYYY-MM-DD`) it is at `now` in `timeZone`. */
export function dayIn(now: Date, timeZone: string): string {
  return format(new TZDate(now.getTime(), timeZone), 'yyyy-MM-dd');
}

export function addDaysToDay(day: string, days: number): string {
  return format(addDays(parseISO(day), days), 'yyyy-MM-dd');
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return differenceInCalendarDays(parseISO(to), parseISO(from));
}

/** The last day (Sunday) of the Monday-first week that contains `day`. */
export function endOfWeekDay(day: string): string {
  return format(endOfWeek(parseISO(day), { weekStartsOn: 1 }), 'yyyy-MM-dd');
}

/** "due today", "due tomorrow", "due Friday" (within 6 days), "due Sat 21 Mar", "was due yesterday", "was due 3 days ago". */
export function describeDue(due: string, today: string): string {
  const delta = daysBetween(today, due);
  if (delta === 0) return 'due today';
  if (delta === 1) return 'due tomorrow';
  if (delta === -1) return 'was due yesterday';
  if (delta < 0) return `was due ${-delta} days ago`;
  if (delta < 7) return `due ${format(parseISO(due), 'EEEE')}`;
  // The year only when it is not this one: "due Sat 21 Mar", "due Thu 14 Mar 2030".
  return `due ${format(parseISO(due), due.slice(0, 4) === today.slice(0, 4) ? 'EEE d MMM' : 'EEE d MMM yyyy')}`;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/**
 * Reads a due date as people type it: `2026-03-14`, `today`, `tomorrow`, a weekday name
 * (`fri`, the next one after today), `+3` or `3d` (days), `2w` (weeks). Undefined if unreadable.
 */
export function parseDayInput(input: string, today: string): string | undefined {
  const text = input.trim().toLowerCase();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const date = parseISO(text);
    return Number.isNaN(date.getTime()) || format(date, 'yyyy-MM-dd') !== text ? undefined : text;
  }
  if (text === 'today') return today;
  if (text === 'tomorrow') return addDaysToDay(today, 1);
  const relative = /^\+?(\d{1,3})\s*(d|days?|w|weeks?)?$/.exec(text);
  if (relative) return addDaysToDay(today, Number(relative[1]) * (relative[2]?.startsWith('w') ? 7 : 1));
  if (text.length >= 3) {
    const weekday = WEEKDAYS.findIndex((name) => name.startsWith(text));
    if (weekday >= 0) {
      const todayIndex = parseISO(today).getDay();
      return addDaysToDay(today, ((weekday - todayIndex + 7) % 7) || 7);
    }
  }
  return undefined;
}
