/**
 * Capacity for a cycle: each member's weekly hours times the cycle's weeks, against the load
 * assigned to them (the sum of their micro-goals' estimates). Over-commitment is named calmly,
 * with who and by how much, so the partners can rebalance before they start.
 */
import type { Member } from './entities';
import { compareNames, compareText } from './queries';
import type { Entity, TeamState } from './team';
import { memberIdOf } from './ids';

export interface CycleDays {
  /** First and last day of the cycle, `YYYY-MM-DD`, both included. */
  readonly start: string;
  readonly end: string;
}

export interface LoadItem {
  readonly owner: string;
  readonly estimateHours?: number;
}

export interface MemberLoad {
  readonly member: string;
  readonly name: string;
  /** Hours available in the cycle; undefined for an owner without a member profile. */
  readonly capacityHours: number | undefined;
  readonly loadHours: number;
  /** How many of their micro-goals have no estimate yet. */
  readonly unestimated: number;
  readonly items: number;
  /** Hours over capacity, 0 when within it. */
  readonly overBy: number;
}

/** Hours to one decimal, so that 0.1 + 0.2 reads as 0.3. */
export function roundHours(hours: number): number {
  return Math.round(hours * 10) / 10;
}

/** "6 h", "1.5 h". */
export function formatHours(hours: number): string {
  return `${roundHours(hours)} h`;
}

/** Weekly hours over a cycle of `cycleDays` days. */
export function cycleCapacityHours(weeklyHours: number, cycleDays: number): number {
  return roundHours((weeklyHours * cycleDays) / 7);
}

export interface CapacityMember {
  readonly id: string;
  readonly name: string;
  readonly capacityHours: number;
}

/** The team's members as capacity needs them, sorted by name (then id), the same on every machine. */
export function capacityMembers(state: TeamState): CapacityMember[] {
  return [...state.entities.member.entries()]
    .map(([id, member]: [string, Member]) => ({ id: memberIdOf(id), name: member.name, capacityHours: member.capacityHours }))
    .sort((a, b) => compareNames(a.name, b.name) || compareText(a.id, b.id));
}

/**
 * Load against capacity for every member (and for any owner of an item who has no profile),
 * in the members' order.
 */
export function capacityReport(members: readonly CapacityMember[], items: Iterable<LoadItem>, cycleDays: number): MemberLoad[] {
  const load = new Map<string, { hours: number; unestimated: number; items: number }>();
  for (const item of items) {
    const entry = load.get(item.owner) ?? { hours: 0, unestimated: 0, items: 0 };
    entry.items++;
    if (item.estimateHours === undefined) entry.unestimated++;
    else entry.hours += item.estimateHours;
    load.set(item.owner, entry);
  }
  const rows: MemberLoad[] = members.map((m) => row(m.id, m.name, cycleCapacityHours(m.capacityHours, cycleDays), load.get(m.id)));
  const known = new Set(members.map((m) => m.id));
  for (const [owner, entry] of [...load].sort(([a], [b]) => compareText(a, b))) {
    if (!known.has(owner)) rows.push(row(owner, owner, undefined, entry));
  }
  return rows;
}

function row(
  member: string,
  name: string,
  capacityHours: number | undefined,
  entry: { hours: number; unestimated: number; items: number } | undefined,
): MemberLoad {
  const loadHours = roundHours(entry?.hours ?? 0);
  return {
    member,
    name,
    capacityHours,
    loadHours,
    unestimated: entry?.unestimated ?? 0,
    items: entry?.items ?? 0,
    overBy: capacityHours === undefined ? 0 : Math.max(0, roundHours(loadHours - capacityHours)),
  };
}

/**
 * The name to use in a sentence: the first name when no other member shares it
 * ("Sam"), the full name otherwise.
 */
export function shortNames(members: readonly { id: string; name: string }[]): Map<string, string> {
  const first = (name: string) => name.trim().split(/\s+/)[0] || name;
  const counts = new Map<string, number>();
  for (const m of members) counts.set(first(m.name), (counts.get(first(m.name)) ?? 0) + 1);
  return new Map(members.map((m) => [m.id, counts.get(first(m.name)) === 1 ? first(m.name) : m.name]));
}

/** "Sam is 6 h over capacity (26 h of 20 h)", or undefined when within capacity. */
export function overCommitmentMessage(load: MemberLoad, name = load.name): string | undefined {
  if (load.capacityHours === undefined || load.overBy <= 0) return undefined;
  return `${name} is ${formatHours(load.overBy)} over capacity (${formatHours(load.loadHours)} of ${formatHours(load.capacityHours)})`;
}

/** Every over-commitment in a report, in its order. */
export function overCommitments(report: readonly MemberLoad[]): string[] {
  const names = shortNames(report.map((r) => ({ id: r.member, name: r.name })));
  return report.map((r) => overCommitmentMessage(r, names.get(r.member))).filter((m): m is string => m !== undefined);
}

/**
 * The work that fills a cycle: what the session committed, and any open micro-goal due by the
 * cycle's end (including what is already past due and still open).
 */
export function cycleItems(state: TeamState, cycle: CycleDays, committed: ReadonlySet<string> = new Set()): Entity<'microGoal'>[] {
  const out: Entity<'microGoal'>[] = [];
  for (const micro of state.entities.microGoal.values()) {
    if (committed.has(micro.id)) out.push(micro);
    else if (!micro.done && micro.due !== undefined && micro.due <= cycle.end) out.push(micro);
  }
  return out;
}
