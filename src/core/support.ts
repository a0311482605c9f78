/**
 * Support between partners (issue 16 §2–§3): a partner who checked in as blocked, and the
 * answers to my check-ins that wait for me. Pure functions of the team state and a given
 * "now"; names and notes are as written (the view makes them safe).
 */
import type { FollowUp } from './followUps';
import { instantMs } from './localDays';
import { runSteps } from './steps';
import { compareText } from './queries';
import { shortQuote } from './relationshipFollowUps';
import { type Entity, memberName, type TeamState } from './team';
import { timeZoneOf } from './members';
import { describeResponse, isCanonicalInstant, pairingOnClock } from './timeline';

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
 * instant cannot be read never counts. Cost: one pass over the check-ins per state
 * ({@link latestCheckIns}), one over the renegotiations when someone is blocked.
 */
export function blockedPartners(state: TeamState, me: string): BlockedPartner[] {
  const latest = [...latestCheckIns(state)].filter(([member]) => member !== me).map(([, checkIn]) => checkIn);
  const blocked = latest.filter((checkIn) => checkIn.status === 'blocked').map((checkIn) => ({ checkIn, ms: instantMs(checkIn.at) }));
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

/** One scan of the check-ins per team state (a state is never changed: the store builds a new one on every change). */
const latestByState = new WeakMap<TeamState, ReadonlyMap<string, Entity<'checkIn'>>>();

/**
 * Each member's latest check-in by instant (equal instants: the greater id; an unreadable
 * instant never counts), by member id. Computed once per `state` (touching every check-in of
 * the two-year team costs about 10 ms) and shared by everything that asks for that state.
 */
export function latestCheckIns(state: TeamState): ReadonlyMap<string, Entity<'checkIn'>> {
  return runSteps(latestCheckInsSteps(state));
}

/** How many check-ins {@link latestCheckInsSteps} reads between two yields. */
const LATEST_STEP = 20_000;

/**
 * {@link latestCheckIns} as steps: yields after every 20,000 check-ins, so a caller can give
 * the thread back between them (issue 20 §2), and returns the same map, kept for the state.
 */
export function* latestCheckInsSteps(state: TeamState): Generator<void, ReadonlyMap<string, Entity<'checkIn'>>, void> {
  const known = latestByState.get(state);
  if (known) return known;
  const found = new Map<string, Entity<'checkIn'>>();
  let read = 0;
  // Most instants have the toISOString shape and compare as text; only the others are parsed.
  for (const checkIn of state.entities.checkIn.values()) {
    if (++read % LATEST_STEP === 0) yield;
    if (!isCanonicalInstant(checkIn.at) && Number.isNaN(instantMs(checkIn.at))) continue;
    const latest = found.get(checkIn.member);
    if (!latest || laterCheckIn(checkIn, latest)) found.set(checkIn.member, checkIn);
  }
  latestByState.set(state, found);
  return found;
}

/** Whether check-in `a` is later than `b` by instant (equal instants: the greater id). */
function laterCheckIn(a: Entity<'checkIn'>, b: Entity<'checkIn'>): boolean {
  if (isCanonicalInstant(a.at) && isCanonicalInstant(b.at)) {
    if (a.at !== b.at) return a.at > b.at;
  } else {
    const am = instantMs(a.at);
    const bm = instantMs(b.at);
    if (am !== bm) return am > bm;
  }
  return a.id > b.id;
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
 * response of mine has `to` = its id). `id` is the response; the label reads "Sam gave a
 * thumbs up to your check-in", "Sam offered you help: “…”", "Sam replied to you: “…”"; `detail`
 * is the proposed pairing time on my clock ("Pairing: 2026-03-12 14:00"), when there is one.
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
    ...(r.pairAt !== undefined ? { detail: `Pairing: ${pairingOnClock(r.pairAt, timeZoneOf(state, me))}` } : {}),
    action: 'answerResponse',
    mine: true,
  }));
}
