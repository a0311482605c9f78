/**
 * The joint covenant (`.accord/covenant.md`): a version is named by the sha-256 of its
 * normalized text, and each member acknowledges a version with a covenantAck entity in their
 * own file (id `ack:<member>`, one per member, rewritten on every acknowledgment).
 */
import { createHash } from 'node:crypto';
import { COVENANT_ACK_PREFIX, memberIdOf } from './ids';
import type { TeamState } from './team';
import { compareNames, compareText } from './queries';

export const COVENANT_FILE = 'covenant.md';
/** A covenant is prose; anything bigger (bytes) is not one, and is not read. */
export const MAX_COVENANT_BYTES = 512 * 1024;

export { COVENANT_ACK_PREFIX };

/** The id of a member's one acknowledgment entity. */
export function covenantAckId(member: string): string {
  return `${COVENANT_ACK_PREFIX}${member}`;
}

/**
 * The text as it is hashed: line endings, a byte-order mark, Unicode composition, trailing
 * spaces and trailing blank lines do not make a new version; any visible change does.
 */
export function normalizeCovenant(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n+$/, '')
    .concat('\n');
}

/** The sha-256 hex digest of the normalized text: the version's name. */
export function covenantHash(text: string): string {
  return createHash('sha256').update(normalizeCovenant(text), 'utf8').digest('hex');
}

export type CovenantAckStatus = 'current' | 'older' | 'never';

export interface MemberCovenantStatus {
  readonly member: string;
  readonly name: string;
  readonly status: CovenantAckStatus;
  /** When they last acknowledged any version. */
  readonly acknowledgedAt?: string;
  readonly hash?: string;
}

/** The acknowledgment a member holds, if any (their own `ack:<member>` entity). */
export function covenantAckOf(state: TeamState, member: string): { hash: string; at: string } | undefined {
  const own = state.entities.covenantAck.get(covenantAckId(member));
  if (own && own.member === member) return own;
  // An ack under another id still counts, as long as it is theirs: keep the latest.
  let latest: { hash: string; at: string } | undefined;
  for (const ack of state.entities.covenantAck.values()) if (ack.member === member && (!latest || ack.at > latest.at)) latest = ack;
  return latest;
}

/**
 * Who acknowledged which version, for the Partners view: every member with a profile,
 * sorted by name. Without a covenant (`currentHash` undefined) nobody is "current".
 */
export function covenantStatus(state: TeamState, currentHash: string | undefined): MemberCovenantStatus[] {
  const out: MemberCovenantStatus[] = [];
  for (const [entityId, profile] of state.entities.member) {
    const member = memberIdOf(entityId);
    const ack = covenantAckOf(state, member);
    const status: CovenantAckStatus = !ack ? 'never' : ack.hash === currentHash ? 'current' : 'older';
    out.push({ member, name: profile.name, status, ...(ack ? { acknowledgedAt: ack.at, hash: ack.hash } : {}) });
  }
  return out.sort((a, b) => compareNames(a.name, b.name) || compareText(a.member, b.member));
}

/** "Alex and Sam", "Alex, Kim and Sam". */
function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? 'us';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * A warm first draft for a new team to make their own; every section is meant to be edited.
 * Its ```accord blocks (agreements.ts) hold the measured agreements, the escalation path and a
 * commented example of decision rights for a mentor and a mentee.
 */
export function starterCovenant(memberNames: readonly string[]): string {
  const we = joinNames(memberNames);
  return `# Our covenant

This is how ${we} agree to work together. It is ours: change anything that does not fit,
then each of us runs **Accord: Acknowledge Covenant** to say "yes, this is how we work".
When it changes, Accord asks each of us to read what changed and acknowledge it again.

## Expected behaviours

- We say what we will do, and we do what we said, or we renegotiate before the due date.
- We check in briefly on working days, including when things are not going well.
- We give feedback about what we saw and its effect, not about who someone is.
- We thank each other for help, specifically and often.
- We share setbacks early and learn from them together.

## Decision rights

- The owner of a micro-goal decides how to do it.
- Changes to a shared goal's scope or due date are agreed by both of us (a renegotiation).
- Either of us can pause for a day without explaining why; we just say so in a check-in.

\`\`\`accord
# Who accepts whose renegotiations. Without a rule, the other partner does.
# For a mentor and a mentee, for example, remove the # signs below and put in your names:
# roles:
#   mentor: alex
#   mentee: sam
# decisions:
#   renegotiations:
#     - accepts: mentor
#       for: mentee
#       changes: [due]
\`\`\`

## Escalation path

1. Raise it in the next check-in or with **Give Feedback**, in situation → behaviour → impact form.
2. If it is still open after two days, we talk it through live, for 15 minutes.
3. If we still disagree, we bring in someone we both trust: _(name them here)_.

When a micro-goal has been blocked for a while, Accord suggests the next step:

\`\`\`accord
escalation:
  - after: 2 # working days blocked
    step: pair
    say: Pair on it for half an hour.
  - after: 5
    step: planning
    say: Raise it at the next planning session.
\`\`\`

## Success metrics

- Most micro-goals done on time or renegotiated before their due date.
- Check-ins on most working days.
- Each planning session ends with at least one lesson we keep.
- Both of us would choose to work together again.

Accord measures these agreements for each of us, this cycle and the last, on the dashboard:

\`\`\`accord
agreements:
  - kind: check-ins-per-week
    target: 4 # each of us, in a full working week
  - kind: renegotiations-answered-within
    target: 2 # working days
  - kind: renegotiate-before-due
  - kind: kudos-per-cycle
    target: 1
  - kind: setbacks-reviewed-by-follow-up
\`\`\`
`;
}
