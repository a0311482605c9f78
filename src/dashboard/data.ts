/** What the dashboard shows, from the team state: vscode-free, so plain mocha tests it. */
import type { MicroGoalEvidence, TeamState } from '../core';
import { capacityReport, capacityView, cycleItems, overCommitments } from '../core/capacity';
import { dayNumber, TeamMetrics } from '../core/metrics';
import type { DashboardView, EvidenceStatus } from '../panels/protocol';
import { currentCycle } from '../core';

export const HEAT_MAP_WEEKS = 26;
export const CHART_WEEKS = 12;

/**
 * The dashboard of `state` on `today` (a day in `timeZone`, the viewer's). `evidence`: the
 * evidence from git and its status; the share of finished work with evidence covers the weeks
 * of the done chart, and counts a micro-goal as backed when a commit still in the history names it.
 */
export function dashboardView(
  state: TeamState,
  today: string,
  timeZone: string,
  metrics = new TeamMetrics(state, today, timeZone),
  evidence: { status: EvidenceStatus; byMicroGoal?: ReadonlyMap<string, MicroGoalEvidence> } = { status: 'noGit' },
): DashboardView {
  const cycle = currentCycle(state, today);
  const capacity = capacityReport(state, cycleItems(state, cycle, cycle.committed), cycle);
  const donePerWeek = metrics.donePerWeek(CHART_WEEKS);
  return {
    today,
    streaks: metrics.streaks().map((s) => ({ ...s, name: metrics.memberName(s.member) })),
    heatMap: metrics.heatMap(HEAT_MAP_WEEKS),
    donePerWeek,
    outcomesPerWeek: metrics.outcomesPerWeek(CHART_WEEKS),
    cycle: { start: cycle.start, end: cycle.end, days: cycle.days, fromSession: cycle.fromSession },
    capacity: capacityView(capacity, today),
    warnings: overCommitments(capacity),
    evidence: { status: evidence.status, ...finishedWithEvidence(metrics, donePerWeek[0]?.week ?? today, today, evidence.byMicroGoal) },
  };
}

/** Micro-goals finished from `from` to `to` (days), and how many of them a commit still in the history names. */
function finishedWithEvidence(
  metrics: TeamMetrics,
  from: string,
  to: string,
  evidence: ReadonlyMap<string, MicroGoalEvidence> | undefined,
): { finished: number; backed: number } {
  const { list, done } = metrics.microGoalsWithDays();
  const [first, last] = [dayNumber(from), dayNumber(to)];
  let finished = 0;
  let backed = 0;
  for (let i = 0; i < list.length; i++) {
    if (done[i]! < first || done[i]! > last) continue;
    finished++;
    if (evidence?.get(list[i]!.id)?.commits.some((commit) => !commit.reverted)) backed++;
  }
  return { finished, backed };
}
