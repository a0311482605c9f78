/**
 * Accord: Give Feedback… and Accord: Acknowledge Feedback. Feedback is situation → behaviour
 * → impact (→ request); the coach reads along; Escape keeps a private draft.
 */
import * as vscode from 'vscode';
import { displayName, type Entity, memberIdsOf, safeText, withData } from '../core';
import { coach } from '../core/coach';
import { feedbackText } from '../core/relationshipFollowUps';
import { type MemberContext } from '../commands/handler';
import { DONE, pickStep, runFlow, type Step, type StepInfo, type StepOutcome, textStep } from '../util/quickInput';
import type { AccordWorkspace } from '../workspace/accordWorkspace';
import { entityIdArg, memberArg } from '../commands/args';
import { type FeedbackDraft, FeedbackDrafts } from './drafts';
import { Commands, runCommand } from '../commands/ids';

const TITLE = 'Accord: Give Feedback';

interface Choice<T> extends vscode.QuickPickItem {
  readonly value: T;
}

/** A piece of feedback as text for a surface: feedbackText with each part made safe (it quotes them as written). */
export function shownFeedbackText(feedback: Pick<Entity<'feedback'>, 'situation' | 'behaviour' | 'impact' | 'request'>): string {
  return feedbackText({
    situation: safeText(feedback.situation),
    behaviour: safeText(feedback.behaviour),
    impact: safeText(feedback.impact),
    request: safeText(feedback.request),
  });
}

/** Everyone but me who has a profile. */
export function partnersOf(workspace: AccordWorkspace): string[] {
  const me = workspace.me;
  return memberIdsOf(workspace.state.entities.member)
    .filter((m) => m !== me)
    .sort();
}

/** Tells the person their partner is not here yet; returns undefined for the caller to return. */
export function noPartnerYet(): undefined {
  void vscode.window.showInformationMessage('Accord lists partners once they have run Set Up and their file is in .accord/people (after a git pull).');
  return undefined;
}

export async function giveFeedback(ctx: MemberContext, target?: unknown): Promise<string | undefined> {
  const { workspace, me } = ctx;
  const partners = partnersOf(workspace);
  if (partners.length === 0) return noPartnerYet();
  const name = (member: string | undefined) => (member ? displayName(workspace.state, member) : 'your partner');
  const drafts = new FeedbackDrafts(ctx.extensionContext.workspaceState, me);
  const preset = memberArg(target);
  let draft: FeedbackDraft = {
    ...drafts.newDraft(),
    ...(preset && partners.includes(preset) ? { to: preset } : partners.length === 1 ? { to: partners[0]! } : {}),
  };
  let resumed = false;
  let outcome: 'share' | 'keep' | 'discard' | undefined;

  const text =
    (field: 'situation' | 'behaviour' | 'impact' | 'request', prompt: string, placeholder: string, optional: boolean, next: StepOutcome) => (info: StepInfo) =>
      textStep(
        info,
        { title: TITLE, prompt, placeholder, value: draft[field] ?? '', optional, maxLength: 4000, coach: true },
        (value) => (draft[field] = value || undefined),
        next,
      );

  const steps: Record<string, Step> = {
    draft: async (info) => {
      const items: Choice<FeedbackDraft | undefined>[] = [
        ...drafts.list().map((d) => ({
          label: `$(edit) Continue your draft to ${name(d.to)}`,
          description: safeText(d.type),
          detail: safeText(d.behaviour ?? d.situation ?? d.impact ?? ''),
          value: d,
        })),
        { label: '$(add) New feedback', value: undefined },
      ];
      const pick = await pickStep(info, { title: TITLE, placeholder: 'You have private drafts on this computer', items });
      if (typeof pick === 'symbol') return pick;
      resumed = !!pick.value;
      draft = pick.value ? { ...pick.value } : { ...drafts.newDraft(), ...(draft.to ? { to: draft.to } : {}) };
      return draft.to && partners.includes(draft.to) && partners.length === 1 ? 'type' : 'to';
    },
    to: async (info) => {
      const items = partners.map((m) => ({ label: name(m), description: m, value: m }));
      const pick = await pickStep(info, { title: TITLE, placeholder: 'Who is it for?', items, active: items.find((i) => i.value === draft.to) });
      if (typeof pick === 'symbol') return pick;
      draft.to = pick.value;
      return 'type';
    },
    type: async (info) => {
      const items: Choice<'appreciation' | 'observation'>[] = [
        { label: '$(heart) Appreciation', detail: `Something ${name(draft.to)} did that helped: say what, and the difference it made.`, value: 'appreciation' },
        { label: '$(eye) Observation', detail: 'Something you would like to change: what you saw, its impact, and a request.', value: 'observation' },
      ];
      const pick = await pickStep(info, {
        title: TITLE,
        placeholder: `What kind of feedback for ${name(draft.to)}?`,
        items,
        active: items.find((i) => i.value === draft.type),
      });
      if (typeof pick === 'symbol') return pick;
      draft.type = pick.value;
      return 'situation';
    },
    situation: (info) => text('situation', 'Situation: when and where was it? (optional)', 'In Tuesday’s code review', true, 'behaviour')(info),
    behaviour: (info) =>
      text(
        'behaviour',
        `Behaviour: what did ${name(draft.to)} do or say, as a camera would have seen it?`,
        draft.type === 'appreciation' ? 'You walked me through the cache change step by step' : 'The PR was merged before the tests finished',
        false,
        'impact',
      )(info),
    impact: (info) =>
      text(
        'impact',
        'Impact: what difference did it make to you, the work or the team?',
        draft.type === 'appreciation' ? 'I could review it in ten minutes' : 'I spent an hour finding why main was red',
        false,
        draft.type === 'observation' ? 'request' : 'review',
      )(info),
    request: (info) =>
      text(
        'request',
        `Request: what would you like ${name(draft.to)} to do next time? (optional)`,
        'Could you wait for the green check before merging?',
        true,
        'review',
      )(info),
    review: async (info) => {
      const parts: Array<[field: 'situation' | 'behaviour' | 'impact' | 'request', label: string]> = [
        ['situation', 'Situation'],
        ['behaviour', 'Behaviour'],
        ['impact', 'Impact'],
        ...(draft.type === 'observation' ? [['request', 'Request'] as ['request', string]] : []),
      ];
      const notes = parts.flatMap(([field]) => coach(draft[field] ?? ''));
      const items: Choice<string>[] = [
        {
          label: `$(send) Share with ${name(draft.to)}`,
          detail: `Saved in your file in .accord/people; ${name(draft.to)} sees it once you share your changes.`,
          value: 'share',
        },
        { label: '$(lock) Keep as a private draft', detail: 'Stays on this computer, outside the repository. Continue it from Give Feedback.', value: 'keep' },
        ...(resumed ? [{ label: '$(trash) Discard this draft', value: 'discard' }] : []),
        { label: 'Pick a line to change it', kind: vscode.QuickPickItemKind.Separator, value: '' },
        ...parts.map(([field, label]) => ({ label: `$(edit) ${label}`, description: safeText(draft[field]) ?? '(empty)', value: field })),
      ];
      const placeholder = notes.length
        ? `Coach: ${notes.map((n) => `"${n.words}"`).join(', ')} could read as judgment. ${notes[0]!.rule.suggestion}`
        : `Ready to share with ${name(draft.to)}?`;
      const pick = await pickStep(info, {
        title: `${TITLE}: ${draft.type === 'appreciation' ? 'appreciation' : 'observation'} for ${name(draft.to)}`,
        placeholder,
        items,
        matchOnDetail: false,
      });
      if (typeof pick === 'symbol') return pick;
      if (pick.value === 'share' || pick.value === 'keep' || pick.value === 'discard') {
        outcome = pick.value;
        return DONE;
      }
      return pick.value;
    },
  };
  const first = drafts.list().length > 0 && !preset ? 'draft' : draft.to ? 'type' : 'to';
  const estimate = (history: readonly string[]) =>
    history.length +
    ['type', 'situation', 'behaviour', 'impact', 'request', 'review'].filter((s) => !history.includes(s)).length -
    (draft.type === 'appreciation' ? 1 : 0);
  const finished = await runFlow(steps, first, estimate);

  if (finished && outcome === 'share' && draft.to && draft.type && draft.behaviour) {
    const to = draft.to;
    const id = await workspace.write((edit) =>
      edit.create('feedback', 'fb', {
        from: me,
        to,
        type: draft.type!,
        behaviour: draft.behaviour!,
        ...(draft.situation ? { situation: draft.situation } : {}),
        ...(draft.impact ? { impact: draft.impact } : {}),
        ...(draft.type === 'observation' && draft.request ? { request: draft.request } : {}),
        at: new Date().toISOString(),
      }),
    );
    if (!id) {
      await drafts.save(draft);
      return undefined;
    }
    await drafts.delete(draft.id);
    void vscode.window.showInformationMessage(`Thank you. Your feedback for ${name(to)} is saved; they will see it once you share your changes.`);
    return id;
  }
  if (outcome === 'discard') {
    await drafts.delete(draft.id);
    vscode.window.setStatusBarMessage('$(trash) Draft discarded', 4000);
  } else if (FeedbackDrafts.hasContent(draft)) {
    await drafts.save(draft);
    vscode.window.setStatusBarMessage('$(lock) Draft kept privately on this computer', 6000);
  }
  return undefined;
}

/** Accord: Acknowledge Feedback — the recipient marks it read, in their own file. */
export async function acknowledgeFeedback(ctx: MemberContext, target?: unknown): Promise<string | undefined> {
  const { workspace, me } = ctx;
  const state = workspace.state;
  let id = entityIdArg(target);
  if (!id) {
    const waiting = [...state.entities.feedback.values()].filter((f) => f.to === me && !f.acknowledgedAt).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    if (waiting.length === 0) {
      void vscode.window.showInformationMessage('No feedback is waiting for you.');
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      waiting.map((f) => ({
        label: withData`${displayName(state, f.from)}: ${f.behaviour}`,
        description: safeText(f.type),
        detail: shownFeedbackText(f).replace(/\n/g, ' · '),
        id: f.id,
      })),
      { title: 'Accord: Acknowledge Feedback', placeHolder: 'Pick the feedback you have read', matchOnDetail: true, ignoreFocusOut: true },
    );
    if (!pick) return undefined;
    id = pick.id;
  } else {
    const feedback = state.entities.feedback.get(id);
    if (!feedback) {
      void vscode.window.showInformationMessage('That feedback is not here yet: pull your partner’s changes and try again.');
      return undefined;
    }
    if (feedback.to !== me) {
      void vscode.window.showInformationMessage(`This feedback is for ${displayName(state, feedback.to)}: only they can acknowledge it.`);
      return undefined;
    }
    const from = displayName(state, feedback.from);
    const kind = feedback.type === 'kudos' ? 'Kudos' : feedback.type === 'appreciation' ? 'Appreciation' : 'Observation';
    const choice = await vscode.window.showInformationMessage(
      `${kind} from ${from}`,
      { modal: true, detail: shownFeedbackText(feedback) },
      'Acknowledge',
      'Acknowledge and Reply…',
    );
    if (!choice) return undefined;
    if (choice === 'Acknowledge and Reply…') setTimeout(() => void runCommand(Commands.giveFeedback, feedback.from), 0);
  }
  const feedbackId = id;
  const written = await workspace.write((edit) => {
    edit.set(feedbackId, 'feedback', { acknowledgedAt: new Date().toISOString() });
    return feedbackId;
  });
  if (written) vscode.window.setStatusBarMessage('$(check) Feedback acknowledged', 4000);
  return written;
}
