/** Things that come back to a person: what the Follow-ups view lists and the status bar counts. */
import { dayIn } from './dates';
import { displayName, timeZoneOf } from './members';
import { relationshipFollowUps } from './relationshipFollowUps';
import { renegotiationFollowUps } from './renegotiation';
import type { TeamState } from './team';

export type FollowUpKind = 'renegotiation' | 'feedback' | 'setback' | 'covenant';

export interface FollowUp {
  /** The entity it is about (for the covenant: the covenant's hash). */
  readonly id: string;
  readonly kind: FollowUpKind;
  /** One plain line: "Sam proposes moving “Write parser tests” to Fri 14 Mar". */
  readonly label: string;
  readonly detail?: string;
  /** The calendar day it is due back, when it has one. */
  readonly due?: string;
  /** What answering it means; the view maps it to a command. */
  readonly action: 'respondRenegotiation' | 'acknowledgeFeedback' | 'reviewFollowUp' | 'acknowledgeCovenant' | 'openRenegotiation';
  /** Whether it is waiting on this person (true) or on someone else (false: "due back"). */
  readonly mine: boolean;
}

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
