/**
 * Which due dates are flagged when they are set (issue 18 §4): the commands that set one (Add
 * Micro-goal, Add Goal, Edit, Renegotiate) and the planning panel ask here, so they flag the
 * same days with the same words.
 */
import { dueDateAdvice, type DueDateAdvice } from './availability';
import { displayName } from './members';
import type { TeamState } from './team';

/**
 * The flag for `due` (`YYYY-MM-DD`) given to `owner`, or undefined: a due date on a day they
 * are away, or on a team or regional holiday, gets dueDateAdvice's words ("Sam is away on
 * Fri 25 Dec; Mon 28 Dec is the next working day", names made safe) and the suggested next
 * working day. A day the team's week does not work (a Saturday) is not flagged: the issue
 * names away days and holidays, and a weekend date is a choice people make knowingly.
 * `today` is the viewer's day, for the words.
 */
export function dueDateFlag(state: TeamState, owner: string, due: string, today: string): DueDateAdvice | undefined {
  const advice = dueDateAdvice(state, owner, due, displayName(state, owner), today);
  return advice && advice.reason.kind !== 'dayOff' ? advice : undefined;
}
