/**
 * The Review step: what the last cycle brought. The last cycle runs from the last planning
 * session's cycle start to today, or covers the last `cycleDays` days when there was none.
 */
import { compareNames, compareText, type CycleWindow } from '../core';
import { dayNumber, dayString, TeamMetrics } from '../core/metrics';
import type { EvidenceStatus, Highlight, ReviewView } from '../panels/protocol';
import type { MicroGoalEvidence } from '../core';
import { agreementsView, type CovenantInput } from '../panels/agreementsView';

/** Enough to talk about without scrolling through a whole cycle of notes. */
const MAX_DONE = 40;
const MAX_HIGHLIGHTS = 6;

/**
 * The Review of the cycle in `window`. With `evidence` (status `ready`), each finished
 * micro-goal says how many commits back it (`commits`, reverted ones left out). With `covenant`
 * (the panel's CovenantSource: hash and rules), the Review carries the dashboard's Agreements
 * section (panels/agreementsView.ts, the one builder both use), measured on `metrics.today`.
 */
export function reviewView(
  metrics: TeamMetrics,
  window: CycleWindow,
  evidence: { status: EvidenceStatus; byMicroGoal?: ReadonlyMap<string, MicroGoalEvidence> } = { status: 'noGit' },
  covenant?: CovenantInput,
): ReviewView {
  const state = metrics.state;
  const from = dayNumber(window.start);
  const to = dayNumber(window.end);

  const done: (ReviewView['done'][number] & { n: number })[] = [];
  const micros = metrics.microGoalsWithDays();
  for (let i = 0; i < micros.list.length; i++) {
    const day = micros.done[i]!;
    if (day < from || day > to) continue;
    const micro = micros.list[i]!;
    const commits = evidence.status === 'ready' ? backingCommits(evidence.byMicroGoal?.get(micro.id)) : undefined;
    done.push({ id: micro.id, title: micro.title, owner: micro.owner, day: dayString(day), n: day, ...(commits !== undefined ? { commits } : {}) });
  }
  done.sort((a, b) => b.n - a.n || compareNames(a.title, b.title));

  const counts = new Map<string, number>();
  const helped: (Highlight & { at: string })[] = [];
  const hindered: (Highlight & { at: string })[] = [];
  const checkIns = metrics.checkInsWithDays();
  for (let i = 0; i < checkIns.list.length; i++) {
    const day = checkIns.days[i]!;
    if (day < from || day > to) continue;
    const checkIn = checkIns.list[i]!;
    counts.set(checkIn.member, (counts.get(checkIn.member) ?? 0) + 1);
    const highlight = { member: checkIn.member, day: dayString(day), at: checkIn.at };
    if (checkIn.helped?.trim()) helped.push({ ...highlight, text: checkIn.helped.trim() });
    if (checkIn.hindered?.trim()) hindered.push({ ...highlight, text: checkIn.hindered.trim() });
  }

  const setbacks: ReviewView['setbacks'] = [];
  for (const setback of state.entities.setback.values()) {
    const logged = metrics.dayOfInstant(setback.at, setback.member);
    const reviewed = setback.reviewedAt ? metrics.dayOfInstant(setback.reviewedAt, setback.member) : undefined;
    const inWindow = (d: number | undefined) => d !== undefined && d >= from && d <= to;
    if (!inWindow(logged) && !inWindow(reviewed)) continue;
    const about = state.entities.microGoal.get(setback.about)?.title ?? state.entities.goal.get(setback.about)?.title;
    setbacks.push({
      id: setback.id,
      member: setback.member,
      day: dayString(logged ?? reviewed!),
      ...(about ? { about } : {}),
      whatHappened: setback.whatHappened,
      ...(setback.rootCause ? { rootCause: setback.rootCause } : {}),
      ...(setback.lesson ? { lesson: setback.lesson } : {}),
    });
  }
  setbacks.sort((a, b) => compareText(b.day, a.day) || compareText(a.id, b.id));

  return {
    ...window,
    done: done.slice(0, MAX_DONE).map(({ n: _n, ...rest }) => rest),
    doneTotal: done.length,
    evidence: evidence.status,
    outcomes: metrics.outcomesBetween(from, to),
    checkIns: [...counts].map(([member, count]) => ({ member, count })).sort((a, b) => b.count - a.count || compareText(a.member, b.member)),
    helped: latestDistinct(helped),
    hindered: latestDistinct(hindered),
    setbacks,
    ...(covenant ? { agreements: agreementsView(state, covenant, { today: dayString(metrics.today), evidence }) } : {}),
  };
}

/** How many commits name a micro-goal and are still in the history. */
export function backingCommits(evidence: MicroGoalEvidence | undefined): number {
  return evidence?.commits.filter((commit) => !commit.reverted).length ?? 0;
}

/** The most recent notes, one of each text. */
function latestDistinct(list: (Highlight & { at: string })[]): Highlight[] {
  list.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const seen = new Set<string>();
  const out: Highlight[] = [];
  for (const { at: _at, ...h } of list) {
    const key = h.text.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(h);
    if (out.length === MAX_HIGHLIGHTS) break;
  }
  return out;
}
