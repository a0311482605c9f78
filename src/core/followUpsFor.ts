/** The one list of follow-ups the Follow-ups view shows and the status bar counts. */
import { type CovenantRules, NO_RULES } from './agreements';
import { dayIn } from './dates';
import { mayAcceptRenegotiation, whoMayAccept } from './decisionRights';
import { escalationFollowUps } from './escalation';
import type { DoneByCommit } from './evidence';
import type { FollowUp } from './followUps';
import { displayName, timeZoneOf } from './members';
import { relationshipFollowUps } from './relationshipFollowUps';
import { renegotiationFollowUps } from './renegotiation';
import { blockedFollowUps, responseFollowUps } from './support';
import type { TeamState } from './team';

/**
 * Everything that comes back to `me` now, in one list: partners who are blocked, first
 * (support.ts `blockedPartners`), then the steps of the covenant's escalation path for
 * micro-goals blocked long enough (escalation.ts `escalationFollowUps`, for the blocked person
 * and each partner alike), renegotiations to answer (and mine waiting on a partner), feedback to
 * acknowledge, setbacks due for review, and the covenant while my acknowledgment is not of
 * `covenantHash` (its sha-256 as on disk; undefined without a covenant), answers to my check-ins
 * (and to my answers) from the last 14 days that I have not answered (support.ts
 * `responseFollowUps`), and the micro-goals of mine that a commit says are done (`doneBy`, from
 * `doneByCommits`: only the owner is asked). "Today" is `now` in my time zone. The Follow-ups
 * view lists these and the status bar counts the ones that are mine (`mine: true`), so the two
 * can never disagree.
 *
 * `rules` are the covenant's (agreements.ts `readCovenantRules`; NO_RULES, the default, gives
 * today's list unchanged). Its decision rights (decisionRights.ts) narrow the renegotiations to
 * answer: one lands in my list only when `mayAcceptRenegotiation` holds for me, and while the
 * covenant has decision rights every renegotiation's detail ends with `whoMayAccept`'s words.
 */
export function followUpsFor(
  state: TeamState,
  me: string,
  now: Date,
  covenantHash?: string,
  doneBy: readonly DoneByCommit[] = [],
  rules: CovenantRules = NO_RULES,
): FollowUp[] {
  const today = dayIn(now, timeZoneOf(state, me));
  return [
    ...blockedFollowUps(state, me),
    ...escalationFollowUps(state, rules, me, now).map(({ escalation: _escalation, ...item }): FollowUp => item),
    ...renegotiationsFor(state, me, rules),
    ...relationshipFollowUps(state, me, today, covenantHash),
    ...responseFollowUps(state, me, now),
    ...doneBy.map((item) => commitFollowUp(item)),
  ];
}

/**
 * renegotiation.ts `renegotiationFollowUps` under the covenant's decision rights: an answer
 * waiting on me stays only when the covenant lets me accept it (a rule only ever narrows who
 * answers, so nothing new appears), and with decision rights in the covenant each item's detail
 * says who may accept (decisionRights.ts `whoMayAccept`), the covenant line included.
 */
function renegotiationsFor(state: TeamState, me: string, rules: CovenantRules): FollowUp[] {
  const items = renegotiationFollowUps(state, me, (member) => displayName(state, member));
  if (rules.renegotiationRights.length === 0) return items;
  const out: FollowUp[] = [];
  for (const item of items) {
    const renegotiation = state.entities.renegotiation.get(item.id)!;
    if (item.mine && !mayAcceptRenegotiation(state, rules, me, renegotiation)) continue;
    const words = whoMayAccept(state, rules, renegotiation).words;
    out.push({ ...item, detail: item.detail ? `${item.detail}\n${words}` : words });
  }
  return out;
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
