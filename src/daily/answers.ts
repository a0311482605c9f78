/**
 * Answering a partner's check-in (issue 16): a reaction ("seen", a thumbs-up, "nice"), an
 * offer of help with a note and perhaps a pairing time, and the author's reply to an answer.
 * Each answer is a `response` entity in the answerer's own file: I can answer your check-in but
 * never edit it (authority.ts). The author sees answers in Follow-ups; a partner's blocked
 * check-in is at the top of everyone else's Follow-ups with Offer Help.
 */
import * as vscode from 'vscode';
import {
  dayIn,
  displayName,
  instantInZone,
  pairingOnClock,
  parseDayInput,
  REACTION_LABELS,
  REACTIONS,
  type Reaction,
  type ResponseKind,
  safeText,
  timeZoneOf,
  withData,
} from '../core';
import { entityIdArg } from '../commands/args';
import { type MemberContext } from '../commands/handler';
import { askText } from '../commands/input';
import type { AccordWorkspace } from '../workspace/accordWorkspace';

/** The check-in (or answer) a command was run on: an id, or a Timeline row / Follow-ups row that carries one. */
const answeredId = entityIdArg;

/** The check-in or response `id`, with its author; undefined (and said) when it is not there. */
function answerable(workspace: AccordWorkspace, id: string | undefined): { id: string; author: string; what: string } | undefined {
  const state = workspace.state;
  const checkIn = id ? state.entities.checkIn.get(id) : undefined;
  if (checkIn) return { id: checkIn.id, author: checkIn.member, what: 'check-in' };
  const response = id ? state.entities.response.get(id) : undefined;
  if (response) return { id: response.id, author: response.by, what: 'answer' };
  void vscode.window.showInformationMessage('That check-in is no longer there: its author may have deleted it.');
  return undefined;
}

/** What an answer says: whom it answers (`to`), how, and perhaps a note and a time to pair. */
interface ResponseFields {
  readonly to: string;
  readonly kind: ResponseKind;
  readonly reaction?: Reaction;
  readonly note?: string;
  readonly pairAt?: string;
}

function writeResponse(workspace: AccordWorkspace, me: string, fields: ResponseFields): Promise<string | undefined> {
  const at = new Date().toISOString();
  return workspace.write((edit) => edit.create('response', 'rs', { ...fields, by: me, at }));
}

/** Accord: Acknowledge Check-in — a reaction the author sees. */
export async function acknowledgeCheckIn(ctx: MemberContext, arg: unknown, reaction?: unknown): Promise<void> {
  const { workspace, me } = ctx;
  const target = answerable(workspace, answeredId(arg));
  if (!target) return;
  if (target.author === me) {
    void vscode.window.showInformationMessage('That is your own check-in: your partners answer it.');
    return;
  }
  let chosen = REACTIONS.find((r) => r === reaction);
  if (!chosen) {
    const pick = await vscode.window.showQuickPick(
      REACTIONS.map((r) => ({ label: `$(${REACTION_LABELS[r].icon}) ${REACTION_LABELS[r].label}`, reaction: r as Reaction })),
      { title: withData`Accord: Answer ${displayName(workspace.state, target.author)}'s ${target.what}`, placeHolder: 'A reaction they will see' },
    );
    if (!pick) return;
    chosen = pick.reaction;
  }
  if (await writeResponse(workspace, me, { to: target.id, kind: 'reaction', reaction: chosen }))
    vscode.window.setStatusBarMessage(withData`$(reply) ${REACTION_LABELS[chosen].label}: ${displayName(workspace.state, target.author)} will see it`, 4000);
}

/**
 * A pairing time typed as a day and a time on my own clock ("tomorrow 14:00", "fri 9:30",
 * "2026-03-12 15:00"): the instant, or undefined when it is not one. Days as Accord reads them
 * everywhere (parseDayInput), times as HH:MM (24-hour).
 */
export function parsePairingTime(text: string, today: string, timeZone: string): Date | undefined {
  const match = /^(.*?)\s*\b([01]?\d|2[0-3])[:.]([0-5]\d)$/.exec(text.trim());
  if (!match) return undefined;
  const day = match[1]!.trim() ? parseDayInput(match[1]!, today) : today;
  return day ? instantInZone(day, Number(match[2]), Number(match[3]), timeZone) : undefined;
}

/** Accord: Offer Help — a short note to the author of a check-in, and perhaps a time to pair. */
export async function offerHelp(ctx: MemberContext, arg: unknown): Promise<void> {
  const { workspace, me } = ctx;
  const target = answerable(workspace, answeredId(arg));
  if (!target) return;
  if (target.author === me) {
    void vscode.window.showInformationMessage('That is your own check-in: your partners can offer help on it.');
    return;
  }
  const name = displayName(workspace.state, target.author);
  const note = await askText({
    title: withData`Accord: Offer ${name} Help`,
    prompt: 'A short note: what you could do (Enter to send just the offer).',
    placeHolder: 'I know that API: want to look at it together?',
    optional: true,
    maxLength: 1000,
  });
  if (note === undefined) return;
  const zone = timeZoneOf(workspace.state, me);
  const today = dayIn(new Date(), zone);
  const when = await askText({
    title: withData`Accord: Offer ${name} Help`,
    prompt: 'Propose a time to pair, on your clock: "tomorrow 14:00", "fri 9:30" (Enter to skip).',
    optional: true,
    maxLength: 40,
    validate: (value) => (!value.trim() || parsePairingTime(value, today, zone) ? undefined : 'A day and a time, like tomorrow 14:00 or fri 9:30.'),
  });
  if (when === undefined) return;
  const pairAt = when ? parsePairingTime(when, today, zone)?.toISOString() : undefined;
  const saved = await writeResponse(workspace, me, { to: target.id, kind: 'help', ...(note ? { note } : {}), ...(pairAt ? { pairAt } : {}) });
  if (saved) vscode.window.setStatusBarMessage(withData`$(heart) Offer sent: ${name} sees it in Follow-ups`, 4000);
}

/**
 * Answering an answer (a Follow-ups row): thanks, a reply, or, for an offer with a pairing
 * time, "yes, let's pair then".
 */
export async function answerResponse(ctx: MemberContext, arg: unknown): Promise<void> {
  const { workspace, me } = ctx;
  const id = answeredId(arg);
  const response = id ? workspace.state.entities.response.get(id) : undefined;
  if (!response) {
    void vscode.window.showInformationMessage('That answer is no longer there.');
    return;
  }
  const name = displayName(workspace.state, response.by);
  const zone = timeZoneOf(workspace.state, me);
  const items = [
    { label: `$(${REACTION_LABELS.thanks.icon}) Thanks`, action: 'thanks' as const },
    ...(response.kind === 'help' && response.pairAt
      ? [{ label: `$(organization) Yes, let's pair at ${pairingOnClock(response.pairAt, zone)}`, action: 'accept' as const }]
      : []),
    { label: '$(reply) Reply…', action: 'reply' as const },
  ];
  const pick = await vscode.window.showQuickPick(items, {
    title: withData`Accord: Answer ${name}`,
    placeHolder: safeText(response.note ?? (response.kind === 'help' ? `${name} offered help` : `${name} answered your check-in`)),
  });
  if (!pick) return;
  if (pick.action === 'thanks') {
    await writeResponse(workspace, me, { to: response.id, kind: 'reaction', reaction: 'thanks' });
    return;
  }
  if (pick.action === 'accept') {
    // The time stays an instant: each of you reads it on your own clock.
    await writeResponse(workspace, me, { to: response.id, kind: 'reply', note: "Yes, let's pair then.", pairAt: response.pairAt! });
    return;
  }
  const note = await askText({ title: withData`Accord: Reply to ${name}`, prompt: 'Your reply', maxLength: 1000 });
  if (note) await writeResponse(workspace, me, { to: response.id, kind: 'reply', note });
}
