/** Kudos: one click to celebrate a finished micro-goal, and Accord: Send Kudos. */
import * as vscode from 'vscode';
import { displayName, withData } from '../core';
import { type CommandContext, type MemberContext } from '../commands/handler';
import { textMessage } from '../util/quickInput';
import type { AccordWorkspace } from '../workspace/accordWorkspace';
import { entityIdArg, memberArg } from '../commands/args';
import { noPartnerYet, partnersOf } from './feedback';

/** Whether completing a micro-goal offers kudos (the `accord.offerKudos` setting). */
function offersKudos(workspace: AccordWorkspace): boolean {
  return vscode.workspace.getConfiguration('accord', workspace.folder).get<boolean>('offerKudos', true);
}

/**
 * Who to celebrate when a micro-goal is done: its owner when that is someone else; when it
 * is mine, the partner who owns its goal, or my only partner.
 */
export function kudosRecipient(workspace: AccordWorkspace, microGoalId: string): string | undefined {
  const state = workspace.state;
  const micro = state.entities.microGoal.get(microGoalId);
  const me = workspace.me;
  if (!micro || !me) return undefined;
  if (micro.owner !== me) return micro.owner;
  const goalOwner = micro.goal ? state.entities.goal.get(micro.goal)?.owner : undefined;
  if (goalOwner && goalOwner !== me) return goalOwner;
  const partners = partnersOf(workspace);
  return partners.length === 1 ? partners[0] : undefined;
}

async function writeKudos(workspace: AccordWorkspace, me: string, to: string, message: string, about: string | undefined): Promise<string | undefined> {
  const id = await workspace.write((edit) =>
    edit.create('feedback', 'fb', { from: me, to, type: 'kudos', behaviour: message, ...(about ? { about } : {}), at: new Date().toISOString() }),
  );
  if (id) vscode.window.setStatusBarMessage(`$(heart) Kudos sent to ${displayName(workspace.state, to)}`, 5000);
  return id;
}

/**
 * Offers a one-click kudos after a micro-goal is completed: "Send kudos to Sam?". Resolves to
 * the kudos id when sent. Quiet when there is nobody to thank or the person turned it off.
 */
export async function offerKudos(ctx: CommandContext, microGoalId: string): Promise<string | undefined> {
  const workspace = ctx.workspace;
  const me = workspace?.me;
  if (!workspace || !me || workspace.readOnly || !offersKudos(workspace)) return undefined;
  await workspace.ready;
  const micro = workspace.state.entities.microGoal.get(microGoalId);
  const to = kudosRecipient(workspace, microGoalId);
  if (!micro || !to) return undefined;
  const name = displayName(workspace.state, to);
  const mine = micro.owner === me;
  const question = mine
    ? withData`“${micro.title}” is done. Send kudos to ${name} for being part of it?`
    : withData`${name} finished “${micro.title}”. Send kudos to ${name}?`;
  const choice = await vscode.window.showInformationMessage(question, 'Send Kudos', 'Not Now');
  if (choice !== 'Send Kudos') return undefined;
  return writeKudos(workspace, me, to, mine ? `Thanks for your part in “${micro.title}”` : `Well done on “${micro.title}”`, microGoalId);
}

/** Accord: Send Kudos — to a partner (argument: a member or a micro-goal), with a short note. */
export async function sendKudos(ctx: MemberContext, target?: unknown): Promise<string | undefined> {
  const { workspace, me } = ctx;
  const state = workspace.state;
  const partners = partnersOf(workspace);
  if (partners.length === 0) return noPartnerYet();
  const targetId = entityIdArg(target);
  const micro = targetId ? state.entities.microGoal.get(targetId) : undefined;
  let to = micro ? kudosRecipient(workspace, micro.id) : memberArg(target);
  if (!to || !partners.includes(to)) to = partners.length === 1 ? partners[0] : undefined;
  if (!to) {
    const pick = await vscode.window.showQuickPick(
      partners.map((m) => ({ label: displayName(state, m), description: m, member: m })),
      { title: 'Accord: Send Kudos', placeHolder: 'Who would you like to celebrate?', ignoreFocusOut: true },
    );
    if (!pick) return undefined;
    to = pick.member;
  }
  const name = displayName(state, to);
  const message = await vscode.window.showInputBox({
    title: `Accord: Send Kudos to ${name}`,
    prompt: 'What are you celebrating? Be specific: what they did and what it made possible.',
    value: micro ? `Well done on “${micro.title}”` : '',
    placeHolder: 'Your review caught the off-by-one before the release',
    ignoreFocusOut: true,
    validateInput: (value) => textMessage({ maxLength: 4000, coach: true }, value),
  });
  if (!message?.trim()) return undefined;
  return writeKudos(workspace, me, to, message.trim(), micro?.id);
}
