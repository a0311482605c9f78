/**
 * Calendar days as numbers (days since 1970-01-01) and the day an instant falls on in a
 * member's time zone, fast enough to read two years of a team's check-ins in one pass.
 */
import { zoneToComputeWith } from './zones';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** A day that could not be read. */
export const NO_DAY = -2_147_483_648;

/** `YYYY-MM-DD` → days since 1970-01-01. */
export function dayNumber(day: string): number {
  return civilDay(digits(day, 0, 4), digits(day, 5, 7), digits(day, 8, 10));
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil): no Date objects on the hot path. */
function civilDay(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Days since 1970-01-01 → `YYYY-MM-DD`. */
export function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Monday as a weekday number: the week's first day when a team's working days do not decide it (ISO 8601). */
export const MONDAY = 1;

/** What decides a team's week: its working days (0 = Sunday … 6 = Saturday) and an optional explicit first day. */
export interface WeekRule {
  readonly workingDays: readonly number[];
  readonly weekStart?: number;
}

/**
 * The weekdays a team works (0 = Sunday … 6 = Saturday): the valid ones it lists, or every day
 * when it lists none (a hand-edited `"workingDays": []`), as the streaks have always read it.
 * The one reading of the list: the nudges' schedule, the calendar's check-in series, the
 * streaks and availability.ts all take it from here.
 */
export function workingWeekdays(team: Pick<WeekRule, 'workingDays'>): ReadonlySet<number> {
  const days = team.workingDays.filter((d) => Number.isInteger(d) && d >= 0 && d <= 6);
  return new Set(days.length ? days : [0, 1, 2, 3, 4, 5, 6]);
}

/**
 * The weekday (0 = Sunday … 6 = Saturday) a team's week starts on: its explicit `weekStart`
 * when set; otherwise its first working day, the one after its longest run of days off (its
 * weekend), so Monday–Friday starts on Monday, Sunday–Thursday on Sunday and
 * Saturday–Wednesday on Saturday. Of two equally long runs of days off, the one that ends
 * nearer Monday wins; with no day off, or no working day, the week starts on Monday
 * (ISO 8601). This is the one week rule: "This week", weekly load, the dashboard's weeks and
 * the heat map's rows all take their weeks from it.
 */
export function teamWeekStart(team: WeekRule): number {
  if (team.weekStart !== undefined && Number.isInteger(team.weekStart) && team.weekStart >= 0 && team.weekStart <= 6) return team.weekStart;
  const working = new Set(team.workingDays.filter((d) => Number.isInteger(d) && d >= 0 && d <= 6));
  if (working.size === 0 || working.size === 7) return MONDAY;
  let best = MONDAY;
  let longest = -1;
  // Candidates in Monday-first order, so a tie keeps the start nearest Monday.
  for (let i = 0; i < 7; i++) {
    const day = (MONDAY + i) % 7;
    if (!working.has(day)) continue;
    let off = 0;
    while (!working.has((day + 6 - off) % 7)) off++;
    if (off > longest) {
      longest = off;
      best = day;
    }
  }
  return best;
}

/** The first day (a day number) of the week that holds `day`, for weeks that start on weekday `weekStart` (from `teamWeekStart`). */
export function weekStartOf(day: number, weekStart: number): number {
  return day - ((weekdayOf(day) - weekStart + 7) % 7);
}

function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (text.charCodeAt(i) - 48);
  return n;
}

/** Milliseconds of an ISO instant; the `toISOString` shape is read without `Date.parse`. */
export function instantMs(instant: string): number {
  if (instant.length === 24 && instant.charCodeAt(10) === 84 && instant.charCodeAt(23) === 90) {
    const day = civilDay(digits(instant, 0, 4), digits(instant, 5, 7), digits(instant, 8, 10));
    return day * DAY_MS + digits(instant, 11, 13) * 3_600_000 + digits(instant, 14, 16) * 60_000 + digits(instant, 17, 19) * 1000 + digits(instant, 20, 23);
  }
  return Date.parse(instant);
}

interface Transition {
  readonly before: number;
  readonly after: number;
  readonly at: number;
}

/**
 * Which calendar day an instant falls on in a time zone. Offsets are looked up once per
 * zone and week; a week with a daylight-saving change finds the change to the minute.
 */
export class LocalDays {
  private readonly weeks = new Map<string, Map<number, number | Transition>>();
  private readonly formats = new Map<string, Intl.DateTimeFormat | null>();

  private lastDate = '\u0000';
  private lastDay = 0;
  private lastZone = '';
  private lastWeek = NaN;
  private lastEntry: number | Transition = 0;

  /** The day number, or undefined when the instant cannot be read. */
  dayOf(instant: string, timeZone: string): number | undefined {
    let ms: number;
    if (instant.length === 24 && instant.charCodeAt(10) === 84 && instant.charCodeAt(23) === 90) {
      // Instants of one day tend to come together: the calendar arithmetic is done once for them.
      if (!instant.startsWith(this.lastDate)) {
        this.lastDate = instant.slice(0, 10);
        this.lastDay = civilDay(digits(instant, 0, 4), digits(instant, 5, 7), digits(instant, 8, 10));
      }
      // Offsets are whole minutes, so seconds never move an instant across midnight.
      ms = this.lastDay * DAY_MS + digits(instant, 11, 13) * 3_600_000 + digits(instant, 14, 16) * 60_000;
    } else {
      ms = Date.parse(instant);
      if (Number.isNaN(ms)) return undefined;
    }
    return Math.floor((ms + this.offsetAt(timeZone, ms)) / DAY_MS);
  }

  /** The zone's offset from UTC at `ms`, in milliseconds; 0 for a zone this runtime does not know (see `zoneToComputeWith`). */
  offsetAt(timeZone: string, ms: number): number {
    if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
    const week = Math.floor(ms / WEEK_MS);
    const entry = timeZone === this.lastZone && week === this.lastWeek ? this.lastEntry : this.weekEntry(timeZone, week);
    this.lastZone = timeZone;
    this.lastWeek = week;
    this.lastEntry = entry;
    return typeof entry === 'number' ? entry : ms < entry.at ? entry.before : entry.after;
  }

  private weekEntry(timeZone: string, week: number): number | Transition {
    let weeks = this.weeks.get(timeZone);
    if (!weeks) {
      weeks = new Map();
      this.weeks.set(timeZone, weeks);
    }
    let entry = weeks.get(week);
    if (entry === undefined) {
      const start = week * WEEK_MS;
      const before = this.measure(timeZone, start);
      const after = this.measure(timeZone, start + WEEK_MS);
      entry = before === after ? before : { before, after, at: this.findChange(timeZone, start, start + WEEK_MS, before) };
      weeks.set(week, entry);
    }
    return entry;
  }

  private findChange(timeZone: string, low: number, high: number, before: number): number {
    while (high - low > 60_000) {
      const mid = low + Math.floor((high - low) / 120_000) * 60_000;
      if (this.measure(timeZone, mid) === before) low = mid;
      else high = mid;
    }
    return high;
  }

  private measure(timeZone: string, ms: number): number {
    let format = this.formats.get(timeZone);
    if (format === undefined) {
      // A zone this runtime does not know is computed in UTC, the same answer as everywhere else.
      const zone = zoneToComputeWith(timeZone);
      format = zone.fellBack
        ? null
        : new Intl.DateTimeFormat('en-US', {
            timeZone: zone.timeZone,
            hourCycle: 'h23',
            year: 'numeric',
            month: 'numeric',
            day: 'numeric',
            hour: 'numeric',
            minute: 'numeric',
            second: 'numeric',
          });
      this.formats.set(timeZone, format);
    }
    if (!format) return 0;
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(ms)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
    const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
    return local - (ms - (((ms % 1000) + 1000) % 1000));
  }
}
