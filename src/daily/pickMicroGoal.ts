import * as vscode from 'vscode';
import { byDueThenOrder, describeDue, displayName, dueContext, type MicroGoalEntity, safeText, timeZoneOf } from '../core';
import { entityIdArg } from '../commands/args';
import type { AccordWorkspace } from '../workspace/accordWorkspace';

export interface PickOptions {
  title: string;
  placeHolder: string;
  filter?: (micro: MicroGoalEntity) => boolean;
}

/** The micro-goal from the argument, or one the person picks (open ones, theirs first). */
export async function resolveMicroGoal(workspace: AccordWorkspace, arg: unknown, options: PickOptions): Promise<MicroGoalEntity | undefined> {
  const state = workspace.state;
  const id = entityIdArg(arg);
  if (id) {
    const micro = state.entities.microGoal.get(id);
    if (!micro) void vscode.window.showInformationMessage('That micro-goal is no longer there: it may have been deleted by a partner.');
    return micro;
  }
  const me = workspace.me;
  const ctx = dueContext(new Date(), timeZoneOf(state, me), state.team);
  const candidates = [...state.entities.microGoal.values()].filter(options.filter ?? ((m) => !m.done));
  candidates.sort((a, b) => Number(b.owner === me) - Number(a.owner === me) || byDueThenOrder(a, b));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage('No micro-goals to choose from yet.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    candidates.map((m) => ({
      label: safeText(m.title),
      description: `${m.due ? describeDue(m.due, ctx.today) : 'no due date'} · ${displayName(state, m.owner)}`,
      detail: safeText(m.goal ? state.entities.goal.get(m.goal)?.title : undefined),
      id: m.id,
    })),
    { title: options.title, placeHolder: options.placeHolder, matchOnDescription: true, matchOnDetail: true },
  );
  return pick ? state.entities.microGoal.get(pick.id) : undefined;
}
