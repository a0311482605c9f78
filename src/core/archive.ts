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
import { isDay } from './shapes';
import { compareText, type EntityRecord, mergeOwnCopy } from './merge';
import type { Entity, TeamState } from './team';

/** The fewest days of history before today that stay live: about three months of check-ins, so streaks, the Timeline's windows and "done recently" read live files only. */
export const LIVE_DAYS = 92;

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
function utcDay(instant: string | undefined): string | undefined {
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
 * always stay live. Depends only on `state` and `since`.
 */
export function closedPeriods(state: TeamState, since: string): Map<string, string> {
  const out = new Map<string, string>();
  const { entities } = state;
  const put = (id: string, closed: string | undefined) => {
    if (closed !== undefined && closed < since) out.set(id, closed.slice(0, 4));
  };
  const openRenegotiation = new Set<string>();
  for (const [id, r] of entities.renegotiation) {
    if (r.state === 'proposed' || r.state === 'countered') openRenegotiation.add(r.microGoal);
    else put(id, latest(utcDay(r.at), utcDay(r.respondedAt ?? r.at)));
  }
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
  for (const [id, s] of entities.session) put(id, latest(utcDay(s.at), s.cycleEnd));
  for (const [id, r] of entities.reflection) put(id, latest(utcDay(r.at), r.cycleStart));
  for (const [id, a] of entities.away) put(id, latest(utcDay(a.at), a.from, a.to));
  return out;
}

/**
 * Splits one member's live records by `periods` (closedPeriods): a record of a closed entity
 * moves to its period, whoever created the entity; a tombstone and every other record stays.
 * Applying the plan and planning again moves nothing (idempotent), and the member's records
 * merged across all files are the same before and after (see mergeMemberFiles).
 */
export function planArchive(records: Readonly<Record<string, EntityRecord>>, periods: ReadonlyMap<string, string>): ArchivePlan {
  const live: Record<string, EntityRecord> = Object.create(null);
  const moving = new Map<string, Record<string, EntityRecord>>();
  let moved = 0;
  for (const id of Object.keys(records)) {
    const record = records[id]!;
    const period = record.deleted === undefined ? periods.get(id) : undefined;
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
