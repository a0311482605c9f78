/**
 * timeline_ms: the first page of the Timeline view (issue 16 §6) on the two-year team, as the
 * view builds it when the team state changes: `timelineOf(state, { me, limit: TIMELINE_PAGE })`
 * with no `since` (every check-in, micro-goal done and feedback of two years is a candidate),
 * unread marks counted against a read mark. Each run builds the page from scratch (the core
 * keeps nothing between calls); the figure is the median of runs after a warm-up, and the first
 * (cold) run is reported beside it.
 */
import { TIMELINE_PAGE, timelineOf, type TeamState } from '../src/core';
import { median, round, timeRuns } from './measure';

export interface TimelineFigures {
  timeline_ms: number;
  /** The very first build, before the JIT has seen the code. */
  timeline_cold_ms: number;
  /** How many entries the whole timeline holds (the window the page is taken from). */
  entries: number;
}

const RUNS = 31;

export async function benchTimeline(state: TeamState, me: string): Promise<TimelineFigures> {
  // The read mark a member would have: a week before the newest check-in, so some entries are unread.
  let newest = 0;
  for (const checkIn of state.entities.checkIn.values()) newest = Math.max(newest, Date.parse(checkIn.at));
  const readThrough = newest - 7 * 86_400_000;
  const firstPage = () => timelineOf(state, { me, limit: TIMELINE_PAGE, readThrough });
  const [cold] = await timeRuns(1, firstPage);
  const page = firstPage();
  if (page.entries.length !== Math.min(TIMELINE_PAGE, page.total)) throw new Error(`timeline: a page of ${page.entries.length} of ${page.total}`);
  await timeRuns(5, firstPage);
  const times = await timeRuns(RUNS, firstPage);
  return { timeline_ms: round(median(times), 2), timeline_cold_ms: round(cold!, 1), entries: page.total };
}
