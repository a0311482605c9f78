/**
 * The partnership's timeline (issue 16 §1): what everyone did lately, newest first, as plain
 * data for the Timeline view. Check-ins, micro-goals done, renegotiations, feedback and kudos,
 * setbacks and their lessons, and the answers to check-ins (responses).
 *
 * Built for the two-year team: one pass over the entities reads each instant once, counts the
 * window and keeps only the page's entries in a bounded heap (never a sort of everything);
 * labels and details are built for the page's entries only. Text is the data as written: the
 * caller makes it display-safe (safeText). Nothing here reads a clock, the host's time zone or
 * its locale.
 */
import { type CheckInStatus, REACTION_LABELS, type Reaction, type ResponseKind } from './entities';
import type { MicroGoalEvidence } from './evidence';
import { clockIn, dayIn } from './dates';
import { instantMs } from './localDays';
import { timeZoneOf } from './members';
import { compareText } from './queries';
import { feedbackText, shortQuote } from './relationshipFollowUps';
import { changeToApply, describeChange } from './renegotiation';
import { type Entity, memberName, type TeamState } from './team';

export type TimelineKind = 'checkIn' | 'done' | 'renegotiation' | 'feedback' | 'kudos' | 'setback' | 'lesson' | 'response';

/** An answer to an entry's entity, as the entry carries it. */
export interface TimelineResponse {
  /** The response's own id (to answer it in turn). */
  readonly id: string;
  readonly by: string;
  readonly kind: ResponseKind;
  readonly reaction?: Reaction;
  readonly note?: string;
  readonly pairAt?: string;
  readonly at: string;
}

export interface TimelineEntry {
  /** Unique and stable: `${kind}:${entityId}` (a setback's lesson is its own entry, `lesson:<setback id>`). */
  readonly key: string;
  readonly kind: TimelineKind;
  /** The entity's id: the check-in, the micro-goal (done), the renegotiation, feedback, setback (setback and lesson) or response. */
  readonly entity: string;
  /**
   * Who did it: the check-in's member, the micro-goal's owner (done), the proposer, the
   * feedback's sender, the setback's member (also for its lesson: the files do not say cheaply
   * who recorded it), the response's author.
   */
  readonly member: string;
  /** The instant as stored (for a lesson: the setback's `reviewedAt`, else its `at`). */
  readonly at: string;
  /** `at` in milliseconds since 1970 (UTC); NaN when it cannot be read. */
  readonly ms: number;
  /** One plain line, the data as written: "Sam checked in: blocked, “waiting for review”". */
  readonly label: string;
  /** Plain lines for a tooltip, each only when its data is there ("Next step: …", "Energy: 4/5", "3 commits"). */
  readonly details: readonly string[];
  /** A check-in's status. */
  readonly status?: CheckInStatus;
  /** By someone other than me, and later than the read mark (`readThrough`). */
  readonly unread: boolean;
  /** Answers to this entry's entity (a check-in's reactions, offers of help, replies), oldest first. */
  readonly responses: readonly TimelineResponse[];
}

export interface TimelineOptions {
  /** The member who reads it: their own entries are never unread, and "you" in labels is them. */
  readonly me: string;
  /** Milliseconds since 1970: only entries strictly later (undefined: all). */
  readonly since?: number;
  /** Only this member's entries (`TimelineEntry.member`). */
  readonly member?: string;
  /** Milliseconds: entries by others later than this are unread (undefined: none is). */
  readonly readThrough?: number;
  /** The page size, default {@link TIMELINE_PAGE}. */
  readonly limit?: number;
  /** The micro-goals' commits (evidence.ts `evidenceFor`), for "N commits" on a done entry. */
  readonly evidence?: ReadonlyMap<string, MicroGoalEvidence>;
}

export interface TimelinePage {
  /** The first `limit` entries of the window, newest first. */
  readonly entries: TimelineEntry[];
  /** How many entries the whole window holds (filters applied). */
  readonly total: number;
  /** How many of them are unread. */
  readonly unread: number;
}

/** The page size of the timeline. */
export const TIMELINE_PAGE = 100;

/** A check-in's status in words: "on track". */
export const CHECK_IN_STATUS_WORDS: Readonly<Record<CheckInStatus, string>> = {
  'on-track': 'on track',
  'at-risk': 'at risk',
  blocked: 'blocked',
  done: 'done',
};

/**
 * A candidate for the page: what ordering needs, and the entity to describe if it makes the
 * page. `canon`: `at` has the `toISOString` shape (UTC, milliseconds: 24 characters), whose
 * text order is its time order, so most comparisons never read the instant as a number.
 */
interface Candidate {
  readonly kind: TimelineKind;
  readonly at: string;
  readonly canon: boolean;
  /** `instantMs(at)`, read when first needed. */
  ms: number | undefined;
  readonly entity: TimelineSource;
}

type TimelineSource = Entity<'checkIn'> | Entity<'microGoal'> | Entity<'renegotiation'> | Entity<'feedback'> | Entity<'setback'> | Entity<'response'>;

/**
 * The timeline of `state` as `options.me` reads it: one page of entries, newest first by
 * instant (`ms`; equal instants in code-unit order of `key`; entries whose instant cannot be
 * read come last), with `total` and `unread` counted over the whole window (`since` and
 * `member` applied). Entries:
 * - `checkIn`: every check-in, at its `at`;
 * - `done`: every micro-goal that is done and says when (`doneAt`);
 * - `renegotiation`: every renegotiation, at its proposal's `at`, its state in the label;
 * - `feedback` (appreciation, observation) and `kudos`, at the feedback's `at`;
 * - `setback` at its `at`, and `lesson` for a setback with a lesson, at its `reviewedAt` (else `at`);
 * - `response`: every answer to a check-in or to an answer, at its `at`.
 * Cost: one pass over those entities and a heap of `limit` entries; only the page is described.
 */
export function timelineOf(state: TeamState, options: TimelineOptions): TimelinePage {
  const limit = Math.max(0, Math.floor(options.limit ?? TIMELINE_PAGE));
  const window = new TimelineWindow(options, limit);
  const { entities } = state;
  for (const c of entities.checkIn.values()) window.consider('checkIn', c.member, c.at, c);
  for (const m of entities.microGoal.values()) if (m.done && m.doneAt !== undefined) window.consider('done', m.owner, m.doneAt, m);
  for (const r of entities.renegotiation.values()) window.consider('renegotiation', r.proposer, r.at, r);
  for (const f of entities.feedback.values()) window.consider(f.type === 'kudos' ? 'kudos' : 'feedback', f.from, f.at, f);
  for (const s of entities.setback.values()) {
    window.consider('setback', s.member, s.at, s);
    if (s.lesson?.trim()) window.consider('lesson', s.member, s.reviewedAt ?? s.at, s);
  }
  for (const r of entities.response.values()) window.consider('response', r.by, r.at, r);

  const page = window.page();
  const answers = page.length ? responsesByTarget(state) : new Map<string, TimelineResponse[]>();
  const entries = page.map((candidate) => describe(state, options, candidate, answers));
  return { entries, total: window.total, unread: window.unread };
}

/**
 * The newest readable instant of `entries` (milliseconds), to mark them read; undefined when
 * there is none.
 */
export function timelineReadThrough(entries: readonly TimelineEntry[]): number | undefined {
  let newest: number | undefined;
  for (const entry of entries) if (!Number.isNaN(entry.ms) && (newest === undefined || entry.ms > newest)) newest = entry.ms;
  return newest;
}

// ---------------------------------------------------------------------------------------
// The window and its page: counts, and a bounded heap whose root is the worst entry kept.

/**
 * Whether a stored instant has the `toISOString` shape (UTC, milliseconds, 24 characters):
 * such instants compare by time as text, with no parsing (every stored instant was validated
 * by entities.ts `InstantSchema`, so its digits are digits).
 */
export function isCanonicalInstant(at: string): boolean {
  return at.length === 24 && at.charCodeAt(10) === 84 /* T */ && at.charCodeAt(23) === 90; /* Z */
}

/** The latest instant `toISOString` writes in four digits of year. */
const LAST_CANONICAL_MS = 253_402_300_799_999;

/**
 * A bound in milliseconds as the canonical text that a canonical instant is later than exactly
 * when its milliseconds are later than the bound; undefined when the bound is outside the
 * years 1970–9999 (then the instants are read as numbers).
 */
function boundText(bound: number | undefined): string | undefined {
  if (bound === undefined) return undefined;
  const whole = Math.floor(bound); // an instant's ms is whole: ms > 5.5 exactly when ms > 5
  return whole >= 0 && whole <= LAST_CANONICAL_MS ? new Date(whole).toISOString() : undefined;
}

function msOf(c: Candidate): number {
  return (c.ms ??= instantMs(c.at));
}

/** Negative when `a` comes before `b` on the timeline (newer; then key order; unreadable instants last). */
function compareCandidates(a: Candidate, b: Candidate): number {
  if (a.canon && b.canon) {
    if (a.at !== b.at) return a.at > b.at ? -1 : 1;
  } else {
    const am = msOf(a);
    const bm = msOf(b);
    const aNaN = Number.isNaN(am);
    const bNaN = Number.isNaN(bm);
    if (aNaN !== bNaN) return aNaN ? 1 : -1;
    if (!aNaN && am !== bm) return bm - am;
  }
  // No kind is a prefix of another, so comparing kind then id is comparing `${kind}:${id}`.
  return compareText(a.kind, b.kind) || compareText(a.entity.id, b.entity.id);
}

/** One pass over the candidates: the window's counts, and its first `limit` entries in a max-heap by timeline order. */
class TimelineWindow {
  total = 0;
  unread = 0;
  private readonly items: Candidate[] = [];
  private readonly me: string;
  private readonly only: string | undefined;
  private readonly since: number | undefined;
  private readonly sinceText: string | undefined;
  private readonly readThrough: number | undefined;
  private readonly readText: string | undefined;

  constructor(
    options: TimelineOptions,
    private readonly limit: number,
  ) {
    this.me = options.me;
    this.only = options.member;
    this.since = options.since;
    this.sinceText = boundText(options.since);
    this.readThrough = options.readThrough;
    this.readText = boundText(options.readThrough);
  }

  consider(kind: TimelineKind, by: string, at: string, entity: TimelineSource): void {
    if (this.only !== undefined && by !== this.only) return;
    const canon = isCanonicalInstant(at);
    let ms: number | undefined;
    if (this.since !== undefined) {
      if (canon && this.sinceText !== undefined) {
        if (!(at > this.sinceText)) return;
      } else if (!((ms ??= instantMs(at)) > this.since)) return;
    }
    this.total++;
    if (this.readThrough !== undefined && by !== this.me) {
      if (canon && this.readText !== undefined ? at > this.readText : (ms ??= instantMs(at)) > this.readThrough) this.unread++;
    }
    this.offer(kind, at, canon, ms, entity);
  }

  /** The kept entries, first on the timeline first. */
  page(): Candidate[] {
    return [...this.items].sort(compareCandidates);
  }

  private offer(kind: TimelineKind, at: string, canon: boolean, ms: number | undefined, entity: TimelineSource): void {
    const items = this.items;
    if (items.length < this.limit) {
      items.push({ kind, at, canon, ms, entity });
      this.up(items.length - 1);
      return;
    }
    if (this.limit === 0) return;
    const worst = items[0]!;
    // Most candidates of a long history are older than the whole page: refuse them before allocating.
    if (canon && worst.canon && at < worst.at) return;
    const candidate: Candidate = { kind, at, canon, ms, entity };
    if (compareCandidates(candidate, worst) >= 0) return;
    items[0] = candidate;
    this.down(0);
  }

  private up(i: number): void {
    const items = this.items;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compareCandidates(items[i]!, items[parent]!) <= 0) return;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  private down(i: number): void {
    const items = this.items;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let last = i;
      if (left < items.length && compareCandidates(items[left]!, items[last]!) > 0) last = left;
      if (right < items.length && compareCandidates(items[right]!, items[last]!) > 0) last = right;
      if (last === i) return;
      [items[i], items[last]] = [items[last]!, items[i]!];
      i = last;
    }
  }
}

// ---------------------------------------------------------------------------------------
// Describing the page's entries

/** Every response by the entity it answers, oldest first (instant, then id). */
function responsesByTarget(state: TeamState): Map<string, TimelineResponse[]> {
  const byTarget = new Map<string, { ms: number; response: TimelineResponse }[]>();
  for (const r of state.entities.response.values()) {
    const list = byTarget.get(r.to) ?? [];
    if (list.length === 0) byTarget.set(r.to, list);
    list.push({ ms: instantMs(r.at), response: timelineResponse(r) });
  }
  const out = new Map<string, TimelineResponse[]>();
  for (const [to, list] of byTarget) {
    list.sort((a, b) => oldestFirst(a.ms, b.ms) || compareText(a.response.id, b.response.id));
    out.set(
      to,
      list.map((item) => item.response),
    );
  }
  return out;
}

/** Oldest first, unreadable instants last. */
function oldestFirst(a: number, b: number): number {
  const aNaN = Number.isNaN(a);
  const bNaN = Number.isNaN(b);
  if (aNaN || bNaN) return aNaN === bNaN ? 0 : aNaN ? 1 : -1;
  return a - b;
}

function timelineResponse(r: Entity<'response'>): TimelineResponse {
  return {
    id: r.id,
    by: r.by,
    kind: r.kind,
    ...(r.reaction !== undefined ? { reaction: r.reaction } : {}),
    ...(r.note !== undefined ? { note: r.note } : {}),
    ...(r.pairAt !== undefined ? { pairAt: r.pairAt } : {}),
    at: r.at,
  };
}

const FEEDBACK_LABEL: Record<Entity<'feedback'>['type'], (from: string, to: string) => string> = {
  appreciation: (from, to) => `${from} appreciated ${to}`,
  observation: (from, to) => `${from} shared an observation with ${to}`,
  kudos: (from, to) => `${from} sent kudos to ${to}`,
};

function describe(state: TeamState, options: TimelineOptions, candidate: Candidate, answers: ReadonlyMap<string, TimelineResponse[]>): TimelineEntry {
  const { me, readThrough } = options;
  const name = (member: string) => memberName(state, member);
  /** A member as the object of a sentence: "you" for me. */
  const whom = (member: string) => (member === me ? 'you' : name(member));
  const { kind, entity } = candidate;
  const ms = msOf(candidate);
  let member: string;
  let at: string;
  let label: string;
  let details: string[];
  let status: CheckInStatus | undefined;
  switch (kind) {
    case 'checkIn': {
      const c = entity as Entity<'checkIn'>;
      ({ member, at, status } = c);
      label = `${name(member)} checked in: ${CHECK_IN_STATUS_WORDS[c.status]}${c.note?.trim() ? `, “${shortQuote(c.note)}”` : ''}`;
      details = checkInDetails(state, c);
      break;
    }
    case 'done': {
      const m = entity as Entity<'microGoal'>;
      member = m.owner;
      at = m.doneAt!;
      label = `${name(member)} finished “${m.title}”`;
      details = [];
      const goal = m.goal !== undefined ? state.entities.goal.get(m.goal) : undefined;
      if (goal) details.push(`Goal: ${goal.title}`);
      const commits = options.evidence?.get(m.id)?.commits.filter((commit) => !commit.reverted).length ?? 0;
      if (commits > 0) details.push(commits === 1 ? '1 commit' : `${commits} commits`);
      break;
    }
    case 'renegotiation': {
      const r = entity as Entity<'renegotiation'>;
      member = r.proposer;
      at = r.at;
      const title = state.entities.microGoal.get(r.microGoal)?.title;
      const change = describeChange(changeToApply(r), name);
      label = `${name(member)} proposed ${title !== undefined ? `a change to “${title}”` : 'a change'}: ${change}${RENEGOTIATION_STATE[r.state]}`;
      details = [`Reason: ${r.reason}`];
      if (r.state === 'countered' && r.counter) details.push(`Suggested instead: ${describeChange(r.counter, name)}`);
      if (r.respondedBy !== undefined && r.state !== 'proposed')
        details.push(`Answered by ${name(r.respondedBy)}${r.respondedAt ? ` at ${r.respondedAt}` : ''}`);
      break;
    }
    case 'feedback':
    case 'kudos': {
      const f = entity as Entity<'feedback'>;
      member = f.from;
      at = f.at;
      label = `${FEEDBACK_LABEL[f.type](name(member), whom(f.to))}: “${shortQuote(f.behaviour)}”`;
      details = feedbackText(f).split('\n');
      const about = f.about !== undefined ? aboutTitle(state, f.about) : undefined;
      if (about !== undefined) details.push(`About: ${about}`);
      break;
    }
    case 'setback': {
      const s = entity as Entity<'setback'>;
      member = s.member;
      at = s.at;
      label = `${name(member)} had a setback: “${shortQuote(s.whatHappened)}”`;
      details = [`What happened: ${s.whatHappened}`];
      const about = aboutTitle(state, s.about);
      if (about !== undefined) details.push(`About: ${about}`);
      if (s.rootCause) details.push(`Root cause: ${s.rootCause}`);
      if (s.followUp) details.push(`Follow-up on ${s.followUp}`);
      if (s.lesson?.trim()) details.push(`Lesson: ${s.lesson}`);
      break;
    }
    case 'lesson': {
      const s = entity as Entity<'setback'>;
      member = s.member;
      at = s.reviewedAt ?? s.at;
      label = `${name(member)} learned: “${shortQuote(s.lesson ?? '')}”`;
      details = [`Lesson: ${s.lesson ?? ''}`, `From the setback: ${s.whatHappened}`];
      break;
    }
    case 'response': {
      const r = entity as Entity<'response'>;
      member = r.by;
      at = r.at;
      ({ label, details } = describeResponse(state, me, r));
      break;
    }
  }
  return {
    key: `${kind}:${entity.id}`,
    kind,
    entity: entity.id,
    member,
    at,
    ms,
    label,
    details,
    ...(status !== undefined ? { status } : {}),
    unread: readThrough !== undefined && member !== me && ms > readThrough,
    responses: answers.get(entity.id) ?? [],
  };
}

const RENEGOTIATION_STATE: Record<Entity<'renegotiation'>['state'], string> = {
  proposed: ' (waiting for an answer)',
  accepted: ' (accepted)',
  countered: ' (a counter-proposal)',
  withdrawn: ' (withdrawn)',
};

function aboutTitle(state: TeamState, id: string): string | undefined {
  return state.entities.microGoal.get(id)?.title ?? state.entities.goal.get(id)?.title;
}

/** A check-in's tooltip: status, note, helped, got in the way, next step, energy, and the micro-goals it names, each when present. */
function checkInDetails(state: TeamState, c: Entity<'checkIn'>): string[] {
  const details = [`Status: ${CHECK_IN_STATUS_WORDS[c.status]}`];
  if (c.note?.trim()) details.push(`Note: ${c.note}`);
  if (c.helped?.trim()) details.push(`Helped: ${c.helped}`);
  if (c.hindered?.trim()) details.push(`Got in the way: ${c.hindered}`);
  if (c.next?.trim()) details.push(`Next step: ${c.next}`);
  if (c.energy !== undefined) details.push(`Energy: ${c.energy}/5`);
  const titles = c.microGoals.map((id) => state.entities.microGoal.get(id)?.title).filter((title): title is string => title !== undefined);
  if (titles.length) details.push(`Micro-goals: ${titles.map((title) => `“${title}”`).join(', ')}`);
  return details;
}

/**
 * What an answer reads as, seen by `me`: "Sam gave a thumbs up to your check-in", "Sam offered
 * you help: “…”", "Sam replied to Alex: “…”". The answered entity is a check-in or another
 * response; "your" when it is mine. A proposed pairing time is given on `me`'s clock
 * (`timeZoneOf`): "Pairing: 2026-03-12 14:00".
 */
export function describeResponse(state: TeamState, me: string, r: Entity<'response'>): { label: string; details: string[] } {
  const name = memberName(state, r.by);
  const checkIn = state.entities.checkIn.get(r.to);
  const answered = state.entities.response.get(r.to);
  const author = checkIn?.member ?? answered?.by;
  const whose = author === me ? 'your' : `${memberName(state, author ?? '')}'s`;
  // The answered entity may not be here (deleted, or its author's file not pulled yet).
  const thing = author === undefined ? 'an update' : `${whose} ${checkIn ? 'check-in' : ANSWER_NOUN[answered!.kind]}`;
  const whom = author === undefined ? '' : author === me ? ' you' : ` ${memberName(state, author)}`;
  const note = r.note?.trim() ? `: “${shortQuote(r.note)}”` : '';
  const details: string[] = [];
  let label: string;
  switch (r.kind) {
    case 'reaction': {
      const reaction = r.reaction !== undefined ? REACTION_LABELS[r.reaction] : undefined;
      label = `${name} ${reaction ? reaction.verb : 'reacted to'} ${thing}${note}`;
      if (reaction) details.push(`Reaction: ${reaction.label}`);
      break;
    }
    case 'help':
      label = `${name} offered${whom} help${note}`;
      break;
    case 'reply':
      label = `${name} replied${whom ? ` to${whom}` : ''}${note}`;
      break;
  }
  if (r.note?.trim()) details.push(`Note: ${r.note}`);
  if (r.pairAt !== undefined) details.push(`Pairing: ${pairingOnClock(r.pairAt, timeZoneOf(state, me))}`);
  if (checkIn) details.push(`On ${thing}: ${CHECK_IN_STATUS_WORDS[checkIn.status]}${checkIn.note?.trim() ? `, “${shortQuote(checkIn.note)}”` : ''}`);
  return { label, details };
}

/** A pairing time (an ISO instant) on a member's clock: "2026-03-12 14:00"; as stored when it cannot be read. */
export function pairingOnClock(at: string, timeZone: string): string {
  const ms = instantMs(at);
  return Number.isFinite(ms) ? `${dayIn(new Date(ms), timeZone)} ${clockIn(new Date(ms), timeZone)}` : at;
}

const ANSWER_NOUN: Record<ResponseKind, string> = { reaction: 'reaction', help: 'offer of help', reply: 'reply' };
