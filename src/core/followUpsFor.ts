/** The one list of follow-ups the Follow-ups view shows and the status bar counts. */
import { dayIn } from './dates';
import type { DoneByCommit } from './evidence';
import type { FollowUp } from './followUps';
import { displayName, timeZoneOf } from './members';
import { relationshipFollowUps } from './relationshipFollowUps';
import { renegotiationFollowUps } from './renegotiation';
import { blockedFollowUps, responseFollowUps } from './support';
import type { TeamState } from './team';

/**
 * Everything that comes back to `me` now, in one list: partners who are blocked, first
 * (support.ts `blockedPartners`), renegotiations to answer (and mine
 * waiting on a partner), feedback to acknowledge, setbacks due for review, and the covenant
 * while my acknowledgment is not of `covenantHash` (its sha-256 as on disk; undefined without
 * a covenant), answers to my check-ins (and to my answers) from the last 14 days that I have
 * not answered (support.ts `responseFollowUps`), and the micro-goals of mine that a commit says
 * are done (`doneBy`, from `doneByCommits`: only the owner is asked). "Today" is `now` in my time zone. The Follow-ups view lists these and the status
 * bar counts the ones that are mine (`mine: true`), so the two can never disagree.
 */
export function followUpsFor(state: TeamState, me: string, now: Date, covenantHash?: string, doneBy: readonly DoneByCommit[] = []): FollowUp[] {
  const today = dayIn(now, timeZoneOf(state, me));
  return [
    ...blockedFollowUps(state, me),
    ...renegotiationFollowUps(state, me, (member) => displayName(state, member)),
    ...relationshipFollowUps(state, me, today, covenantHash),
    ...responseFollowUps(state, me, now),
    ...doneBy.map((item) => commitFollowUp(item)),
  ];
}

/** "Sam's commit says this is done: “Parse trailers”", with the commit's short hash and subject as detail. */
function commitFollowUp(item: DoneByCommit): FollowUp {
  return {
    id: item.microGoal,
    kind: 'commit',
    label: `${item.label}: “${item.title}”`,
    detail: `${item.commit.hash.slice(0, 7)} ${item.commit.subject}`,
    action: 'completeByCommit',
    mine: true,
  };
}
