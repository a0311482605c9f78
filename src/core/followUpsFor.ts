/** The one list of follow-ups the Follow-ups view shows and the status bar counts. */
import { dayIn } from './dates';
import type { FollowUp } from './followUps';
import { displayName, timeZoneOf } from './members';
import { relationshipFollowUps } from './relationshipFollowUps';
import { renegotiationFollowUps } from './renegotiation';
import type { TeamState } from './team';

/**
 * Everything that comes back to `me` now, in one list: renegotiations to answer (and mine
 * waiting on a partner), feedback to acknowledge, setbacks due for review, and the covenant
 * while my acknowledgment is not of `covenantHash` (its sha-256 as on disk; undefined without
 * a covenant). "Today" is `now` in my time zone. The Follow-ups view lists these and the status
 * bar counts the ones that are mine (`mine: true`), so the two can never disagree.
 */
export function followUpsFor(state: TeamState, me: string, now: Date, covenantHash?: string): FollowUp[] {
  const today = dayIn(now, timeZoneOf(state, me));
  return [...renegotiationFollowUps(state, me, (member) => displayName(state, member)), ...relationshipFollowUps(state, me, today, covenantHash)];
}
