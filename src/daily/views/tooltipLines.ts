/**
 * What the Micro-goals view's tooltips say, as lines of text without VS Code's API, so plain
 * Node tests read them. Every piece of data in them has been through `safeText`; tooltips.ts
 * turns the lines into a MarkdownString with `appendText`, which escapes markdown.
 */
import {
  changeToApply,
  dayIn,
  describeChange,
  type Goal,
  instantMs,
  type LinkedCommit,
  memberName,
  renegotiationsOf,
  safeText,
  type TeamState,
  withData,
} from '../../core';
import type { MicroGoalsModel } from './microGoalsModel';

/** A bold "Label:" and its text; a bold heading; or one entry of a bulleted list. */
export type TooltipLine =
  | { readonly kind: 'field'; readonly label: string; readonly text: string }
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'item'; readonly text: string };

/** "10 reviews", or "done when …" (as written, not yet safe). */
export function yardstickText(yardstick: Goal['yardstick']): string | undefined {
  if (!yardstick) return undefined;
  if (yardstick.target !== undefined) return `${yardstick.target}${yardstick.unit ? ` ${yardstick.unit}` : ''}`;
  return yardstick.doneWhen?.length ? `done when ${yardstick.doneWhen.join('; ')}` : undefined;
}

function field(lines: TooltipLine[], label: string, text: string | undefined): void {
  if (text) lines.push({ kind: 'field', label, text: safeText(text) });
}

export function goalTooltipLines(goal: Goal, state: TeamState): TooltipLine[] {
  const lines: TooltipLine[] = [];
  field(lines, 'Goal', goal.title);
  field(lines, 'Yardstick', yardstickText(goal.yardstick));
  field(lines, 'Why it matters', goal.why);
  field(lines, 'Owner', memberName(state, goal.owner));
  field(lines, 'Due', goal.due);
  return lines;
}

const MAX_HISTORY = 6;
const MAX_COMMITS = 5;

/** "a1b2c3d Parse trailers, Sam Lee, 2026-03-10", plus "(reverted)" or "(says done)": short hash, subject, author and day on the viewer's calendar. */
export function commitText(commit: LinkedCommit, timeZone: string): string {
  const day = Number.isNaN(commit.time) ? '' : `, ${dayIn(new Date(commit.time), timeZone)}`;
  const mark = commit.reverted ? ' (reverted)' : commit.done ? ' (says done)' : '';
  return `${commit.hash.slice(0, 7)} ${safeText(commit.subject) || '(no subject)'}, ${safeText(commit.author) || 'unknown author'}${day}${mark}`;
}

/** A micro-goal's fields, its goal's, and its latest history (newest first); `when` is Accord's "due tomorrow". */
export function microGoalTooltipLines(model: MicroGoalsModel, id: string, when: string): TooltipLine[] {
  const state = model.state;
  const micro = model.microGoal(id)!;
  const lines: TooltipLine[] = [];
  const name = (member: string) => safeText(memberName(state, member));
  field(lines, 'Micro-goal', micro.title);
  field(lines, 'Owner', memberName(state, micro.owner));
  if (micro.due) lines.push({ kind: 'field', label: 'Due', text: withData`${micro.due} (${when})` });
  if (micro.estimateHours !== undefined) lines.push({ kind: 'field', label: 'Estimate', text: `${micro.estimateHours} h` });
  field(lines, 'Scope', micro.scope);
  const goal = micro.goal ? model.goal(micro.goal) : undefined;
  if (goal) {
    field(lines, 'Goal', goal.title);
    field(lines, 'Yardstick', yardstickText(goal.yardstick));
    field(lines, 'Why it matters', goal.why);
  }
  // Each entry is Accord's words around data made safe piece by piece.
  const history: { at: string; text: string }[] = [{ at: micro.createdAt, text: 'created' }];
  if (micro.done && micro.doneAt) history.push({ at: micro.doneAt, text: 'done' });
  const change = (c: Parameters<typeof describeChange>[0]) => describeChange({ ...c, ...(c.scope !== undefined ? { scope: safeText(c.scope) } : {}) }, name);
  for (const r of renegotiationsOf(state, id)) {
    history.push({ at: r.at, text: withData`${name(r.proposer)} proposed ${change(r.change)}: ${r.reason}` });
    if (r.counter && r.respondedBy) history.push({ at: r.respondedAt ?? r.at, text: withData`${name(r.respondedBy)} suggested ${change(r.counter)}` });
    if (r.state === 'accepted' || r.state === 'withdrawn')
      history.push({ at: r.respondedAt ?? r.at, text: r.state === 'accepted' ? withData`agreed: ${change(changeToApply(r))}` : 'proposal withdrawn' });
  }
  for (const c of state.entities.checkIn.values()) {
    if (c.microGoals.includes(id))
      history.push({ at: c.at, text: withData`${name(c.member)} checked in: ${c.status}${c.next ? withData`, next: ${c.next}` : ''}` });
  }
  // Newest first by instant (the text of an instant with a UTC offset does not sort), each on the viewer's calendar day, as the groups are.
  const timed = history.map((entry) => ({ ...entry, ms: instantMs(entry.at) }));
  const key = (ms: number) => (Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms);
  timed.sort((a, b) => (key(b.ms) > key(a.ms) ? 1 : key(b.ms) < key(a.ms) ? -1 : 0));
  lines.push({ kind: 'heading', text: 'History' });
  for (const entry of timed.slice(0, MAX_HISTORY)) {
    const day = Number.isNaN(entry.ms) ? entry.at.slice(0, 10) : dayIn(new Date(entry.ms), model.ctx.timeZone);
    lines.push({ kind: 'item', text: `${safeText(day)} ${entry.text}` });
  }
  if (history.length > MAX_HISTORY) lines.push({ kind: 'item', text: `and ${history.length - MAX_HISTORY} earlier` });
  const commits = model.evidence.get(id)?.commits ?? [];
  if (commits.length > 0) {
    lines.push({ kind: 'heading', text: 'Commits' });
    for (const commit of commits.slice(0, MAX_COMMITS)) lines.push({ kind: 'item', text: commitText(commit, model.ctx.timeZone) });
    if (commits.length > MAX_COMMITS) lines.push({ kind: 'item', text: `and ${commits.length - MAX_COMMITS} more (Accord: Open Commits)` });
  }
  return lines;
}
