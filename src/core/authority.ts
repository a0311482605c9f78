/**
 * Who may write what (design.md §2 "Authority", issue 10). One file per person keeps git
 * conflict-free; this rule keeps the record honest: a write in member X's file counts only
 * where X may write. Everything else in that file is left out of the team's state and
 * reported once as a {@link RefusedWrite}; nothing else is affected.
 *
 * The rule reads only the files' data (no time, no host, no order of reading), so every
 * machine computes the same state from the same files. The table (README "Who may write what"):
 *
 * | kind | created by (must name the file's member) | who writes which fields | who may delete |
 * |---|---|---|---|
 * | member | the id's member (`member:<id>`) | that member only | that member |
 * | team | anyone | every member, every field | nobody |
 * | goal | `owner` | the owner only | the owner |
 * | microGoal | `owner` (in the record with `createdAt`) | the owner at the time of the write; `due`, `scope`, `owner` by someone else only through an accepted renegotiation (below); `done`, `doneAt`, `reopenedAt`, `order`, `goal` by any member | its current owner |
 * | checkIn | `member` | that member only | that member |
 * | covenantAck, reflection | `member`; the ids `ack:<m>` and `rf:<m>:<cycle>` only by m | that member only | that member |
 * | setback | `member` | that member; `lesson` and `reviewedAt` (the follow-up) by any member | that member |
 * | feedback | `from` | the sender; `acknowledgedAt` only by the recipient (`to`) | the sender |
 * | session | whoever writes its `at` | that member only | that member |
 * | response | `by` | that member only (I answer your check-in, never edit it; nobody edits my answer) | that member |
 * | away, regionalHoliday | `member` | that member only (nobody marks me away, or back) | that member |
 * | holiday | whoever writes its `at` | every member, every field (a team holiday, like the team settings) | every member (Remove Holiday) |
 * | renegotiation | `proposer` | the proposal by the proposer; the answer by the other party (as renegotiation.ts `awaitsAnswerFrom`: the owner answers someone else's proposal; the owner's own by anyone else, but a hand-over only by its new owner; a counter-proposal by the proposer) | the proposer |
 *
 * **Creation.** Ids that name a member ({@link idOwner}: `member:<m>`, `ack:<m>`,
 * `rf:<m>:<cycle>`) are m's: any other file's record of them is refused, whatever it claims,
 * so it can neither hide nor replace m's. Any other id's creator is the member whose file holds
 * a creation claim: the creation marker (`createdAt` or `at`) with the naming field equal to
 * that member. A micro-goal's creator who handed it over holds `createdAt` with a later
 * `owner` naming the new owner; that record still claims its creation when the creator's own
 * file accepted, at that owner's clock, a renegotiation in which the new owner asked for it (a
 * half only the new owner's file supplies). A record whose naming field names someone else
 * is refused whole. Until the creator's file is here, writes to an entity are kept as they are
 * (it is incomplete and not shown).
 *
 * **Two claims on one random id.** Ids are random (62 bits), so two honest creations never
 * share one: a second claim is a copy, by hand or in bad faith. One claim is kept and every
 * other is refused whole (never the kept one), so a copy cannot hide the entity: first a claim
 * whose record holds every required field of its kind (a real creation writes them together;
 * a bare marker does not), then the lower Lamport stamp of the creation marker (clock, then
 * member id). Lamport order is the merge's own "before", and a copier had to read the
 * original first, so an honest copy carries a higher clock. *Limit:* the files are the only
 * evidence and clocks are their writers' own claim, so a whole copy deliberately stamped below
 * the original's creation clock is kept instead. It is then shown as the copier's (in their
 * name, never in the original author's) and the original is listed as refused, naming the
 * copier's file, for the team to see in Show Data Problems; its author writes it again under
 * a new id. No rule over the data alone can tell the two apart: the copier controls every
 * byte of their file; only history (git, or `accord check --base` on the pull request) can.
 *
 * **Hand-overs.** The owner of a micro-goal at a Lamport stamp is replayed from its creation
 * through the owner changes that count. A tombstone counts only from its current (last
 * counted) owner. A former owner's write of an owner-only field counts only when stamped
 * before the hand-over, so it never beats anything the new owner writes herself (a later
 * stamp). *Limit:* a former owner who backdates a write to a field the new owner has never
 * written since can still set it, as if written before the hand-over: the files hold each
 * writer's latest write only, so an honest old write and a backdated one look the same. The
 * new owner's next edit of that field wins.
 */
import { ENTITY_KINDS, ENTITY_SCHEMAS, type EntityKind, isEntityKind } from './entities';
import { COVENANT_ACK_PREFIX, MEMBER_ID_PATTERN, TEAM_ENTITY_ID } from './ids';
import { compareStamps, compareText, type EntityRecord, type Stamp } from './merge';

/** A write left out of the team's state because its file's member may not make it. */
export interface RefusedWrite {
  /** The member whose file holds the write (`.accord/people/<member>.json`). */
  readonly member: string;
  /** The entity's id. */
  readonly entity: string;
  /** The entity's kind as the refused record states it. */
  readonly kind: string;
  /** The field written, or `deleted` for a tombstone, or `created` when the whole record is refused. */
  readonly field: string;
  /** What was left out, in plain words ("a change to “status”", "a deletion", "this record"). */
  readonly what: string;
  /** Why, naming who may write it; an explanation, not an accusation (it may be an honest hand edit). */
  readonly why: string;
}

/** One member's record of one entity. */
export interface EntityWrite {
  readonly member: string;
  readonly record: EntityRecord;
}

const NOUN: Record<EntityKind, string> = {
  member: 'profile',
  team: 'team settings',
  goal: 'goal',
  microGoal: 'micro-goal',
  checkIn: 'check-in',
  feedback: 'feedback',
  setback: 'setback',
  session: 'planning session',
  renegotiation: 'renegotiation',
  covenantAck: 'covenant acknowledgment',
  reflection: 'reflection',
  response: 'response',
  away: 'away period',
  holiday: 'team holiday',
  regionalHoliday: 'regional holiday',
};

/** The field written once, at creation: whoever holds it claims to have created the entity. */
const MARKER: Partial<Record<EntityKind, string>> = {
  goal: 'createdAt',
  microGoal: 'createdAt',
  checkIn: 'at',
  feedback: 'at',
  setback: 'at',
  session: 'at',
  renegotiation: 'at',
  covenantAck: 'at',
  reflection: 'at',
  response: 'at',
  away: 'at',
  holiday: 'at',
  regionalHoliday: 'at',
};

/** The creation field that names the creator; it must name the file's own member. */
const NAMED_BY: Partial<Record<EntityKind, string>> = {
  goal: 'owner',
  microGoal: 'owner',
  checkIn: 'member',
  feedback: 'from',
  setback: 'member',
  renegotiation: 'proposer',
  covenantAck: 'member',
  reflection: 'member',
  response: 'by',
  away: 'member',
  regionalHoliday: 'member',
};

/** Micro-goal fields any member may write: the tick, and where it sits in the shared backlog. */
const MICRO_GOAL_SHARED = new Set(['done', 'doneAt', 'reopenedAt', 'order', 'goal']);
/** Micro-goal fields someone else changes only through an accepted renegotiation. */
const RENEGOTIABLE = new Set(['due', 'scope', 'owner']);
/** Setback fields of the follow-up, which any member may record. */
const SETBACK_SHARED = new Set(['lesson', 'reviewedAt']);
const PROPOSAL_FIELDS = new Set(['microGoal', 'proposer', 'change', 'reason', 'at', 'beforeDue']);
const MEMBER_PREFIX = 'member:';
const ACK_PREFIX = COVENANT_ACK_PREFIX;
const REFLECTION_PREFIX = 'rf:';

/** The fields every entity of a kind holds (the schema's non-optional entries). */
export const REQUIRED_FIELDS: { readonly [K in EntityKind]: readonly string[] } = Object.fromEntries(
  ENTITY_KINDS.map((kind) => [
    kind,
    Object.entries(ENTITY_SCHEMAS[kind].entries)
      .filter(([, s]) => s.type !== 'optional')
      .map(([name]) => name),
  ]),
) as never;

/** The id of a member's reflection for the planning session of the cycle starting `cycleStart` (`YYYY-MM-DD`): `rf:<member>:<cycleStart>`. */
export function reflectionId(member: string, cycleStart: string): string {
  return `${REFLECTION_PREFIX}${member}:${cycleStart}`;
}

/**
 * The member an id belongs to by its shape, whatever any file claims: `member:<m>` is m's
 * profile, `ack:<m>` m's covenant acknowledgment (covenant.ts `covenantAckId`), and
 * `rf:<m>:<cycle>` m's reflection ({@link reflectionId}). `member` is undefined when the part
 * after the prefix is not a member id (nobody may create it); undefined for every other id.
 */
export function idOwner(id: string): { readonly kind: 'member' | 'covenantAck' | 'reflection'; readonly member: string | undefined } | undefined {
  let kind: 'member' | 'covenantAck' | 'reflection';
  let member: string;
  if (id.startsWith(MEMBER_PREFIX)) [kind, member] = ['member', id.slice(MEMBER_PREFIX.length)];
  else if (id.startsWith(ACK_PREFIX)) [kind, member] = ['covenantAck', id.slice(ACK_PREFIX.length)];
  else if (id.startsWith(REFLECTION_PREFIX)) {
    const end = id.indexOf(':', REFLECTION_PREFIX.length);
    [kind, member] = ['reflection', end === -1 ? '' : id.slice(REFLECTION_PREFIX.length, end)];
  } else return undefined;
  return { kind, member: MEMBER_ID_PATTERN.test(member) ? member : undefined };
}

const has = (fields: Record<string, unknown>, name: string): boolean => fields[name] !== undefined && fields[name] !== null;

/**
 * The fast path of the load: true when `record`, the only record of entity `id` in any
 * file, was created by `member` and holds nothing that `member` may not write, so it counts
 * as it is. A false answer only means "judge it" ({@link AuthorityJudge}); the judge gives
 * the same result for every record this accepts.
 */
export function isSelfContained(id: string, member: string, record: EntityRecord): boolean {
  const f = record.fields;
  switch (record.kind) {
    case 'member':
      return id.length === MEMBER_PREFIX.length + member.length && id.startsWith(MEMBER_PREFIX) && id.endsWith(member) && MEMBER_ID_PATTERN.test(member);
    case 'checkIn':
    case 'setback':
      return f.member === member && has(f, 'at') && ordinaryId(id);
    case 'covenantAck':
      return f.member === member && has(f, 'at') && (ordinaryId(id) || id === ACK_PREFIX + member);
    case 'reflection':
      return (
        f.member === member && has(f, 'at') && (ordinaryId(id) || (id.startsWith(REFLECTION_PREFIX) && id.startsWith(`${member}:`, REFLECTION_PREFIX.length)))
      );
    case 'response':
      return f.by === member && has(f, 'at') && ordinaryId(id);
    case 'away':
    case 'regionalHoliday':
      return f.member === member && has(f, 'at') && ordinaryId(id);
    case 'holiday':
      return has(f, 'at') && ordinaryId(id);
    case 'goal':
    case 'microGoal':
      return f.owner === member && has(f, 'createdAt') && ordinaryId(id);
    case 'feedback':
      return f.from === member && has(f, 'at') && (f.acknowledgedAt === undefined || f.to === member) && ordinaryId(id);
    case 'session':
      return has(f, 'at') && ordinaryId(id);
    case 'renegotiation':
      return (
        f.proposer === member &&
        has(f, 'at') &&
        (f.state === 'proposed' || f.state === 'withdrawn') &&
        f.counter === undefined &&
        (f.respondedBy === undefined || f.respondedBy === member) &&
        ordinaryId(id)
      );
    default:
      return false;
  }
}

/** Ids `team`, `member:…`, `ack:…` and `rf:…` belong to their own kinds (and the last three to a member: {@link idOwner}). */
function ordinaryId(id: string): boolean {
  return id !== TEAM_ENTITY_ID && !id.startsWith(MEMBER_PREFIX) && !id.startsWith(ACK_PREFIX) && !id.startsWith(REFLECTION_PREFIX);
}

interface Creation {
  /** The entity's kind: its creator's record's, else the smallest kind any record states. */
  readonly kind: string;
  /** The one member who created it, when exactly one file does. */
  readonly creator?: string;
  /** Members whose record is left out whole: it creates the entity in someone else's name, or another claim is kept. */
  readonly forged: ReadonlyMap<string, string>;
}

interface RenegotiationInfo {
  readonly id: string;
  readonly proposer: string;
  /** The proposal's stamp: its `at` in the proposer's file. */
  readonly proposed: Stamp;
  readonly change: unknown;
}

const BEFORE_EVERYTHING: Stamp = { clock: -Infinity, by: '' };

/**
 * Judges the entities that the fast path does not settle. Built over the same sources as the
 * merge; `allowed(id)` gives each member's record of `id` with only the writes that count
 * (an empty list when none do), and `refused` every write left out, each once.
 *
 * Renegotiations and their micro-goal are judged together: the owner of a micro-goal at a
 * given Lamport stamp is replayed from its creation through the owner changes that count, so
 * whether a partner's write counts depends on who owned it when they wrote.
 */
/**
 * Adds `id` to the renegotiations of the micro-goal `record` names, when it is a renegotiation
 * (the index AuthorityJudge reads to judge a micro-goal's owner changes). An id held by several
 * files is listed once.
 */
export function indexRenegotiation(index: Map<string, string[]>, id: string, record: EntityRecord): void {
  const target = record.kind === 'renegotiation' ? record.fields.microGoal : undefined;
  if (typeof target !== 'string') return;
  const list = index.get(target);
  if (!list) index.set(target, [id]);
  else if (!list.includes(id)) list.push(id);
}

function sortedIndex(index: Map<string, string[]>): Map<string, string[]> {
  for (const list of index.values()) list.sort();
  return index;
}

export class AuthorityJudge {
  private readonly results = new Map<string, EntityWrite[]>();
  private readonly creations = new Map<string, Creation>();
  private readonly deciding = new Set<string>();
  private readonly refusals: RefusedWrite[] = [];
  private byMicroGoal: Map<string, string[]> | undefined;

  /**
   * @param holdersOf every member's record of an id (empty when no file holds it)
   * @param eachRecord calls back with every record of every file (used once, to index renegotiations)
   * @param renegotiations the index eachRecord would give, when the caller built it already
   *   ({@link indexRenegotiation} over every record): then no walk over every record is made here
   */
  constructor(
    private readonly holdersOf: (id: string) => readonly EntityWrite[],
    private readonly eachRecord: (visit: (id: string, record: EntityRecord) => void) => void,
    renegotiations?: Map<string, string[]>,
  ) {
    if (renegotiations) this.byMicroGoal = sortedIndex(renegotiations);
  }

  /** Every refused write so far, sorted by member, entity, field and what. */
  get refused(): RefusedWrite[] {
    return [...this.refusals].sort(compareRefusals);
  }

  /** The records of `id` that count, one per member who holds any write to it that counts. */
  allowed(id: string): EntityWrite[] {
    const known = this.results.get(id);
    if (known) return known;
    const holders = this.holdersOf(id);
    let result: EntityWrite[];
    const owned = idOwner(id);
    if (owned) result = this.judgeFixed(id, holders, owned.kind, owned.member);
    else if (id === TEAM_ENTITY_ID) result = this.judgeFixed(id, holders, 'team', undefined);
    else {
      const creation = this.creation(id);
      if (!creation.creator || !isEntityKind(creation.kind)) result = this.keepPending(id, holders, creation);
      else if (creation.kind === 'microGoal') result = this.judgeMicroGoalWith(id);
      else if (creation.kind === 'renegotiation') {
        const target = this.ownRecord(id, creation.creator)?.fields.microGoal;
        const mg = typeof target === 'string' ? this.creation(target) : undefined;
        if (mg?.kind === 'microGoal' && mg.creator) {
          this.judgeMicroGoalWith(target as string);
          result = this.results.get(id)!;
        } else result = this.judgeRenegotiation(id, () => undefined);
      } else result = this.judgeGeneral(id, holders, creation);
    }
    this.results.set(id, result);
    return result;
  }

  // -------------------------------------------------------------------------------------
  // Creation

  private creation(id: string): Creation {
    let known = this.creations.get(id);
    if (known) return known;
    // A hand-crafted cycle (a micro-goal id that is also a renegotiation of its own renegotiation): no creator on the way round.
    if (this.deciding.has(id)) return { kind: '', forged: new Map() };
    this.deciding.add(id);
    const holders = this.holdersOf(id);
    const claims: { member: string; kind: EntityKind; complete: boolean; stamp: Stamp }[] = [];
    const forged = new Map<string, string>();
    let smallest: string | undefined;
    for (const { member, record } of holders) {
      if (smallest === undefined || record.kind < smallest) smallest = record.kind;
      if (!isEntityKind(record.kind)) continue;
      const marker = MARKER[record.kind];
      if (!marker || !has(record.fields, marker)) continue;
      const naming = NAMED_BY[record.kind];
      const named = naming ? record.fields[naming] : member;
      // A micro-goal's creator may have handed it over since, in their own file: that record still
      // claims its creation when this file accepted a renegotiation giving it to that owner.
      const handedOver =
        record.kind === 'microGoal' && named !== member && (record.clocks.owner ?? 0) > (record.clocks.createdAt ?? 0) && this.handedOverIn(id, member, record);
      if (named === member || handedOver) {
        claims.push({
          member,
          kind: record.kind,
          complete: REQUIRED_FIELDS[record.kind].every((name) => has(record.fields, name)),
          stamp: { clock: record.clocks[marker] ?? 0, by: member },
        });
      } else forged.set(member, `its “${naming}” names ${nameOf(named)}, not ${member}, whose file this is`);
    }
    if (claims.length === 0) known = { kind: smallest ?? '', forged };
    else {
      // Several files create one random id: keep one claim (see the module docstring), the others are left out whole.
      let kept = claims[0]!;
      for (const claim of claims) if (claim.complete !== kept.complete ? claim.complete : compareStamps(claim.stamp, kept.stamp) < 0) kept = claim;
      for (const claim of claims) {
        if (claim !== kept)
          forged.set(
            claim.member,
            `${kept.member}'s file also creates “${id}”, ${kept.complete && !claim.complete ? 'with every field it needs (this record lacks some)' : 'earlier (with a lower creation clock)'}; one id holds one entity, so ${kept.member}'s is kept`,
          );
      }
      known = { kind: kept.kind, creator: kept.member, forged };
    }
    this.deciding.delete(id);
    this.creations.set(id, known);
    return known;
  }

  /**
   * Whether `member`'s record of micro-goal `id`, which names another `owner` written after its
   * `createdAt`, is its creator's record after a hand-over: `member` accepted, at that very
   * clock, a renegotiation of `id` in which the new owner asked for it (their proposal, or their
   * counter-proposal to `member`'s proposal). Only the new owner's file can supply that half.
   */
  private handedOverIn(id: string, member: string, record: EntityRecord): boolean {
    const owner = record.fields.owner;
    if (typeof owner !== 'string' || owner === member) return false;
    for (const rid of this.renegotiationIdsOf(id)) {
      const creation = this.creation(rid);
      if (creation.kind !== 'renegotiation' || !creation.creator || creation.forged.has(member)) continue;
      const proposal = this.ownRecord(rid, creation.creator)!;
      const answer = this.ownRecord(rid, member);
      if (proposal.fields.microGoal !== id || !answer || answer.fields.state !== 'accepted' || answer.clocks.state !== record.clocks.owner) continue;
      if (creation.creator === owner && ownerIn(proposal.fields.change) === owner) return true;
      if (creation.creator === member) {
        const counter = this.answerOf(rid, owner);
        if (counter && ownerIn(counter.fields.counter) === owner) return true;
      }
    }
    return false;
  }

  private ownRecord(id: string, member: string): EntityRecord | undefined {
    for (const holder of this.holdersOf(id)) if (holder.member === member) return holder.record;
    return undefined;
  }

  /** `member`'s record of renegotiation `id`, unless it is refused whole. */
  private answerOf(id: string, member: string): EntityRecord | undefined {
    const record = this.ownRecord(id, member);
    return record && record.kind === 'renegotiation' && !this.creation(id).forged.has(member) ? record : undefined;
  }

  // -------------------------------------------------------------------------------------
  // Kinds with a fixed id (member, team) and the general rule

  /**
   * The team settings (anyone writes them, nobody deletes them) and the ids that name their
   * member ({@link idOwner}): only that member creates, writes or deletes them, whatever any
   * other file claims, so a teammate's record of the id never hides or replaces theirs.
   */
  private judgeFixed(
    id: string,
    holders: readonly EntityWrite[],
    kind: 'member' | 'team' | 'covenantAck' | 'reflection',
    owner: string | undefined,
  ): EntityWrite[] {
    const out: EntityWrite[] = [];
    const noun = kind === 'member' ? 'profile' : NOUN[kind];
    for (const { member, record } of holders) {
      if (record.kind !== kind) {
        this.refuse(
          member,
          id,
          record.kind,
          'created',
          'this record',
          `the id “${id}” belongs to ${kind === 'team' ? 'the team settings' : owner ? `${owner}'s ${noun}` : `a ${noun}`}`,
        );
        continue;
      }
      const naming = NAMED_BY[kind];
      const named = naming ? record.fields[naming] : undefined;
      if (naming && named !== undefined && (named !== member || member !== owner)) {
        // A creation in someone else's name, or of an id that names someone else (bob's `ack:alice` saying `member: bob`).
        this.refuse(
          member,
          id,
          record.kind,
          'created',
          'this record',
          named !== member
            ? `its “${naming}” names ${nameOf(named)}, not ${member}, whose file this is`
            : `the id “${id}” is ${owner ? `${owner}'s ${noun}; only ${owner} writes it` : `no member's ${noun}`}`,
        );
        continue;
      }
      const why =
        kind === 'team'
          ? 'nobody deletes the team settings'
          : !owner
            ? `“${id}” does not name a member`
            : kind === 'member'
              ? `only ${owner} writes their profile`
              : `only ${owner} writes this ${noun}`;
      const allowed = kind === 'team' || member === owner;
      const kept = this.filter(
        id,
        member,
        record,
        () => allowed,
        () => why,
        kind !== 'team' && allowed,
        why,
      );
      if (kept) out.push(kept);
    }
    return out;
  }

  private keepPending(id: string, holders: readonly EntityWrite[], creation: Creation): EntityWrite[] {
    const out: EntityWrite[] = [];
    for (const holder of holders) {
      const forged = creation.forged.get(holder.member);
      if (forged) this.refuse(holder.member, id, holder.record.kind, 'created', 'this record', forged);
      else if (holder.record.kind === 'member')
        this.refuse(holder.member, id, 'member', 'created', 'this record', `a profile's id is “member:” and the member's id, not “${id}”`);
      else out.push(holder);
    }
    return out;
  }

  private judgeGeneral(id: string, holders: readonly EntityWrite[], creation: Creation): EntityWrite[] {
    const kind = creation.kind as EntityKind;
    const creator = creation.creator!;
    const noun = NOUN[kind];
    const recipient = kind === 'feedback' ? this.ownRecord(id, creator)?.fields.to : undefined;
    const out: EntityWrite[] = [];
    for (const { member, record } of holders) {
      if (this.refusedWhole(id, member, record, creation)) continue;
      const own = member === creator;
      // A team holiday is the team's, like the team settings: anyone edits or removes it.
      const anyone = kind === 'holiday';
      const allowed = (name: string): boolean => {
        if (anyone) return true;
        if (kind === 'feedback' && name === 'acknowledgedAt') return member === recipient;
        if (kind === 'setback' && SETBACK_SHARED.has(name)) return true;
        return own;
      };
      const why = (name: string): string => {
        if (kind === 'feedback' && name === 'acknowledgedAt') return `only the recipient (${nameOf(recipient)}) acknowledges feedback`;
        if (kind === 'feedback') return `only the sender (${creator}) writes what the feedback says`;
        return `only ${creator} writes this ${noun}`;
      };
      const kept = this.filter(id, member, record, allowed, why, own || anyone, `only ${creator} may delete this ${noun}`);
      if (kept) out.push(kept);
    }
    return out;
  }

  /** A record refused whole: it creates the entity in someone else's name, or is of another kind than its creator's. */
  private refusedWhole(id: string, member: string, record: EntityRecord, creation: Creation): boolean {
    const forged = creation.forged.get(member);
    if (forged) {
      this.refuse(member, id, record.kind, 'created', 'this record', forged);
      return true;
    }
    if (record.kind !== creation.kind) {
      this.refuse(
        member,
        id,
        record.kind,
        'created',
        'this record',
        `${creation.creator} created “${id}” as a ${NOUN[creation.kind as EntityKind] ?? creation.kind}`,
      );
      return true;
    }
    return false;
  }

  /** The part of `record` that counts, or undefined when nothing in it does; refusals are reported. */
  private filter(
    id: string,
    member: string,
    record: EntityRecord,
    allowed: (name: string, value: unknown, clock: number) => boolean,
    why: (name: string) => string,
    mayDelete: boolean,
    whyNotDelete: string,
  ): EntityWrite | undefined {
    let fields: Record<string, unknown> | undefined;
    let clocks: Record<string, number> | undefined;
    let refused = false;
    for (const name of Object.keys(record.fields)) {
      const clock = record.clocks[name] ?? 0;
      if (allowed(name, record.fields[name], clock)) {
        (fields ??= {})[name] = record.fields[name];
        (clocks ??= {})[name] = clock;
      } else {
        refused = true;
        this.refuse(member, id, record.kind, name, `a change to “${name}”`, why(name));
      }
    }
    const deleted = record.deleted !== undefined && mayDelete ? record.deleted : undefined;
    if (record.deleted !== undefined && !mayDelete) {
      refused = true;
      this.refuse(member, id, record.kind, 'deleted', 'a deletion', whyNotDelete);
    }
    if (!refused) return { member, record };
    if (!fields && deleted === undefined) return undefined;
    const kept: EntityRecord = { kind: record.kind, fields: fields ?? {}, clocks: clocks ?? {} };
    if (deleted !== undefined) kept.deleted = deleted;
    return { member, record: kept };
  }

  private refuse(member: string, entity: string, kind: string, field: string, what: string, why: string): void {
    this.refusals.push({ member, entity, kind, field, what, why });
  }

  // -------------------------------------------------------------------------------------
  // Micro-goals and their renegotiations

  /** The ids of every record, in any file, that says it is a renegotiation of `microGoal`, sorted. */
  private renegotiationIdsOf(microGoal: string): readonly string[] {
    if (!this.byMicroGoal) {
      const index = new Map<string, string[]>();
      this.eachRecord((id, record) => indexRenegotiation(index, id, record));
      this.byMicroGoal = sortedIndex(index);
    }
    return this.byMicroGoal.get(microGoal) ?? [];
  }

  private renegotiationsOf(microGoal: string): RenegotiationInfo[] {
    const out: RenegotiationInfo[] = [];
    for (const id of this.renegotiationIdsOf(microGoal)) {
      const creation = this.creation(id);
      if (creation.kind !== 'renegotiation' || !creation.creator) continue;
      const proposal = this.ownRecord(id, creation.creator)!;
      if (proposal.fields.microGoal !== microGoal) continue;
      out.push({ id, proposer: creation.creator, proposed: { clock: proposal.clocks.at ?? 0, by: creation.creator }, change: proposal.fields.change });
    }
    return out;
  }

  /** Judges a micro-goal with a known creator and every renegotiation of it; the results are memoized. */
  private judgeMicroGoalWith(id: string): EntityWrite[] {
    const done = this.results.get(id);
    if (done) return done;
    const creation = this.creation(id);
    const creator = creation.creator!;
    const holders = this.holdersOf(id).filter(({ member, record }) => !this.refusedWhole(id, member, record, creation));
    const renegotiations = this.renegotiationsOf(id);
    const owners: { stamp: Stamp; owner: string }[] = [{ stamp: BEFORE_EVERYTHING, owner: creator }];
    const ownerAt = (stamp: Stamp): string => {
      let owner = creator;
      for (const event of owners) if (compareStamps(event.stamp, stamp) <= 0) owner = event.owner;
      return owner;
    };
    const counters = new Map<string, { value: unknown; by: string } | null>();
    // Who answers a proposal, as renegotiation.ts `awaitsAnswerFrom` says: the owner answers
    // someone else's proposal; the owner's own is answered by anyone else, except a hand-over,
    // which only its new owner accepts or counters.
    const isOtherParty = (r: RenegotiationInfo, member: string): boolean => {
      const owner = ownerAt(r.proposed);
      if (member === r.proposer) return false;
      if (r.proposer !== owner) return member === owner;
      const newOwner = ownerIn(r.change);
      return newOwner === undefined || newOwner === null || newOwner === owner || member === newOwner;
    };
    const counterOf = (r: RenegotiationInfo): { value: unknown; by: string } | undefined => {
      if (!counters.has(r.id)) {
        let best: { value: unknown; by: string; stamp: Stamp } | undefined;
        for (const { member } of this.holdersOf(r.id)) {
          const record = this.answerOf(r.id, member);
          if (!record || !has(record.fields, 'counter') || !isOtherParty(r, member)) continue;
          const stamp = { clock: record.clocks.counter ?? 0, by: member };
          if (!best || compareStamps(stamp, best.stamp) > 0) best = { value: record.fields.counter, by: member, stamp };
        }
        counters.set(r.id, best ?? null);
      }
      return counters.get(r.id) ?? undefined;
    };
    /** Whether `member`'s write of `field` = `value` at `stamp` applies a renegotiation they accepted with the owner's agreement. */
    const viaRenegotiation = (member: string, field: string, value: unknown, stamp: Stamp): boolean => {
      for (const r of renegotiations) {
        const answer = this.answerOf(r.id, member);
        if (!answer || answer.fields.state !== 'accepted' || answer.clocks.state !== stamp.clock) continue;
        if (compareStamps(r.proposed, stamp) >= 0) continue;
        const owner = ownerAt(r.proposed);
        let applied: unknown;
        let author: string;
        if (member !== r.proposer) {
          if (!isOtherParty(r, member)) continue;
          applied = r.change;
          author = r.proposer;
        } else {
          const counter = counterOf(r);
          if (!counter) continue;
          applied = counter.value;
          author = counter.by;
        }
        if (author !== owner && member !== owner) continue;
        if (applied === null || typeof applied !== 'object' || Array.isArray(applied)) continue;
        if (!sameValue((applied as Record<string, unknown>)[field], value)) continue;
        // Nothing becomes someone's micro-goal without them: the new owner proposed or accepted it.
        if (field === 'owner' && value !== author && value !== member) continue;
        return true;
      }
      return false;
    };

    // Replay the owner changes in Lamport order.
    const ownerChanges = holders
      .filter(({ record }) => has(record.fields, 'owner'))
      .map(({ member, record }) => ({ member, value: record.fields.owner, stamp: { clock: record.clocks.owner ?? 0, by: member } }))
      .sort((a, b) => compareStamps(a.stamp, b.stamp));
    const ownerCounts = new Map<string, boolean>();
    for (const change of ownerChanges) {
      const owner = ownerAt(change.stamp);
      const counts = (change.member === owner && change.value === owner) || viaRenegotiation(change.member, 'owner', change.value, change.stamp);
      ownerCounts.set(change.member, counts);
      if (counts) owners.push({ stamp: change.stamp, owner: change.value as string });
    }

    const out: EntityWrite[] = [];
    for (const { member, record } of holders) {
      const allowed = (name: string, value: unknown, clock: number): boolean => {
        if (MICRO_GOAL_SHARED.has(name)) return true;
        if (name === 'owner') return ownerCounts.get(member) === true;
        if (name === 'createdAt') return member === creator;
        const stamp = { clock, by: member };
        if (ownerAt(stamp) === member) return true;
        return RENEGOTIABLE.has(name) && viaRenegotiation(member, name, value, stamp);
      };
      const why = (name: string) =>
        RENEGOTIABLE.has(name)
          ? 'only its owner changes it, or a renegotiation the owner agreed to'
          : name === 'createdAt'
            ? `${creator} created it`
            : 'only its owner writes it';
      // Only its owner now deletes it: a tombstone stamped back in a former owner's time would
      // otherwise remove it for good (a counted tombstone is never undone).
      const mayDelete = record.deleted !== undefined && member === owners[owners.length - 1]!.owner;
      const kept = this.filter(id, member, record, allowed, why, mayDelete, `only its owner (${owners[owners.length - 1]!.owner}) may delete a micro-goal`);
      if (kept) out.push(kept);
    }
    this.results.set(id, out);
    for (const r of renegotiations)
      if (!this.results.has(r.id))
        this.results.set(
          r.id,
          this.judgeRenegotiation(r.id, (m) => (m === r.proposer ? undefined : isOtherParty(r, m)), counterOf(r) !== undefined, ownerAt(r.proposed)),
        );
    return out;
  }

  /**
   * A renegotiation: the proposer writes the proposal (and may withdraw it, or accept a
   * counter-proposal); the other party writes the answer. The other party is the micro-goal's
   * owner when someone else proposed, and anyone but the proposer when the owner did, except
   * that only the new owner answers a hand-over (renegotiation.ts `awaitsAnswerFrom`).
   * While the micro-goal's creator is unknown (`otherParty` gives undefined, `owner` is
   * undefined) the answers are kept as they are: the micro-goal is not shown either.
   */
  private judgeRenegotiation(id: string, otherParty: (member: string) => boolean | undefined, countered = false, owner?: string): EntityWrite[] {
    const creation = this.creation(id);
    const proposer = creation.creator!;
    const out: EntityWrite[] = [];
    for (const { member, record } of this.holdersOf(id)) {
      if (this.refusedWhole(id, member, record, creation)) continue;
      const own = member === proposer;
      const party = own ? false : (otherParty(member) ?? true);
      const allowed = (name: string, value: unknown): boolean => {
        if (own) {
          if (name === 'state')
            return value === 'proposed' || value === 'withdrawn' || (value === 'accepted' && (countered || owner === undefined || owner === proposer));
          if (name === 'respondedBy') return value === member;
          return name !== 'counter';
        }
        if (PROPOSAL_FIELDS.has(name)) return false;
        if (name === 'state') return (value === 'accepted' || value === 'countered') && party;
        if (name === 'respondedBy') return value === member && party;
        return (name === 'counter' || name === 'respondedAt') && party;
      };
      const why = (name: string): string => {
        if (own)
          return name === 'counter' ? 'a counter-proposal comes from the other party' : 'the proposer accepts only a counter-proposal, or their own micro-goal';
        if (PROPOSAL_FIELDS.has(name)) return `only the proposer (${proposer}) writes the proposal`;
        if (name === 'respondedBy') return 'an answer is recorded by the person who gives it';
        return owner
          ? `the answer comes from ${owner === proposer ? 'someone other than the proposer' : `the micro-goal's owner (${owner})`}`
          : 'only the other party answers';
      };
      const kept = this.filter(id, member, record, allowed, why, own, `only the proposer (${proposer}) may delete a renegotiation`);
      if (kept) out.push(kept);
    }
    return out;
  }
}

/** The `owner` a renegotiation's change or counter-proposal names, if any. */
function ownerIn(change: unknown): unknown {
  return change !== null && typeof change === 'object' && !Array.isArray(change) ? (change as Record<string, unknown>).owner : undefined;
}

function nameOf(value: unknown): string {
  return typeof value === 'string' ? value : 'no one';
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b));
}

/** Refusals in one order on every machine: by member, entity, field, then the texts. */
export function compareRefusals(a: RefusedWrite, b: RefusedWrite): number {
  return (
    compareText(a.member, b.member) ||
    compareText(a.entity, b.entity) ||
    compareText(a.field, b.field) ||
    compareText(a.what, b.what) ||
    compareText(a.why, b.why) ||
    compareText(a.kind, b.kind)
  );
}
