/**
 * How the partnership lives by its measurable agreements (issue 19 §1): each agreement of the
 * covenant (agreements.ts) measured for each person it applies to, over the current cycle and
 * the last, with a trend, in words that describe what happened and never judge ("3 of 4 weeks
 * with four check-ins"). What the dashboard's Agreements section and the planning Review show.
 *
 * Every rule is the one the rest of Accord uses: days of check-ins, completions and feedback in
 * the writer's own time zone (metrics.ts TeamMetrics, as the dashboard reads them); working
 * days from availability.ts; a micro-goal "renegotiated" rather than missed by metrics.ts's
 * result; who answers a renegotiation by decisionRights.ts; the cycles of cycles.ts. Nothing
 * depends on the host's zone or locale.
 */
import type { Agreement, AgreementKind, CovenantRules, NotMeasured } from './agreements';
import { availableWorkingDays, workingWeekdays } from './availability';
import { cycleDaysOf, currentCycle, lastCycleWindow } from './cycles';
import { addDaysToDay, daysBetween } from './dates';
import { mayAcceptRenegotiation, membersNamed, whoMayAccept } from './decisionRights';
import type { MicroGoalEvidence } from './evidence';
import { displayName } from './members';
import { dayNumber, dayString, teamWeekStart, TeamMetrics, weekStartOf } from './metrics';
import { safeText } from './safeText';
import type { Entity, TeamState } from './team';

/** A stretch of local days, both ends included (`YYYY-MM-DD`). */
export interface DayWindow {
  readonly from: string;
  readonly to: string;
}

/** better / worse: the share met rose / fell since the last cycle; new: one of the two cycles has nothing to count, so no trend yet. */
export type Trend = 'better' | 'same' | 'worse' | 'new' | 'running';

/** One person's count over one cycle: `met` of `of` (for a count per cycle: `met` given, `of` the target). */
export interface CycleCount {
  readonly met: number;
  readonly of: number;
  /** "3 of 4 weeks with four check-ins", "No renegotiations to answer". */
  readonly words: string;
}

export interface PersonMeasure {
  readonly member: string;
  /** Made safe (displayName). */
  readonly name: string;
  readonly current: CycleCount;
  readonly last: CycleCount;
  readonly trend: Trend;
  /** "More than last cycle", "About the same as last cycle", …: never a verdict. */
  readonly trendWords: string;
}

export interface AgreementMeasure {
  readonly agreement: Agreement;
  /** Its label (made safe), else the kind's own title: "Four check-ins a week". */
  readonly title: string;
  /** Each person it applies to, in name order. */
  readonly people: readonly PersonMeasure[];
  /** Names in `who` that match nobody, as written (make safe to show). */
  readonly unknown: readonly string[];
}

export interface AgreementsReport {
  /** The current cycle so far (to today) and the cycle before it. */
  readonly current: DayWindow;
  readonly last: DayWindow;
  readonly measured: readonly AgreementMeasure[];
  /** The covenant's unreadable agreements, and readable ones Accord cannot measure here (why, with the fix). */
  readonly notMeasured: readonly NotMeasured[];
}

export interface MeasureInputs {
  /** The viewer's local day, `YYYY-MM-DD`: the day metrics.ts reads "today" as. */
  readonly today: string;
  /** evidence.ts `evidenceFor` (merged across repositories); without it micro-goals-done-with-evidence is not measured. */
  readonly evidence?: ReadonlyMap<string, MicroGoalEvidence>;
}

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const numberWord = (n: number) => NUMBER_WORDS[n] ?? String(n);
const plural = (n: number, one: string, many = `${one}s`) => (n === 1 ? one : many);
/** The longest stretch counted day by day; availability.ts looks at most two years ahead. */
const MAX_SPAN = 700;

/**
 * The two windows measured: with a planning session covering today (cycles.ts currentCycle),
 * its cycle from its start to today, and before it the cycle under review then (lastCycleWindow
 * at its start: since the session before, at most 90 days); without one, the last `cycleDays`
 * days to today and the `cycleDays` days before. `cycleEnd` is where the current cycle ends.
 */
export function agreementWindows(state: TeamState, today: string): { current: DayWindow; last: DayWindow; cycleEnd: string } {
  const cycle = currentCycle(state, today);
  const days = cycleDaysOf(state);
  if (!cycle.fromSession) {
    const from = addDaysToDay(today, -(days - 1));
    return { current: { from, to: today }, last: { from: addDaysToDay(from, -days), to: addDaysToDay(from, -1) }, cycleEnd: today };
  }
  const before = lastCycleWindow(state, cycle.start);
  const lastTo = addDaysToDay(cycle.start, -1);
  const lastFrom = before.sinceSession ? before.start : addDaysToDay(cycle.start, -days);
  return {
    current: { from: cycle.start, to: today },
    last: { from: daysBetween(lastFrom, lastTo) >= 90 ? addDaysToDay(lastTo, -89) : lastFrom, to: lastTo },
    cycleEnd: cycle.end,
  };
}

interface Context {
  readonly state: TeamState;
  readonly rules: CovenantRules;
  readonly metrics: TeamMetrics;
  readonly today: string;
  readonly evidence?: ReadonlyMap<string, MicroGoalEvidence>;
}

const inWindow = (day: number | undefined, w: DayWindow) => day !== undefined && day >= dayNumber(w.from) && day <= dayNumber(w.to);

/**
 * Working days of `member` after `from` up to and including `to` (their local days): 0 on the
 * same day. When `from` is not one of their working days (a proposal made on a Saturday, a
 * holiday or while away), the count starts at their first working day after it, which counts 0:
 * answered on Monday, a Saturday's proposal took 0 working days.
 */
function workingDaysAfter(state: TeamState, member: string, from: string, to: string): number {
  const span = daysBetween(from, to);
  if (span <= 0) return 0;
  if (span > MAX_SPAN) return span;
  const after = availableWorkingDays(state, member, { from: addDaysToDay(from, 1), to }).length;
  const fromIsWorking = availableWorkingDays(state, member, { from, to: from }).length > 0;
  return fromIsWorking ? after : Math.max(0, after - 1);
}

type Counter = (ctx: Context, a: Agreement, member: string, w: DayWindow, end: string) => { met: number; of: number };

/**
 * Whole team weeks (localDays.ts teamWeekStart), each credited to the window its first day is
 * in, so a week across a cycle's edge is judged once, whole, never as two halves. A week asks
 * for the target scaled to the member's working days in it (ceil(target × days ÷ the team's
 * working days a week)): fewer in a week with a holiday or time away, none in a week away. A
 * week still running (today or later in it) counts once it has all its check-ins, and is not
 * counted as missed before it ends.
 */
const checkInWeeks: Counter = (ctx, a, member, w) => {
  const perWeek = workingWeekdays(ctx.state.team).size;
  const table = ctx.metrics.checkInsWithDays();
  const writer = table.members.indexOf(member);
  const days: number[] = [];
  for (let i = 0; i < table.days.length; i++) if (table.writer[i] === writer) days.push(table.days[i]!);
  const weekStart = teamWeekStart(ctx.state.team);
  const from = dayNumber(w.from);
  const today = dayNumber(ctx.today);
  let met = 0;
  let of = 0;
  // The first week that starts in the window; a week that started before it belongs to the window before.
  const first = weekStartOf(from, weekStart) < from ? weekStartOf(from, weekStart) + 7 : from;
  for (let start = first; start <= dayNumber(w.to); start += 7) {
    const last = start + 6;
    const working = availableWorkingDays(ctx.state, member, { from: dayString(start), to: dayString(last) }).length;
    const needed = Math.ceil(((a.target ?? 1) * working) / perWeek);
    if (needed === 0) continue;
    const count = days.filter((d) => d >= start && d <= Math.min(last, today)).length;
    if (count >= needed) met++;
    if (count >= needed || last < today) of++;
  }
  return { met, of };
};

/**
 * Renegotiations `member` answered (accepted or countered: `respondedBy`), by the day they were
 * proposed, in time when at most `target` of their working days passed between the proposal
 * and the answer (their local days); and proposals still waiting on them alone (decisionRights.ts
 * whoMayAccept names only them) for longer than that. One still inside the time is not counted
 * yet; one that anyone of several may answer is counted for nobody until someone does (one
 * proposal must not read as a late answer against each of them).
 */
/** Whether `r` waits on `member` and nobody else now (decisionRights.ts whoMayAccept). */
function waitsOnlyOn(ctx: Context, member: string, r: Entity<'renegotiation'>): boolean {
  if (!mayAcceptRenegotiation(ctx.state, ctx.rules, member, r)) return false;
  const members = whoMayAccept(ctx.state, ctx.rules, r).members;
  return members.length === 1 && members[0] === member;
}

const answeredWithin: Counter = (ctx, a, member, w) => {
  let met = 0;
  let of = 0;
  for (const r of ctx.state.entities.renegotiation.values()) {
    const proposed = ctx.metrics.dayOfInstant(r.at, member);
    if (!inWindow(proposed, w)) continue;
    const answered =
      (r.state === 'accepted' || r.state === 'countered') && r.respondedBy !== undefined && r.respondedBy !== r.proposer && r.respondedAt !== undefined;
    const until = answered ? ctx.metrics.dayOfInstant(r.respondedAt!, member) : r.state === 'proposed' ? dayNumber(ctx.today) : undefined;
    if (until === undefined || (answered ? r.respondedBy !== member : !waitsOnlyOn(ctx, member, r))) continue;
    const inTime = workingDaysAfter(ctx.state, member, dayString(proposed!), dayString(until)) <= a.target!;
    if (answered || !inTime) of++;
    if (answered && inTime) met++;
  }
  return { met, of };
};

/**
 * Micro-goals `member` owns whose plan changed: one renegotiated before its due date (an
 * accepted renegotiation proposed in time, metrics.ts's rule) is met in the window of the day
 * that renegotiation was proposed (its latest, on the owner's clock), as its due date has moved
 * to the new one; one missed without it (metrics.ts: done late or past due) counts in the
 * window of its due day.
 */
const beforeDue: Counter = (ctx, _a, member, w) => {
  const changedOn = new Map<string, number>();
  for (const r of ctx.state.entities.renegotiation.values()) {
    if (r.state !== 'accepted' || !r.beforeDue) continue;
    const day = ctx.metrics.dayOfInstant(r.at, member);
    if (day !== undefined && day > (changedOn.get(r.microGoal) ?? Number.NEGATIVE_INFINITY)) changedOn.set(r.microGoal, day);
  }
  let met = 0;
  let of = 0;
  for (const micro of ctx.state.entities.microGoal.values()) {
    if (micro.owner !== member) continue;
    const changed = changedOn.get(micro.id);
    if (changed !== undefined) {
      if (inWindow(changed, w)) {
        met++;
        of++;
      }
      continue;
    }
    const result = ctx.metrics.result(micro);
    if ((result === 'doneLate' || result === 'pastDue') && micro.due !== undefined && inWindow(dayNumber(micro.due), w)) of++;
  }
  return { met, of };
};

/** Feedback (any type) or only kudos that `member` gave someone else, by its day in their zone: `met` given, `of` the target. */
const given =
  (kudosOnly: boolean): Counter =>
  (ctx, a, member, w) => {
    let met = 0;
    for (const f of ctx.state.entities.feedback.values())
      if (f.from === member && f.to !== member && (!kudosOnly || f.type === 'kudos') && inWindow(ctx.metrics.dayOfInstant(f.at, member), w)) met++;
    return { met, of: a.target! };
  };

/** Setbacks of `member` whose follow-up date is in the window: met when reviewed on or before it (their zone); one not reviewed counts from the day after. */
const setbacksReviewed: Counter = (ctx, _a, member, w) => {
  let met = 0;
  let of = 0;
  for (const s of ctx.state.entities.setback.values()) {
    if (s.member !== member || s.followUp === undefined || !inWindow(dayNumber(s.followUp), w)) continue;
    const reviewed = s.reviewedAt === undefined ? undefined : ctx.metrics.dayOfInstant(s.reviewedAt, member);
    if (reviewed === undefined && s.followUp >= ctx.today) continue;
    of++;
    if (reviewed !== undefined && reviewed <= dayNumber(s.followUp)) met++;
  }
  return { met, of };
};

/** Micro-goals `member` owns and finished in the window (metrics.ts doneDay): met when a commit not reverted links them (evidence.ts `backed`). */
const withEvidence: Counter = (ctx, _a, member, w) => {
  let met = 0;
  let of = 0;
  for (const micro of ctx.state.entities.microGoal.values()) {
    if (micro.owner !== member || !inWindow(ctx.metrics.doneDay(micro), w)) continue;
    of++;
    if (ctx.evidence?.get(micro.id)?.backed) met++;
  }
  return { met, of };
};

const COUNTERS: Readonly<Record<AgreementKind, Counter>> = {
  'check-ins-per-week': checkInWeeks,
  'renegotiations-answered-within': answeredWithin,
  'renegotiate-before-due': beforeDue,
  'feedback-per-cycle': given(false),
  'kudos-per-cycle': given(true),
  'setbacks-reviewed-by-follow-up': setbacksReviewed,
  'micro-goals-done-with-evidence': withEvidence,
};

/** The kind's own title, for an agreement without a label: "4 check-ins a week". */
export function agreementTitle(a: Pick<Agreement, 'kind' | 'target'>): string {
  const t = a.target ?? 0;
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  switch (a.kind) {
    case 'check-ins-per-week':
      return `${cap(numberWord(t))} ${plural(t, 'check-in')} a week`;
    case 'renegotiations-answered-within':
      return `Renegotiations answered within ${t} working ${plural(t, 'day')}`;
    case 'renegotiate-before-due':
      return 'Renegotiate before the due date';
    case 'feedback-per-cycle':
      return `${cap(numberWord(t))} ${plural(t, 'piece')} of feedback or kudos a cycle`;
    case 'kudos-per-cycle':
      return `${cap(numberWord(t))} kudos a cycle`;
    case 'setbacks-reviewed-by-follow-up':
      return 'Setbacks reviewed by their follow-up date';
    case 'micro-goals-done-with-evidence':
      return 'Micro-goals finished with a linked commit';
  }
}

/** What one cycle's count says, in learning words. */
export function countWords(a: Pick<Agreement, 'kind' | 'target'>, met: number, of: number): string {
  const t = a.target ?? 0;
  const ofN = (noun: string, many?: string) => `${met} of ${of} ${plural(of, noun, many)}`;
  switch (a.kind) {
    case 'check-ins-per-week':
      return of === 0 ? 'No working week to count yet' : `${ofN('week')} with ${numberWord(t)} ${plural(t, 'check-in')}`;
    case 'renegotiations-answered-within':
      return of === 0 ? 'No renegotiations to answer' : `${ofN('renegotiation')} answered within ${t} working ${plural(t, 'day')}`;
    case 'renegotiate-before-due':
      return of === 0 ? 'No plans needed changing' : `${ofN('changed plan')} renegotiated before the due date`;
    case 'feedback-per-cycle':
      return `${met} ${plural(met, 'piece')} of feedback or kudos given (agreed: ${t})`;
    case 'kudos-per-cycle':
      return `${met} kudos given (agreed: ${t})`;
    case 'setbacks-reviewed-by-follow-up':
      return of === 0 ? 'No follow-ups were due' : `${ofN('setback')} reviewed by the follow-up date`;
    case 'micro-goals-done-with-evidence':
      return of === 0 ? 'No micro-goals finished' : `${ofN('micro-goal')} finished with a linked commit`;
  }
}

export const TREND_WORDS: Readonly<Record<Trend, string>> = {
  better: 'More than last cycle',
  same: 'About the same as last cycle',
  worse: 'Less than last cycle: worth a word at the next planning session',
  new: 'Nothing to compare with yet',
  running: 'The cycle is still running: there is time to reach it',
};

/**
 * The trend from `last` to `current`: the shares met/of compared exactly. A count per cycle
 * (feedback, kudos) compares min(given, target) ÷ target; while the current cycle still runs
 * (`running`: days are left before it ends) and its target is not yet reached, it is not
 * judged against last cycle at all: "running", never "worse" for a cycle half lived, nor "about
 * the same" for 0 against 3.
 */
export function trendOf(kind: AgreementKind, current: { met: number; of: number }, last: { met: number; of: number }, running = false): Trend {
  if (current.of === 0 || last.of === 0) return 'new';
  const perCycle = kind === 'feedback-per-cycle' || kind === 'kudos-per-cycle';
  const c = perCycle ? Math.min(current.met, current.of) : current.met;
  const l = perCycle ? Math.min(last.met, last.of) : last.met;
  const diff = c * last.of - l * current.of;
  if (diff > 0) return 'better';
  if (perCycle && running && c < current.of) return 'running';
  if (diff < 0) return 'worse';
  return 'same';
}

/**
 * Every agreement of `rules` measured for each person it names (decisionRights.ts
 * membersNamed), over the windows of {@link agreementWindows}, with the covenant's
 * unmeasurable agreements. `micro-goals-done-with-evidence` without `inputs.evidence` is listed
 * as not measured (the git history is read by the VS Code side and the CLI, not here); an
 * agreement whose `who` names nobody is not measured either, with the names.
 */
export function measureAgreements(state: TeamState, rules: CovenantRules, inputs: MeasureInputs): AgreementsReport {
  const { current, last, cycleEnd } = agreementWindows(state, inputs.today);
  const ctx: Context = {
    state,
    rules,
    metrics: new TeamMetrics(state, inputs.today),
    today: inputs.today,
    ...(inputs.evidence ? { evidence: inputs.evidence } : {}),
  };
  const measured: AgreementMeasure[] = [];
  const notMeasured: NotMeasured[] = [...rules.notMeasured];
  for (const agreement of rules.agreements) {
    const skip = (reason: string) =>
      notMeasured.push({ line: agreement.line, kind: agreement.kind, ...(agreement.label !== undefined ? { label: agreement.label } : {}), reason });
    if (agreement.kind === 'micro-goals-done-with-evidence' && !inputs.evidence) {
      skip('it needs the git history (commits linked with Accord: trailers), which is not read here');
      continue;
    }
    const named = membersNamed(state, rules, agreement.who);
    if (named.members.length === 0) {
      skip(
        `"who" names nobody Accord knows${named.unknown.length ? ` (${named.unknown.join(', ')})` : ''}: use member ids, emails, names or a role of "roles:"`,
      );
      continue;
    }
    const count = COUNTERS[agreement.kind];
    const people = named.members.map((member): PersonMeasure => {
      const now = count(ctx, agreement, member, current, cycleEnd);
      const before = count(ctx, agreement, member, last, last.to);
      const trend = trendOf(agreement.kind, now, before, inputs.today < cycleEnd);
      return {
        member,
        name: displayName(state, member),
        current: { ...now, words: countWords(agreement, now.met, now.of) },
        last: { ...before, words: countWords(agreement, before.met, before.of) },
        trend,
        trendWords: TREND_WORDS[trend],
      };
    });
    measured.push({ agreement, title: agreement.label !== undefined ? safeText(agreement.label) : agreementTitle(agreement), people, unknown: named.unknown });
  }
  return { current, last, measured, notMeasured: notMeasured.sort((a, b) => a.line - b.line) };
}
