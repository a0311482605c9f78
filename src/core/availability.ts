/**
 * When a member can be counted on (issue 18 §4, "one rule for all"): a local day is a working
 * day of theirs when the team's week works that weekday, it is not a team holiday, not one of
 * their regional holidays and not inside one of their away periods. Nudges, streaks, capacity,
 * due-date advice, the heat map and the calendar all ask here, so they never disagree.
 *
 * Days are the member's own local days (`YYYY-MM-DD` in their time zone): a team holiday on
 * 25 December is 25 December on everyone's own calendar. Instants go through their zone
 * (dates.ts), never the machine's. Pure functions of the merged state.
 */
import { roundHours } from './hours';
import { addDaysToDay, dayIn, daysBetween, shortDayLabel, weekdayLabel, type DayRange } from './dates';
import * as v from 'valibot';
import { DEFAULT_WORKING_HOURS, type WorkingHours, WorkingHoursSchema } from './entities';
import { dayNumber, dayString, weekdayOf, workingWeekdays } from './localDays';
import { memberProfile, timeZoneOf } from './members';
import { compareText } from './merge';
import { safeText } from './safeText';
import { instantAt } from './schedule';
import type { Entity, TeamState } from './team';

/** The id prefixes of new entities: `away-…`, `hol-…`, `rhol-…` (ids.ts `newId`). */
export const AWAY_ID_PREFIX = 'away';
export const HOLIDAY_ID_PREFIX = 'hol';
export const REGIONAL_HOLIDAY_ID_PREFIX = 'rhol';
/** The longest away period Set Away writes, in days: a year's leave, a sabbatical. */
export const MAX_AWAY_DAYS = 366;
/** How many away periods a member may have that have not ended yet; past ones stay as history. */
export const MAX_UPCOMING_AWAY_PERIODS = 50;
/** How many team holidays the team keeps: several years of a few regions' public holidays. */
export const MAX_TEAM_HOLIDAYS = 400;
/** How many regional holidays one member keeps. */
export const MAX_REGIONAL_HOLIDAYS = 200;
/** How far ahead a search for a working day or moment looks before it gives up: two years. */
export const MAX_LOOKAHEAD_DAYS = 731;

/** Why a member is not working on a day, first reason first (a Saturday is a day off, not an away day). */
export type DayOff =
  | { readonly kind: 'dayOff' }
  | { readonly kind: 'holiday'; readonly name: string }
  | { readonly kind: 'regionalHoliday'; readonly name: string }
  | { readonly kind: 'away'; readonly away: Entity<'away'> };

interface Span {
  readonly from: number;
  readonly to: number;
}

interface Index {
  readonly working: ReadonlySet<number>;
  /** Team holidays by day number: the name of the lowest id on that day. */
  readonly holidays: ReadonlyMap<number, string>;
  readonly regional: ReadonlyMap<string, ReadonlyMap<number, string>>;
  /** Each member's away periods, sorted by start (then id); empty ones (to before from) left out. */
  readonly aways: ReadonlyMap<string, readonly Entity<'away'>[]>;
  /** The same periods joined where they overlap or touch, sorted: what "away until" reads. */
  readonly stretches: ReadonlyMap<string, readonly Span[]>;
}

const indexes = new WeakMap<TeamState, Index>();

// The one rule of a team's weekdays lives beside its week (localDays.ts); here for the callers that knew it here.
export { workingWeekdays } from './localDays';

function indexOf(state: TeamState): Index {
  let index = indexes.get(state);
  if (index) return index;
  const firstById = <T extends { id: string }>(items: Iterable<T>) => [...items].sort((a, b) => compareText(a.id, b.id));
  const holidays = new Map<number, string>();
  for (const h of firstById(state.entities.holiday.values())) if (!holidays.has(dayNumber(h.day))) holidays.set(dayNumber(h.day), h.name);
  const regional = new Map<string, Map<number, string>>();
  for (const h of firstById(state.entities.regionalHoliday.values())) {
    let days = regional.get(h.member);
    if (!days) regional.set(h.member, (days = new Map()));
    if (!days.has(dayNumber(h.day))) days.set(dayNumber(h.day), h.name);
  }
  const aways = new Map<string, Entity<'away'>[]>();
  for (const a of state.entities.away.values()) {
    if (a.to < a.from) continue;
    let list = aways.get(a.member);
    if (!list) aways.set(a.member, (list = []));
    list.push(a);
  }
  const stretches = new Map<string, Span[]>();
  for (const [member, list] of aways) {
    list.sort((a, b) => compareText(a.from, b.from) || compareText(a.id, b.id));
    const spans: Span[] = [];
    for (const a of list) {
      const from = dayNumber(a.from);
      const to = dayNumber(a.to);
      const last = spans[spans.length - 1];
      if (last && from <= last.to + 1) spans[spans.length - 1] = { from: last.from, to: Math.max(last.to, to) };
      else spans.push({ from, to });
    }
    stretches.set(member, spans);
  }
  index = { working: workingWeekdays(state.team), holidays, regional, aways, stretches };
  indexes.set(state, index);
  return index;
}

/** The stretch of joined away periods holding day number `day`, by binary search. */
function stretchAt(spans: readonly Span[] | undefined, day: number): Span | undefined {
  if (!spans) return undefined;
  let low = 0;
  let high = spans.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const span = spans[mid]!;
    if (day < span.from) high = mid - 1;
    else if (day > span.to) low = mid + 1;
    else return span;
  }
  return undefined;
}

/**
 * Why `member` does not work on local day `day` (`YYYY-MM-DD`, their zone), or undefined when
 * they do: `dayOff` (the team's week does not work that weekday), `holiday` / `regionalHoliday`
 * with its name as written (make it safe with safeText before showing it), or `away` with the
 * away period (the one starting first, when several hold the day).
 */
export function dayOffReason(state: TeamState, member: string, day: string): DayOff | undefined {
  const index = indexOf(state);
  const n = dayNumber(day);
  if (!index.working.has(weekdayOf(n))) return { kind: 'dayOff' };
  const holiday = index.holidays.get(n);
  if (holiday !== undefined) return { kind: 'holiday', name: holiday };
  const regional = index.regional.get(member)?.get(n);
  if (regional !== undefined) return { kind: 'regionalHoliday', name: regional };
  if (!stretchAt(index.stretches.get(member), n)) return undefined;
  const away = index.aways.get(member)!.find((a) => a.from <= day && day <= a.to)!;
  return { kind: 'away', away };
}

/** Whether `member` works on local day `day` (`YYYY-MM-DD`, their own zone): see {@link dayOffReason}. */
export function isAvailableOn(state: TeamState, member: string, day: string): boolean {
  return worksOnDay(state, member, dayNumber(day));
}

/**
 * {@link isAvailableOn} for a day number (localDays.ts dayNumber), with no text made or read: for
 * loops over years of days (streaks). The same rule as {@link dayOffReason}.
 */
export function worksOnDay(state: TeamState, member: string, day: number): boolean {
  const index = indexOf(state);
  if (!index.working.has(weekdayOf(day)) || index.holidays.has(day) || index.regional.get(member)?.has(day)) return false;
  return stretchAt(index.stretches.get(member), day) === undefined;
}

/** Whether `member` works on the local day (in their own zone) that holds instant `at`; working hours are not asked. */
export function isAvailableAt(state: TeamState, member: string, at: Date): boolean {
  return isAvailableOn(state, member, dayIn(at, timeZoneOf(state, member)));
}

/** Whether `member` is inside an away period on `day` (their zone), whatever the weekday or holidays. */
export function isAwayOn(state: TeamState, member: string, day: string): boolean {
  return stretchAt(indexOf(state).stretches.get(member), dayNumber(day)) !== undefined;
}

function checkRange(range: DayRange): void {
  const days = daysBetween(range.from, range.to);
  if (days < 0 || days >= MAX_LOOKAHEAD_DAYS) throw new RangeError(`A range of 1 to ${MAX_LOOKAHEAD_DAYS} days, not ${range.from}..${range.to}`);
}

/**
 * The days of `range` (both ends included, `YYYY-MM-DD`) that `member` works, in order.
 * Throws a RangeError for a range that ends before it starts or is longer than
 * {@link MAX_LOOKAHEAD_DAYS} days (a programming error: cycles are at most 90 days).
 */
export function availableWorkingDays(state: TeamState, member: string, range: DayRange): string[] {
  checkRange(range);
  const out: string[] = [];
  for (let day = range.from; day <= range.to; day = addDaysToDay(day, 1)) if (isAvailableOn(state, member, day)) out.push(day);
  return out;
}

/** The first day on or after `day` that `member` works, looking {@link MAX_LOOKAHEAD_DAYS} ahead; undefined if none. */
export function nextAvailableDay(state: TeamState, member: string, day: string): string | undefined {
  const index = indexOf(state);
  const spans = index.stretches.get(member);
  for (let n = dayNumber(day), end = n + MAX_LOOKAHEAD_DAYS; n < end; n++) {
    const stretch = stretchAt(spans, n);
    if (stretch) {
      n = stretch.to;
      continue;
    }
    if (isAvailableOn(state, member, dayString(n))) return dayString(n);
  }
  return undefined;
}

/**
 * Working hours as people type them: `09:00-17:30`, `9:00 – 17:30`, `8-16` (whole hours), with a
 * hyphen, an en dash or "to" between. Resolves to `{ hours }` (both `HH:MM`, checked by the
 * entity's own WorkingHoursSchema, so they end after they start) or `{ error }` in words for
 * the input box.
 */
export function parseWorkingHours(
  text: string,
): { readonly hours: WorkingHours; readonly error?: undefined } | { readonly hours?: undefined; readonly error: string } {
  const match = /^\s*(\d{1,2})(?::(\d{2}))?\s*(?:-|–|—|to)\s*(\d{1,2})(?::(\d{2}))?\s*$/i.exec(text);
  if (!match) return { error: 'Type the start and the end, like 09:00-17:30 or 8-16.' };
  const time = (h: string, m: string | undefined) => `${h.padStart(2, '0')}:${m ?? '00'}`;
  const hours = { start: time(match[1]!, match[2]), end: time(match[3]!, match[4]) };
  const checked = v.safeParse(WorkingHoursSchema, hours);
  if (!checked.success)
    return { error: `Give times of day from 00:00 to 23:59, ending after they start, like 09:00-17:30 (${hours.start}–${hours.end} is not).` };
  return { hours: checked.output };
}

/** The member's working hours on their own clock: their profile's, else {@link DEFAULT_WORKING_HOURS} (09:00–17:30). */
export function workingHoursOf(state: TeamState, member: string): WorkingHours {
  const hours = memberProfile(state, member)?.workingHours;
  return hours && hours.start < hours.end ? hours : DEFAULT_WORKING_HOURS;
}

/**
 * The first moment at or after `at` when `member` is at work: `at` itself inside their working
 * hours on a day they work, else the start of their next working period (their hours, their
 * zone, DST gaps moving forward as clocks do). A check-in moment outside working hours moves
 * here, never to 02:00. Undefined when no working day comes within {@link MAX_LOOKAHEAD_DAYS}.
 */
export function nextWorkingMoment(state: TeamState, member: string, at: Date): Date | undefined {
  const zone = timeZoneOf(state, member);
  const hours = workingHoursOf(state, member);
  let day: string | undefined = dayIn(at, zone);
  for (let step = 0; step < 2 && day; step++) {
    day = nextAvailableDay(state, member, day);
    if (!day) return undefined;
    const start = instantAt(day, hours.start, zone);
    if (at.getTime() < start.getTime()) return start;
    if (at.getTime() < instantAt(day, hours.end, zone).getTime()) return at;
    // After hours on a working day: the next working day's start is later than `at`.
    day = addDaysToDay(day, 1);
  }
  return undefined;
}

/**
 * "away until Mon 4 Jan" (the last day of the away periods that hold `today`, joined where they
 * touch), "away today" when it ends today; undefined when `member` is not away on `today`
 * (their own `YYYY-MM-DD`). Dates only: the note is data, shown apart and made safe there.
 */
export function awayWords(state: TeamState, member: string, today: string): string | undefined {
  const stretch = stretchAt(indexOf(state).stretches.get(member), dayNumber(today));
  if (!stretch) return undefined;
  const last = dayString(stretch.to);
  return last === today ? 'away today' : `away until ${shortDayLabel(last, today)}`;
}

/** The away periods of `member` that hold `day` or start after it, soonest first: for Partners tooltips and I'm Back. */
export function currentAndUpcomingAways(state: TeamState, member: string, day: string): Entity<'away'>[] {
  return (indexOf(state).aways.get(member) ?? []).filter((a) => a.to >= day);
}

/** A due date on a day its owner does not work, and the day to suggest instead. */
export interface DueDateAdvice {
  readonly reason: DayOff;
  /** The owner's next working day after the due date; undefined when none comes within two years. */
  readonly suggested: string | undefined;
  /** "Sam is away on Fri 25 Dec; Mon 28 Dec is the next working day", names made safe (safeText). */
  readonly words: string;
}

/**
 * Advice for a due date `due` given to `owner` (issue 18 §4): undefined when they work that
 * day, else why not and their next working day. `ownerName` is how the sentence names them
 * (displayName); `today` places the year in the words.
 */
export function dueDateAdvice(state: TeamState, owner: string, due: string, ownerName: string, today: string): DueDateAdvice | undefined {
  const reason = dayOffReason(state, owner, due);
  if (!reason) return undefined;
  const suggested = nextAvailableDay(state, owner, addDaysToDay(due, 1));
  const on = shortDayLabel(due, today);
  const why =
    reason.kind === 'away'
      ? `${ownerName} is away on ${on}`
      : reason.kind === 'dayOff'
        ? `${on} is not a working day`
        : `${on} is a holiday (${safeText(reason.name)})${reason.kind === 'regionalHoliday' ? ` for ${ownerName}` : ''}`;
  return { reason, suggested, words: suggested ? `${why}; ${shortDayLabel(suggested, today)} is the next working day` : why };
}

/**
 * Capacity of `member` in `range` (issue 18 §4): weekly hours over the team's working days of a
 * week, times the days of the range they work. `lost` are the runs of working days they do
 * not (away or a holiday), for "away Tue–Thu".
 */
export function availableCapacity(
  state: TeamState,
  member: string,
  range: DayRange,
): { readonly hours: number; readonly days: number; readonly lost: readonly { readonly from: string; readonly to: string; readonly away: boolean }[] } {
  checkRange(range);
  const index = indexOf(state);
  const weekly = memberProfile(state, member)?.capacityHours ?? 0;
  let days = 0;
  const lost: { from: string; to: string; away: boolean }[] = [];
  let open: { from: string; to: string; away: boolean } | undefined;
  for (let day = range.from; day <= range.to; day = addDaysToDay(day, 1)) {
    const reason = dayOffReason(state, member, day);
    if (!reason) {
      days++;
      open = undefined;
    } else if (reason.kind !== 'dayOff') {
      if (open) Object.assign(open, { to: day, away: open.away || reason.kind === 'away' });
      else lost.push((open = { from: day, to: day, away: reason.kind === 'away' }));
    }
    // A weekend inside a holiday leaves the run open: Fri and Mon off read as one stretch.
  }
  return { hours: roundHours((weekly * days) / index.working.size), days, lost };
}

/**
 * The words after a capacity ("Sam: 12 h, away Tue–Thu"): each run of lost working days as
 * "away …" (it holds an away day) or "off …" (holidays only), joined by ", ". Weekdays alone
 * when every run falls in the week from `today` ("away Tue–Thu"), else days with their month
 * ("away Mon 21 Dec–Fri 25 Dec", see shortDayLabel).
 */
export function lostDaysWords(lost: readonly { readonly from: string; readonly to: string; readonly away: boolean }[], today: string): string {
  const thisWeek = lost.every((run) => daysBetween(today, run.from) >= 0 && daysBetween(today, run.to) < 7);
  const label = thisWeek ? weekdayLabel : (day: string) => shortDayLabel(day, today);
  return lost.map((run) => `${run.away ? 'away' : 'off'} ${run.from === run.to ? label(run.from) : `${label(run.from)}–${label(run.to)}`}`).join(', ');
}

/** One write that I'm Back makes: shorten a period to end yesterday, or remove one that starts today. */
export type ImBackEdit = { readonly id: string; readonly to: string } | { readonly id: string; readonly remove: true };

/**
 * What **Accord: I'm Back** writes for `member` on their local day `today`: every away period
 * of theirs that holds today ends yesterday (its `to` only, one field, so the latest write of
 * it wins on every machine); one that starts today is removed (a tombstone). Periods still to
 * come are left as they are. Empty when they are not away today.
 */
export function imBackEdits(state: TeamState, member: string, today: string): ImBackEdit[] {
  const yesterday = addDaysToDay(today, -1);
  return currentAndUpcomingAways(state, member, today)
    .filter((a) => a.from <= today)
    .map((a) => (a.from < today ? { id: a.id, to: yesterday } : { id: a.id, remove: true as const }));
}

/**
 * Why Set Away may not write `range` for `member` on their day `today`, in words, or undefined
 * when it may: at most {@link MAX_AWAY_DAYS} days, ending today or later, and at most
 * {@link MAX_UPCOMING_AWAY_PERIODS} periods that have not ended (`replacing` names the period
 * an edit replaces, which does not count).
 */
export function awayRangeProblem(state: TeamState, member: string, range: DayRange, today: string, replacing?: string): string | undefined {
  const days = daysBetween(range.from, range.to) + 1;
  if (days < 1) return `The period ends (${range.to}) before it starts (${range.from}).`;
  if (days > MAX_AWAY_DAYS) return `An away period is at most ${MAX_AWAY_DAYS} days; this one is ${days}. Split it in two.`;
  if (range.to < today) return 'That period is over already; an away period ends today or later.';
  const upcoming = currentAndUpcomingAways(state, member, today).filter((a) => a.id !== replacing).length;
  if (upcoming >= MAX_UPCOMING_AWAY_PERIODS) return `You have ${upcoming} away periods still to come, the most Accord keeps; remove one first.`;
  return undefined;
}

/**
 * Why a holiday on `day` may not be added, in words, or undefined when it may: the team (no
 * `member`) keeps at most {@link MAX_TEAM_HOLIDAYS}, a member at most
 * {@link MAX_REGIONAL_HOLIDAYS} regional ones, and one holiday a day each.
 */
export function holidayProblem(state: TeamState, day: string, member?: string): string | undefined {
  const list = member === undefined ? [...state.entities.holiday.values()] : [...state.entities.regionalHoliday.values()].filter((h) => h.member === member);
  const max = member === undefined ? MAX_TEAM_HOLIDAYS : MAX_REGIONAL_HOLIDAYS;
  const same = list.filter((h) => h.day === day).sort((a, b) => compareText(a.id, b.id))[0];
  if (same) return `${day} is already a holiday (${safeText(same.name)}).`;
  if (list.length >= max)
    return `${member === undefined ? 'The team has' : 'You have'} ${list.length} holidays, the most Accord keeps; remove past ones first.`;
  return undefined;
}
