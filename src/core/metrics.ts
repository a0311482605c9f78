/**
 * Metrics for the planning session's Review and the dashboard: outcomes of micro-goals,
 * check-in streaks, the check-in calendar and work done per week. Days are calendar days in
 * each member's own time zone, held as numbers (days since 1970-01-01) so that two years of
 * a team's data are read in one fast pass.
 */
import { dayOffReason, worksOnDay } from './availability';
import { zoneToComputeWith } from './dates';
import type { TeamSettings } from './entities';
import { runSteps } from './steps';
import { dayNumber, dayString, LocalDays, NO_DAY, teamWeekStart, weekStartOf } from './localDays';
import { type Entity, memberName, type TeamState } from './team';
import { memberIdOf } from './ids';

export * from './localDays';

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
  /**
   * Consecutive working days with a check-in, up to today (or yesterday, while today is still
   * open). A working day is one the member works by availability.ts (`isAvailableOn`): days the
   * team's week does not work, team and regional holidays and away days neither break a run nor
   * count in it, even when someone checks in on one (issue 18 §4).
   */
  current: number;
  longest: number;
  /** The last day with a check-in, `YYYY-MM-DD`. */
  lastCheckIn?: string;
  /**
   * Where the current run begins, when there is one: the day after the last working day without
   * a check-in before it (or the first day of theirs with one), `YYYY-MM-DD`.
   */
  currentSince?: string;
}

export interface CheckInTable {
  readonly list: readonly Entity<'checkIn'>[];
  /** Day numbers, NO_DAY where unreadable. */
  readonly days: Int32Array;
  /** Index into `members` of who wrote each check-in. */
  readonly writer: Int32Array;
  readonly members: readonly string[];
}

/** Days with a check-in, from `first` to `last`: marks[day - first] is 1 on those days. */
export interface DayMarks {
  first: number;
  last: number;
  marks: Uint8Array;
}

export interface WeekCount {
  /** The week's first day (the team's, see `teamWeekStart`), `YYYY-MM-DD`. */
  week: string;
  count: number;
}

export interface WeekOutcomes extends OutcomeCounts {
  week: string;
}

export interface HeatMap {
  /** The first day of the first column, `YYYY-MM-DD`: the first day of a team week (`teamWeekStart`), so row 0 is the team's first working day. */
  start: string;
  /** Check-ins per day from `start`, one column of seven per week; days after today are -1. */
  counts: number[];
  max: number;
  total: number;
  /**
   * Per day from `start`, like `counts`: how many members with a profile are on an away day or a
   * holiday then ({@link TeamMetrics.awayDays}), future days included (away periods are known
   * ahead). A day where `away` equals `people` is a quiet day for the whole team, not a gap.
   */
  away: number[];
  /** How many members with a profile the `away` counts are out of. */
  people: number;
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

/** What metrics of one state share whatever their today: the check-in table and marks, by the zone for members without a profile. */
const SHARED = new WeakMap<TeamState, Map<string, { table?: CheckInTable; marks?: Map<string, DayMarks> }>>();

/** The key of a table that holds no check-in of a writer without a profile: it serves every fallback zone (never a zone's name). */
const ANY_ZONE = '\u0000any';

function sharedOf(state: TeamState, fallbackZone: string): { table?: CheckInTable; marks?: Map<string, DayMarks> } {
  let byZone = SHARED.get(state);
  if (!byZone) SHARED.set(state, (byZone = new Map()));
  const any = byZone.get(ANY_ZONE);
  if (any) return any;
  let shared = byZone.get(fallbackZone);
  if (!shared) byZone.set(fallbackZone, (shared = {}));
  return shared;
}

/** Each member's zone to compute their days in (see TeamMetrics.zoneOf), by member id. */
function zonesOf(state: TeamState): Map<string, string> {
  const zones = new Map<string, string>();
  for (const [id, member] of state.entities.member) zones.set(memberIdOf(id), zoneToComputeWith(member.timeZone).timeZone);
  return zones;
}

/** How many check-ins {@link checkInTableSteps} reads between two yields. */
const TABLE_STEP = 8_000;

/**
 * The check-in table of TeamMetrics.checkInsWithDays as steps: yields after every 8,000
 * check-ins, so a caller can give the thread back between them (issue 20 §2), and returns the
 * table, kept for the state. A table with no check-in of a writer without a profile does not
 * depend on `fallbackZone`, and serves every one.
 */
export function* checkInTableSteps(state: TeamState, fallbackZone = 'UTC', days = new LocalDays()): Generator<void, CheckInTable, void> {
  const shared = sharedOf(state, fallbackZone);
  if (shared.table) return shared.table;
  const zones = zonesOf(state);
  const fallback = zoneToComputeWith(fallbackZone).timeZone;
  const list = [...state.entities.checkIn.values()];
  const dayList = new Int32Array(list.length);
  const writer = new Int32Array(list.length);
  const members: string[] = [];
  let last = '';
  let zone = fallback;
  let unprofiled = false;
  for (let i = 0; i < list.length; i++) {
    if (i > 0 && i % TABLE_STEP === 0) yield;
    const { at, member } = list[i]!;
    // A member's check-ins come one after another: a new index only when the writer changes.
    if (member !== last) {
      last = member;
      const known = members.indexOf(member);
      writer[i] = known >= 0 ? known : members.push(member) - 1;
      const own = zones.get(member);
      if (own === undefined) unprofiled = true;
      zone = own ?? fallback;
    } else {
      writer[i] = writer[i - 1]!;
    }
    dayList[i] = days.dayOf(at, zone) ?? NO_DAY;
  }
  const table = { list, days: dayList, writer, members };
  // Another caller may have finished first: theirs is the same table.
  const now = sharedOf(state, fallbackZone);
  now.table ??= table;
  if (!unprofiled) SHARED.get(state)!.set(ANY_ZONE, now);
  return now.table;
}

/**
 * One team state read for metrics. Days of check-ins and completions are worked out once, on
 * first use, in the time zone of the member who wrote them (as `zoneToComputeWith` gives it:
 * a zone this runtime does not know counts as UTC). `fallbackZone` is for writers without a
 * profile.
 */
export class TeamMetrics {
  readonly today: number;
  /** Each member's zone to compute their days in, by member id (zonesOf). */
  private readonly zones: Map<string, string>;
  private checkInTable: CheckInTable | undefined;
  private marks: Map<string, DayMarks> | undefined;
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
    this.zones = zonesOf(state);
  }

  get settings(): TeamSettings {
    return this.state.team;
  }

  /** The first day (a day number) of the team's week that holds today (`teamWeekStart`): where this week's column and bar start. */
  get thisWeekStart(): number {
    return weekStartOf(this.today, teamWeekStart(this.settings));
  }

  /** The zone a member's days are computed in: theirs when this runtime knows it, else UTC. */
  zoneOf(member: string): string {
    // A member's entities come one after another, so the last answer is usually the next one.
    if (member !== this.lastMember) {
      this.lastMember = member;
      this.lastZone = this.zones.get(member) ?? zoneToComputeWith(this.fallbackZone).timeZone;
    }
    return this.lastZone;
  }

  /** Every check-in with its day in its writer's zone (NO_DAY when unreadable) and its writer, worked out once. */
  checkInsWithDays(): CheckInTable {
    if (this.checkInTable) return this.checkInTable;
    // The table depends on the state and the zone for members without a profile, never on today:
    // metrics for several "todays" of one state (the Partners view, one per zone) share it.
    return (this.checkInTable = runSteps(checkInTableSteps(this.state, this.fallbackZone, this.days)));
  }

  /** The days each member checked in on, as a bitmap from their first to their last check-in. */
  checkInMarks(): Map<string, DayMarks> {
    if (this.marks) return this.marks;
    const shared = sharedOf(this.state, this.fallbackZone);
    if (shared.marks) return (this.marks = shared.marks);
    const { days, writer, members } = this.checkInsWithDays();
    const first = new Int32Array(members.length).fill(2_147_483_647);
    const last = new Int32Array(members.length).fill(NO_DAY);
    for (let i = 0; i < days.length; i++) {
      const day = days[i]!;
      if (day === NO_DAY) continue;
      const w = writer[i]!;
      if (day < first[w]!) first[w] = day;
      if (day > last[w]!) last[w] = day;
    }
    const marks = members.map((_, w) => new Uint8Array(last[w]! >= first[w]! ? last[w]! - first[w]! + 1 : 0));
    for (let i = 0; i < days.length; i++) if (days[i] !== NO_DAY) marks[writer[i]!]![days[i]! - first[writer[i]!]!] = 1;
    this.marks = new Map();
    members.forEach((member, w) => {
      if (marks[w]!.length) this.marks!.set(member, { first: first[w]!, last: last[w]!, marks: marks[w]! });
    });
    return (shared.marks = this.marks);
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

  /**
   * Every member's streak (see {@link Streak}), sorted by member id. With `longest: false` only
   * the current run is walked (a view that shows no record), and `longest` is that run.
   */
  streaks(options: { readonly longest?: boolean } = {}): Streak[] {
    const marks = this.checkInMarks();
    const members = new Set([...this.zones.keys(), ...marks.keys()]);
    const longest = options.longest ?? true;
    return [...members].sort().map((member) => streakOf(member, marks.get(member), this.today, (day) => worksOnDay(this.state, member, day), longest));
  }

  /**
   * The member's days in [from, to] (day numbers, both included) that are away days or holidays
   * by availability.ts (`dayOffReason`: an away period, a team holiday or a regional one; not a
   * day the team's week does not work), as `YYYY-MM-DD` in order: for the heat map's quiet
   * "away" state (issue 18 §4). Empty when `to` is before `from`.
   */
  awayDays(member: string, from: number, to: number): string[] {
    const out: string[] = [];
    for (let day = from; day <= to; day++) {
      const reason = dayOffReason(this.state, member, dayString(day));
      if (reason && reason.kind !== 'dayOff') out.push(dayString(day));
    }
    return out;
  }

  /** Team check-ins per day over the last `weeks` team weeks (`thisWeekStart`), this week last. */
  heatMap(weeks: number): HeatMap {
    const start = this.thisWeekStart - (weeks - 1) * 7;
    const counts = new Array<number>(weeks * 7).fill(0);
    for (let day = this.today + 1; day < start + weeks * 7; day++) counts[day - start] = -1;
    let total = 0;
    const { days } = this.checkInsWithDays();
    for (let i = 0; i < days.length; i++) {
      if (days[i]! < start || days[i]! > this.today) continue;
      counts[days[i]! - start]!++;
      total++;
    }
    const away = new Array<number>(weeks * 7).fill(0);
    const end = start + weeks * 7 - 1;
    for (const member of this.zones.keys()) for (const day of this.awayDays(member, start, end)) away[dayNumber(day) - start]!++;
    return { start: dayString(start), counts, max: Math.max(0, ...counts), total, away, people: this.zones.size };
  }

  /** Micro-goals finished in each of the last `weeks` team weeks, this week last. */
  donePerWeek(weeks: number): WeekCount[] {
    const first = this.thisWeekStart - (weeks - 1) * 7;
    const counts = new Array<number>(weeks).fill(0);
    const { done } = this.microGoalsWithDays();
    for (let i = 0; i < done.length; i++) if (done[i]! >= first && done[i]! <= this.today) counts[Math.floor((done[i]! - first) / 7)]!++;
    return counts.map((count, i) => ({ week: dayString(first + i * 7), count }));
  }

  /** Outcomes by the team week of their due day over the last `weeks` weeks (only what is decided). */
  outcomesPerWeek(weeks: number): WeekOutcomes[] {
    const first = this.thisWeekStart - (weeks - 1) * 7;
    const out = Array.from({ length: weeks }, (_, i) => ({ week: dayString(first + i * 7), ...emptyOutcomes() }));
    const { outcome, result } = this.microGoalsWithDays();
    for (let i = 0; i < outcome.length; i++) {
      if (outcome[i]! >= first && outcome[i]! <= this.today) addOutcome(out[Math.floor((outcome[i]! - first) / 7)]!, RESULTS[result[i]!]!);
    }
    return out;
  }

  memberName(member: string): string {
    return memberName(this.state, member);
  }
}

function streakOf(member: string, days: DayMarks | undefined, today: number, works: (day: number) => boolean, withLongest = true): Streak {
  if (!days) return { member, current: 0, longest: 0 };
  const { first, last, marks } = days;
  const seen = (day: number) => day >= first && day <= last && marks[day - first] === 1;
  // Longest run of working days with a check-in; days off neither break nor extend a run.
  let longest = 0;
  let run = 0;
  for (let day = first; withLongest && day <= Math.min(last, today); day++) {
    if (!works(day)) continue;
    run = seen(day) ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  // Today still counts as open: a streak that reached yesterday is alive.
  let current = 0;
  let day = seen(today) ? today : today - 1;
  for (; day >= first; day--) {
    if (!works(day)) continue;
    if (!seen(day)) break;
    current++;
  }
  const streak: Streak = { member, current, longest: Math.max(longest, current), lastCheckIn: dayString(last) };
  if (current > 0) streak.currentSince = dayString(day + 1);
  return streak;
}
