/**
 * Accord: Check In — which micro-goals moved, status, then optional helped / hindered / next
 * step / energy. Under 15 seconds when you only tick and pick; Escape keeps a draft.
 */
import * as vscode from 'vscode';
import {
  byDueThenOrder,
  CHECK_IN_STATUSES,
  type CheckInStatus,
  describeDue,
  displayName,
  dueContext,
  type CheckInEvidence,
  evidenceSince,
  lastCheckInOf,
  myEvidence,
  parseQuickCheckIn,
  safeText,
  type TeamState,
  timeZoneOf,
  withData,
} from '../core';
import { type MemberContext } from '../commands/handler';
import { DONE, pickManyStep, pickStep, runFlow, type Step, textStep } from '../util/quickInput';
import type { AccordWorkspace } from '../workspace/accordWorkspace';
import type { EvidenceSource } from './evidence';
import type { CompletionListener } from './microGoalActions';

export interface CheckInDraft {
  microGoals: string[];
  /** What moved, in one line: the summary of my commits, as offered or as edited. */
  note?: string;
  status?: CheckInStatus;
  helped?: string;
  hindered?: string;
  next?: string;
  energy?: number;
}

const DRAFT_KEY = 'accord.checkInDraft';

export const STATUS_LABELS: Record<CheckInStatus, { label: string; detail: string; icon: string }> = {
  'on-track': { label: 'On track', detail: 'Moving as planned', icon: 'pass' },
  'at-risk': { label: 'At risk', detail: 'Might slip: worth a word with your partner', icon: 'warning' },
  blocked: { label: 'Blocked', detail: 'Waiting on something or someone', icon: 'debug-pause' },
  done: { label: 'Done', detail: 'Finished: the micro-goals you picked are marked done', icon: 'check-all' },
};

const ENERGY = ['1 · drained', '2 · low', '3 · steady', '4 · good', '5 · energised'];

/** Why the picked micro-goals matter, from their goals (shown while checking in), each made safe to show. */
export function whyItMatters(state: TeamState, microGoalIds: readonly string[]): string | undefined {
  const whys = new Set<string>();
  for (const id of microGoalIds) {
    const goalId = state.entities.microGoal.get(id)?.goal;
    const why = goalId ? state.entities.goal.get(goalId)?.why : undefined;
    if (why) whys.add(safeText(why));
  }
  return whys.size ? [...whys].join(' · ') : undefined;
}

/**
 * What my commits since my last check-in say (evidenceSince over my own commits, myEvidence):
 * the open micro-goals they name and a one-line summary. With no check-in yet, every commit of
 * mine counts; without evidence (no git, Restricted Mode), nothing.
 */
export function movedByCommits(workspace: AccordWorkspace, me: string, evidence: EvidenceSource | undefined): CheckInEvidence {
  const state = workspace.state;
  if (!evidence || evidence.status !== 'ready') return { microGoals: [], commits: [], summary: '' };
  const since = lastCheckInOf(state, me)?.toISOString() ?? '1970-01-01T00:00:00Z';
  return evidenceSince(myEvidence(evidence.evidence(state), state, me, workspace.myEmail), since);
}

export async function checkIn(ctx: MemberContext, onCompleted?: CompletionListener, evidence?: EvidenceSource): Promise<void> {
  const { workspace, me } = ctx;
  const memento = ctx.extensionContext.workspaceState;
  const saved = memento.get<CheckInDraft>(DRAFT_KEY);
  const moved = movedByCommits(workspace, me, evidence);
  // A draft is what the person already answered; without one, git's answer is ticked for them.
  const draft: CheckInDraft = saved
    ? { ...saved, microGoals: saved.microGoals ?? [] }
    : { microGoals: moved.microGoals, ...(moved.summary ? { note: moved.summary } : {}) };
  const state = workspace.state;
  const dueCtx = dueContext(new Date(), timeZoneOf(state, me), state.team);
  const open = [...state.entities.microGoal.values()]
    .filter((m) => !m.done)
    .sort((a, b) => Number(b.owner === me) - Number(a.owner === me) || byDueThenOrder(a, b));
  const items = open.map((m) => ({
    label: safeText(m.title),
    description: `${m.due ? describeDue(m.due, dueCtx.today) : 'no due date'} · ${displayName(state, m.owner)}`,
    detail: safeText(m.goal ? (state.entities.goal.get(m.goal)?.why ?? state.entities.goal.get(m.goal)?.title) : undefined),
    id: m.id,
  }));
  const title = 'Accord: Check In';
  const why = () => {
    const text = whyItMatters(state, draft.microGoals);
    return text ? ` Why it matters: ${text}` : '';
  };
  const optionalText =
    (field: 'helped' | 'hindered' | 'next', prompt: string, next: string): Step =>
    (info) =>
      textStep(
        info,
        { title, prompt: `${prompt} (optional, Enter to skip).${why()}`, value: draft[field] ?? '', optional: true, maxLength: 4000, canFinish: true },
        (value) => (draft[field] = value || undefined),
        next,
      );
  const steps: Record<string, Step> = {
    moved: (info) =>
      pickManyStep(
        info,
        {
          title,
          placeholder: 'Which micro-goals moved? Space to tick, Enter to go on (none is fine).',
          items,
          selected: items.filter((i) => draft.microGoals.includes(i.id)),
        },
        (picked) => (draft.microGoals = picked.map((p) => p.id)),
        moved.summary ? 'summary' : 'status',
      ),
    // Only when my commits moved something: their subjects in one line, to keep, edit or clear.
    ...(moved.summary
      ? {
          summary: (info: Parameters<Step>[0]) =>
            textStep(
              info,
              {
                title,
                prompt: `What moved, from your ${moved.commits.length === 1 ? 'commit' : `${moved.commits.length} commits`} (Enter to keep, or edit; clear it to leave it out).`,
                value: draft.note ?? '',
                optional: true,
                maxLength: 4000,
                canFinish: false,
              },
              (value) => (draft.note = value || undefined),
              'status',
            ),
        }
      : {}),
    status: async (info) => {
      const statusItems = CHECK_IN_STATUSES.map((status) => ({
        label: `$(${STATUS_LABELS[status].icon}) ${STATUS_LABELS[status].label}`,
        detail: STATUS_LABELS[status].detail,
        status,
      }));
      const pick = await pickStep(
        info,
        {
          title,
          canFinish: !!draft.status,
          placeholder: `How is it going?${why()}`,
          items: statusItems,
          active: statusItems.find((i) => i.status === (draft.status ?? 'on-track')),
        },
        (picked) => (draft.status = picked.status),
      );
      return typeof pick === 'symbol' ? pick : 'helped';
    },
    helped: optionalText('helped', 'What helped?', 'hindered'),
    hindered: optionalText('hindered', 'What got in the way?', 'next'),
    next: optionalText('next', 'Next step?', 'energy'),
    energy: async (info) => {
      const energyItems = [...ENERGY.map((label, i) => ({ label, energy: i + 1 })), { label: 'Skip', energy: undefined }];
      const pick = await pickStep(
        info,
        { title, placeholder: 'Energy pulse, 1 to 5 (optional)', items: energyItems, active: energyItems.find((i) => i.energy === draft.energy) },
        (picked) => (draft.energy = picked.energy),
      );
      return typeof pick === 'symbol' ? pick : DONE;
    },
  };
  const completed = await runFlow(steps, 'moved', () => Object.keys(steps).length);
  if (!completed || !draft.status) {
    await memento.update(DRAFT_KEY, draft);
    if (draft.microGoals.length || draft.status || draft.helped || draft.hindered || draft.next || draft.note)
      vscode.window.setStatusBarMessage('$(save) Check-in kept as a draft: run Accord: Check In to finish it', 6000);
    return;
  }
  const keptBefore = workspace.unsavedChanges.length;
  const written = await saveCheckIn(workspace, me, { ...draft, status: draft.status });
  if (!written) {
    // When the workspace kept the refused edit (Try Again saves it), a draft too would let the
    // same check-in be finished and saved a second time.
    await memento.update(DRAFT_KEY, workspace.unsavedChanges.length > keptBefore ? undefined : draft);
    return;
  }
  await memento.update(DRAFT_KEY, undefined);
  vscode.window.setStatusBarMessage('$(pass) Checked in. Thank you!', 4000);
  // One kudos offer per check-in, not one per micro-goal it finished.
  if (draft.status === 'done' && draft.microGoals[0]) onCompleted?.(draft.microGoals[0]);
}

/** Writes a check-in; when its status is done, the micro-goals it names are completed too. */
export async function saveCheckIn(
  workspace: AccordWorkspace,
  me: string,
  draft: CheckInDraft & { status: CheckInStatus; note?: string },
): Promise<string | undefined> {
  const at = new Date().toISOString();
  return workspace.write((edit) => {
    const id = edit.create('checkIn', 'ci', {
      member: me,
      at,
      microGoals: draft.microGoals,
      status: draft.status,
      ...(draft.helped ? { helped: draft.helped } : {}),
      ...(draft.hindered ? { hindered: draft.hindered } : {}),
      ...(draft.next ? { next: draft.next } : {}),
      ...(draft.energy ? { energy: draft.energy } : {}),
      ...(draft.note ? { note: draft.note } : {}),
    });
    if (draft.status === 'done') for (const micro of draft.microGoals) edit.set(micro, 'microGoal', { done: true, doneAt: at });
    return id;
  });
}

/**
 * Accord: Quick Check-In — one line. `+` alone (after a "blocked:" style prefix or not) takes
 * the summary of my commits since my last check-in as it is, and names the micro-goals they moved.
 * With `microGoal` (the id of one that exists: an escalation's "talk it through in a check-in"),
 * the check-in is on it: the title names it and the check-in names it, with any my commits moved.
 */
export async function quickCheckIn(ctx: MemberContext, evidence?: EvidenceSource, microGoal?: string): Promise<void> {
  const { workspace, me } = ctx;
  const moved = movedByCommits(workspace, me, evidence);
  const on = microGoal === undefined ? undefined : workspace.state.entities.microGoal.get(microGoal);
  const line = await vscode.window.showInputBox({
    title: on ? withData`Accord: Quick Check-In on “${on.title}”` : 'Accord: Quick Check-In',
    prompt:
      'One line on what moved. Start with "blocked:", "at risk:" or "done:" to say so; otherwise it counts as on track.' +
      (moved.summary ? withData` Type + to use your commits: ${moved.summary}` : ''),
    placeHolder: moved.summary ? withData`+ for: ${moved.summary}` : 'Paired with Sam on the parser; tests green',
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (!v.trim()) return 'Write a few words, or press Escape.';
      if (v.length > 4000) return 'Keep it under 4000 characters.';
      // Only its owner marks a micro-goal done (design.md §2, authority).
      if (on && on.owner !== me && parseQuickCheckIn(v).status === 'done')
        return withData`Only ${displayName(workspace.state, on.owner)} can mark “${on.title}” done: say what moved instead.`;
      if (parseQuickCheckIn(v).note === '+' && !moved.summary)
        return evidence?.status === 'untrusted'
          ? 'Accord reads commits only in a trusted folder: write a few words instead.'
          : 'No commits of yours name a micro-goal since your last check-in: write a few words instead.';
      return undefined;
    },
  });
  if (!line?.trim()) return;
  const { status, note } = parseQuickCheckIn(line);
  const fromCommits = note === '+' && !!moved.summary;
  const named = [...new Set([...(on ? [on.id] : []), ...(fromCommits ? moved.microGoals : [])])];
  const written = await saveCheckIn(workspace, me, { microGoals: named, status, note: fromCommits ? moved.summary : note });
  if (written) vscode.window.setStatusBarMessage('$(pass) Checked in. Thank you!', 4000);
}
