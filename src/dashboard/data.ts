/** What the dashboard shows, from the team state: vscode-free, so plain mocha tests it. */
import type { MicroGoalEvidence, TeamState } from '../core';
import { dayOffReason } from '../core/availability';
import { capacityMembers, capacityReport, capacityView, cycleItems, overCommitments } from '../core/capacity';
import { addDaysToDay } from '../core/dates';
import type { HeatMap } from '../core/metrics';
import { dayNumber, TeamMetrics } from '../core/metrics';
import type { DashboardView, EvidenceStatus } from '../panels/protocol';
import { currentCycle } from '../core';
import { NO_RULES } from '../core/agreements';
import { agreementsView, type CovenantInput } from '../panels/agreementsView';

export const HEAT_MAP_WEEKS = 26;
export const CHART_WEEKS = 12;

/** No covenant.md: the Agreements section says how to write one. */
export const NO_COVENANT: CovenantInput = { hash: undefined, rules: NO_RULES };

/**
 * The dashboard of `state` on `today` (a day in `timeZone`, the viewer's). `evidence`: the
 * evidence from git and its status; the share of finished work with evidence covers the weeks
 * of the done chart, and counts a micro-goal as backed when a commit still in the history names it.
 * `covenant`: its hash and rules (CovenantSource), measured for the Agreements section with the
 * evidence once it has been read (status `ready`).
 */
export function dashboardView(
  state: TeamState,
  today: string,
  timeZone: string,
  metrics = new TeamMetrics(state, today, timeZone),
  evidence: { status: EvidenceStatus; byMicroGoal?: ReadonlyMap<string, MicroGoalEvidence> } = { status: 'noGit' },
  covenant: CovenantInput = NO_COVENANT,
): DashboardView {
  const cycle = currentCycle(state, today);
  const capacity = capacityReport(state, cycleItems(state, cycle, cycle.committed), cycle);
  const donePerWeek = metrics.donePerWeek(CHART_WEEKS);
  return {
    today,
    streaks: metrics.streaks().map((s) => ({ ...s, name: metrics.memberName(s.member) })),
    heatMap: withQuietDays(state, metrics.heatMap(HEAT_MAP_WEEKS)),
    donePerWeek,
    outcomesPerWeek: metrics.outcomesPerWeek(CHART_WEEKS),
    cycle: { start: cycle.start, end: cycle.end, days: cycle.days, fromSession: cycle.fromSession },
    capacity: capacityView(capacity, today),
    warnings: overCommitments(capacity),
    evidence: { status: evidence.status, ...finishedWithEvidence(metrics, donePerWeek[0]?.week ?? today, today, evidence.byMicroGoal) },
    agreements: agreementsView(state, covenant, { today, evidence }),
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

/**
 * The heat map with its quiet days (issue 18 §4): a past day without a check-in on which every
 * member was off by availability.ts's rule, for a team holiday ("Holiday: Christmas Day") or
 * because each was away or on a regional holiday ("Everyone away"), is a rest, not a gap. A
 * day the team's week does not work stays an ordinary empty day: it was never expected.
 */
export function withQuietDays(state: TeamState, heat: HeatMap): DashboardView['heatMap'] {
  const members = capacityMembers(state).map((m) => m.id);
  const quiet = heat.counts.map((n, i): string | null => {
    if (n !== 0 || !members.length) return null;
    const day = addDaysToDay(heat.start, i);
    const reasons = members.map((m) => dayOffReason(state, m, day));
    if (reasons.some((r) => r === undefined || r.kind === 'dayOff')) return null;
    const first = reasons[0]!;
    if (first.kind === 'holiday') return `Holiday: ${first.name}`;
    return reasons.every((r) => r!.kind === 'away') ? 'Everyone away' : 'Everyone away or on holiday';
  });
  return { ...heat, quiet };
}
