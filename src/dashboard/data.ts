/** What the dashboard shows, from the team state: vscode-free, so plain mocha tests it. */
import type { TeamState } from '../core';
import { capacityMembers, capacityReport, cycleItems, overCommitments } from '../core/capacity';
import { TeamMetrics } from '../core/metrics';
import type { DashboardView } from '../panels/protocol';
import { currentCycle } from '../core';

export const HEAT_MAP_WEEKS = 26;
export const CHART_WEEKS = 12;

export function dashboardView(state: TeamState, today: string, timeZone: string, metrics = new TeamMetrics(state, today, timeZone)): DashboardView {
  const cycle = currentCycle(state, today);
  const capacity = capacityReport(capacityMembers(state), cycleItems(state, cycle, cycle.committed), cycle.days);
  return {
    today,
    streaks: metrics.streaks().map((s) => ({ ...s, name: metrics.memberName(s.member) })),
    heatMap: metrics.heatMap(HEAT_MAP_WEEKS),
    donePerWeek: metrics.donePerWeek(CHART_WEEKS),
    outcomesPerWeek: metrics.outcomesPerWeek(CHART_WEEKS),
    cycle: { start: cycle.start, end: cycle.end, days: cycle.days, fromSession: cycle.fromSession },
    capacity,
    warnings: overCommitments(capacity),
  };
}
