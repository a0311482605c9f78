/**
 * Planning cycles: the window a planning session reviews, the cycle it plans, and the cycle in
 * progress. A cycle is `cycleDays` calendar days (team settings), counted in day strings
 * (YYYY-MM-DD), so no host time zone enters. Pure functions of the merged state.
 */
import { DEFAULT_TEAM_SETTINGS } from './entities';
import { dayNumber, dayString } from './localDays';
import type { TeamState } from './team';

export interface CycleWindow {
  start: string;
  end: string;
  days: number;
  sinceSession: boolean;
}

export function cycleDaysOf(state: TeamState): number {
  return state.team.cycleDays ?? DEFAULT_TEAM_SETTINGS.cycleDays;
}

/** The cycle under review: since the last session's cycle start, or the last cycleDays days. */
export function lastCycleWindow(state: TeamState, today: string): CycleWindow {
  let latest: string | undefined;
  for (const session of state.entities.session.values()) {
    if (session.cycleStart < today && (latest === undefined || session.cycleStart > latest)) latest = session.cycleStart;
  }
  const end = dayNumber(today);
  const start = latest !== undefined ? dayNumber(latest) : end - (cycleDaysOf(state) - 1);
  return { start: dayString(start), end: today, days: end - start + 1, sinceSession: latest !== undefined };
}

/** The cycle a session started today plans: today and the cycleDays - 1 days after it. */
export function nextCycle(state: TeamState, today: string): { start: string; end: string; days: number } {
  const days = cycleDaysOf(state);
  return { start: today, end: dayString(dayNumber(today) + days - 1), days };
}

/** The cycle in progress: the latest session that covers today, or the cycle that would start today. */
export function currentCycle(
  state: TeamState,
  today: string,
): { start: string; end: string; days: number; fromSession: boolean; committed: ReadonlySet<string> } {
  let best: { cycleStart: string; cycleEnd: string; at: string; committed: readonly string[] } | undefined;
  for (const s of state.entities.session.values()) {
    if (s.cycleStart <= today && today <= s.cycleEnd && (!best || s.cycleStart > best.cycleStart || (s.cycleStart === best.cycleStart && s.at > best.at)))
      best = s;
  }
  if (best)
    return {
      start: best.cycleStart,
      end: best.cycleEnd,
      days: dayNumber(best.cycleEnd) - dayNumber(best.cycleStart) + 1,
      fromSession: true,
      committed: new Set(best.committed),
    };
  return { ...nextCycle(state, today), fromSession: false, committed: new Set() };
}
