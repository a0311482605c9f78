/**
 * Renegotiation keeps trust: a change to a micro-goal's due date, owner or scope is proposed
 * with a reason by one partner and answered by another; history is kept, and a micro-goal
 * renegotiated before its due date counts apart from one that was missed.
 */
import type { Renegotiation } from './entities';
import type { FollowUp } from './followUps';
import { instantMs } from './localDays';
import type { Entity, TeamState } from './team';

export type RenegotiationEntity = Entity<'renegotiation'>;
export type Change = Renegotiation['change'];

/** Renegotiations of one micro-goal, oldest first by instant (`at` may carry any UTC offset), the id deciding between equal instants. */
export function renegotiationsOf(state: TeamState, microGoalId: string): RenegotiationEntity[] {
  return [...state.entities.renegotiation.values()]
    .filter((r) => r.microGoal === microGoalId)
    .sort((a, b) => instantMs(a.at) - instantMs(b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Whether `member` answers the renegotiation now, given the micro-goal's current `owner`
 * (the authority rule of design.md §2, src/core/authority.ts): while proposed, the owner
 * answers someone else's proposal; the owner's own proposal is answered by anyone else, except
 * that handing it over is the new owner's to accept. Once countered, the proposer answers.
 * With the owner unknown (its micro-goal not here), anyone but the proposer.
 */
export function awaitsAnswerFrom(renegotiation: RenegotiationEntity, member: string, owner?: string): boolean {
  if (renegotiation.state === 'countered') return renegotiation.proposer === member;
  if (renegotiation.state !== 'proposed' || renegotiation.proposer === member) return false;
  if (owner === undefined) return true;
  if (owner !== renegotiation.proposer) return member === owner;
  const newOwner = renegotiation.change.owner;
  return newOwner === undefined || newOwner === owner || member === newOwner;
}

/** The change an acceptance applies (or applied): the counter-proposal once there is one. */
export function changeToApply(renegotiation: RenegotiationEntity): Change {
  return (renegotiation.state === 'countered' || renegotiation.state === 'accepted') && renegotiation.counter ? renegotiation.counter : renegotiation.change;
}

export function describeChange(change: Change, names: (member: string) => string): string {
  const parts: string[] = [];
  if (change.due) parts.push(`due ${change.due}`);
  if (change.owner) parts.push(`owner ${names(change.owner)}`);
  if (change.scope) parts.push(`scope “${change.scope}”`);
  return parts.join(', ') || 'no change';
}

/** Renegotiations waiting on `me`, and mine waiting on someone else ("due back"). */
export function renegotiationFollowUps(state: TeamState, me: string, names: (member: string) => string): FollowUp[] {
  const out: FollowUp[] = [];
  for (const r of state.entities.renegotiation.values()) {
    if (r.state !== 'proposed' && r.state !== 'countered') continue;
    const micro = state.entities.microGoal.get(r.microGoal);
    if (!micro) continue;
    const change = describeChange(changeToApply(r), names);
    if (awaitsAnswerFrom(r, me, micro.owner)) {
      const who = r.state === 'countered' ? names(r.respondedBy ?? '') : names(r.proposer);
      out.push({
        id: r.id,
        kind: 'renegotiation',
        label: `${who} ${r.state === 'countered' ? 'suggests instead' : 'proposes'}: “${micro.title}” → ${change}`,
        detail: r.reason,
        action: 'respondRenegotiation',
        mine: true,
      });
    } else if (r.proposer === me || (r.state === 'countered' && r.respondedBy === me)) {
      out.push({
        id: r.id,
        kind: 'renegotiation',
        label: `Waiting for an answer: “${micro.title}” → ${change}`,
        detail: r.reason,
        action: 'openRenegotiation',
        mine: false,
      });
    }
  }
  return out;
}
