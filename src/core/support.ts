/**
 * Support between partners (issue 16 §2–§3): a partner who checked in as blocked, and the
 * answers to my check-ins that wait for me. Pure functions of the team state and a given
 * "now"; names and notes are as written (the view makes them safe).
 */
import type { FollowUp } from './followUps';
import { instantMs } from './localDays';
import { compareText } from './queries';
import { shortQuote } from './relationshipFollowUps';
import { type Entity, memberName, type TeamState } from './team';
import { describeResponse } from './timeline';

/** A partner whose latest check-in says blocked, and nothing has moved since. */
export interface BlockedPartner {
  readonly member: string;
  /** The blocked check-in's id. */
  readonly checkIn: string;
  /** Its instant, as stored. */
  readonly at: string;
  /** The check-in's note, else what got in the way (`hindered`); absent when it has neither. */
  readonly note?: string;
  /** The micro-goals it names. */
  readonly microGoals: readonly string[];
}

/** How long an answer to my check-in waits in my Follow-ups: 14 days (issue 16). */
export const RESPONSE_FOLLOW_UP_DAYS = 14;
const DAY_MS = 86_400_000;

/**
 * The partners who are blocked, as `me` sees them, oldest block first (then by check-in id).
 * For each member other than `me`, their latest check-in by instant (equal instants: the
 * greater id) counts when its status is `blocked` and none of the micro-goals it names has
 * moved since: done later than the check-in (`done` with a later `doneAt`), or a renegotiation
 * of it proposed (`at`) or answered (`respondedAt`) later than the check-in. A check-in whose
 * instant cannot be read never counts. Cost: one pass over the check-ins, one over the
 * renegotiations when someone is blocked.
 */
export function blockedPartners(state: TeamState, me: string): BlockedPartner[] {
  const latest = new Map<string, { checkIn: Entity<'checkIn'>; ms: number }>();
  for (const checkIn of state.entities.checkIn.values()) {
    if (checkIn.member === me) continue;
    const ms = instantMs(checkIn.at);
    if (Number.isNaN(ms)) continue;
    const known = latest.get(checkIn.member);
    if (!known || ms > known.ms || (ms === known.ms && checkIn.id > known.checkIn.id)) latest.set(checkIn.member, { checkIn, ms });
  }
  const blocked = [...latest.values()].filter(({ checkIn }) => checkIn.status === 'blocked');
  if (blocked.length === 0) return [];

  // The latest instant each named micro-goal moved through a renegotiation.
  const named = new Set(blocked.flatMap(({ checkIn }) => checkIn.microGoals));
  const renegotiated = new Map<string, number>();
  for (const r of state.entities.renegotiation.values()) {
    if (!named.has(r.microGoal)) continue;
    for (const at of [r.at, r.respondedAt]) {
      const ms = at === undefined ? NaN : instantMs(at);
      if (ms > (renegotiated.get(r.microGoal) ?? -Infinity)) renegotiated.set(r.microGoal, ms); // NaN never is
    }
  }
  const movedSince = (id: string, since: number): boolean => {
    const micro = state.entities.microGoal.get(id);
    if (micro?.done && micro.doneAt !== undefined && instantMs(micro.doneAt) > since) return true;
    return (renegotiated.get(id) ?? -Infinity) > since;
  };

  return blocked
    .filter(({ checkIn, ms }) => !checkIn.microGoals.some((id) => movedSince(id, ms)))
    .sort((a, b) => a.ms - b.ms || compareText(a.checkIn.id, b.checkIn.id))
    .map(({ checkIn }) => {
      const note = checkIn.note?.trim() ? checkIn.note : checkIn.hindered?.trim() ? checkIn.hindered : undefined;
      return {
        member: checkIn.member,
        checkIn: checkIn.id,
        at: checkIn.at,
        ...(note !== undefined ? { note } : {}),
        microGoals: checkIn.microGoals,
      };
    });
}

/**
 * "Sam is blocked: “waiting for review”" for each of {@link blockedPartners}, oldest first:
 * `id` is the check-in, the action offers help. The detail names the micro-goals it is about,
 * and says when I already offered help (it stays until the partner moves, issue 16 §3).
 */
export function blockedFollowUps(state: TeamState, me: string): FollowUp[] {
  const blocked = blockedPartners(state, me);
  if (blocked.length === 0) return [];
  const offered = new Set<string>();
  for (const r of state.entities.response.values()) if (r.by === me && r.kind === 'help') offered.add(r.to);
  return blocked.map((b) => {
    const titles = b.microGoals.map((id) => state.entities.microGoal.get(id)?.title).filter((title): title is string => title !== undefined);
    const detail = [titles.length ? `On ${titles.map((title) => `“${title}”`).join(', ')}` : '', offered.has(b.checkIn) ? 'You offered help.' : '']
      .filter(Boolean)
      .join('\n');
    return {
      id: b.checkIn,
      kind: 'blocked',
      label: `${memberName(state, b.member)} is blocked${b.note !== undefined ? `: “${shortQuote(b.note)}”` : ''}`,
      ...(detail ? { detail } : {}),
      action: 'offerHelp',
      mine: true,
    };
  });
}

/**
 * Answers waiting for `me`, oldest first: each response by someone else to one of my
 * check-ins or to one of my own responses, from the last {@link RESPONSE_FOLLOW_UP_DAYS} days
 * before `now` (by its `at`; unreadable instants never show), that I have not answered (no
 * response of mine has `to` = its id). `id` is the response; the label reads "Sam 👍 your
 * check-in", "Sam offered you help: “…”", "Sam replied to you: “…”"; `detail` is the proposed
 * pairing time as stored (an ISO instant), when there is one.
 */
export function responseFollowUps(state: TeamState, me: string, now: Date): FollowUp[] {
  const responses = state.entities.response;
  if (responses.size === 0) return [];
  const answered = new Set<string>();
  for (const r of responses.values()) if (r.by === me) answered.add(r.to);
  const oldest = now.getTime() - RESPONSE_FOLLOW_UP_DAYS * DAY_MS;
  const waiting: { r: Entity<'response'>; ms: number }[] = [];
  for (const r of responses.values()) {
    if (r.by === me || answered.has(r.id)) continue;
    const mine = state.entities.checkIn.get(r.to)?.member === me || responses.get(r.to)?.by === me;
    if (!mine) continue;
    const ms = instantMs(r.at);
    if (!(ms >= oldest)) continue;
    waiting.push({ r, ms });
  }
  waiting.sort((a, b) => a.ms - b.ms || compareText(a.r.id, b.r.id));
  return waiting.map(({ r }) => ({
    id: r.id,
    kind: 'response',
    label: describeResponse(state, me, r).label,
    ...(r.pairAt !== undefined ? { detail: r.pairAt } : {}),
    action: 'answerResponse',
    mine: true,
  }));
}
