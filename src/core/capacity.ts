/**
 * Capacity for a cycle (issue 18 §4): each member's weekly hours times the working days they
 * are really there in the cycle (availability.ts, the one rule: the team's week, team and
 * regional holidays, away periods), against the load assigned to them (the sum of their
 * micro-goals' estimates). Over-commitment is named calmly, with who and by how much, so the
 * partners can rebalance before they start.
 */
import { availableCapacity, lostDaysWords, MAX_LOOKAHEAD_DAYS } from './availability';
import { addDaysToDay, daysBetween } from './dates';
import type { Member } from './entities';
import { formatHours, roundHours } from './hours';
import { compareNames, compareText } from './queries';
import type { Entity, TeamState } from './team';
import { memberIdOf } from './ids';

export { formatHours, roundHours } from './hours';

export interface CycleDays {
  /** First and last day of the cycle, `YYYY-MM-DD`, both included. */
  readonly start: string;
  readonly end: string;
}

export interface LoadItem {
  readonly owner: string;
  readonly estimateHours?: number;
}

/** A run of working days a member is not there: `away` when it holds an away day, else holidays only. */
export interface LostDays {
  readonly from: string;
  readonly to: string;
  readonly away: boolean;
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
  /** The runs of the cycle's working days they are away or on holiday, in order; empty when none. */
  readonly lost: readonly LostDays[];
}

/**
 * What `member` can give in `cycle` (issue 18 §4): hours = weekly hours × their available
 * working days in the cycle ÷ the team's working days a week (availableCapacity), the number
 * of those days, and the runs of working days lost to away periods and holidays. A cycle that
 * ends before it starts has no days; one longer than two years counts its first two years
 * (a cycle from the planning panel's restored state is untrusted, and never that long).
 */
export function cycleCapacityHours(
  state: TeamState,
  member: string,
  cycle: CycleDays,
): { readonly hours: number; readonly days: number; readonly lost: readonly LostDays[] } {
  if (daysBetween(cycle.start, cycle.end) < 0) return { hours: 0, days: 0, lost: [] };
  const end = daysBetween(cycle.start, cycle.end) < MAX_LOOKAHEAD_DAYS ? cycle.end : addDaysToDay(cycle.start, MAX_LOOKAHEAD_DAYS - 1);
  return availableCapacity(state, member, { from: cycle.start, to: end });
}

export interface CapacityMember {
  readonly id: string;
  readonly name: string;
  /** Weekly hours, from their profile. */
  readonly capacityHours: number;
}

/** The team's members as capacity needs them, sorted by name (then id), the same on every machine. */
export function capacityMembers(state: TeamState): CapacityMember[] {
  return [...state.entities.member.entries()]
    .map(([id, member]: [string, Member]) => ({ id: memberIdOf(id), name: member.name, capacityHours: member.capacityHours }))
    .sort((a, b) => compareNames(a.name, b.name) || compareText(a.id, b.id));
}

/**
 * Load against capacity in `cycle` for every member of `state` (and for any owner of an item
 * who has no profile, after them by id), in {@link capacityMembers}' order. Each member's
 * capacity is {@link cycleCapacityHours}: their away days and holidays in the cycle count.
 */
export function capacityReport(state: TeamState, items: Iterable<LoadItem>, cycle: CycleDays): MemberLoad[] {
  const load = new Map<string, { hours: number; unestimated: number; items: number }>();
  for (const item of items) {
    const entry = load.get(item.owner) ?? { hours: 0, unestimated: 0, items: 0 };
    entry.items++;
    if (item.estimateHours === undefined) entry.unestimated++;
    else entry.hours += item.estimateHours;
    load.set(item.owner, entry);
  }
  const members = capacityMembers(state);
  const rows: MemberLoad[] = members.map((m) => {
    const capacity = cycleCapacityHours(state, m.id, cycle);
    return row(m.id, m.name, capacity.hours, load.get(m.id), capacity.lost);
  });
  const known = new Set(members.map((m) => m.id));
  for (const [owner, entry] of [...load].sort(([a], [b]) => compareText(a, b))) {
    if (!known.has(owner)) rows.push(row(owner, owner, undefined, entry, []));
  }
  return rows;
}

function row(
  member: string,
  name: string,
  capacityHours: number | undefined,
  entry: { hours: number; unestimated: number; items: number } | undefined,
  lost: readonly LostDays[],
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
    lost,
  };
}

/**
 * One member's capacity in words, as the planning panel shows it (issue 18 §4): "Dana: 12 h,
 * away Tue–Thu", "Sam: 30 h", "Kim: no profile yet". `name` is the name to use (see
 * {@link shortNames}), as written: the caller makes it safe where it shows it. The lost days
 * read as lostDaysWords does from `today`.
 */
export function capacityWords(load: MemberLoad, name: string, today: string): string {
  if (load.capacityHours === undefined) return `${name}: no profile yet`;
  return `${name}: ${formatHours(load.capacityHours)}${load.lost.length ? `, ${lostDaysWords(load.lost, today)}` : ''}`;
}

/**
 * A capacity report with each row's words ({@link capacityWords}, first names as
 * {@link shortNames} gives them): what the planning panel and the dashboard show.
 */
export function capacityView(report: readonly MemberLoad[], today: string): (MemberLoad & { readonly words: string })[] {
  const names = shortNames(report.map((r) => ({ id: r.member, name: r.name })));
  return report.map((r) => ({ ...r, words: capacityWords(r, names.get(r.member) ?? r.name, today) }));
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
