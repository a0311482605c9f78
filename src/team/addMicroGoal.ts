import * as vscode from 'vscode';
import { compareNames, displayName, safeText, timeZoneOf, withData } from '../core';
import { goalIdArg } from '../commands/args';
import { adviseDueDay, askDueDay, askText, validateHours } from '../commands/input';
import { type MemberContext } from '../commands/handler';

interface GoalPick extends vscode.QuickPickItem {
  goalId: string | undefined;
}

/** Accord: Add Micro-goal — a small, verifiable step with an owner and a due date. */
export async function addMicroGoal(ctx: MemberContext, target?: unknown): Promise<string | undefined> {
  const { workspace, me } = ctx;
  const state = workspace.state;
  let goalId = goalIdArg(target);
  if (goalId && !state.entities.goal.has(goalId)) goalId = undefined;
  if (!goalId) {
    const goals = [...state.entities.goal.values()].filter((g) => g.state === 'active').sort((a, b) => compareNames(a.title, b.title));
    const picks: GoalPick[] = [
      ...goals.map((g) => ({ label: safeText(g.title), description: displayName(state, g.owner), detail: safeText(g.why), goalId: g.id })),
      { label: 'No goal', description: 'a standalone micro-goal', goalId: undefined },
    ];
    const pick = await vscode.window.showQuickPick(picks, {
      title: 'Accord: Add Micro-goal (1/4)',
      placeHolder: 'Which goal does this step serve?',
      ignoreFocusOut: true,
      matchOnDetail: true,
    });
    if (!pick) return undefined;
    goalId = pick.goalId;
  }
  const goal = goalId ? state.entities.goal.get(goalId) : undefined;
  const title = await askText({
    title: 'Accord: Add Micro-goal (2/4)',
    prompt: goal?.why ? withData`A step you can verify in a day or less. Why it matters: ${goal.why}` : 'A step you can verify in a day or less.',
    placeHolder: 'Review the two open PRs on the parser',
  });
  if (title === undefined) return undefined;
  const timeZone = timeZoneOf(state, me);
  const asked = await askDueDay('Accord: Add Micro-goal (3/4)', timeZone, 'tomorrow', true);
  if (asked === undefined) return undefined;
  // A due date on a day I am away or on holiday is flagged now, with my next working day offered.
  const due = asked && (await adviseDueDay(state, me, asked, 'Accord: Add Micro-goal'));
  if (due === undefined) return undefined;
  const estimate = await askText({
    title: 'Accord: Add Micro-goal (4/4)',
    prompt: 'Estimate in hours (optional): planning weighs it against capacity.',
    optional: true,
    validate: (v) => validateHours(v),
  });
  if (estimate === undefined) return undefined;
  const siblings = [...state.entities.microGoal.values()].filter((m) => m.goal === goalId);
  const order = siblings.reduce((max, m) => Math.max(max, m.order ?? 0), 0) + 1;
  const id = await workspace.write((edit) =>
    edit.create('microGoal', 'mg', {
      title,
      owner: me,
      ...(goalId ? { goal: goalId } : {}),
      ...(due ? { due } : {}),
      ...(estimate ? { estimateHours: Number(estimate) } : {}),
      done: false,
      createdAt: new Date().toISOString(),
      order,
    }),
  );
  if (id) vscode.window.setStatusBarMessage(withData`$(check) Micro-goal added: ${title}`, 4000);
  return id;
}
