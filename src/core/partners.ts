/** What the Partners view shows of each member: last check-in, streak, this week's load. */
import { addDaysToDay, dayIn, endOfWeekDay } from './dates';
import type { Cadence } from './schedule';
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

/**
 * Consecutive working days with a check-in, counting back from today (or yesterday, if today
 * has none yet). Days off neither break nor lengthen a streak, as on the dashboard.
 */
export function streakOf(checkInDays: ReadonlySet<string>, today: string, workingDays: readonly number[]): number {
  const isWorking = (day: string) => workingDays.includes(new Date(`${day}T12:00:00Z`).getUTCDay());
  let day = today;
  if (!checkInDays.has(day)) day = addDaysToDay(day, -1);
  let streak = 0;
  for (let guard = 0; guard < 3660; guard++) {
    if (isWorking(day)) {
      if (!checkInDays.has(day)) break;
      streak++;
    }
    day = addDaysToDay(day, -1);
  }
  return streak;
}

export function partnerSummaries(state: TeamState, now: Date, cadence: Cadence): PartnerSummary[] {
  const checkIns = new Map<string, Entity<'checkIn'>[]>();
  for (const c of state.entities.checkIn.values()) {
    const list = checkIns.get(c.member) ?? [];
    list.push(c);
    checkIns.set(c.member, list);
  }
  const summaries: PartnerSummary[] = [];
  for (const [entityId, profile] of state.entities.member) {
    const member = entityId.replace(/^member:/, '');
    const timeZone = profile.timeZone;
    const today = dayIn(now, timeZone);
    const weekEnd = endOfWeekDay(today);
    const weekStart = addDaysToDay(weekEnd, -6);
    const mine = checkIns.get(member) ?? [];
    const days = new Set(mine.map((c) => dayIn(new Date(c.at), timeZone)));
    const last = mine.reduce<string | undefined>((latest, c) => (!latest || c.at > latest ? c.at : latest), undefined);
    let load = 0;
    for (const micro of state.entities.microGoal.values()) {
      if (micro.owner === member && micro.due && micro.due >= weekStart && micro.due <= weekEnd) load += micro.estimateHours ?? 0;
    }
    summaries.push({ member, name: profile.name, timeZone, lastCheckIn: last, streak: streakOf(days, today, cadence.workingDays), loadHours: load, capacityHours: profile.capacityHours });
  }
  return summaries.sort((a, b) => a.name.localeCompare(b.name));
}
