/**
 * Escalation paths (issue 19 §2): when a micro-goal's check-ins have said *blocked* for as many
 * working days as a step of the covenant's `escalation:` names, the blocked person and each
 * partner are offered that step, with one action: start a check-in, propose a pairing time, or
 * add it to the planning agenda. Who is blocked is support.ts's rule (blockedPartners: the
 * latest check-in says blocked and nothing named in it has moved since); working days are
 * availability.ts's, in the blocked person's own zone. Pure functions of the state, the rules
 * and a given "now".
 */
import type { CovenantRules, EscalationStep, EscalationStepKind } from './agreements';
import { availableWorkingDays } from './availability';
import { addDaysToDay, dayIn, daysBetween } from './dates';
import { instantMs } from './localDays';
import { displayName, timeZoneOf } from './members';
import { compareText } from './queries';
import { safeText } from './safeText';
import { blockedPartners } from './support';
import type { Entity, TeamState } from './team';

/** What one click does for each step: the Follow-ups view maps it to a command. */
export const ESCALATION_ACTIONS: Readonly<Record<EscalationStepKind, 'proposePairing' | 'addToAgenda' | 'startCheckIn'>> = {
  pair: 'proposePairing',
  planning: 'addToAgenda',
  'check-in': 'startCheckIn',
};

/** A step's own words, when the covenant gives none. */
export const ESCALATION_STEP_WORDS: Readonly<Record<EscalationStepKind, string>> = {
  pair: 'Pair on it',
  planning: 'Raise it at the next planning session',
  'check-in': 'Talk it through in a check-in',
};

/** A micro-goal someone has been blocked on long enough for a step of the covenant. */
export interface Escalation {
  /** Who is blocked: the check-ins' writer. */
  readonly member: string;
  readonly microGoal: string;
  /** The latest blocked check-in. */
  readonly checkIn: string;
  /** The local day (the member's zone) of the first check-in of the run that said blocked on it. */
  readonly since: string;
  /** The member's working days after `since`, up to and including their today. */
  readonly workingDays: number;
  /** The step with the most days not above `workingDays`. */
  readonly step: EscalationStep;
}

/** A stretch longer than this is counted as its calendar days (availability.ts looks two years ahead at most). */
const MAX_SPAN = 700;

/**
 * Each micro-goal blocked long enough for a step of `rules.escalation`, oldest block first (then
 * member and micro-goal id). For each member whose latest check-in says blocked (support.ts
 * blockedPartners, seen by nobody in particular), each micro-goal it names that exists and is
 * not done: the run of that member's check-ins back from the latest while each says blocked
 * gives `since` (the earliest of them that names the micro-goal). A blocked check-in that names
 * no micro-goal has nothing to escalate (its Follow-up stays support.ts's "is blocked").
 */
export function escalations(state: TeamState, rules: Pick<CovenantRules, 'escalation'>, now: Date): Escalation[] {
  if (rules.escalation.length === 0) return [];
  const blocked = blockedPartners(state, '');
  if (blocked.length === 0) return [];
  const members = new Set(blocked.map((b) => b.member));
  const byMember = new Map<string, Entity<'checkIn'>[]>();
  for (const c of state.entities.checkIn.values()) {
    if (!members.has(c.member) || Number.isNaN(instantMs(c.at))) continue;
    const list = byMember.get(c.member) ?? [];
    list.push(c);
    byMember.set(c.member, list);
  }
  const out: (Escalation & { ms: number })[] = [];
  for (const b of blocked) {
    const zone = timeZoneOf(state, b.member);
    const today = dayIn(now, zone);
    // Newest first, as support.ts orders them: by instant, then the greater id.
    const history = byMember.get(b.member)!.sort((x, y) => instantMs(y.at) - instantMs(x.at) || compareText(y.id, x.id));
    for (const microGoal of new Set(b.microGoals)) {
      const micro = state.entities.microGoal.get(microGoal);
      if (!micro || micro.done) continue;
      let first: Entity<'checkIn'> | undefined;
      for (const c of history) {
        if (c.status !== 'blocked') break;
        if (c.microGoals.includes(microGoal)) first = c;
      }
      const since = dayIn(new Date(instantMs(first!.at)), zone);
      const span = daysBetween(since, today);
      const workingDays = span <= 0 ? 0 : span > MAX_SPAN ? span : availableWorkingDays(state, b.member, { from: addDaysToDay(since, 1), to: today }).length;
      const step = [...rules.escalation].reverse().find((s) => s.after <= workingDays);
      if (step) out.push({ member: b.member, microGoal, checkIn: b.checkIn, since, workingDays, step, ms: instantMs(first!.at) });
    }
  }
  return out
    .sort((x, y) => x.ms - y.ms || compareText(x.member, y.member) || compareText(x.microGoal, y.microGoal))
    .map(({ ms: _ms, ...escalation }) => escalation);
}

/**
 * A Follow-up for an escalation, shaped as followUps.ts `FollowUp` with its own kind and
 * actions (the Follow-ups view adds them when it shows these; see the issue 19 report).
 */
export interface EscalationFollowUp {
  /** `<checkIn>:<microGoal>`: one per micro-goal and block. */
  readonly id: string;
  readonly kind: 'escalation';
  readonly label: string;
  readonly detail: string;
  readonly action: (typeof ESCALATION_ACTIONS)[EscalationStepKind];
  /** Always waiting on the person it is shown to: the step is theirs to take. */
  readonly mine: true;
  readonly escalation: Escalation;
}

/**
 * What `me` is offered for each of {@link escalations}: for my own block, "Blocked for 2
 * working days on “Parse trailers”: Pair on it"; for a partner's, "Sam has been blocked for 2
 * working days on “Parse trailers”: Pair on it". The covenant's words (`say`) and names are
 * made safe (safeText); the detail names the covenant line the step comes from.
 */
export function escalationFollowUps(state: TeamState, rules: Pick<CovenantRules, 'escalation'>, me: string, now: Date): EscalationFollowUp[] {
  return escalations(state, rules, now).map((escalation) => {
    const { member, microGoal, workingDays, step } = escalation;
    const title = safeText(state.entities.microGoal.get(microGoal)?.title ?? microGoal);
    const days = `${workingDays} working ${workingDays === 1 ? 'day' : 'days'}`;
    const words = step.say !== undefined ? safeText(step.say) : ESCALATION_STEP_WORDS[step.step];
    const who = member === me ? 'Blocked' : `${displayName(state, member)} has been blocked`;
    return {
      id: `${escalation.checkIn}:${microGoal}`,
      kind: 'escalation',
      label: `${who} for ${days} on “${title}”: ${words}`,
      detail: `The covenant's escalation path (covenant.md line ${step.line}): after ${step.after} working ${step.after === 1 ? 'day' : 'days'} blocked, ${ESCALATION_STEP_WORDS[step.step].toLowerCase()}.`,
      action: ESCALATION_ACTIONS[step.step],
      mine: true,
      escalation,
    };
  });
}
