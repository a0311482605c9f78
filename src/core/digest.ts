/**
 * The digest (issue 17 §3): what happened in a period, per person, for colleagues who read the
 * partnership's record outside the editor. A pure function of the team state, the period and
 * "today"; the renderers (markdown, json, html) are in digestFormat.ts.
 *
 * Days. Every entry is placed on the calendar day its writer's own clock showed (their profile's
 * time zone; UTC for a writer without a profile), as the metrics, the Review and the dashboard
 * place them (TeamMetrics). "Today" is the latest day any member's clock shows now
 * ({@link digestToday}), so nothing written so far falls outside "today" for anyone, and the
 * host's own zone never enters.
 *
 * Tone: learning, never blame. Setbacks come with their lessons (or the follow-up day on which
 * the lesson is recorded), and a micro-goal renegotiated before it was due counts apart.
 */
import { currentCycle } from './cycles';
import { addDaysToDay, dayIn, daysBetween } from './dates';
import type { CheckInStatus } from './entities';
import { toLesson } from './lessons';
import { memberProfile } from './members';
import { dayNumber, dayString, instantMs, type MicroGoalResult, TeamMetrics } from './metrics';
import { compareNames, compareText } from './queries';
import { isDay } from './shapes';
import { blockedPartners } from './support';
import { type Entity, memberName, type TeamState } from './team';
import { memberIdOf } from './ids';

/** The version of the digest's json shape; raised when a field changes meaning or goes away. */
export const DIGEST_VERSION = 1;

/** The longest `--since <N>d`: a year and a day. */
export const MAX_SINCE_DAYS = 366;

/** The forms `--since` takes, as a usage error names them. */
export const SINCE_FORMS = `1d, 7d, <N>d (N from 1 to ${MAX_SINCE_DAYS}) or a date like 2026-11-17`;

/** The period asked for: the last N days, since a day, or the current planning cycle. */
export type PeriodRequest = { readonly kind: 'days'; readonly days: number } | { readonly kind: 'since'; readonly day: string } | { readonly kind: 'cycle' };

/** The period a digest covers: from `from` to `to`, both calendar days included. */
export interface DigestPeriod {
  readonly kind: PeriodRequest['kind'];
  /** The first day, `YYYY-MM-DD`. */
  readonly from: string;
  /** The last day, `YYYY-MM-DD`: today. */
  readonly to: string;
  /** How many calendar days it covers (from and to included). */
  readonly days: number;
  /** For `days`: the N of `--since <N>d`. */
  readonly sinceDays?: number;
  /** For `cycle`: the cycle's own days (it may end after today), and whether a planning session started it. */
  readonly cycle?: { readonly start: string; readonly end: string; readonly fromSession: boolean };
}

/**
 * Reads a `--since` value: `<N>d` (N from 1 to {@link MAX_SINCE_DAYS}, `7d`) or a real calendar
 * day (`2026-11-17`). Undefined when it is neither.
 */
export function parseSince(text: string): PeriodRequest | undefined {
  const value = text.trim();
  const relative = /^(\d{1,3})d$/i.exec(value);
  if (relative) {
    const days = Number(relative[1]);
    return days >= 1 && days <= MAX_SINCE_DAYS ? { kind: 'days', days } : undefined;
  }
  return isDay(value) ? { kind: 'since', day: value } : undefined;
}

/** A period that cannot be: a `--since` day after today. Its message says so in plain words. */
export class DigestPeriodError extends Error {}

/**
 * Today for a digest taken at `now`: the latest calendar day any member's clock shows (each in
 * their profile's time zone, computed as dayIn does; a zone this runtime does not know counts as
 * UTC). With no member set up, the day in UTC. Never the host's zone.
 */
export function digestToday(state: TeamState, now: Date): string {
  let today: string | undefined;
  for (const member of state.entities.member.values()) {
    const day = dayIn(now, member.timeZone);
    if (today === undefined || day > today) today = day;
  }
  return today ?? dayIn(now, 'UTC');
}

/**
 * The days `request` covers up to `today` (`YYYY-MM-DD`):
 * - `days` N: from the day N days before today to today (`7d` on 2026-11-24 is 2026-11-17 to
 *   2026-11-24, the same as `--since 2026-11-17`), so it holds everything of the last N × 24 hours;
 * - `since` a day: from that day to today; throws DigestPeriodError for a day after today;
 * - `cycle`: the current planning cycle (cycles.ts `currentCycle`: the latest session covering
 *   today, else the cycle a session started today would plan), from its start to today.
 */
export function resolvePeriod(state: TeamState, request: PeriodRequest, today: string): DigestPeriod {
  if (request.kind === 'days') return period('days', addDaysToDay(today, -request.days), today, { sinceDays: request.days });
  if (request.kind === 'since') {
    if (request.day > today) throw new DigestPeriodError(`${request.day} is after today (${today}): a digest covers days that have begun.`);
    return period('since', request.day, today);
  }
  const cycle = currentCycle(state, today);
  return period('cycle', cycle.start, today, { cycle: { start: cycle.start, end: cycle.end, fromSession: cycle.fromSession } });
}

function period(kind: PeriodRequest['kind'], from: string, to: string, extra: Partial<DigestPeriod> = {}): DigestPeriod {
  return { kind, from, to, days: daysBetween(from, to) + 1, ...extra };
}

/** A check-in of the period, the data as written. */
export interface DigestCheckIn {
  readonly id: string;
  /** The day, in its writer's zone. */
  readonly day: string;
  readonly at: string;
  readonly status: CheckInStatus;
  readonly note?: string;
  readonly helped?: string;
  readonly hindered?: string;
  readonly next?: string;
  /** 1–5, when given. */
  readonly energy?: number;
}

/** How a finished micro-goal went, in the metrics' terms (metrics.ts MicroGoalResult). */
export type DoneOutcome = Extract<MicroGoalResult, 'onTime' | 'renegotiated' | 'doneLate'>;

/** A micro-goal finished in the period. */
export interface DigestDone {
  readonly id: string;
  readonly title: string;
  /** The day it was finished, in its owner's zone. */
  readonly day: string;
  readonly due?: string;
  /** `onTime`, `renegotiated` (an accepted renegotiation proposed before it was due), or `doneLate` (finished after its due day). */
  readonly outcome: DoneOutcome;
  /** The title of its goal, when it has one. */
  readonly goal?: string;
}

/** A person whose latest check-in (up to the period's end) says blocked, with nothing moved since (support.ts). */
export interface DigestBlocked {
  readonly checkIn: string;
  /** The blocked check-in's day, in the person's zone. */
  readonly since: string;
  /** The check-in's note, else what got in the way. */
  readonly note?: string;
  readonly microGoals: readonly { readonly id: string; readonly title?: string }[];
}

/** Kudos or an appreciation a person received in the period. */
export interface DigestKudos {
  readonly id: string;
  readonly type: 'kudos' | 'appreciation';
  readonly from: string;
  readonly fromName: string;
  /** What they said (the feedback's behaviour). */
  readonly text: string;
  /** The day, in the sender's zone. */
  readonly day: string;
  /** The title of the micro-goal or goal it was about. */
  readonly about?: string;
}

/** A setback logged or reviewed in the period, with its lesson once learned (lessons.ts). */
export interface DigestSetback {
  readonly id: string;
  /** The day it was logged, and reviewed, in the member's zone. */
  readonly day: string;
  readonly reviewedDay?: string;
  readonly whatHappened: string;
  readonly rootCause?: string;
  /** The title of the goal or micro-goal it was about. */
  readonly about?: string;
  readonly lesson?: string;
  /** The day the lesson is to be recorded, while there is none yet. */
  readonly followUp?: string;
}

/** One person's part of the digest. Lists are newest first. */
export interface DigestPerson {
  readonly member: string;
  /** Their name as written in their profile (their id without one). */
  readonly name: string;
  /** The zone their days are in: their profile's, else UTC. */
  readonly timeZone: string;
  readonly checkIns: readonly DigestCheckIn[];
  readonly done: readonly DigestDone[];
  readonly blocked?: DigestBlocked;
  /** The next steps of their check-ins in the period, newest first, each text once, at most {@link MAX_NEXT_STEPS}. */
  readonly nextSteps: readonly string[];
  readonly kudos: readonly DigestKudos[];
  readonly setbacks: readonly DigestSetback[];
}

export interface Digest {
  readonly version: typeof DIGEST_VERSION;
  readonly period: DigestPeriod;
  /** Every member with a profile, and anyone else who wrote in the period, by name. */
  readonly people: readonly DigestPerson[];
}

/** Enough next steps to see where a person is heading, not a backlog. */
export const MAX_NEXT_STEPS = 3;

interface Draft {
  checkIns: (DigestCheckIn & { ms: number })[];
  done: DigestDone[];
  blocked?: DigestBlocked;
  kudos: (DigestKudos & { ms: number })[];
  setbacks: DigestSetback[];
}

/**
 * The digest of `state` over `period`. Reads only the shared record: private drafts are never in
 * it (they live in the editor's own storage, never in the data folder). See the file's comment
 * for the days; the blocked state is the one at the period's end (check-ins after it are not read).
 */
export function buildDigest(state: TeamState, period: DigestPeriod): Digest {
  const metrics = new TeamMetrics(state, period.to, 'UTC');
  const from = dayNumber(period.from);
  const to = dayNumber(period.to);
  const inPeriod = (day: number | undefined) => day !== undefined && day >= from && day <= to;
  const drafts = new Map<string, Draft>();
  const draft = (member: string) => {
    let found = drafts.get(member);
    if (!found) drafts.set(member, (found = { checkIns: [], done: [], kudos: [], setbacks: [] }));
    return found;
  };
  for (const id of state.entities.member.keys()) draft(memberIdOf(id));

  const checkIns = metrics.checkInsWithDays();
  const upToEnd = new Map<string, Entity<'checkIn'>>();
  for (let i = 0; i < checkIns.list.length; i++) {
    const c = checkIns.list[i]!;
    const day = checkIns.days[i]!;
    if (day <= to) upToEnd.set(c.id, c);
    if (!inPeriod(day)) continue;
    draft(c.member).checkIns.push({
      id: c.id,
      day: dayString(day),
      at: c.at,
      status: c.status,
      ...text('note', c.note),
      ...text('helped', c.helped),
      ...text('hindered', c.hindered),
      ...text('next', c.next),
      ...(c.energy !== undefined ? { energy: c.energy } : {}),
      ms: instantMs(c.at),
    });
  }

  const micros = metrics.microGoalsWithDays();
  for (let i = 0; i < micros.list.length; i++) {
    const m = micros.list[i]!;
    if (!m.done || !inPeriod(micros.done[i])) continue;
    const goal = m.goal !== undefined ? state.entities.goal.get(m.goal)?.title : undefined;
    draft(m.owner).done.push({
      id: m.id,
      title: m.title,
      day: dayString(micros.done[i]!),
      ...(m.due !== undefined ? { due: m.due } : {}),
      outcome: metrics.result(m) as DoneOutcome,
      ...(goal !== undefined ? { goal } : {}),
    });
  }

  // Blocked as of the period's end: the support rule, on the check-ins written up to then.
  const asOfEnd = upToEnd.size === checkIns.list.length ? state : withCheckIns(state, upToEnd);
  for (const b of blockedPartners(asOfEnd, '')) {
    draft(b.member).blocked = {
      checkIn: b.checkIn,
      since: dayString(metrics.dayOfInstant(b.at, b.member) ?? to),
      ...(b.note !== undefined ? { note: b.note } : {}),
      microGoals: b.microGoals.map((id) => ({ id, ...titleOf(state, id) })),
    };
  }

  for (const f of state.entities.feedback.values()) {
    if ((f.type !== 'kudos' && f.type !== 'appreciation') || f.from === f.to) continue;
    const day = metrics.dayOfInstant(f.at, f.from);
    if (!inPeriod(day)) continue;
    const about = f.about !== undefined ? titleOf(state, f.about).title : undefined;
    draft(f.to).kudos.push({
      id: f.id,
      type: f.type,
      from: f.from,
      fromName: memberName(state, f.from),
      text: f.behaviour,
      day: dayString(day!),
      ...(about !== undefined ? { about } : {}),
      ms: instantMs(f.at),
    });
  }

  for (const s of state.entities.setback.values()) {
    const lesson = toLesson(state, s);
    const logged = dayNumber(lesson.loggedDay);
    const reviewed = lesson.reviewedDay !== undefined ? dayNumber(lesson.reviewedDay) : undefined;
    if (!inPeriod(logged) && !inPeriod(reviewed)) continue;
    draft(s.member).setbacks.push({
      id: s.id,
      day: lesson.loggedDay,
      ...(lesson.reviewedDay !== undefined ? { reviewedDay: lesson.reviewedDay } : {}),
      whatHappened: lesson.whatHappened,
      ...(lesson.rootCause !== undefined ? { rootCause: lesson.rootCause } : {}),
      ...(lesson.aboutTitle !== undefined ? { about: lesson.aboutTitle } : {}),
      ...(lesson.lesson?.trim() ? { lesson: lesson.lesson } : lesson.followUp !== undefined ? { followUp: lesson.followUp } : {}),
    });
  }

  const people = [...drafts].map(([member, d]) => person(state, member, d));
  people.sort((a, b) => compareNames(a.name, b.name) || compareText(a.member, b.member));
  return { version: DIGEST_VERSION, period, people };
}

function person(state: TeamState, member: string, d: Draft): DigestPerson {
  const newest = <T extends { ms: number; id: string }>(a: T, b: T) => newestFirst(a.ms, b.ms) || compareText(a.id, b.id);
  const checkIns = d.checkIns.sort(newest).map(({ ms: _ms, ...c }) => c);
  const nextSteps: string[] = [];
  const seen = new Set<string>();
  for (const c of checkIns) {
    const key = c.next?.replace(/\s+/g, ' ').trim().toLowerCase();
    if (!key || seen.has(key)) continue;
    seen.add(key);
    nextSteps.push(c.next!.trim());
    if (nextSteps.length === MAX_NEXT_STEPS) break;
  }
  return {
    member,
    name: memberName(state, member),
    timeZone: memberProfile(state, member)?.timeZone ?? 'UTC',
    checkIns,
    done: d.done.sort((a, b) => compareText(b.day, a.day) || compareNames(a.title, b.title) || compareText(a.id, b.id)),
    ...(d.blocked ? { blocked: d.blocked } : {}),
    nextSteps,
    kudos: d.kudos.sort(newest).map(({ ms: _ms, ...k }) => k),
    setbacks: d.setbacks.sort((a, b) => compareText(b.reviewedDay ?? b.day, a.reviewedDay ?? a.day) || compareText(a.id, b.id)),
  };
}

/** Newest first; an instant that cannot be read (NaN) last. */
function newestFirst(a: number, b: number): number {
  const aNaN = Number.isNaN(a);
  const bNaN = Number.isNaN(b);
  if (aNaN || bNaN) return aNaN === bNaN ? 0 : aNaN ? 1 : -1;
  return b - a;
}

/** `{ [name]: value }` when the text has more than spaces in it; `{}` otherwise. */
function text<K extends string>(name: K, value: string | undefined): { [P in K]?: string } {
  return value?.trim() ? ({ [name]: value } as { [P in K]?: string }) : {};
}

function titleOf(state: TeamState, id: string): { title?: string } {
  const title = state.entities.microGoal.get(id)?.title ?? state.entities.goal.get(id)?.title;
  return title !== undefined ? { title } : {};
}

/** `state` with only `checkIns` as its check-ins (the rest shared, the merged fields read from `state` when asked). */
function withCheckIns(state: TeamState, checkIns: ReadonlyMap<string, Entity<'checkIn'>>): TeamState {
  return {
    entities: { ...state.entities, checkIn: checkIns },
    team: state.team,
    incomplete: state.incomplete,
    refused: state.refused,
    get merged() {
      return state.merged;
    },
  };
}
