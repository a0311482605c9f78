/**
 * `accord status`: my today, computed by the extension's own rules (core queries.ts and
 * followUpsFor.ts, as the status bar, the Micro-goals view and Follow-ups compute it), in
 * text or json.
 */
import {
  doneByCommits,
  dueContext,
  DUE_GROUP_LABELS,
  evidenceFor,
  FOLLOW_UP_GROUP_LABELS,
  type FollowUp,
  followUpsFor,
  groupMicroGoals,
  indexCommits,
  memberName,
  type MicroGoalEntity,
  microGoalWhen,
  microGoalsOf,
  dayOffWords,
  quietDayReason,
  statusSummary,
  type TeamState,
  timeZoneOf,
} from '../core';
import { type CovenantRules, NO_RULES, readCovenantRules } from '../core/agreements';
import { COVENANT_FILE, covenantHash, MAX_COVENANT_BYTES } from '../core/covenant';
import { type AccordStore, MAX_LOG_COMMITS, readCommitsSince } from '../store';
import { paint, terminalText, type Verbosity } from './output';
import type { Me } from './team';

export const STATUS_FORMATS = ['text', 'json'] as const;
export type StatusFormat = (typeof STATUS_FORMATS)[number];

/** One micro-goal of mine, as `accord status` lists it. */
export interface StatusMicroGoal {
  readonly id: string;
  readonly title: string;
  /** Its due day, `YYYY-MM-DD`. */
  readonly due?: string;
  /** Accord's words for it from today: "due today", "was due 3 days ago" (core `microGoalWhen`). */
  readonly when: string;
  /** The title of the goal it serves, when it serves one. */
  readonly goal?: string;
}

/** My day: what `accord status` reports, in every format. */
export interface MyDay {
  readonly me: { readonly id: string; readonly name: string; readonly timeZone: string };
  /** Today in my time zone, `YYYY-MM-DD`. */
  readonly today: string;
  /** The status bar's summary: "2 today · 1 overdue · 3 to answer", or "All clear". */
  readonly summary: string;
  /** On my away day or holiday, the status bar's words for it ("Away until Fri 1 Jan", "Holiday: …", core `dayOffWords`); absent on a working day. */
  readonly dayOff?: string;
  /** My open micro-goals due before today, then today's: each in the Micro-goals view's order. */
  readonly overdue: readonly StatusMicroGoal[];
  readonly dueToday: readonly StatusMicroGoal[];
  /** What comes back to me (core `followUpsFor`): `mine` waits for me, the rest is due back to me. */
  readonly followUps: readonly FollowUp[];
}

/**
 * The covenant as the extension reads it (the data folder's covenant.md, a regular file of at
 * most MAX_COVENANT_BYTES): its hash and its rules (core `readCovenantRules`: escalation steps
 * and decision rights). No hash and NO_RULES when there is none or it cannot be read.
 */
async function covenantOf(store: AccordStore): Promise<{ readonly hash: string | undefined; readonly rules: CovenantRules }> {
  const text = await store.readDataFile(COVENANT_FILE, MAX_COVENANT_BYTES).catch(() => undefined);
  return text === undefined ? { hash: undefined, rules: NO_RULES } : { hash: covenantHash(text), rules: readCovenantRules(text) };
}

/**
 * The micro-goals of mine that a commit in the team folder's repository says are done (core
 * `doneByCommits` over the newest MAX_LOG_COMMITS commits of HEAD, as the extension's evidence
 * reads the team's repository). None outside a repository or without git.
 */
async function doneByCommitsIn(root: string, state: TeamState, me: Me): Promise<ReturnType<typeof doneByCommits>> {
  try {
    const { commits } = await readCommitsSince({ cwd: root }, undefined, MAX_LOG_COMMITS);
    return doneByCommits(evidenceFor(indexCommits(commits), state), state, me.member, me.email);
  } catch {
    return [];
  }
}

/**
 * My day at `now` in the team `store` (read from `root`): my open micro-goals overdue and due
 * today, by core `dueContext` in my stored time zone (never the host's, unless my profile has
 * none, as in the extension) and `groupMicroGoals`; my follow-ups by core `followUpsFor` with
 * the covenant's hash and rules (its escalation steps and decision rights) and the commits that
 * say a micro-goal of mine is done; and the status
 * bar's summary of them (`statusSummary`, follow-ups counted when they are mine).
 */
export async function myDay(store: AccordStore, root: string, me: Me, now: Date): Promise<MyDay> {
  const state = store.state;
  const timeZone = timeZoneOf(state, me.member);
  const ctx = dueContext(now, timeZone, state.team);
  const groups = groupMicroGoals(microGoalsOf(state, me.member), ctx);
  const row = (micro: MicroGoalEntity): StatusMicroGoal => {
    const goal = micro.goal ? state.entities.goal.get(micro.goal) : undefined;
    return {
      id: micro.id,
      title: micro.title,
      ...(micro.due ? { due: micro.due } : {}),
      when: microGoalWhen(micro, ctx.today),
      ...(goal ? { goal: goal.title } : {}),
    };
  };
  const overdue = groups.get('overdue')!.map(row);
  const dueToday = groups.get('today')!.map(row);
  const covenant = await covenantOf(store);
  const followUps = followUpsFor(state, me.member, now, covenant.hash, await doneByCommitsIn(root, state, me), covenant.rules);
  const dayOff = dayOffWords(state, me.member, ctx.today, quietDayReason(state, me.member, ctx.today));
  return {
    me: { id: me.member, name: memberName(state, me.member), timeZone: ctx.timeZone },
    today: ctx.today,
    summary: statusSummary({ today: dueToday.length, overdue: overdue.length, followUps: followUps.filter((f) => f.mine).length }),
    ...(dayOff ? { dayOff } : {}),
    overdue,
    dueToday,
    followUps,
  };
}

/** `day` as JSON: the MyDay shape, one value per line, with a trailing newline. */
export function statusJson(day: MyDay): string {
  return `${JSON.stringify(day, null, 2)}\n`;
}

/**
 * `day` as text for a person: a line with my name, today and the summary (left out with
 * `quiet`), then each non-empty list under the extension's heading (Overdue, Today, Waiting for
 * you, Due back to you). Every piece of data goes through terminalText; colour only with `colour`.
 */
export function statusText(day: MyDay, verbosity: Verbosity, colour: boolean): string {
  const lines: string[] = [];
  if (verbosity !== 'quiet')
    lines.push(`${paint(colour, 'bold', terminalText(day.me.name))}, ${day.today}: ${day.dayOff ? `${terminalText(day.dayOff)} · ` : ''}${day.summary}`);
  const section = (heading: string, style: 'bold' | 'yellow', items: string[][]) => {
    if (items.length === 0) return;
    if (lines.length > 0) lines.push('');
    lines.push(paint(colour, style, heading));
    for (const [first, ...rest] of items) {
      lines.push(`  • ${first}`);
      for (const more of rest) lines.push(`    ${paint(colour, 'dim', more)}`);
    }
  };
  const microGoal = (micro: StatusMicroGoal) => [
    `${terminalText(micro.title)} · ${micro.when}`,
    ...(micro.goal === undefined ? [] : [`Goal: ${terminalText(micro.goal)}`]),
  ];
  const followUp = (item: FollowUp) => [
    `${terminalText(item.label)}${item.due ? ` · ${terminalText(item.due)}` : ''}`,
    // A detail's own lines (feedback's situation, behaviour, impact) each on a line of their own.
    ...(item.detail ? item.detail.split(/\r\n?|\n/).map(terminalText) : []),
  ];
  // Overdue in yellow, never red: learning, not punishment.
  section(DUE_GROUP_LABELS.overdue, 'yellow', day.overdue.map(microGoal));
  section(DUE_GROUP_LABELS.today, 'bold', day.dueToday.map(microGoal));
  section(FOLLOW_UP_GROUP_LABELS.mine, 'bold', day.followUps.filter((f) => f.mine).map(followUp));
  section(FOLLOW_UP_GROUP_LABELS.theirs, 'bold', day.followUps.filter((f) => !f.mine).map(followUp));
  return lines.length ? `${lines.join('\n')}\n` : '';
}
