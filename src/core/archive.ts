/**
 * Closed history and the live file (issue 20 §1). A member's records live in two kinds of file,
 * each written only by that member:
 *
 * - the live file, `people/<id>.json`: everything still open or recent;
 * - closed periods, `people/<id>/<year>.json`: records of entities closed before the live
 *   window, by the UTC year they closed in.
 *
 * Which file holds a record changes nothing of the merge: a member's records are the per-field
 * merge of all of their files (`mergeMemberFiles`), so the laws of merge.ts hold across files,
 * and a partner's later write to an archived entity merges once the archive is read. Moving
 * records is done by their owner, with the rule below, which depends only on the merged state
 * and the day, so two machines that move at once write the same files.
 */
import { addDaysToDay } from './dates';
import { REQUIRED_FIELDS } from './authority';
import { isDay } from './shapes';
import { compareText, type EntityRecord, mergeOwnCopy } from './merge';
import type { Entity, TeamState } from './team';

/**
 * The fewest days of history before today that stay live: five weeks, so the Timeline's
 * longest window (the last 30 days) and "done recently" read live files only, with days to
 * spare for time zones. Issue 20 asks for the current and the last planning cycle; the window is
 * never shorter than that (liveSince). Three months (92 days) kept about a third more in the
 * live files of the benchmark's 50×5 team (10.6 MB, against 7.6 MB), all of it read and merged
 * at every start; streaks longer than the live window read "at least" in the Partners view.
 */
export const LIVE_DAYS = 35;

/** A closed period's name: the four-digit UTC year its entities closed in (`2024`). */
export const ARCHIVE_PERIOD_PATTERN = /^\d{4}$/;

/** Records of one member, split: what stays in the live file, and what moves to each closed period. */
export interface ArchivePlan {
  /** The records the live file keeps (the same objects as the input's). */
  readonly live: Record<string, EntityRecord>;
  /** The records to move, by period (`2024`), in period order. */
  readonly periods: ReadonlyMap<string, Record<string, EntityRecord>>;
  /** How many records move. */
  readonly moved: number;
}

/** What closedPeriods decides: the period each closed entity moves to, and what each must wait for. */
export interface ClosedEntities {
  /** The period (`2024`) of each entity that may leave the live files. */
  readonly periods: ReadonlyMap<string, string>;
  /**
   * Entities whose records wait until another entity has left the live files: a renegotiation
   * waits for its micro-goal, whose authority it carries (an accepted hand-over).
   */
  readonly waitsFor: ReadonlyMap<string, string>;
}

/**
 * The first day of the live window: `today` less the larger of LIVE_DAYS and two planning
 * cycles (the current cycle and the last one, which the Review reads), as `YYYY-MM-DD`. An
 * entity that closed before it may move to a closed period. Throws on a malformed `today`.
 */
export function liveSince(today: string, state: Pick<TeamState, 'team'>): string {
  if (!isDay(today)) throw new Error(`Not a day: ${today}`);
  return addDaysToDay(today, -Math.max(LIVE_DAYS, 2 * state.team.cycleDays));
}

/** The UTC day of an ISO instant (`2026-03-14T23:30:00-05:00` → `2026-03-15`), undefined when it is not one. */
export function utcDay(instant: string | undefined): string | undefined {
  if (instant === undefined) return undefined;
  const time = Date.parse(instant);
  return Number.isFinite(time) ? new Date(time).toISOString().slice(0, 10) : undefined;
}

/** The latest of some days (`YYYY-MM-DD`, compared as text); undefined when one is unknown. */
function latest(...days: (string | undefined)[]): string | undefined {
  let out = '';
  for (const day of days) {
    if (day === undefined) return undefined;
    if (day > out) out = day;
  }
  return out || undefined;
}

/**
 * Each entity of `state` that may leave the live files, with the period it moves to (its
 * closing day's year), for the live window that starts on `since` (see liveSince). An entity
 * moves only when it is closed and closed before `since`:
 *
 * - a check-in, an answer to one: when written;
 * - a micro-goal: done, with no renegotiation still open, and its goal not active;
 * - a goal: achieved or dropped, created before `since`, with all of its micro-goals moving;
 *   it closes when the last of them was done;
 * - feedback: once acknowledged; a setback: once reviewed and past its follow-up day;
 * - a renegotiation: accepted or withdrawn; a planning session: its cycle ended; a
 *   reflection: its cycle began and it was written; an away period: it ended.
 *
 * Profiles, team settings, holidays, covenant acknowledgments, deleted and incomplete entities
 * always stay live; so do each member's latest check-in, the micro-goals it names and its
 * answers, the latest planning session, and anything whose closing day is not in the years
 * 0000–9999. Depends only on `state` and `today` (a UTC day, `YYYY-MM-DD`).
 */
export function closedPeriods(state: TeamState, today: string): ClosedEntities {
  const since = liveSince(today, state);
  const out = new Map<string, string>();
  const waitsFor = new Map<string, string>();
  const { entities } = state;
  // Each member's latest check-in stays live: the Partners view shows it, and the status bar and
  // the Timeline start at it. (A streak older than the live window is shown as "at least",
  // core/partners.ts; keeping its check-ins would keep years of them for a steady member.) What
  // it names and its answers stay with it, so what it says ("blocked on …") reads the same.
  const keep = new Set<string>();
  const latestOf = new Map<string, Entity<'checkIn'>>();
  for (const c of entities.checkIn.values()) {
    const before = latestOf.get(c.member);
    if (!before || c.at > before.at || (c.at === before.at && c.id > before.id)) latestOf.set(c.member, c);
  }
  for (const c of latestOf.values()) {
    keep.add(c.id);
    for (const id of c.microGoals) keep.add(id);
  }
  for (const [id, r] of entities.response) if (keep.has(r.to)) keep.add(id);
  const put = (id: string, closed: string | undefined) => {
    // A closing day before the year 0000 or after 9999 names no period Accord reads: it stays live.
    if (closed === undefined || keep.has(id) || !/^\d{4}-/.test(closed)) return;
    if (closed < since) out.set(id, closed.slice(0, 4));
  };
  const openRenegotiation = new Set<string>();
  for (const r of entities.renegotiation.values()) if (r.state === 'proposed' || r.state === 'countered') openRenegotiation.add(r.microGoal);
  for (const [id, c] of entities.checkIn) put(id, utcDay(c.at));
  for (const [id, r] of entities.response) put(id, utcDay(r.at));
  // The micro-goals of each goal: a goal closes with the last of them.
  const ofGoal = new Map<string, Entity<'microGoal'>[]>();
  for (const m of entities.microGoal.values()) {
    if (m.goal === undefined) continue;
    const list = ofGoal.get(m.goal);
    if (list) list.push(m);
    else ofGoal.set(m.goal, [m]);
  }
  const microGoalClosed = (m: Entity<'microGoal'>): string | undefined => {
    if (!m.done || openRenegotiation.has(m.id)) return undefined;
    if (m.goal !== undefined && entities.goal.get(m.goal)?.state === 'active') return undefined;
    return utcDay(m.doneAt);
  };
  for (const m of entities.microGoal.values()) put(m.id, microGoalClosed(m));
  for (const [id, g] of entities.goal) {
    if (g.state === 'active') continue;
    const steps = ofGoal.get(id) ?? [];
    put(id, latest(utcDay(g.createdAt), ...steps.map((m) => (out.has(m.id) ? microGoalClosed(m) : undefined))));
  }
  for (const [id, f] of entities.feedback) if (f.acknowledgedAt !== undefined) put(id, latest(utcDay(f.at), utcDay(f.acknowledgedAt)));
  for (const [id, s] of entities.setback) if (s.reviewedAt !== undefined) put(id, latest(utcDay(s.at), utcDay(s.reviewedAt), s.followUp ?? ''));
  // The latest session stays live: the cycle under review starts with it.
  let lastSession: Entity<'session'> | undefined;
  for (const s of entities.session.values())
    if (!lastSession || s.cycleStart > lastSession.cycleStart || (s.cycleStart === lastSession.cycleStart && s.id > lastSession.id)) lastSession = s;
  for (const [id, s] of entities.session) if (id !== lastSession?.id) put(id, latest(utcDay(s.at), s.cycleEnd));
  // A renegotiation closes when answered, and leaves with its micro-goal, never before it.
  for (const [id, r] of entities.renegotiation) {
    if (r.state === 'proposed' || r.state === 'countered') continue;
    if (entities.microGoal.has(r.microGoal) && !out.has(r.microGoal)) continue;
    put(id, latest(utcDay(r.at), utcDay(r.respondedAt ?? r.at)));
    // Waits only for a micro-goal that is shown: a deleted one's tombstone never leaves.
    if (out.has(id) && entities.microGoal.has(r.microGoal)) waitsFor.set(id, r.microGoal);
  }
  for (const [id, r] of entities.reflection) put(id, latest(utcDay(r.at), r.cycleStart));
  for (const [id, a] of entities.away) put(id, latest(utcDay(a.at), a.from, a.to));
  return { periods: out, waitsFor };
}

/** Whether a record holds every field its kind requires: the creation, not a later write to part of it. */
export function isWholeRecord(record: EntityRecord): boolean {
  const required = (REQUIRED_FIELDS as Record<string, readonly string[] | undefined>)[record.kind];
  return required !== undefined && required.every((name) => record.fields[name] !== undefined && record.fields[name] !== null);
}

/**
 * Splits one member's live records by `closed` (closedPeriods): a record of a closed entity
 * moves to its period, whoever created the entity; a tombstone and every other record stays.
 * `wholeElsewhere(id)` says whether another member's live file still holds the whole record
 * of an entity (isWholeRecord, its creation): a part of it (a partner's tick, an
 * acknowledgment, an answer) then waits until that record has left, and an entity that waits
 * for another (ClosedEntities.waitsFor) waits until no one's live file holds that one whole
 * but mine, in this same move. So the live files alone never show a closed entry as it was
 * before its last write: they show it whole, or not at all. Applying the plan and planning
 * again moves nothing (idempotent), and the member's records merged across all files are the
 * same before and after (see mergeMemberFiles).
 */
export function planArchive(
  records: Readonly<Record<string, EntityRecord>>,
  closed: ClosedEntities,
  wholeElsewhere: (id: string) => boolean = () => false,
): ArchivePlan {
  const live: Record<string, EntityRecord> = Object.create(null);
  const moving = new Map<string, Record<string, EntityRecord>>();
  let moved = 0;
  const leaves = (id: string, record: EntityRecord | undefined): boolean =>
    record !== undefined && record.deleted === undefined && closed.periods.has(id) && (isWholeRecord(record) || !wholeElsewhere(id));
  for (const id of Object.keys(records)) {
    const record = records[id]!;
    const after = closed.waitsFor.get(id);
    const free = after === undefined || (!wholeElsewhere(after) && (!Object.hasOwn(records, after) || leaves(after, records[after])));
    const period = leaves(id, record) && free ? closed.periods.get(id) : undefined;
    if (period === undefined) {
      live[id] = record;
      continue;
    }
    let into = moving.get(period);
    if (!into) moving.set(period, (into = Object.create(null) as Record<string, EntityRecord>));
    into[id] = record;
    moved++;
  }
  const ordered = new Map([...moving].sort(([a], [b]) => compareText(a, b)));
  return { live, periods: ordered, moved };
}

/** What comes back to the live file from closed periods: the records, and what each period keeps. */
export interface ReturnPlan {
  /** The records that come back, by entity id. */
  readonly back: Record<string, EntityRecord>;
  /** Each period that gives records back, with the records it keeps. */
  readonly periods: ReadonlyMap<string, Record<string, EntityRecord>>;
  /** How many records come back. */
  readonly returned: number;
}

/**
 * The records of `member`'s closed periods (`archived`, by period) whose entity is shown and
 * no longer closed (`closed`, closedPeriods): reopened by a later write that crossed the move
 * in git, or back in the live window by the rule (a streak that reaches back to it). They
 * return to the live file, so the views show them again. Records of entities that are not
 * shown (deleted, incomplete) stay where they are. Depends only on its inputs.
 */
export function planReturn(
  member: string,
  archived: ReadonlyMap<string, Readonly<Record<string, EntityRecord>>>,
  closed: ClosedEntities,
  shown: (id: string) => boolean,
): ReturnPlan {
  const back: Record<string, EntityRecord> = Object.create(null);
  const periods = new Map<string, Record<string, EntityRecord>>();
  let returned = 0;
  for (const [period, records] of archived) {
    let keep: Record<string, EntityRecord> | undefined;
    for (const id of Object.keys(records)) {
      if (closed.periods.has(id) || !shown(id) || records[id]!.deleted !== undefined) continue;
      keep ??= Object.assign(Object.create(null) as Record<string, EntityRecord>, records);
      delete keep[id];
      back[id] = Object.hasOwn(back, id) ? mergeMemberFiles(member, [{ [id]: back[id]! }, { [id]: records[id]! }])[id]! : records[id]!;
      returned++;
    }
    if (keep) periods.set(period, keep);
  }
  return { back, periods, returned };
}

/**
 * One member's records across their files (the live file, closed periods, copies): merged per
 * field with mergeOwnCopy, so the result does not depend on which file holds a record or on
 * the order of the files. Returns the first file's records themselves when the others add
 * nothing.
 */
export function mergeMemberFiles(member: string, files: readonly Readonly<Record<string, EntityRecord>>[]): Record<string, EntityRecord> {
  let out: Record<string, EntityRecord> = (files[0] as Record<string, EntityRecord> | undefined) ?? Object.create(null);
  for (let i = 1; i < files.length; i++) out = mergeOwnCopy(member, out, files[i] as Record<string, EntityRecord>);
  return out;
}

/**
 * `records` without those that `closed` (the member's closed periods, merged) already holds
 * with every write they carry: copies of a record from before it moved (a branch, another
 * machine, a crash between the two writes of a move). A record with a later write stays.
 * Returns `records` itself when nothing is dropped.
 */
export function withoutMoved(
  member: string,
  records: Record<string, EntityRecord>,
  closed: Readonly<Record<string, EntityRecord>>,
): Record<string, EntityRecord> {
  let out: Record<string, EntityRecord> | undefined;
  for (const id of Object.keys(records)) {
    const done = Object.hasOwn(closed, id) ? closed[id] : undefined;
    if (done === undefined) continue;
    const base = { [id]: done };
    if (mergeOwnCopy(member, base, { [id]: records[id]! }) !== base) continue;
    out ??= Object.assign(Object.create(null) as Record<string, EntityRecord>, records);
    delete out[id];
  }
  return out ?? records;
}
