/**
 * What the Micro-goals view shows, computed from the team state without touching VS Code's
 * tree API: active goals with their micro-goals, then standalone micro-goals.
 */
import { byDueThenOrder, type DueContext, dueGroup, type Entity, type MicroGoalEntity, type TeamState } from '../core';

export type MicroGoalsNode =
  | { readonly type: 'goal'; readonly goalId: string }
  | { readonly type: 'standalone' }
  | { readonly type: 'microGoal'; readonly id: string; readonly goalId: string | undefined };

/** Micro-goals still worth showing: open ones, and ones done recently. */
function visible(micro: MicroGoalEntity, ctx: DueContext): boolean {
  return dueGroup(micro, ctx) !== undefined;
}

export class MicroGoalsModel {
  private readonly byGoal = new Map<string | undefined, MicroGoalEntity[]>();

  constructor(
    readonly state: TeamState,
    readonly ctx: DueContext,
  ) {
    for (const micro of state.entities.microGoal.values()) {
      if (!visible(micro, ctx)) continue;
      const key = micro.goal && state.entities.goal.has(micro.goal) ? micro.goal : undefined;
      const list = this.byGoal.get(key) ?? [];
      list.push(micro);
      this.byGoal.set(key, list);
    }
    for (const list of this.byGoal.values()) list.sort(byDueThenOrder);
  }

  roots(): MicroGoalsNode[] {
    const goals = [...this.state.entities.goal.values()]
      .filter((g) => g.state === 'active' || this.byGoal.has(g.id))
      .sort((a, b) => (a.order ?? 0) - (b.order ?? 0) || a.title.localeCompare(b.title));
    const nodes: MicroGoalsNode[] = goals.map((g) => ({ type: 'goal', goalId: g.id }));
    if (this.byGoal.has(undefined)) nodes.push({ type: 'standalone' });
    return nodes;
  }

  children(node: MicroGoalsNode): MicroGoalsNode[] {
    if (node.type === 'microGoal') return [];
    const goalId = node.type === 'goal' ? node.goalId : undefined;
    return (this.byGoal.get(goalId) ?? []).map((m) => ({ type: 'microGoal', id: m.id, goalId }));
  }

  goal(id: string): Entity<'goal'> | undefined {
    return this.state.entities.goal.get(id);
  }

  microGoal(id: string): MicroGoalEntity | undefined {
    return this.state.entities.microGoal.get(id);
  }

  /** Open and done counts of a goal's visible micro-goals. */
  progress(goalId: string | undefined): { done: number; total: number } {
    const list = this.byGoal.get(goalId) ?? [];
    return { done: list.filter((m) => m.done).length, total: list.length };
  }
}
