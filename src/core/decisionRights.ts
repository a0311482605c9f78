/**
 * Who the covenant's names stand for, and who may accept a renegotiation (issue 19 §3).
 *
 * Names in `who`, `accepts` and `for` (agreements.ts) are matched against the members with a
 * profile: a member id; an email, through the member id Accord makes from it (ids.ts
 * memberIdFrom), else the one member whose profile holds it (`sameEmail`); or a profile name
 * (trimmed, NFC, case folded without a locale) that exactly one member holds. A role of the
 * covenant's `roles:` stands for its own names (a role never names another role). What members
 * write about themselves never lets them take another's name (see membersNamed). Pure
 * functions of the state and the rules.
 */
import { type CovenantProblem, type CovenantRules, type RenegotiationChangeField, type RenegotiationRight, foldName, type Who } from './agreements';
import { hashedMemberIdFrom, legacyMemberIdFrom, looksLikeEmail, memberIdFrom, memberIdOf, sameEmail } from './ids';
import { displayName } from './members';
import { compareNames } from './queries';
import { safeText } from './safeText';
import { instantMs } from './localDays';
import { awaitsAnswerFrom, changeToApply, describeChange, type RenegotiationEntity, renegotiationsOf } from './renegotiation';
import type { TeamState } from './team';

/** The members a `Who` names, in name order, and the names that matched nobody (as written). */
export interface NamedMembers {
  readonly members: readonly string[];
  readonly unknown: readonly string[];
}

/**
 * The members `who` names (see the module comment): everyone with a profile for `'everyone'`.
 * A name or email several members claim (two people called Sam, or a profile that copies
 * another's email) names nobody, and is listed in `unknown`: say that person by id or email.
 */
export function membersNamed(state: TeamState, rules: Pick<CovenantRules, 'roles'>, who: Who): NamedMembers {
  const all = [...state.entities.member].map(([id, profile]) => ({ id: memberIdOf(id), profile }));
  const byName = (member: string) => displayName(state, member);
  const sorted = (ids: Iterable<string>) => [...ids].sort((a, b) => compareNames(byName(a), byName(b)) || (a < b ? -1 : 1));
  if (who === 'everyone') return { members: sorted(all.map((m) => m.id)), unknown: [] };
  const found = new Set<string>();
  const unknown: string[] = [];
  const ids = new Set(all.map((m) => m.id));
  // Which member a name stands for. A member id, or an email through the ids Accord makes from
  // it, is the file's own name, which git authorship guards (accord check --base); an email or
  // a display name that members write about themselves names someone only when exactly one
  // member claims it, so a teammate who copies another's email or name into their own profile
  // takes nobody's place: the name then matches nobody and is listed as such.
  const memberOf = (name: string): string | undefined => {
    const written = name.trim();
    if (ids.has(written)) return written;
    if (looksLikeEmail(written)) {
      const derived = [memberIdFrom(written), hashedMemberIdFrom(written), legacyMemberIdFrom(written)].find((id) => id !== undefined && ids.has(id));
      if (derived) return derived;
      const claims = all.filter((m) => m.profile.email !== undefined && sameEmail(m.profile.email, written));
      return claims.length === 1 ? claims[0]!.id : undefined;
    }
    const folded = foldName(written);
    const claims = all.filter((m) => foldName(m.profile.name) === folded);
    return claims.length === 1 ? claims[0]!.id : undefined;
  };
  const match = (name: string): boolean => {
    const member = memberOf(name);
    if (member !== undefined) found.add(member);
    return member !== undefined;
  };
  for (const name of who) {
    const role = rules.roles.get(foldName(name));
    if (role) {
      for (const inner of role) if (!match(inner)) unknown.push(inner);
    } else if (!match(name)) unknown.push(name);
  }
  return { members: sorted(found), unknown };
}

/** The fields a renegotiation's proposal changes. */
function changedFields(renegotiation: RenegotiationEntity): RenegotiationChangeField[] {
  const change = renegotiation.change;
  return (['due', 'owner', 'scope'] as const).filter((field) => change[field] !== undefined);
}

/**
 * The covenant's rule for a renegotiation, with the members it lets accept; undefined when none
 * applies. A rule applies to a proposal (state `proposed`) that the micro-goal's owner made of
 * their own micro-goal, when the owner is among the rule's `for`, the proposal changes one of
 * its `changes`, and it is not a hand-over to someone else (only the new owner accepts that:
 * nobody is given work without their yes). The first such rule in the covenant wins; a rule
 * whose `accepts` names nobody but the proposer leaves today's rule in place. `owner` is the
 * micro-goal's owner to judge by: its current one unless given.
 */
export function renegotiationRightFor(
  state: TeamState,
  rules: Pick<CovenantRules, 'roles' | 'renegotiationRights'>,
  renegotiation: RenegotiationEntity,
  owner = state.entities.microGoal.get(renegotiation.microGoal)?.owner,
): { readonly right: RenegotiationRight; readonly accepters: readonly string[] } | undefined {
  if (renegotiation.state !== 'proposed') return undefined;
  if (owner === undefined || renegotiation.proposer !== owner) return undefined;
  const handOver = renegotiation.change.owner !== undefined && renegotiation.change.owner !== owner;
  if (handOver) return undefined;
  const fields = changedFields(renegotiation);
  for (const right of rules.renegotiationRights) {
    if (!fields.some((field) => right.changes.includes(field))) continue;
    if (!membersNamed(state, rules, right.for).members.includes(owner)) continue;
    const accepters = membersNamed(state, rules, right.accepts).members.filter((m) => m !== renegotiation.proposer);
    if (accepters.length > 0) return { right, accepters };
  }
  return undefined;
}

/**
 * Whether `accepter` may accept (or counter) `renegotiation` now. Without a covenant rule that
 * applies ({@link renegotiationRightFor}) this is today's rule, renegotiation.ts
 * `awaitsAnswerFrom` with the micro-goal's current owner (the authority rule of design.md §2);
 * with one, only its accepters may. A rule only narrows who answers (the owner's own proposal
 * is answerable by anyone else today), so every acceptance it allows is one authority.ts counts.
 */
export function mayAcceptRenegotiation(
  state: TeamState,
  rules: Pick<CovenantRules, 'roles' | 'renegotiationRights'>,
  accepter: string,
  renegotiation: RenegotiationEntity,
): boolean {
  const ruled = renegotiationRightFor(state, rules, renegotiation);
  if (ruled) return ruled.accepters.includes(accepter);
  return awaitsAnswerFrom(renegotiation, accepter, state.entities.microGoal.get(renegotiation.microGoal)?.owner);
}

/** "the covenant says mentor accepts the date changes of mentee (covenant.md line 31)", names as written, made safe. */
function covenantSays(right: RenegotiationRight): string {
  const said = (who: Who) => (who === 'everyone' ? 'everyone' : safeText(who.join(', ')));
  const what = right.changes.length === 3 ? 'changes' : `${right.changes.map((c) => (c === 'due' ? 'date' : c)).join(' and ')} changes`;
  return `the covenant says ${said(right.accepts)} accepts the ${what} of ${said(right.for)} (covenant.md line ${right.line})`;
}

/** "Alex", "Alex or Kim", "Alex, Kim or Sam". */
function orList(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? 'nobody') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/**
 * Who may accept `renegotiation` now, for the Follow-ups view and the renegotiation dialog:
 * the members (profiles, name order) for whom {@link mayAcceptRenegotiation} holds, and the
 * words, names made safe (displayName): "Alex may accept: the covenant says mentor accepts the
 * date changes of mentee (covenant.md line 31)", or without a rule "Sam may accept (the owner)",
 * "Alex or Kim may accept", "Nobody needs to answer now" (accepted, withdrawn).
 */
export function whoMayAccept(
  state: TeamState,
  rules: Pick<CovenantRules, 'roles' | 'renegotiationRights'>,
  renegotiation: RenegotiationEntity,
): { readonly members: readonly string[]; readonly words: string } {
  const everyone = membersNamed(state, rules, 'everyone').members;
  const members = everyone.filter((m) => mayAcceptRenegotiation(state, rules, m, renegotiation));
  if (members.length === 0) return { members, words: 'Nobody needs to answer now' };
  const names = orList(members.map((m) => displayName(state, m)));
  const ruled = renegotiationRightFor(state, rules, renegotiation);
  if (ruled) return { members, words: `${names} may accept: ${covenantSays(ruled.right)}` };
  const owner = state.entities.microGoal.get(renegotiation.microGoal)?.owner;
  return { members, words: `${names} may accept${members.length === 1 && members[0] === owner ? ' (the owner)' : ''}` };
}

/** An answer in the record that the covenant gives to someone else (see {@link answersGivenToOthers}). */
export interface AnswerGivenToOthers {
  readonly renegotiation: RenegotiationEntity;
  /** Who answered: the renegotiation's `respondedBy`. */
  readonly responder: string;
  readonly right: RenegotiationRight;
  /** The members the covenant lets answer it (profiles, name order). */
  readonly accepters: readonly string[];
}

/**
 * Who owned `renegotiation`'s micro-goal when it was proposed: its owner now, with every
 * hand-over accepted after the proposal (by `respondedAt`, else `at`) undone, latest first. A
 * hand-over's previous owner is its proposer when the new owner answered it (the owner handed it
 * on), else whoever answered it (the owner answers a proposal to take it over).
 */
function ownerWhenProposed(state: TeamState, renegotiation: RenegotiationEntity): string | undefined {
  let owner = state.entities.microGoal.get(renegotiation.microGoal)?.owner;
  const proposedAt = instantMs(renegotiation.at);
  const later = renegotiationsOf(state, renegotiation.microGoal)
    .filter((h) => h.state === 'accepted' && changeToApply(h).owner !== undefined && instantMs(h.respondedAt ?? h.at) > proposedAt)
    .sort((a, b) => instantMs(b.respondedAt ?? b.at) - instantMs(a.respondedAt ?? a.at));
  for (const handOver of later) {
    const to = changeToApply(handOver).owner;
    if (to !== owner) continue;
    owner = handOver.respondedBy === to ? handOver.proposer : (handOver.respondedBy ?? handOver.proposer);
  }
  return owner;
}

/**
 * The accepted or countered renegotiations whose answer (`respondedBy`) came from someone the
 * covenant's decision rights do not name for it: the rule that applies when the proposal is
 * judged as still proposed ({@link renegotiationRightFor}, against the owner when it was
 * proposed and today's covenant), and a responder outside its accepters. The merge does not read
 * the covenant (every machine converges whatever covenant its branch holds), so such an answer
 * still counts; `accord check --base` reports the ones new since its base, so a team can hold
 * the rule in CI. Sorted by
 * renegotiation id. Pure.
 */
export function answersGivenToOthers(state: TeamState, rules: Pick<CovenantRules, 'roles' | 'renegotiationRights'>): AnswerGivenToOthers[] {
  if (rules.renegotiationRights.length === 0) return [];
  const out: AnswerGivenToOthers[] = [];
  for (const renegotiation of state.entities.renegotiation.values()) {
    const responder = renegotiation.respondedBy;
    if ((renegotiation.state !== 'accepted' && renegotiation.state !== 'countered') || responder === undefined) continue;
    const ruled = renegotiationRightFor(state, rules, { ...renegotiation, state: 'proposed' }, ownerWhenProposed(state, renegotiation));
    if (ruled && !ruled.accepters.includes(responder)) out.push({ renegotiation, responder, ...ruled });
  }
  return out.sort((a, b) => (a.renegotiation.id < b.renegotiation.id ? -1 : a.renegotiation.id > b.renegotiation.id ? 1 : 0));
}

/**
 * How `accord check` tells an {@link AnswerGivenToOthers}, names made safe (displayName): what
 * happened and which rule it meets, and the fix, without blame (a hand edit, a merge or an
 * older covenant can make one honestly): "Sam accepted the change to “Parser” (due 2026-12-04),
 * but the covenant says mentor accepts the date changes of mentee (covenant.md line 31)."
 */
export function answerGivenToOthersWords(state: TeamState, answer: AnswerGivenToOthers): { readonly reason: string; readonly fix: string } {
  const names = (member: string) => displayName(state, member);
  const { renegotiation } = answer;
  const title = safeText(state.entities.microGoal.get(renegotiation.microGoal)?.title ?? renegotiation.microGoal);
  const verb = renegotiation.state === 'accepted' && renegotiation.counter === undefined ? 'accepted' : 'countered';
  return {
    reason: `${names(answer.responder)} ${verb} the change to “${title}” (${safeText(describeChange(renegotiation.change, names))}), but ${covenantSays(answer.right)}.`,
    fix: `It counts in the record all the same. To keep the covenant, ${names(answer.responder)} takes the answer out of their file (restore it with git) and ${orList(answer.accepters.map(names))} answers in Accord; or, if the team sees it differently now, change the covenant.`,
  };
}

/**
 * The names in the covenant's decision rights (`accepts`, `for`, and the roles they use) that
 * match no member now ({@link membersNamed}): a rule whose names match nobody quietly leaves
 * today's rule in place, so each is told on its rule's line, for the Agreements view and
 * `accord check`. A name two members share (two people called Sam, a copied email) matches
 * nobody too. Names are quoted as written; draw them through safeText.
 */
export function decisionRightProblems(state: TeamState, rules: Pick<CovenantRules, 'roles' | 'renegotiationRights'>): CovenantProblem[] {
  const problems: CovenantProblem[] = [];
  for (const right of rules.renegotiationRights) {
    for (const key of ['accepts', 'for'] as const) {
      const unknown = membersNamed(state, rules, right[key]).unknown;
      if (unknown.length === 0) continue;
      problems.push({
        line: right.line,
        message: `"${key}" names nobody on the team now (${unknown.map((name) => `"${name}"`).join(', ')}): write a member id or an email, or a name only one member has; until then this rule counts only the names it matches`,
      });
    }
  }
  return problems;
}
