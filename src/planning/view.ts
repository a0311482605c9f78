/** Builds what the planning panel shows from the team state and the session's draft. */
import { compareNames, displayName, safeText, type TeamState } from '../core';
import { reflectionId } from '../core/authority';
import { capacityMembers, capacityReport, capacityView, overCommitments } from '../core/capacity';
import { dueDateFlag } from '../core/dueDates';
import { TeamMetrics } from '../core/metrics';
import type { PlanDraftModel } from './draft';
import type { AgendaView, CommittedView, PlanningView, ReflectionView, Step } from '../panels/protocol';
import type { AgendaItem } from './draftStore';
import { lastCycleWindow } from '../core';
import type { CovenantInput } from '../panels/agreementsView';
import { reviewView } from './review';

export interface PlanningInput {
  state: TeamState;
  me: string;
  today: string;
  timeZone: string;
  draft: PlanDraftModel;
  step: Step;
  readOnly: boolean;
  committed?: CommittedView;
  /** Metrics already worked out for this state and day (the panel keeps them between redraws). */
  metrics?: TeamMetrics;
  /** The evidence from git, for the Review: which finished micro-goals commits back. */
  evidence?: Parameters<typeof reviewView>[2];
  /** The covenant, for the Review's Agreements section; without it the Review has none. */
  covenant?: CovenantInput;
  /** The agenda as stored (draftStore.ts PlanningAgenda), oldest first. */
  agenda?: readonly AgendaItem[];
}

/** The agenda's entries whose micro-goal is still open, with its title and owner (made safe) and the reason (made safe). */
export function agendaView(state: TeamState, agenda: readonly AgendaItem[]): AgendaView[] {
  return agenda.flatMap((item) => {
    const micro = state.entities.microGoal.get(item.microGoal);
    if (!micro || micro.done) return [];
    return [{ microGoal: micro.id, title: safeText(micro.title), owner: displayName(state, micro.owner), reason: safeText(item.reason) }];
  });
}

// A member's reflection id lives in the core, beside the rule that makes it theirs (authority.ts `idOwner`).
export { reflectionId } from '../core/authority';

export function planningView(input: PlanningInput): PlanningView {
  const { state, me, today, draft } = input;
  const metrics = input.metrics ?? new TeamMetrics(state, today, input.timeZone);
  const members = capacityMembers(state).map((m) => ({ id: m.id, name: m.name, me: m.id === me }));
  if (!members.some((m) => m.me)) members.push({ id: me, name: me, me: true });

  const backlog = draft.backlog(state);
  const days = cycleLength(draft.cycleStart, draft.cycleEnd);
  const capacity = capacityReport(
    state,
    backlog.filter((i) => i.inCycle),
    { start: draft.cycleStart, end: draft.cycleEnd },
  );

  const reflections: ReflectionView[] = members.map((m) => {
    const r = state.entities.reflection.get(reflectionId(m.id, draft.cycleStart));
    return { member: m.id, helped: r?.helped ?? '', hindered: r?.hindered ?? '', lessons: r?.lessons ?? '', ...(r?.at ? { at: r.at } : {}) };
  });

  const goals = [...state.entities.goal.values()]
    .filter((g) => g.state === 'active')
    .sort((a, b) => (a.order ?? 0) - (b.order ?? 0) || compareNames(a.title, b.title))
    .map((g) => ({ id: g.id, title: g.title }));

  return {
    me,
    readOnly: input.readOnly,
    today,
    cycle: { start: draft.cycleStart, end: draft.cycleEnd, days },
    members,
    goals,
    review: reviewView(metrics, lastCycleWindow(state, today), input.evidence, input.covenant),
    reflections,
    agenda: agendaView(state, input.agenda ?? []),
    backlog: backlog.map(({ order: _o, createdAt: _c, ...item }) => {
      // Committing gives work in the cycle without a date the cycle's last day (draft.ts): that day is flagged too.
      const due = item.due ?? (item.inCycle ? draft.cycleEnd : undefined);
      const flag = due ? dueDateFlag(state, item.owner, due, today) : undefined;
      return flag ? { ...item, dueFlag: { words: flag.words, ...(flag.suggested ? { suggested: flag.suggested } : {}) } } : item;
    }),
    capacity: capacityView(capacity, today),
    warnings: overCommitments(capacity),
    ...(input.committed ? { committed: input.committed } : {}),
    step: input.step,
    draft: draft.toJSON(),
  };
}

function cycleLength(start: string, end: string): number {
  return Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000) + 1;
}
