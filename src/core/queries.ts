/** Questions the views ask of the team state. */
import { addDaysToDay, dayIn, describeDue, endOfWeekDay, zoneToComputeWith } from './dates';
import { MONDAY, teamWeekStart, type WeekRule } from './localDays';
import { instantAt } from './schedule';
import { compareText } from './merge';
import type { Entity, TeamState } from './team';

export type MicroGoalEntity = Entity<'microGoal'>;
export type DueGroup = 'overdue' | 'today' | 'thisWeek' | 'later' | 'doneRecently';
export const DUE_GROUPS: readonly DueGroup[] = ['overdue', 'today', 'thisWeek', 'later', 'doneRecently'];

/** Each due group's heading, as the Micro-goals view and `accord status` show it. */
export const DUE_GROUP_LABELS: Readonly<Record<DueGroup, string>> = {
  overdue: 'Overdue',
  today: 'Today',
  thisWeek: 'This week',
  later: 'Later',
  doneRecently: 'Done recently',
};

/** How long a completed micro-goal stays in "Done recently". */
export const DONE_RECENTLY_DAYS = 7;

export interface DueContext {
  /** Today's calendar day in the viewer's time zone. */
  today: string;
  /** The zone days are computed in: the viewer's, or UTC when this runtime does not know it (`zoneToComputeWith`). */
  timeZone: string;
  /** The weekday (0 = Sunday) the team's week starts on (`teamWeekStart`); absent when the context was built without the team, and then weeks start on Monday. */
  weekStart?: number;
  /** The last day of this week (computed once by dueContext; derived from today and `weekStart` when absent). */
  weekEnd?: string;
  /** The instant "Done recently" starts: local midnight DONE_RECENTLY_DAYS - 1 days ago. */
  doneSince?: number;
}

/**
 * A due context with the week's end and the done-recently window worked out once, for views
 * that group many micro-goals. `timeZone` is the viewer's stored zone; one this runtime does
 * not know counts as UTC. `team` (the team settings, `state.team`) decides where "This week"
 * starts and ends (`teamWeekStart`); without it the week is Monday to Sunday, which is right
 * for "Today" and "Overdue" but not for "This week" in a team whose week starts on another day.
 */
export function dueContext(now: Date, timeZone: string, team?: WeekRule): DueContext {
  const zone = zoneToComputeWith(timeZone).timeZone;
  const today = dayIn(now, zone);
  const ctx: DueContext = { today, timeZone: zone, doneSince: instantAt(addDaysToDay(today, 1 - DONE_RECENTLY_DAYS), '00:00', zone).getTime() };
  return team ? withTeamWeek(ctx, team) : { ...ctx, weekEnd: endOfWeekDay(today, MONDAY) };
}

/** `ctx` with this week worked out by the team's week rule (`teamWeekStart`), e.g. Sunday to Thursday's Sunday to Saturday week. */
export function withTeamWeek(ctx: DueContext, team: WeekRule): DueContext {
  const weekStart = teamWeekStart(team);
  return { ...ctx, weekStart, weekEnd: endOfWeekDay(ctx.today, weekStart) };
}

/** Which group a micro-goal falls in, or undefined for one done long ago. */
export function dueGroup(micro: MicroGoalEntity, ctx: DueContext): DueGroup | undefined {
  const today = ctx.today;
  if (micro.done) {
    if (!micro.doneAt) return undefined;
    if (ctx.doneSince !== undefined) return Date.parse(micro.doneAt) >= ctx.doneSince ? 'doneRecently' : undefined;
    return dayIn(new Date(micro.doneAt), ctx.timeZone) > addDaysToDay(today, -DONE_RECENTLY_DAYS) ? 'doneRecently' : undefined;
  }
  if (!micro.due) return 'later';
  if (micro.due < today) return 'overdue';
  if (micro.due === today) return 'today';
  return micro.due <= (ctx.weekEnd ?? endOfWeekDay(today, ctx.weekStart ?? MONDAY)) ? 'thisWeek' : 'later';
}

export function microGoalsOf(state: TeamState, member?: string): MicroGoalEntity[] {
  const all = [...state.entities.microGoal.values()];
  return member === undefined ? all : all.filter((m) => m.owner === member);
}

/**
 * A micro-goal's state in Accord's words, as its row in the Micro-goals view and `accord
 * status` say it: "done", "due tomorrow" (`describeDue` from `today`, a calendar day in the
 * viewer's zone), or "no due date".
 */
export function microGoalWhen(micro: MicroGoalEntity, today: string): string {
  return micro.done ? 'done' : micro.due ? describeDue(micro.due, today) : 'no due date';
}

/** Open micro-goals whose due day has passed. */
export function overdue(state: TeamState, ctx: DueContext, member?: string): MicroGoalEntity[] {
  return microGoalsOf(state, member).filter((m) => dueGroup(m, ctx) === 'overdue');
}

/** Micro-goals grouped as the tree shows them, each group in display order. */
export function groupMicroGoals(micros: Iterable<MicroGoalEntity>, ctx: DueContext): Map<DueGroup, MicroGoalEntity[]> {
  const groups = new Map<DueGroup, MicroGoalEntity[]>(DUE_GROUPS.map((g) => [g, []]));
  for (const micro of micros) {
    const group = dueGroup(micro, ctx);
    if (group) groups.get(group)!.push(micro);
  }
  for (const list of groups.values()) list.sort(byDueThenOrder);
  return groups;
}

export function byDueThenOrder(a: MicroGoalEntity, b: MicroGoalEntity): number {
  const dueA = a.due ?? '9999-12-31';
  const dueB = b.due ?? '9999-12-31';
  if (dueA !== dueB) return dueA < dueB ? -1 : 1;
  return (a.order ?? 0) - (b.order ?? 0) || compareText(a.createdAt, b.createdAt) || compareText(a.id, b.id);
}

export { compareText };

const NAME_ORDER = new Intl.Collator('en', { sensitivity: 'variant' });

/**
 * Orders people's names alphabetically by English rules, the same whatever the machine's
 * locale (names that differ only in ways English rules ignore fall back to `compareText`).
 */
export function compareNames(a: string, b: string): number {
  return NAME_ORDER.compare(a, b) || compareText(a, b);
}
