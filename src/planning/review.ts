/**
 * The Review step: what the last cycle brought. The last cycle runs from the last planning
 * session's cycle start to today, or covers the last `cycleDays` days when there was none.
 */
import { compareNames, compareText, DEFAULT_TEAM_SETTINGS, type TeamState } from '../core';
import { dayNumber, dayString, TeamMetrics } from '../core/metrics';
import type { Highlight, ReviewView } from './protocol';

/** Enough to talk about without scrolling through a whole cycle of notes. */
const MAX_DONE = 40;
const MAX_HIGHLIGHTS = 6;

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
export function currentCycle(state: TeamState, today: string): { start: string; end: string; days: number; fromSession: boolean; committed: ReadonlySet<string> } {
  let best: { cycleStart: string; cycleEnd: string; at: string; committed: readonly string[] } | undefined;
  for (const s of state.entities.session.values()) {
    if (s.cycleStart <= today && today <= s.cycleEnd && (!best || s.cycleStart > best.cycleStart || (s.cycleStart === best.cycleStart && s.at > best.at))) best = s;
  }
  if (best) return { start: best.cycleStart, end: best.cycleEnd, days: dayNumber(best.cycleEnd) - dayNumber(best.cycleStart) + 1, fromSession: true, committed: new Set(best.committed) };
  return { ...nextCycle(state, today), fromSession: false, committed: new Set() };
}

export function reviewView(metrics: TeamMetrics, window: CycleWindow): ReviewView {
  const state = metrics.state;
  const from = dayNumber(window.start);
  const to = dayNumber(window.end);

  const done: (ReviewView['done'][number] & { n: number })[] = [];
  const micros = metrics.microGoalsWithDays();
  for (let i = 0; i < micros.list.length; i++) {
    const day = micros.done[i]!;
    if (day < from || day > to) continue;
    const micro = micros.list[i]!;
    done.push({ id: micro.id, title: micro.title, owner: micro.owner, day: dayString(day), n: day });
  }
  done.sort((a, b) => b.n - a.n || compareNames(a.title, b.title));

  const counts = new Map<string, number>();
  const helped: (Highlight & { at: string })[] = [];
  const hindered: (Highlight & { at: string })[] = [];
  const checkIns = metrics.checkInsWithDays();
  for (let i = 0; i < checkIns.list.length; i++) {
    const day = checkIns.days[i]!;
    if (day < from || day > to) continue;
    const checkIn = checkIns.list[i]!;
    counts.set(checkIn.member, (counts.get(checkIn.member) ?? 0) + 1);
    const highlight = { member: checkIn.member, day: dayString(day), at: checkIn.at };
    if (checkIn.helped?.trim()) helped.push({ ...highlight, text: checkIn.helped.trim() });
    if (checkIn.hindered?.trim()) hindered.push({ ...highlight, text: checkIn.hindered.trim() });
  }

  const setbacks: ReviewView['setbacks'] = [];
  for (const setback of state.entities.setback.values()) {
    const logged = metrics.dayOfInstant(setback.at, setback.member);
    const reviewed = setback.reviewedAt ? metrics.dayOfInstant(setback.reviewedAt, setback.member) : undefined;
    const inWindow = (d: number | undefined) => d !== undefined && d >= from && d <= to;
    if (!inWindow(logged) && !inWindow(reviewed)) continue;
    const about = state.entities.microGoal.get(setback.about)?.title ?? state.entities.goal.get(setback.about)?.title;
    setbacks.push({
      id: setback.id,
      member: setback.member,
      day: dayString(logged ?? reviewed!),
      ...(about ? { about } : {}),
      whatHappened: setback.whatHappened,
      ...(setback.rootCause ? { rootCause: setback.rootCause } : {}),
      ...(setback.lesson ? { lesson: setback.lesson } : {}),
    });
  }
  setbacks.sort((a, b) => compareText(b.day, a.day) || compareText(a.id, b.id));

  return {
    ...window,
    done: done.slice(0, MAX_DONE).map(({ n: _n, ...rest }) => rest),
    doneTotal: done.length,
    outcomes: metrics.outcomesBetween(from, to),
    checkIns: [...counts].map(([member, count]) => ({ member, count })).sort((a, b) => b.count - a.count || compareText(a.member, b.member)),
    helped: latestDistinct(helped),
    hindered: latestDistinct(hindered),
    setbacks,
  };
}

/** The most recent notes, one of each text. */
function latestDistinct(list: (Highlight & { at: string })[]): Highlight[] {
  list.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const seen = new Set<string>();
  const out: Highlight[] = [];
  for (const { at: _at, ...h } of list) {
    const key = h.text.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(h);
    if (out.length === MAX_HIGHLIGHTS) break;
  }
  return out;
}
