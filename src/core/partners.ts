/** What the Partners view shows of each member: last check-in, streak, this week's load. */
import { addDaysToDay, dayIn, endOfWeekDay } from './dates';
import { type Streak, TeamMetrics } from './metrics';
import type { Entity, TeamState } from './team';

export interface PartnerSummary {
  member: string;
  name: string;
  timeZone: string;
  lastCheckIn?: string;
  /** Working days in a row, up to today, with at least one check-in (today may still be open). */
  streak: number;
  /** Estimated hours of micro-goals owned and due this week (Monday to Sunday). */
  loadHours: number;
  capacityHours: number;
}

export function checkInsBy(state: TeamState, member: string): Entity<'checkIn'>[] {
  return [...state.entities.checkIn.values()].filter((c) => c.member === member);
}

export function partnerSummaries(state: TeamState, now: Date): PartnerSummary[] {
  const checkIns = new Map<string, Entity<'checkIn'>[]>();
  for (const c of state.entities.checkIn.values()) {
    const list = checkIns.get(c.member) ?? [];
    list.push(c);
    checkIns.set(c.member, list);
  }
  // Streaks come from the dashboard's metrics, so the two never disagree; one set of metrics
  // per distinct local "today" (members in far-apart zones can be a day apart).
  const streaksByToday = new Map<string, Map<string, Streak>>();
  const streaksFor = (today: string, timeZone: string) => {
    let streaks = streaksByToday.get(today);
    if (!streaks) {
      streaks = new Map(new TeamMetrics(state, today, timeZone).streaks().map((s) => [s.member, s]));
      streaksByToday.set(today, streaks);
    }
    return streaks;
  };
  const summaries: PartnerSummary[] = [];
  for (const [entityId, profile] of state.entities.member) {
    const member = entityId.replace(/^member:/, '');
    const timeZone = profile.timeZone;
    const today = dayIn(now, timeZone);
    const weekEnd = endOfWeekDay(today);
    const weekStart = addDaysToDay(weekEnd, -6);
    const last = (checkIns.get(member) ?? []).reduce<string | undefined>((latest, c) => (!latest || c.at > latest ? c.at : latest), undefined);
    let load = 0;
    for (const micro of state.entities.microGoal.values()) {
      if (micro.owner === member && micro.due && micro.due >= weekStart && micro.due <= weekEnd) load += micro.estimateHours ?? 0;
    }
    const streak = streaksFor(today, timeZone).get(member)?.current ?? 0;
    summaries.push({ member, name: profile.name, timeZone, lastCheckIn: last, streak, loadHours: load, capacityHours: profile.capacityHours });
  }
  return summaries.sort((a, b) => a.name.localeCompare(b.name));
}
