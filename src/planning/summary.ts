/**
 * A planning session as markdown, for a pull request or a wiki page. Every piece of text
 * that came from the team's data is escaped, so a title can never become a link, an image
 * or HTML in whatever renders the summary.
 */
import { type Entity, memberName, type TeamState } from '../core';
import { formatHours } from '../core/capacity';
import { escapeMarkdown, longDay } from '../core/markup';
import type { PlanningView } from '../panels/protocol';

// The escaping and the day names are core's, shared with `accord digest`.
export { escapeMarkdown, longDay } from '../core/markup';

function nameOf(view: Pick<PlanningView, 'members'>, member: string): string {
  return view.members.find((m) => m.id === member)?.name ?? member;
}

export interface SummaryOptions {
  participants: readonly string[];
  /** When the plan has not been committed yet. */
  draft?: boolean;
}

export function sessionSummary(view: PlanningView, options: SummaryOptions): string {
  const name = (member: string) => escapeMarkdown(nameOf(view, member));
  const lines: string[] = [];
  const { review, cycle } = view;
  lines.push(`# Planning session, ${longDay(view.today)}${options.draft ? ' (draft, not started yet)' : ''}`, '');
  lines.push(`Cycle: **${longDay(cycle.start)} to ${longDay(cycle.end)}** (${cycle.days} days)  `);
  lines.push(`Participants: ${options.participants.map(name).join(', ') || 'not recorded'}`, '');

  lines.push(`## Last cycle: ${longDay(review.start)} to ${longDay(review.end)}`, '');
  const o = review.outcomes;
  lines.push(`- Done: ${review.doneTotal} micro-goal${review.doneTotal === 1 ? '' : 's'}`);
  lines.push(
    `- On time: ${o.onTime} · renegotiated before due: ${o.renegotiated} · past due: ${o.missed}${o.missed ? ` (${o.doneLate} finished later, ${o.pastDue} still open)` : ''}`,
  );
  lines.push(`- Check-ins: ${review.checkIns.map((c) => `${name(c.member)} ${c.count}`).join(', ') || 'none'}`, '');
  section(
    lines,
    'What helped',
    review.helped.map((h) => `${escapeMarkdown(h.text)} (${name(h.member)}, ${h.day})`),
  );
  section(
    lines,
    'What got in the way',
    review.hindered.map((h) => `${escapeMarkdown(h.text)} (${name(h.member)}, ${h.day})`),
  );
  section(
    lines,
    'Setbacks and lessons',
    review.setbacks.map((s) => `${escapeMarkdown(s.whatHappened)}${s.lesson ? `: lesson: ${escapeMarkdown(s.lesson)}` : ''} (${name(s.member)}, ${s.day})`),
  );

  const reflections = view.reflections.filter((r) => r.helped.trim() || r.hindered.trim() || r.lessons.trim());
  if (reflections.length) {
    lines.push('## Reflections', '');
    for (const r of reflections) {
      lines.push(`### ${name(r.member)}`, '');
      if (r.helped.trim()) lines.push(`- **What helped:** ${escapeMarkdown(r.helped)}`);
      if (r.hindered.trim()) lines.push(`- **What got in the way:** ${escapeMarkdown(r.hindered)}`);
      if (r.lessons.trim()) lines.push(`- **Lessons:** ${escapeMarkdown(r.lessons)}`);
      lines.push('');
    }
  }

  const planned = view.backlog.filter((i) => i.inCycle);
  lines.push('## The plan', '');
  if (planned.length === 0) lines.push('Nothing committed for this cycle.', '');
  else {
    lines.push('| # | Micro-goal | Owner | Estimate | Due | Goal |', '|---:|---|---|---:|---|---|');
    planned.forEach((item, i) => {
      const goal = item.goal ? view.goals.find((g) => g.id === item.goal)?.title : undefined;
      lines.push(
        `| ${i + 1} | ${escapeMarkdown(item.title)} | ${name(item.owner)} | ${item.estimateHours === undefined ? '' : formatHours(item.estimateHours)} | ${item.due ?? ''} | ${goal ? escapeMarkdown(goal) : ''} |`,
      );
    });
    lines.push('');
  }

  lines.push('## Capacity', '', '| Member | Load | Capacity |', '|---|---:|---:|');
  for (const c of view.capacity)
    lines.push(`| ${name(c.member)} | ${formatHours(c.loadHours)} | ${c.capacityHours === undefined ? 'unknown' : formatHours(c.capacityHours)} |`);
  lines.push('');
  for (const warning of view.warnings) lines.push(`> ${escapeMarkdown(warning)}`);
  if (view.warnings.length) lines.push('');
  return `${lines.join('\n').trimEnd()}\n`;
}

function section(lines: string[], title: string, items: string[]): void {
  if (items.length === 0) return;
  lines.push(`### ${title}`, '', ...items.map((i) => `- ${i}`), '');
}

/** A summary for a session saved without one (by another tool, or trimmed): the plan it committed. */
export function summaryFromSession(state: TeamState, session: Entity<'session'>): string {
  const name = (member: string) => escapeMarkdown(memberName(state, member));
  const lines = [`# Planning session, ${longDay(session.at.slice(0, 10))}`, '', `Cycle: **${longDay(session.cycleStart)} to ${longDay(session.cycleEnd)}**  `];
  lines.push(`Participants: ${session.participants.map(name).join(', ') || 'not recorded'}`, '', '## The plan', '');
  const items = session.committed.map((id) => state.entities.microGoal.get(id)).filter((m) => m !== undefined);
  if (items.length === 0) lines.push('Nothing committed for this cycle.');
  for (const m of items) lines.push(`- ${m.done ? '[x]' : '[ ]'} ${escapeMarkdown(m.title)} (${name(m.owner)}${m.due ? `, due ${m.due}` : ''})`);
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The session record keeps a summary of at most 20,000 characters: cut at a line. */
export function fitSummary(markdown: string, max = 20_000): string {
  if (markdown.length <= max) return markdown;
  const cut = markdown.lastIndexOf('\n', max - 40);
  return `${markdown.slice(0, cut > 0 ? cut : max - 40)}\n\n(summary shortened)\n`;
}
