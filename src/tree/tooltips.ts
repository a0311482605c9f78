/** Tooltips for goals and micro-goals. Data is untrusted: every value goes in through appendText. */
import * as vscode from 'vscode';
import { changeToApply, dayIn, describeChange, type Goal, instantMs, renegotiationsOf, type TeamState } from '../core';
import { displayName } from '../commands/context';
import type { MicroGoalsModel } from './microGoalsModel';

export function yardstickText(yardstick: Goal['yardstick']): string | undefined {
  if (!yardstick) return undefined;
  if (yardstick.target !== undefined) return `${yardstick.target}${yardstick.unit ? ` ${yardstick.unit}` : ''}`;
  return yardstick.doneWhen?.length ? `done when ${yardstick.doneWhen.join('; ')}` : undefined;
}

function line(md: vscode.MarkdownString, label: string, text: string | undefined): void {
  if (!text) return;
  md.appendMarkdown(`**${label}:** `).appendText(text).appendMarkdown('\n\n');
}

export function goalTooltip(goal: Goal, state: TeamState): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  line(md, 'Goal', goal.title);
  line(md, 'Yardstick', yardstickText(goal.yardstick));
  line(md, 'Why it matters', goal.why);
  line(md, 'Owner', displayName(state, goal.owner));
  line(md, 'Due', goal.due);
  return md;
}

const MAX_HISTORY = 6;

export function microGoalTooltip(model: MicroGoalsModel, id: string, when: string): vscode.MarkdownString {
  const state = model.state;
  const micro = model.microGoal(id)!;
  const md = new vscode.MarkdownString();
  const name = (member: string) => displayName(state, member);
  line(md, 'Micro-goal', micro.title);
  line(md, 'Owner', name(micro.owner));
  line(md, 'Due', micro.due ? `${micro.due} (${when})` : undefined);
  line(md, 'Estimate', micro.estimateHours !== undefined ? `${micro.estimateHours} h` : undefined);
  line(md, 'Scope', micro.scope);
  const goal = micro.goal ? model.goal(micro.goal) : undefined;
  if (goal) {
    line(md, 'Goal', goal.title);
    line(md, 'Yardstick', yardstickText(goal.yardstick));
    line(md, 'Why it matters', goal.why);
  }
  const history: { at: string; text: string }[] = [{ at: micro.createdAt, text: 'created' }];
  if (micro.done && micro.doneAt) history.push({ at: micro.doneAt, text: 'done' });
  for (const r of renegotiationsOf(state, id)) {
    history.push({ at: r.at, text: `${name(r.proposer)} proposed ${describeChange(r.change, name)}: ${r.reason}` });
    if (r.counter && r.respondedBy) history.push({ at: r.respondedAt ?? r.at, text: `${name(r.respondedBy)} suggested ${describeChange(r.counter, name)}` });
    if (r.state === 'accepted' || r.state === 'withdrawn') history.push({ at: r.respondedAt ?? r.at, text: r.state === 'accepted' ? `agreed: ${describeChange(changeToApply(r), name)}` : 'proposal withdrawn' });
  }
  for (const c of state.entities.checkIn.values()) {
    if (c.microGoals.includes(id)) history.push({ at: c.at, text: `${name(c.member)} checked in: ${c.status}${c.next ? `, next: ${c.next}` : ''}` });
  }
  // Newest first by instant (the text of an instant with a UTC offset does not sort), each on the viewer's calendar day, as the groups are.
  const timed = history.map((entry) => ({ ...entry, ms: instantMs(entry.at) }));
  const key = (ms: number) => (Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms);
  timed.sort((a, b) => (key(b.ms) > key(a.ms) ? 1 : key(b.ms) < key(a.ms) ? -1 : 0));
  md.appendMarkdown('**History**\n\n');
  for (const entry of timed.slice(0, MAX_HISTORY)) {
    const day = Number.isNaN(entry.ms) ? entry.at.slice(0, 10) : dayIn(new Date(entry.ms), model.ctx.timeZone);
    md.appendMarkdown('- ').appendText(`${day} ${entry.text}`).appendMarkdown('\n');
  }
  if (history.length > MAX_HISTORY) md.appendMarkdown('- ').appendText(`and ${history.length - MAX_HISTORY} earlier`).appendMarkdown('\n');
  return md;
}
