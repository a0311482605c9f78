/**
 * What the Micro-goals view shows, computed from the team state without touching VS Code's
 * tree API (so it is tested and measured in plain Node): micro-goals in groups
 * Overdue · Today · This week · Later · Done recently, each group's micro-goals under their
 * goal, and active goals that have no open micro-goal yet.
 */
import {
  compareNames,
  compareText,
  type DueContext,
  DUE_GROUP_LABELS,
  type DueGroup,
  type Entity,
  groupMicroGoals,
  memberName,
  type MicroGoalEntity,
  type MicroGoalEvidence,
  microGoalWhen,
  safeText,
  type TeamState,
  withTeamWeek,
} from '../../core';

export type Filter = 'mine' | 'partner' | 'everyone';
export type Section = DueGroup | 'needsMicroGoals';

export const SECTION_LABELS: Record<Section, string> = { ...DUE_GROUP_LABELS, needsMicroGoals: 'Goals without a next step' };
const SECTIONS: readonly Section[] = ['overdue', 'today', 'thisWeek', 'later', 'doneRecently', 'needsMicroGoals'];

export type MicroGoalsNode =
  | { readonly type: 'section'; readonly section: Section }
  | { readonly type: 'goal'; readonly section: Section; readonly goalId: string }
  | { readonly type: 'microGoal'; readonly section: Section; readonly id: string; readonly goalId: string | undefined };

/** What one row of the view shows; every piece of data in it has been through safeText. */
export interface MicroGoalsRow {
  readonly label: string;
  readonly description: string;
  /** What a screen reader says for the row. */
  readonly accessibility: string;
  /** For a micro-goal: what the checkbox says to a screen reader. */
  readonly checkbox?: string;
}

export class MicroGoalsModel {
  /** section → goal id (undefined = standalone) → micro-goals in display order. */
  private readonly sections = new Map<Section, Map<string | undefined, MicroGoalEntity[]>>();
  private readonly goalsWithoutSteps: Entity<'goal'>[] = [];
  /** The due context with "This week" as the team's week (`teamWeekStart`), whatever week the caller's context had. */
  readonly ctx: DueContext;

  constructor(
    readonly state: TeamState,
    ctx: DueContext,
    readonly me: string | undefined,
    readonly filter: Filter = 'everyone',
    /** The commits that name micro-goals (evidence.ts `evidenceFor`); empty without git or in Restricted Mode. */
    readonly evidence: ReadonlyMap<string, MicroGoalEvidence> = new Map(),
  ) {
    this.ctx = ctx = ctx.weekStart === undefined ? withTeamWeek(ctx, state.team) : ctx;
    const goals = state.entities.goal;
    const hasOpenStep = new Set<string>();
    const shown: MicroGoalEntity[] = [];
    for (const micro of state.entities.microGoal.values()) {
      if (!micro.done && micro.goal) hasOpenStep.add(micro.goal);
      if (this.passes(micro.owner)) shown.push(micro);
    }
    // Each section in display order (groupMicroGoals), then split by goal: a part of a sorted list stays sorted.
    for (const [group, list] of groupMicroGoals(shown, ctx)) {
      if (list.length === 0) continue;
      const byGoal = new Map<string | undefined, MicroGoalEntity[]>();
      for (const micro of list) {
        const goalId = micro.goal && goals.has(micro.goal) ? micro.goal : undefined;
        const same = byGoal.get(goalId);
        if (same) same.push(micro);
        else byGoal.set(goalId, [micro]);
      }
      this.sections.set(group, byGoal);
    }
    for (const goal of goals.values()) {
      if (goal.state === 'active' && !hasOpenStep.has(goal.id) && this.passes(goal.owner)) this.goalsWithoutSteps.push(goal);
    }
    this.goalsWithoutSteps.sort(byGoalOrder);
  }

  private passes(owner: string): boolean {
    if (this.filter === 'everyone' || !this.me) return true;
    return this.filter === 'mine' ? owner === this.me : owner !== this.me;
  }

  roots(): MicroGoalsNode[] {
    return SECTIONS.filter((section) => this.count(section) > 0).map((section) => ({ type: 'section', section }));
  }

  /** How many micro-goals (or, for the last section, goals) a section holds. */
  count(section: Section): number {
    if (section === 'needsMicroGoals') return this.goalsWithoutSteps.length;
    let n = 0;
    for (const list of this.sections.get(section)?.values() ?? []) n += list.length;
    return n;
  }

  children(node: MicroGoalsNode): MicroGoalsNode[] {
    if (node.type === 'microGoal') return [];
    const section = node.section;
    if (node.type === 'section') {
      if (section === 'needsMicroGoals') return this.goalsWithoutSteps.map((g) => ({ type: 'goal', section, goalId: g.id }));
      const byGoal = this.sections.get(section);
      if (!byGoal) return [];
      const goalNodes = [...byGoal.keys()]
        .filter((id): id is string => id !== undefined)
        .map((id) => this.goal(id)!)
        .sort(byGoalOrder)
        .map((g): MicroGoalsNode => ({ type: 'goal', section, goalId: g.id }));
      const standalone = (byGoal.get(undefined) ?? []).map((m): MicroGoalsNode => ({ type: 'microGoal', section, id: m.id, goalId: undefined }));
      return [...goalNodes, ...standalone];
    }
    return (this.sections.get(section)?.get(node.goalId) ?? []).map((m) => ({ type: 'microGoal', section, id: m.id, goalId: node.goalId }));
  }

  /** Where a micro-goal shows, for reveal() and getParent(). */
  nodeOf(microGoalId: string): MicroGoalsNode | undefined {
    for (const [section, byGoal] of this.sections) {
      for (const [goalId, list] of byGoal) if (list.some((m) => m.id === microGoalId)) return { type: 'microGoal', section, id: microGoalId, goalId };
    }
    return undefined;
  }

  /** A micro-goal's state in Accord's words: "done", "due tomorrow", "no due date". */
  when(id: string): string {
    return microGoalWhen(this.microGoal(id)!, this.ctx.today);
  }

  /** The row for a node: the title as label, then "due tomorrow · Sam" or "2/5 done · Sam". */
  row(node: MicroGoalsNode): MicroGoalsRow {
    if (node.type === 'section') {
      const count = this.count(node.section);
      return { label: SECTION_LABELS[node.section], description: String(count), accessibility: `${SECTION_LABELS[node.section]}, ${count}` };
    }
    const name = (member: string) => safeText(memberName(this.state, member));
    if (node.type === 'goal') {
      const goal = this.goal(node.goalId)!;
      const title = safeText(goal.title);
      const { done, total } = this.progress(goal.id);
      const owner = name(goal.owner);
      return {
        label: title,
        description: [total ? `${done}/${total} done` : 'add a first micro-goal', owner].join(' · '),
        accessibility: `Goal ${title}, ${done} of ${total} micro-goals done, owner ${owner}`,
      };
    }
    const micro = this.microGoal(node.id)!;
    const title = safeText(micro.title);
    const owner = name(micro.owner);
    const when = this.when(node.id);
    const commits = this.commitCount(node.id);
    const evidence = commits ? ` · ${commits} commit${commits === 1 ? '' : 's'}` : '';
    return {
      label: title,
      description: `${when} · ${owner}${evidence}`,
      accessibility: `Micro-goal ${title}, ${when}, owner ${owner}${commits ? `, ${commits} commit${commits === 1 ? '' : 's'}` : ''}${micro.done ? ', done' : ''}`,
      checkbox: micro.done ? `Done: ${title}` : `Not done: ${title}`,
    };
  }

  /** How many commits name the micro-goal and are still in the history (reverted ones do not count). */
  commitCount(id: string): number {
    return this.evidence.get(id)?.commits.filter((commit) => !commit.reverted).length ?? 0;
  }

  goal(id: string): Entity<'goal'> | undefined {
    return this.state.entities.goal.get(id);
  }

  microGoal(id: string): MicroGoalEntity | undefined {
    return this.state.entities.microGoal.get(id);
  }

  private progressByGoal: Map<string, { done: number; total: number }> | undefined;

  /** Done and total micro-goals of a goal, across all sections (counted once, on first use). */
  progress(goalId: string): { done: number; total: number } {
    if (!this.progressByGoal) {
      this.progressByGoal = new Map();
      for (const micro of this.state.entities.microGoal.values()) {
        if (!micro.goal) continue;
        const entry = this.progressByGoal.get(micro.goal) ?? { done: 0, total: 0 };
        entry.total++;
        if (micro.done) entry.done++;
        this.progressByGoal.set(micro.goal, entry);
      }
    }
    return this.progressByGoal.get(goalId) ?? { done: 0, total: 0 };
  }
}

/** Goals by their order, then title by fixed English rules and then id, so the order never follows the machine's locale. */
function byGoalOrder(a: Entity<'goal'>, b: Entity<'goal'>): number {
  return (a.order ?? 0) - (b.order ?? 0) || compareNames(a.title, b.title) || compareText(a.id, b.id);
}
