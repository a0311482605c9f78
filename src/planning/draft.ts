/**
 * The plan being drafted in a session: changes laid over the team's live micro-goals, plus
 * new ones. Nothing is written until Commit, and then only the fields the session changed,
 * so whatever arrived meanwhile from a partner (a git pull) survives the store's merge.
 */
import type { Entity, MicroGoal, TeamState } from '../core';
import { newId } from '../core/ids';
import type { BacklogItemView, ItemChange, ItemPatch, NewItem, PlanDraft } from '../panels/protocol';

type MicroGoalEntity = Entity<'microGoal'>;

export interface BacklogItem extends BacklogItemView {
  order: number | undefined;
  createdAt: string;
}

const PATCH_FIELDS = ['title', 'owner', 'estimateHours', 'due', 'goal', 'order'] as const;
type PatchField = (typeof PATCH_FIELDS)[number];

/** An open micro-goal counts toward the cycle by default when it is due by the cycle's end. */
export function defaultInCycle(micro: MicroGoal, cycleEnd: string): boolean {
  return micro.due !== undefined && micro.due <= cycleEnd;
}

export class PlanDraftModel {
  private readonly patches: Map<string, ItemPatch>;
  private readonly added: NewItem[];

  constructor(
    readonly cycleStart: string,
    readonly cycleEnd: string,
    draft?: Pick<PlanDraft, 'patches' | 'added'>,
  ) {
    this.patches = new Map(Object.entries(draft?.patches ?? {}));
    this.added = [...(draft?.added ?? [])];
  }

  static fromJSON(draft: PlanDraft): PlanDraftModel {
    return new PlanDraftModel(draft.cycleStart, draft.cycleEnd, draft);
  }

  toJSON(): PlanDraft {
    return { cycleStart: this.cycleStart, cycleEnd: this.cycleEnd, patches: Object.fromEntries(this.patches), added: this.added.map((a) => ({ ...a })) };
  }

  get isEmpty(): boolean {
    return this.patches.size === 0 && this.added.length === 0;
  }

  has(state: TeamState, id: string): boolean {
    return this.added.some((a) => a.id === id) || isOpen(state.entities.microGoal.get(id));
  }

  isNew(id: string): boolean {
    return this.added.some((a) => a.id === id);
  }

  /** The ids of new micro-goals that already exist in the team's data (a restored draft that lies). */
  clashes(state: TeamState): string[] {
    const taken = (id: string) => Object.values(state.entities).some((map: ReadonlyMap<string, unknown>) => map.has(id)) || state.incomplete.includes(id);
    return this.added.filter((a) => taken(a.id)).map((a) => a.id);
  }

  /** The backlog as the session sees it: open micro-goals with the session's changes, and new ones, by priority. */
  backlog(state: TeamState): BacklogItem[] {
    const items: BacklogItem[] = [];
    for (const micro of state.entities.microGoal.values()) {
      if (micro.done) continue;
      const patch = this.patches.get(micro.id) ?? {};
      const changed = PATCH_FIELDS.filter((f) => f !== 'order' && f in patch && patch[f] !== (micro[f] ?? null));
      items.push({
        id: micro.id,
        title: patch.title ?? micro.title,
        owner: patch.owner ?? micro.owner,
        ...optional('estimateHours', pick(patch.estimateHours, micro.estimateHours)),
        ...optional('due', pick(patch.due, micro.due)),
        ...optional('goal', pick(patch.goal, micro.goal)),
        inCycle: patch.inCycle ?? defaultInCycle({ ...micro, due: pick(patch.due, micro.due) }, this.cycleEnd),
        isNew: false,
        changed: patch.inCycle !== undefined ? [...changed, 'inCycle'] : changed,
        order: patch.order ?? micro.order,
        createdAt: micro.createdAt,
      });
    }
    for (const item of this.added) {
      items.push({ ...item, isNew: true, changed: [], createdAt: '9999' });
    }
    return items.sort(byPriority);
  }

  /** Moves an item to position `to` of the backlog; only its own order changes when there is room. */
  move(state: TeamState, id: string, to: number): void {
    const list = this.backlog(state);
    const from = list.findIndex((i) => i.id === id);
    if (from < 0) return;
    const [item] = list.splice(from, 1);
    const target = Math.max(0, Math.min(to, list.length));
    list.splice(target, 0, item!);
    const before = list[target - 1]?.order;
    const after = list[target + 1]?.order;
    const ordered = list.every((i) => i.order !== undefined);
    let order: number | undefined;
    if (ordered && before !== undefined && after !== undefined && after - before > 1e-6) order = (before + after) / 2;
    else if (ordered && before === undefined && after !== undefined) order = after - 1;
    else if (ordered && after === undefined && before !== undefined) order = before + 1;
    else if (ordered && before === undefined && after === undefined) order = 0;
    if (order !== undefined) {
      this.setOrder(item!.id, order);
      return;
    }
    // No room between the neighbours (or some items were never ordered): number them all.
    list.forEach((i, index) => this.setOrder(i.id, index + 1));
  }

  private setOrder(id: string, order: number): void {
    const added = this.added.find((a) => a.id === id);
    if (added) added.order = order;
    else this.patches.set(id, { ...this.patches.get(id), order });
  }

  update(id: string, change: ItemChange): void {
    const added = this.added.find((a) => a.id === id);
    if (added) {
      if (change.title !== undefined) added.title = change.title;
      if (change.owner !== undefined) added.owner = change.owner;
      if (change.inCycle !== undefined) added.inCycle = change.inCycle;
      for (const field of ['estimateHours', 'due', 'goal'] as const) {
        if (change[field] === null) delete added[field];
        else if (change[field] !== undefined) (added as Record<string, unknown>)[field] = change[field];
      }
      return;
    }
    const patch = { ...this.patches.get(id) };
    for (const [field, value] of Object.entries(change)) if (value !== undefined) (patch as Record<string, unknown>)[field] = value;
    this.patches.set(id, patch);
  }

  /** Adds a new micro-goal to the end of the backlog (or the top, when `first`). */
  add(state: TeamState, item: Omit<NewItem, 'id' | 'order' | 'inCycle'>, first = false): string {
    const list = this.backlog(state);
    const orders = list.map((i) => i.order).filter((o): o is number => o !== undefined);
    const order = orders.length === 0 ? 0 : first ? Math.min(...orders) - 1 : Math.max(...orders) + 1;
    const id = newId('mg');
    this.added.push({ ...item, id, order, inCycle: true });
    return id;
  }

  /** Drops a micro-goal added in this session. Existing ones leave the cycle instead (see inCycle). */
  remove(id: string): boolean {
    const index = this.added.findIndex((a) => a.id === id);
    if (index < 0) return false;
    this.added.splice(index, 1);
    return true;
  }

  /**
   * What Commit writes, as `me` (design.md §2, Authority): new micro-goals are created as mine;
   * my own micro-goals get the session's changes directly; on a partner's micro-goal only the
   * fields anyone may write (`order`, `goal`). A new owner, and a due date for someone else's
   * micro-goal, become one renegotiation proposal per micro-goal, which its owner (or new
   * owner) accepts; a partner's title and estimate are theirs to change, so they are listed in
   * `leftToOwner` and not written.
   */
  commitOps(state: TeamState, now: string, me: string): CommitOps {
    const ops: CommitOps = { creates: [], updates: [], proposals: [], leftToOwner: [], committed: [] };
    const propose = (id: string, change: { due?: string; owner?: string }) => {
      if (Object.keys(change).length > 0) ops.proposals.push({ microGoal: id, change });
    };
    for (const item of this.backlog(state)) {
      if (item.inCycle) ops.committed.push(item.id);
      const due = item.due ?? (item.inCycle ? this.cycleEnd : undefined);
      if (item.isNew) {
        const fields: MicroGoal = { title: item.title, owner: me, done: false, createdAt: now, ...(item.order !== undefined ? { order: item.order } : {}) };
        if (item.goal) fields.goal = item.goal;
        if (item.estimateHours !== undefined) fields.estimateHours = item.estimateHours;
        if (due) fields.due = due;
        ops.creates.push({ id: item.id, fields });
        if (item.owner !== me) propose(item.id, { owner: item.owner });
        continue;
      }
      const micro = state.entities.microGoal.get(item.id)!;
      const patch: ItemPatch = { ...this.patches.get(item.id) };
      if (item.inCycle && item.due === undefined) patch.due = this.cycleEnd;
      const fields: Partial<Record<keyof MicroGoal, unknown>> = {};
      const change: { due?: string; owner?: string } = {};
      const left: string[] = [];
      for (const field of PATCH_FIELDS) {
        const value = patch[field as PatchField];
        if (value === undefined) continue;
        if (value === (micro[field] ?? null)) continue;
        if (value === null && micro[field] === undefined) continue;
        if (field === 'owner') change.owner = value as string;
        else if (field === 'order' || field === 'goal' || micro.owner === me) fields[field] = value;
        else if (field === 'due' && typeof value === 'string') change.due = value;
        else left.push(field === 'estimateHours' ? 'estimate' : field === 'due' ? 'due date' : field);
      }
      if (Object.keys(fields).length > 0) ops.updates.push({ id: item.id, fields });
      propose(item.id, change);
      if (left.length > 0) ops.leftToOwner.push({ microGoal: item.id, owner: micro.owner, fields: left });
    }
    return ops;
  }
}

/** What Commit writes; see `PlanDraftModel.commitOps`. */
export interface CommitOps {
  creates: { id: string; fields: MicroGoal }[];
  updates: { id: string; fields: Partial<Record<keyof MicroGoal, unknown>> }[];
  /** Changes only the micro-goal's owner (or new owner) can accept: one proposal per micro-goal. */
  proposals: { microGoal: string; change: { due?: string; owner?: string } }[];
  /** Changes to a partner's own fields (title, estimate, clearing a due date) that Commit does not write. */
  leftToOwner: { microGoal: string; owner: string; fields: string[] }[];
  committed: string[];
}

function isOpen(micro: MicroGoalEntity | undefined): micro is MicroGoalEntity {
  return micro !== undefined && !micro.done;
}

/** A patch value wins; null in a patch clears the field. */
function pick<T>(patched: T | null | undefined, current: T | undefined): T | undefined {
  return patched === null ? undefined : patched !== undefined ? patched : current;
}

function optional<K extends string, T>(key: K, value: T | undefined): { [P in K]?: T } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: T };
}

/** Ordered items first by order; the rest after them by due date, then by age. */
function byPriority(a: BacklogItem, b: BacklogItem): number {
  if (a.order !== undefined && b.order !== undefined && a.order !== b.order) return a.order - b.order;
  if (a.order !== undefined && b.order === undefined) return -1;
  if (a.order === undefined && b.order !== undefined) return 1;
  const dueA = a.due ?? '9999-12-31';
  const dueB = b.due ?? '9999-12-31';
  if (dueA !== dueB) return dueA < dueB ? -1 : 1;
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
