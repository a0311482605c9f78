/**
 * Metrics for the planning session's Review and the dashboard: outcomes of micro-goals,
 * check-in streaks, the check-in calendar and work done per week. Days are calendar days in
 * each member's own time zone, held as numbers (days since 1970-01-01) so that two years of
 * a team's data are read in one fast pass.
 */
import type { TeamSettings } from './entities';
import { memberEntityId } from './ids';
import type { Entity, TeamState } from './team';

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

/** The Monday on or before `day`: weeks start on Monday, as in the Micro-goals view. */
export function mondayOf(day: number): number {
  return day - ((weekdayOf(day) + 6) % 7);
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

  /** The zone's offset from UTC at `ms`, in milliseconds; 0 for a zone this runtime does not know. */
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
      try {
        format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
      } catch {
        format = null;
      }
      this.formats.set(timeZone, format);
    }
    if (!format) return 0;
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(ms)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
    const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
    return local - (ms - (((ms % 1000) + 1000) % 1000));
  }
}

/**
 * How a micro-goal went. Renegotiated: an accepted renegotiation proposed before it was due;
 * it counts apart from missed. `doneLate` and `pastDue` together are the "missed" of the metrics.
 */
export type MicroGoalResult = 'open' | 'onTime' | 'renegotiated' | 'doneLate' | 'pastDue';

export interface OutcomeCounts {
  onTime: number;
  renegotiated: number;
  /** Finished after the due day, or past due and still open. */
  missed: number;
  doneLate: number;
  pastDue: number;
}

export function emptyOutcomes(): OutcomeCounts {
  return { onTime: 0, renegotiated: 0, missed: 0, doneLate: 0, pastDue: 0 };
}

export function addOutcome(counts: OutcomeCounts, result: MicroGoalResult): void {
  if (result === 'onTime') counts.onTime++;
  else if (result === 'renegotiated') counts.renegotiated++;
  else if (result === 'doneLate') {
    counts.doneLate++;
    counts.missed++;
  } else if (result === 'pastDue') {
    counts.pastDue++;
    counts.missed++;
  }
}

export interface Streak {
  member: string;
  /** Consecutive working days with a check-in, up to today (or yesterday, while today is still open). */
  current: number;
  longest: number;
  /** The last day with a check-in, `YYYY-MM-DD`. */
  lastCheckIn?: string;
}

export interface WeekCount {
  /** The week's Monday, `YYYY-MM-DD`. */
  week: string;
  count: number;
}

export interface WeekOutcomes extends OutcomeCounts {
  week: string;
}

export interface HeatMap {
  /** The Monday of the first column, `YYYY-MM-DD`. */
  start: string;
  /** Check-ins per day from `start`, one column of seven per week; days after today are -1. */
  counts: number[];
  max: number;
  total: number;
}

type MicroGoalEntity = Entity<'microGoal'>;

const RESULTS: readonly MicroGoalResult[] = ['open', 'onTime', 'renegotiated', 'doneLate', 'pastDue'];

export interface MicroGoalTable {
  readonly list: readonly MicroGoalEntity[];
  /** Day numbers, NO_DAY where there is none; `outcome` is the due day, or the done day when undated. */
  readonly done: Int32Array;
  readonly outcome: Int32Array;
  /** Index into the results: open, onTime, renegotiated, doneLate, pastDue. */
  readonly result: Uint8Array;
}

function resultOf(done: boolean, due: number, doneDay: number, today: number, renegotiated: boolean): MicroGoalResult {
  if (done) {
    if (due === NO_DAY || doneDay === NO_DAY || doneDay <= due) return renegotiated ? 'renegotiated' : 'onTime';
    return renegotiated ? 'renegotiated' : 'doneLate';
  }
  if (due !== NO_DAY && due < today) return renegotiated ? 'renegotiated' : 'pastDue';
  return 'open';
}

/**
 * One team state read for metrics. Days of check-ins and completions are worked out once, on
 * first use, in the time zone of the member who wrote them.
 */
export class TeamMetrics {
  readonly today: number;
  private readonly zones = new Map<string, string>();
  private checkInTable: { list: Entity<'checkIn'>[]; days: Int32Array } | undefined;
  private checkIns: Map<string, number[]> | undefined;
  private lastMember = '';
  private lastZone = '';
  private microTable: MicroGoalTable | undefined;
  private renegotiated: Set<string> | undefined;

  constructor(
    readonly state: TeamState,
    today: string,
    private readonly fallbackZone = 'UTC',
    private readonly days = new LocalDays(),
  ) {
    this.today = dayNumber(today);
    for (const [id, member] of state.entities.member) this.zones.set(id.slice('member:'.length), member.timeZone);
  }

  get settings(): TeamSettings {
    return this.state.team;
  }

  zoneOf(member: string): string {
    // A member's entities come one after another, so the last answer is usually the next one.
    if (member !== this.lastMember) {
      this.lastMember = member;
      this.lastZone = this.zones.get(member) ?? this.fallbackZone;
    }
    return this.lastZone;
  }

  /** Every check-in with its day in its writer's zone (NO_DAY when unreadable), worked out once. */
  checkInsWithDays(): { readonly list: readonly Entity<'checkIn'>[]; readonly days: Int32Array } {
    if (this.checkInTable) return this.checkInTable;
    const list = [...this.state.entities.checkIn.values()];
    const days = new Int32Array(list.length);
    for (let i = 0; i < list.length; i++) days[i] = this.days.dayOf(list[i]!.at, this.zoneOf(list[i]!.member)) ?? NO_DAY;
    return (this.checkInTable = { list, days });
  }

  /** Check-in days per member (unsorted, one entry per check-in). */
  checkInDays(): Map<string, number[]> {
    if (this.checkIns) return this.checkIns;
    const out = new Map<string, number[]>();
    const { list, days } = this.checkInsWithDays();
    let member = '';
    let current: number[] = [];
    for (let i = 0; i < list.length; i++) {
      if (days[i] === NO_DAY) continue;
      if (list[i]!.member !== member) {
        member = list[i]!.member;
        current = out.get(member) ?? [];
        out.set(member, current);
      }
      current.push(days[i]!);
    }
    return (this.checkIns = out);
  }

  /** The day a micro-goal was finished, in its owner's time zone. */
  doneDay(micro: MicroGoalEntity): number | undefined {
    return micro.done && micro.doneAt ? this.days.dayOf(micro.doneAt, this.zoneOf(micro.owner)) : undefined;
  }

  /** Every micro-goal with its done day, outcome day and result, worked out once. */
  microGoalsWithDays(): MicroGoalTable {
    if (this.microTable) return this.microTable;
    const list = [...this.state.entities.microGoal.values()];
    const done = new Int32Array(list.length);
    const outcome = new Int32Array(list.length);
    const result = new Uint8Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const micro = list[i]!;
      const doneDay = this.doneDay(micro) ?? NO_DAY;
      const due = micro.due === undefined ? NO_DAY : dayNumber(micro.due);
      done[i] = doneDay;
      outcome[i] = due !== NO_DAY ? due : doneDay;
      result[i] = RESULTS.indexOf(resultOf(micro.done, due, doneDay, this.today, this.isRenegotiated(micro.id)));
    }
    return (this.microTable = { list, done, outcome, result });
  }

  /** The day, in its writer's zone, an instant falls on. */
  dayOfInstant(instant: string, member: string): number | undefined {
    return this.days.dayOf(instant, this.zoneOf(member));
  }

  isRenegotiated(microId: string): boolean {
    if (!this.renegotiated) {
      this.renegotiated = new Set();
      for (const r of this.state.entities.renegotiation.values()) if (r.state === 'accepted' && r.beforeDue) this.renegotiated.add(r.microGoal);
    }
    return this.renegotiated.has(microId);
  }

  result(micro: MicroGoalEntity): MicroGoalResult {
    const due = micro.due === undefined ? NO_DAY : dayNumber(micro.due);
    return resultOf(micro.done, due, this.doneDay(micro) ?? NO_DAY, this.today, this.isRenegotiated(micro.id));
  }

  /** Outcomes of the micro-goals whose outcome day (due, or done when undated) falls in [from, to]. */
  outcomesBetween(from: number, to: number): OutcomeCounts {
    const counts = emptyOutcomes();
    const { outcome, result } = this.microGoalsWithDays();
    for (let i = 0; i < outcome.length; i++) if (outcome[i]! >= from && outcome[i]! <= to) addOutcome(counts, RESULTS[result[i]!]!);
    return counts;
  }

  streaks(): Streak[] {
    const working = new Set(this.settings.workingDays.length ? this.settings.workingDays : [0, 1, 2, 3, 4, 5, 6]);
    const members = new Set([...this.zones.keys(), ...this.checkInDays().keys()]);
    return [...members].sort().map((member) => streakOf(member, this.checkInDays().get(member) ?? [], this.today, working));
  }

  /** Team check-ins per day over the last `weeks` weeks, this week last. */
  heatMap(weeks: number): HeatMap {
    const start = mondayOf(this.today) - (weeks - 1) * 7;
    const counts = new Array<number>(weeks * 7).fill(0);
    for (let day = this.today + 1; day < start + weeks * 7; day++) counts[day - start] = -1;
    let total = 0;
    for (const days of this.checkInDays().values()) {
      for (const day of days) {
        if (day < start || day > this.today) continue;
        counts[day - start]!++;
        total++;
      }
    }
    return { start: dayString(start), counts, max: Math.max(0, ...counts), total };
  }

  /** Micro-goals finished in each of the last `weeks` weeks, this week last. */
  donePerWeek(weeks: number): WeekCount[] {
    const first = mondayOf(this.today) - (weeks - 1) * 7;
    const counts = new Array<number>(weeks).fill(0);
    const { done } = this.microGoalsWithDays();
    for (let i = 0; i < done.length; i++) if (done[i]! >= first && done[i]! <= this.today) counts[Math.floor((done[i]! - first) / 7)]!++;
    return counts.map((count, i) => ({ week: dayString(first + i * 7), count }));
  }

  /** Outcomes by the week of their due day over the last `weeks` weeks (only what is decided). */
  outcomesPerWeek(weeks: number): WeekOutcomes[] {
    const first = mondayOf(this.today) - (weeks - 1) * 7;
    const out = Array.from({ length: weeks }, (_, i) => ({ week: dayString(first + i * 7), ...emptyOutcomes() }));
    const { outcome, result } = this.microGoalsWithDays();
    for (let i = 0; i < outcome.length; i++) {
      if (outcome[i]! >= first && outcome[i]! <= this.today) addOutcome(out[Math.floor((outcome[i]! - first) / 7)]!, RESULTS[result[i]!]!);
    }
    return out;
  }

  memberName(member: string): string {
    return this.state.entities.member.get(memberEntityId(member))?.name ?? member;
  }
}

function streakOf(member: string, days: readonly number[], today: number, working: ReadonlySet<number>): Streak {
  if (days.length === 0) return { member, current: 0, longest: 0 };
  let first = Infinity;
  let last = -Infinity;
  for (const day of days) {
    if (day < first) first = day;
    if (day > last) last = day;
  }
  const marks = new Uint8Array(last - first + 1);
  for (const day of days) marks[day - first] = 1;
  const seen = { has: (day: number) => day >= first && day <= last && marks[day - first] === 1 };
  // Longest run of working days with a check-in; days off neither break nor extend a run.
  let longest = 0;
  let run = 0;
  for (let day = first; day <= Math.min(last, today); day++) {
    if (!working.has(weekdayOf(day))) continue;
    run = seen.has(day) ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  // Today still counts as open: a streak that reached yesterday is alive.
  let current = 0;
  let day = today;
  if (!seen.has(today)) day--;
  for (; day >= first; day--) {
    if (!working.has(weekdayOf(day))) continue;
    if (!seen.has(day)) break;
    current++;
  }
  return { member, current, longest: Math.max(longest, current), lastCheckIn: dayString(last) };
}
