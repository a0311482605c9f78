/**
 * One click on a step of the covenant's escalation path (issue 19 §2), from its Follow-ups row:
 * talk it through in a check-in, propose a pairing time, or add the micro-goal to the next
 * planning session's agenda. Each acts on the escalation as the core finds it now
 * (escalation.ts `escalationFollowUps`), never on what the row held when it was drawn.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { displayName, ESCALATION_STEP_WORDS, type EscalationFollowUp, escalationFollowUps, memberIdsOf, NO_RULES, safeText, withData } from '../core';
import { entityIdArg } from '../commands/args';
import type { MemberContext } from '../commands/handler';
import { PlanningAgenda } from '../planning';
import type { CovenantSource } from '../workspace/covenantSource';
import { quickCheckIn } from './checkIn';
import type { EvidenceSource } from './evidence';
import { pairingInvitation, pairingSlots, slotWords } from './pairingSlots';

/** How many pairing times the pick offers. */
const SLOTS_OFFERED = 6;

/** The escalation a Follow-ups row (or its id) stands for, as it is now; undefined (and said) when it has gone. */
function escalationNow(ctx: MemberContext, covenant: Pick<CovenantSource, 'rules'> | undefined, arg: unknown): EscalationFollowUp | undefined {
  const id = entityIdArg(arg);
  const found =
    id === undefined ? undefined : escalationFollowUps(ctx.workspace.state, covenant?.rules ?? NO_RULES, ctx.me, new Date()).find((f) => f.id === id);
  if (!found) void vscode.window.showInformationMessage('That step is no longer needed: the micro-goal moved, or its check-ins no longer say blocked.');
  return found;
}

function titleOf(ctx: MemberContext, escalation: EscalationFollowUp): string {
  return ctx.workspace.state.entities.microGoal.get(escalation.escalation.microGoal)?.title ?? escalation.escalation.microGoal;
}

/** Accord: Check In on It… — Quick Check-In on the blocked micro-goal. */
export async function checkInOnBlocked(
  ctx: MemberContext,
  covenant: Pick<CovenantSource, 'rules'> | undefined,
  evidence: EvidenceSource | undefined,
  arg: unknown,
): Promise<void> {
  const escalation = escalationNow(ctx, covenant, arg);
  if (escalation) await quickCheckIn(ctx, evidence, escalation.escalation.microGoal);
}

/** Whom I would pair with: the blocked partner, or for my own block the partner I pick (asked only when there are several). */
async function pairingPartner(ctx: MemberContext, blocked: string): Promise<string | undefined> {
  if (blocked !== ctx.me) return blocked;
  const state = ctx.workspace.state;
  const partners = memberIdsOf(state.entities.member).filter((m) => m !== ctx.me);
  if (partners.length <= 1) {
    if (partners.length === 0) void vscode.window.showInformationMessage('Pairing needs a partner: nobody else has set up Accord in this team yet.');
    return partners[0];
  }
  const pick = await vscode.window.showQuickPick(
    partners.map((member) => ({ label: `$(person) ${displayName(state, member)}`, member })),
    { title: 'Accord: Propose a Pairing Time', placeHolder: 'Pair with…' },
  );
  return pick?.member;
}

/**
 * Accord: Propose a Pairing Time… — pick one of the next moments when both of us are at work
 * (pairingSlots.ts: each one's working days, hours, zone, away days and holidays). On a
 * partner's block it is recorded as an offer of help with that time on their blocked check-in,
 * as Offer Help records one: they see it in Follow-ups and answer "yes, let's pair then" there,
 * through the shared files like every other answer. Then, and for my own block at once (an
 * answer to my own check-in would reach nobody), Accord offers an .ics invitation to save for a
 * calendar app. Nothing is sent anywhere.
 */
export async function proposePairing(ctx: MemberContext, covenant: Pick<CovenantSource, 'rules'> | undefined, arg: unknown): Promise<void> {
  const escalation = escalationNow(ctx, covenant, arg);
  if (!escalation) return;
  const { workspace, me } = ctx;
  const { member: blocked, checkIn, microGoal } = escalation.escalation;
  const partner = await pairingPartner(ctx, blocked);
  if (!partner) return;
  const state = workspace.state;
  const name = displayName(state, partner);
  const title = titleOf(ctx, escalation);
  const slots = pairingSlots(state, [me, partner], new Date(), SLOTS_OFFERED);
  if (slots.length === 0) {
    void vscode.window.showInformationMessage(
      withData`Your working hours and ${name}'s do not meet in the coming weeks: agree on a time in a check-in instead.`,
    );
    return;
  }
  const pick = await vscode.window.showQuickPick(
    slots.map((slot) => ({ label: `$(calendar) ${slotWords(state, me, [partner], slot)}`, slot })),
    { title: withData`Accord: Pair with ${name} on “${title}”`, placeHolder: 'A time when you are both at work (one hour)' },
  );
  if (!pick) return;
  const words = escalation.escalation.step.say ?? ESCALATION_STEP_WORDS[escalation.escalation.step.step];
  const invitation = pairingInvitation({
    uid: `pair-${checkIn}-${microGoal}-${pick.slot.getTime()}@accord`,
    start: pick.slot,
    summary: `Pairing: ${title}`,
    description: `${displayName(state, me)} and ${name} pair on “${title}”.\n${escalation.label}\n${escalation.detail}`,
    stamp: new Date(),
  });
  if (blocked !== me) {
    const at = new Date().toISOString();
    const saved = await workspace.write((edit) =>
      edit.create('response', 'rs', { to: checkIn, kind: 'help', note: words.slice(0, 1000), pairAt: pick.slot.toISOString(), by: me, at }),
    );
    if (!saved) return;
    const answer = await vscode.window.showInformationMessage(
      withData`Pairing proposed: ${name} sees it in Follow-ups. Save an invitation for your calendar too?`,
      'Save Invitation…',
    );
    if (answer !== 'Save Invitation…') return;
  }
  await saveInvitation(invitation, blocked === me ? name : undefined);
}

/** Asks where to save the .ics invitation and writes it there; with `sendTo`, says to send it on. */
async function saveInvitation(text: string, sendTo: string | undefined): Promise<void> {
  const target = await vscode.window.showSaveDialog({
    title: 'Accord: Save Pairing Invitation',
    saveLabel: 'Save',
    // Outside the repository by default: an invitation is for a calendar app, not for git.
    defaultUri: vscode.Uri.file(join(homedir(), 'accord-pairing.ics')),
    filters: { iCalendar: ['ics'] },
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  const where = safeText(target.fsPath);
  void vscode.window.showInformationMessage(
    sendTo === undefined
      ? `Invitation saved: ${where}. Import it into your calendar app.`
      : `Invitation saved: ${where}. Import it into your calendar app and send it to ${safeText(sendTo)}.`,
  );
}

/**
 * Accord: Add to the Planning Agenda — puts the blocked micro-goal on the next planning
 * session's agenda (planning draftStore.ts PlanningAgenda: private to this workspace's storage
 * until the session), with the step's words as the reason.
 */
export async function addToAgenda(ctx: MemberContext, covenant: Pick<CovenantSource, 'rules'> | undefined, arg: unknown): Promise<void> {
  const escalation = escalationNow(ctx, covenant, arg);
  if (!escalation) return;
  const title = titleOf(ctx, escalation);
  const agenda = new PlanningAgenda(ctx.extensionContext.storageUri);
  try {
    const added = await agenda.add({ microGoal: escalation.escalation.microGoal, reason: escalation.label, addedAt: new Date().toISOString() });
    void vscode.window.showInformationMessage(
      added === 'added'
        ? withData`“${title}” is on the agenda of the next planning session.`
        : withData`“${title}” is on the next planning session's agenda already.`,
    );
  } catch (error) {
    void vscode.window.showWarningMessage(withData`Accord could not add it to the agenda: ${(error as Error).message}`);
  }
}
