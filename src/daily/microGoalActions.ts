/** Completing, reopening, editing, moving and deleting micro-goals (with undo). */
import * as vscode from 'vscode';
import { displayName, FIELD_SCHEMAS, type MicroGoal, type MicroGoalEntity, timeZoneOf, withData } from '../core';
import { adviseDueDay, askDueDay, askText, validateHours } from '../commands/input';
import { type MemberContext } from '../commands/handler';
import type { AccordWorkspace } from '../workspace/accordWorkspace';
import { resolveMicroGoal } from './pickMicroGoal';
import { Commands, runCommand } from '../commands/ids';

/** Called after a micro-goal is completed (the relationship feature offers kudos). */
export type CompletionListener = (microGoalId: string) => void;

export async function setDone(workspace: AccordWorkspace, ids: readonly string[], done: boolean): Promise<boolean> {
  const at = new Date().toISOString();
  const saved = await workspace.write((edit) => {
    // A reopen is dated: the commits that said it was done are answered (evidence.ts offeredDone).
    for (const id of ids) edit.set(id, 'microGoal', done ? { done: true, doneAt: at } : { done: false, doneAt: null, reopenedAt: at });
    return true;
  });
  return !!saved;
}

export async function completeMicroGoal(ctx: MemberContext, arg: unknown, onCompleted?: CompletionListener): Promise<void> {
  const { workspace } = ctx;
  const micro = await resolveMicroGoal(workspace, arg, { title: 'Accord: Complete Micro-goal', placeHolder: 'Which micro-goal is done?' });
  if (!micro || micro.done) return;
  if (await setDone(workspace, [micro.id], true)) {
    vscode.window.setStatusBarMessage(withData`$(pass-filled) Done: ${micro.title}`, 4000);
    onCompleted?.(micro.id);
  }
}

export async function reopenMicroGoal(ctx: MemberContext, arg: unknown): Promise<void> {
  const { workspace } = ctx;
  const micro = await resolveMicroGoal(workspace, arg, {
    title: 'Accord: Reopen Micro-goal',
    placeHolder: 'Which micro-goal is not done after all?',
    filter: (m) => m.done,
  });
  if (micro?.done) await setDone(workspace, [micro.id], false);
}

export async function editMicroGoal(ctx: MemberContext, arg: unknown): Promise<void> {
  const { workspace, me } = ctx;
  const micro = await resolveMicroGoal(workspace, arg, { title: 'Accord: Edit Micro-goal', placeHolder: 'Which micro-goal?', filter: () => true });
  if (!micro) return;
  if (micro.owner !== me) {
    const choice = await vscode.window.showInformationMessage(
      withData`“${micro.title}” is ${displayName(workspace.state, micro.owner)}'s. Changing its date, owner or scope is a renegotiation they can accept.`,
      'Renegotiate…',
    );
    if (choice) await runCommand(Commands.renegotiate, micro.id);
    return;
  }
  const title = await askText({ title: 'Accord: Edit Micro-goal (1/3)', prompt: 'Title', value: micro.title });
  if (title === undefined) return;
  const asked = await askDueDay('Accord: Edit Micro-goal (2/3)', timeZoneOf(workspace.state, me), micro.due ?? '', true);
  if (asked === undefined) return;
  // A new date on my away day or a holiday is flagged, with my next working day first (issue 18 §4); the date it had is not asked about again.
  const due = asked && asked !== micro.due ? await adviseDueDay(workspace.state, me, asked, 'Accord: Edit Micro-goal') : asked;
  if (due === undefined) return;
  const estimate = await askText({
    title: 'Accord: Edit Micro-goal (3/3)',
    prompt: 'Estimate in hours (optional)',
    value: micro.estimateHours?.toString() ?? '',
    optional: true,
    validate: (v) => validateHours(v),
  });
  if (estimate === undefined) return;
  await workspace.write((edit) => edit.set(micro.id, 'microGoal', { title, due: due || null, estimateHours: estimate ? Number(estimate) : null }));
}

export async function deleteMicroGoal(ctx: MemberContext, arg: unknown): Promise<void> {
  const { workspace, me } = ctx;
  // Only the owner deletes a micro-goal (a partner's tombstone is left out of everyone's state).
  const micro = await resolveMicroGoal(workspace, arg, {
    title: 'Accord: Delete Micro-goal',
    placeHolder: 'Which of your micro-goals should go?',
    filter: (m) => m.owner === me,
  });
  if (!micro) return;
  if (micro.owner !== me) {
    const choice = await vscode.window.showInformationMessage(
      withData`“${micro.title}” is ${displayName(workspace.state, micro.owner)}'s, so only they can delete it. You can propose dropping it from scope with a renegotiation.`,
      'Renegotiate…',
    );
    if (choice) await runCommand(Commands.renegotiate, micro.id);
    return;
  }
  // A tombstone stays deleted for everyone, so "undo" re-creates the micro-goal under a new id.
  const saved = await workspace.write((edit) => {
    edit.delete(micro.id, 'microGoal');
    return true;
  });
  if (!saved) return;
  const choice = await vscode.window.showInformationMessage(withData`Deleted “${micro.title}”.`, 'Undo');
  if (choice === 'Undo') await restore(workspace, micro);
}

async function restore(workspace: AccordWorkspace, micro: MicroGoalEntity): Promise<void> {
  // The fields this Accord knows: one a newer Accord wrote would make the whole edit fail.
  const known = FIELD_SCHEMAS.microGoal;
  const fields = Object.fromEntries(Object.entries(micro).filter(([name]) => name !== 'id' && known[name] !== undefined));
  await workspace.write((edit) => edit.create('microGoal', 'mg', fields as MicroGoal));
}

/**
 * Drag and drop: moves micro-goals under a goal (or out of any goal) and, when dropped on a
 * micro-goal, just before it.
 */
export async function moveMicroGoals(workspace: AccordWorkspace, ids: readonly string[], goalId: string | undefined, beforeId?: string): Promise<void> {
  const state = workspace.state;
  // The view sorts by due day first, so order counts among micro-goals due the same day.
  const target = beforeId ? state.entities.microGoal.get(beforeId) : undefined;
  const siblings = [...state.entities.microGoal.values()]
    .filter((m) => m.goal === goalId && !ids.includes(m.id) && (!target || m.due === target.due))
    .sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  const otherDay = target ? ids.map((id) => state.entities.microGoal.get(id)).filter((m) => m && m.due !== target.due) : [];
  if (otherDay.length)
    vscode.window.setStatusBarMessage(
      withData`$(info) Micro-goals stay with their due day; to move “${otherDay[0]!.title}” to another day, renegotiate it`,
      6000,
    );
  let orders: number[];
  const index = beforeId ? siblings.findIndex((m) => m.id === beforeId) : -1;
  if (index >= 0) {
    const high = siblings[index]!.order ?? 0;
    const low = index > 0 ? (siblings[index - 1]!.order ?? 0) : high - 1;
    // Weighted, not low + (high - low) * t: a partner's order near the largest number must not overflow to Infinity.
    orders = ids.map((_, i) => {
      const t = (i + 1) / (ids.length + 1);
      return low * (1 - t) + high * t;
    });
  } else {
    const last = siblings.reduce((max, m) => Math.max(max, m.order ?? 0), 0);
    orders = ids.map((_, i) => last + i + 1);
  }
  await workspace.write((edit) => ids.forEach((id, i) => edit.set(id, 'microGoal', { goal: goalId ?? null, order: orders[i]! })));
}
