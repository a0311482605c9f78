/** What the Partners view shows of each member: last check-in, streak, this week's load. */
import { awayWords, currentAndUpcomingAways } from './availability';
import { cycleCapacityHours } from './capacity';
import { addDaysToDay, dayIn, endOfWeekDay, zoneFallbackNote, zoneToComputeWith } from './dates';
import { teamWeekStart } from './localDays';
import { latestCheckIns } from './support';
import { compareNames, compareText } from './queries';
import { type Streak, TeamMetrics } from './metrics';
import type { TeamState } from './team';
import { utcDay } from './archive';
import { memberIdOf } from './ids';
import type { CheckInStatus } from './entities';

export interface PartnerSummary {
  member: string;
  name: string;
  /** The zone in their profile, as written (shown as is, even when this runtime does not know it). */
  timeZone: string;
  /** Set when this runtime does not know their zone, so their days here are UTC days: "Times in UTC here: …". */
  zoneNote?: string;
  /** Their latest check-in's `at`, by instant. */
  lastCheckIn?: string;
  /** What that check-in said: its status, and its next step and note when it has them (as written). */
  last?: { status: CheckInStatus; next?: string; note?: string };
  /** Working days in a row, up to today, with at least one check-in (today may still be open). */
  streak: number;
  /**
   * Set when the run reaches back to the oldest check-in of theirs in the state and that one is
   * within the live window (core/archive.ts): older check-ins, in the closed history, may make
   * it longer, so `streak` is "at least".
   */
  streakAtLeast?: boolean;
  /** Estimated hours of micro-goals owned and due this week: the team's week (`teamWeekStart`), in the member's own zone. */
  loadHours: number;
  /** Their hours this week: weekly hours over the working days of the week they are there (core/capacity.ts cycleCapacityHours). */
  capacityHours: number;
  /**
   * Set while they are away on their own today (availability.ts): `words` as awayWords says
   * them ("away until Mon 4 Jan", "away today"), and the note of the period that holds today,
   * as written (data: make it safe before showing it). Only the team sees it.
   */
  away?: { words: string; note?: string };
}

/**
 * One summary per member with a profile, sorted by name: last check-in, streak and this
 * week's load, each worked out in that member's own zone (UTC, with `zoneNote`, when this
 * runtime does not know it). A streak that reaches back to the member's oldest check-in in
 * `state` is "at least" (`streakAtLeast`) when `hasHistory(member)` says their closed periods
 * may hold more (by default no one has any: `state` holds every check-in).
 */
export function partnerSummaries(state: TeamState, now: Date, hasHistory: (member: string) => boolean = () => false): PartnerSummary[] {
  // Each member's latest check-in (support.ts: one rule, one pass per state, shared with the status bar and the Timeline).
  const latestOf = latestCheckIns(state);
  // Streaks come from the dashboard's metrics, so the two never disagree; one set of metrics
  // per distinct local "today" (members in far-apart zones can be a day apart).
  const streaksByToday = new Map<string, Map<string, Streak>>();
  const streaksFor = (today: string, timeZone: string) => {
    let streaks = streaksByToday.get(today);
    if (!streaks) {
      streaks = new Map(new TeamMetrics(state, today, timeZone).streaks({ longest: false }).map((s) => [s.member, s]));
      streaksByToday.set(today, streaks);
    }
    return streaks;
  };
  const weekStartsOn = teamWeekStart(state.team);
  // Each member's oldest check-in here (UTC day): a run that reaches it may go on in the closed history.
  const oldest = new Map<string, string>();
  for (const c of state.entities.checkIn.values()) {
    const day = utcDay(c.at);
    if (day !== undefined && (!oldest.has(c.member) || day < oldest.get(c.member)!)) oldest.set(c.member, day);
  }
  // Each owner's micro-goals with a due day and an estimate, gathered once (not once per member).
  const estimated = new Map<string, { due: string; hours: number }[]>();
  for (const micro of state.entities.microGoal.values()) {
    if (!micro.due || !micro.estimateHours) continue;
    const list = estimated.get(micro.owner);
    if (list) list.push({ due: micro.due, hours: micro.estimateHours });
    else estimated.set(micro.owner, [{ due: micro.due, hours: micro.estimateHours }]);
  }
  const summaries: PartnerSummary[] = [];
  for (const [entityId, profile] of state.entities.member) {
    const member = memberIdOf(entityId);
    const timeZone = zoneToComputeWith(profile.timeZone).timeZone;
    const zoneNote = zoneFallbackNote(profile.timeZone);
    const today = dayIn(now, timeZone);
    const weekEnd = endOfWeekDay(today, weekStartsOn);
    const weekStart = addDaysToDay(weekEnd, -6);
    const latest = latestOf.get(member);
    const last = latest?.at;
    let load = 0;
    for (const { due, hours } of estimated.get(member) ?? []) if (due >= weekStart && due <= weekEnd) load += hours;
    const run = streaksFor(today, timeZone).get(member);
    const streak = run?.current ?? 0;
    const first = oldest.get(member);
    const streakAtLeast =
      run?.currentSince !== undefined &&
      first !== undefined &&
      run.currentSince <= addDaysToDay(first, 1) &&
      // The live files keep what the last move left until the next one, so the oldest live
      // check-in can lie well before today's window: whether there is history says it.
      hasHistory(member);
    const awayNow = awayWords(state, member, today);
    // The period that holds today and starts first (as dayOffReason picks it), weekends and holidays inside it too.
    const period = awayNow ? currentAndUpcomingAways(state, member, today).find((a) => a.from <= today) : undefined;
    const away = awayNow ? { words: awayNow, ...(period?.note ? { note: period.note } : {}) } : undefined;
    summaries.push({
      member,
      name: profile.name,
      timeZone: profile.timeZone,
      ...(zoneNote ? { zoneNote } : {}),
      lastCheckIn: last,
      ...(latest ? { last: { status: latest.status, ...(latest.next ? { next: latest.next } : {}), ...(latest.note ? { note: latest.note } : {}) } } : {}),
      streak,
      ...(streakAtLeast ? { streakAtLeast } : {}),
      loadHours: load,
      // Their weekly hours over the days of this week they are there (issue 18: away days and holidays give none).
      capacityHours: cycleCapacityHours(state, member, { start: weekStart, end: weekEnd }).hours,
      ...(away ? { away } : {}),
    });
  }
  // The id decides between equal names, so the order never depends on which file was read first.
  return summaries.sort((a, b) => compareNames(a.name, b.name) || compareText(a.member, b.member));
}
