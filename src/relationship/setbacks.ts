/**
 * Accord: Log Setback… and Accord: Review Follow-up. A setback is about a goal or micro-goal:
 * what happened, the root cause, corrective actions (each becomes one of my micro-goals) and
 * a follow-up date, when it comes back to record what was learned.
 */
import * as vscode from 'vscode';
import { compareText, dayIn, describeDue, displayName, parseDayInput, safeText, timeZoneOf, withData } from '../core';
import { type MemberContext } from '../commands/handler';
import { adviseDueDay } from '../commands/input';
import { DONE, pickStep, runFlow, type Step, textStep } from '../util/quickInput';
import { entityIdArg, goalOrMicroGoalArg } from '../commands/args';
import { Commands, runCommand } from '../commands/ids';

const TITLE = 'Accord: Log Setback';
/** How many corrective actions one setback can carry. */
const MAX_ACTIONS = 10;

interface Target extends vscode.QuickPickItem {
  readonly id: string;
}

export async function logSetback(ctx: MemberContext, target?: unknown): Promise<string | undefined> {
  const { workspace, me } = ctx;
  const state = workspace.state;
  const timeZone = timeZoneOf(state, me);
  const today = dayIn(new Date(), timeZone);
  const given = goalOrMicroGoalArg(target);
  const answers = {
    about: given && (state.entities.goal.has(given) || state.entities.microGoal.has(given)) ? given : undefined,
    whatHappened: '',
    rootCause: '',
    actions: [] as string[],
    followUp: '+7',
  };
  const titleOf = (id: string) => state.entities.microGoal.get(id)?.title ?? state.entities.goal.get(id)?.title ?? id;

  const steps: Record<string, Step> = {
    about: async (info) => {
      const goals = [...state.entities.goal.values()].filter((g) => g.state === 'active');
      const micros = [...state.entities.microGoal.values()].filter((m) => !m.done || (m.doneAt ?? '') > new Date(Date.now() - 14 * 86_400_000).toISOString());
      const items: Target[] = [
        ...(goals.length ? [{ label: 'Goals', kind: vscode.QuickPickItemKind.Separator, id: '' }] : []),
        ...goals.map((g) => ({ label: withData`$(target) ${g.title}`, description: displayName(state, g.owner), id: g.id })),
        ...(micros.length ? [{ label: 'Micro-goals', kind: vscode.QuickPickItemKind.Separator, id: '' }] : []),
        ...micros.map((m) => ({
          label: withData`$(circle-large-outline) ${m.title}`,
          description: [displayName(state, m.owner), m.due && describeDue(m.due, today)].filter(Boolean).join(' · '),
          id: m.id,
        })),
      ];
      const pick = await pickStep(info, { title: TITLE, placeholder: 'What was the setback about?', items, active: items.find((i) => i.id === answers.about) });
      if (typeof pick === 'symbol') return pick;
      answers.about = pick.id;
      return 'whatHappened';
    },
    whatHappened: (info) =>
      textStep(
        info,
        {
          title: withData`${TITLE}: ${titleOf(answers.about!)}`,
          prompt: 'What happened? Facts first, no blame: what was planned, and what happened instead.',
          placeholder: 'The release slipped two days: staging was down',
          value: answers.whatHappened,
          coach: true,
          maxLength: 4000,
        },
        (v) => (answers.whatHappened = v),
        'rootCause',
      ),
    rootCause: (info) =>
      textStep(
        info,
        {
          title: TITLE,
          prompt: 'Root cause: what in the process made it likely? Ask "why?" a few times. (optional)',
          placeholder: 'Nobody checked staging before release day',
          value: answers.rootCause,
          optional: true,
          coach: true,
          maxLength: 4000,
        },
        (v) => (answers.rootCause = v),
        'action#0',
      ),
    action: async (info) => {
      const index = Number(info.name.split('#')[1] ?? 0);
      const so = answers.actions.slice(0, index);
      const result = await textStep(
        info,
        {
          title: TITLE,
          prompt: `Corrective action ${index + 1}: a small step that prevents it next time; it becomes one of your micro-goals. ${so.length ? `So far: ${so.map(safeText).join('; ')}. ` : ''}Leave empty to go on.`,
          placeholder: index === 0 ? 'Add a staging health check to the release checklist' : '',
          value: answers.actions[index] ?? '',
          optional: true,
          maxLength: 300,
        },
        (v) => {
          answers.actions[index] = v;
        },
        'pending',
      );
      if (result !== 'pending') return result;
      answers.actions = answers.actions.slice(0, index + 1);
      if (!answers.actions[index] || index + 1 >= MAX_ACTIONS) {
        answers.actions = answers.actions.filter(Boolean);
        return 'followUp';
      }
      return `action#${index + 1}`;
    },
    followUp: (info) =>
      textStep(
        info,
        {
          title: TITLE,
          prompt: 'Follow-up date: when should this come back so you can record what you learned? today, fri, +7, 2w or 2026-03-14.',
          value: answers.followUp,
          validate: (v) => {
            const day = parseDayInput(v, today);
            return !day ? 'Try fri, +7, 2w or a date like 2026-03-14.' : day < today ? 'Pick today or a later day.' : undefined;
          },
          describe: (v) => `It comes back ${describeDue(parseDayInput(v, today)!, today).replace(/^due /, '')} (${parseDayInput(v, today)}).`,
        },
        (v) => (answers.followUp = v),
        DONE,
      ),
  };
  if (!answers.about && state.entities.goal.size === 0 && state.entities.microGoal.size === 0) {
    void vscode.window.showInformationMessage('A setback is logged on a goal or micro-goal: add one first.', 'Add Goal').then((choice) => {
      if (choice) void runCommand(Commands.addGoal);
    });
    return undefined;
  }
  const estimate = (history: readonly string[]) =>
    history.length + (history.some((h) => h.startsWith('action')) ? 1 : 3) - (history.includes('followUp') ? 1 : 0);
  if (!(await runFlow(steps, answers.about ? 'whatHappened' : 'about', estimate))) return undefined;

  // The follow-up day is also the due date of each corrective action: flagged on my away day or a
  // holiday, with my next working day first (issue 18 §4), as every due date set is.
  const followUp = await adviseDueDay(state, me, parseDayInput(answers.followUp, today)!, TITLE);
  if (!followUp) return undefined;
  const about = answers.about!;
  const goal = state.entities.goal.has(about) ? about : state.entities.microGoal.get(about)?.goal;
  const actions = answers.actions.filter(Boolean);
  const now = new Date().toISOString();
  const id = await workspace.write((edit) => {
    const actionIds = actions.map((title, i) =>
      edit.create('microGoal', 'mg', { title, owner: me, ...(goal ? { goal } : {}), due: followUp, done: false, createdAt: now, order: 1000 + i }),
    );
    return edit.create('setback', 'sb', {
      member: me,
      about,
      whatHappened: answers.whatHappened,
      ...(answers.rootCause ? { rootCause: answers.rootCause } : {}),
      actions: actionIds,
      followUp,
      at: now,
    });
  });
  if (id) {
    const steps = actions.length
      ? ` ${actions.length === 1 ? 'One corrective action is' : `${actions.length} corrective actions are`} now on your micro-goals.`
      : '';
    void vscode.window.showInformationMessage(
      `Setback logged.${steps} It comes back ${describeDue(followUp, today).replace(/^due /, '')} so you can record what you learned.`,
    );
  }
  return id;
}

/** Accord: Review Follow-up — what the setback taught; it resurfaces in planning and in Search Lessons. */
export async function reviewFollowUp(ctx: MemberContext, target?: unknown): Promise<string | undefined> {
  const { workspace, me } = ctx;
  const state = workspace.state;
  const today = dayIn(new Date(), timeZoneOf(state, me));
  let id = entityIdArg(target);
  if (!id || !state.entities.setback.has(id)) {
    if (id) {
      void vscode.window.showInformationMessage('That setback is not here yet: pull your partner’s changes and try again.');
      return undefined;
    }
    const open = [...state.entities.setback.values()]
      .filter((s) => !s.reviewedAt)
      .sort((a, b) => Number(b.member === me) - Number(a.member === me) || compareText(a.followUp ?? '9999', b.followUp ?? '9999'));
    if (open.length === 0) {
      void vscode.window.showInformationMessage(
        'No setbacks are waiting for a follow-up. Log one with Accord: Log Setback… when something does not go to plan.',
      );
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      open.map((s) => ({
        label: safeText(s.whatHappened),
        description: [displayName(state, s.member), s.followUp && `follow-up ${describeDue(s.followUp, today).replace(/^due /, '')}`]
          .filter(Boolean)
          .join(' · '),
        detail: safeText(s.rootCause),
        id: s.id,
      })),
      { title: 'Accord: Review Follow-up', placeHolder: 'Which setback are you following up?', ignoreFocusOut: true, matchOnDetail: true },
    );
    if (!pick) return undefined;
    id = pick.id;
  }
  const setback = state.entities.setback.get(id)!;
  const done = setback.actions.filter((a) => state.entities.microGoal.get(a)?.done).length;
  const progress = setback.actions.length ? ` Corrective actions: ${done} of ${setback.actions.length} done.` : '';
  const lesson = await vscode.window.showInputBox({
    title: withData`Accord: Review Follow-up: ${setback.whatHappened}`,
    prompt: `What did you learn? It comes back in the next planning session and in Search Lessons.${progress} (Escape to come back to it later.)`,
    value: setback.lesson ?? '',
    placeHolder: 'Check staging the day before a release, not the day of',
    ignoreFocusOut: true,
    validateInput: (value) =>
      value.trim()
        ? value.length > 4000
          ? 'Keep it under 4000 characters.'
          : undefined
        : 'Write the lesson in a sentence, or press Escape to come back to it later.',
  });
  if (!lesson?.trim()) return undefined;
  const setbackId = id;
  const written = await workspace.write((edit) => {
    edit.set(setbackId, 'setback', { lesson: lesson.trim(), reviewedAt: new Date().toISOString() });
    return setbackId;
  });
  if (written) vscode.window.setStatusBarMessage('$(book) Lesson recorded: search it with Accord: Search Lessons', 5000);
  return written;
}
