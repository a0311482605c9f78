/** Accord: Renegotiate… and the answers to it: accept, counter, withdraw. */
import * as vscode from 'vscode';
import {
  type Change,
  changeToApply,
  dayIn,
  describeChange,
  displayName,
  memberEntityId,
  mayAcceptRenegotiation,
  memberIdsOf,
  NO_RULES,
  type RenegotiationEntity,
  renegotiationRightFor,
  safeText,
  timeZoneOf,
  whoMayAccept,
  withData,
} from '../core';
import { entityIdArg } from '../commands/args';
import { adviseDueDay, askDueDay, askText } from '../commands/input';
import { type MemberContext } from '../commands/handler';
import type { AccordWorkspace } from '../workspace/accordWorkspace';
import type { CovenantSource } from '../workspace/covenantSource';
import { resolveMicroGoal } from './pickMicroGoal';

type Part = 'due' | 'owner' | 'scope';

/** Asks for the new due date, owner and/or scope; undefined when cancelled. */
async function askChange(workspace: AccordWorkspace, title: string, current: { due?: string; owner: string; scope?: string }): Promise<Change | undefined> {
  const state = workspace.state;
  const parts = await vscode.window.showQuickPick(
    [
      { label: 'Due date', description: safeText(current.due) ?? 'none', part: 'due' as Part, picked: true },
      { label: 'Owner', description: displayName(state, current.owner), part: 'owner' as Part },
      { label: 'Scope', description: safeText(current.scope) ?? 'as written', part: 'scope' as Part },
    ],
    { title, placeHolder: 'What should change? (Space to tick, Enter to go on)', canPickMany: true, ignoreFocusOut: true },
  );
  if (!parts?.length) return undefined;
  const change: Change = {};
  for (const { part } of parts) {
    if (part === 'due') {
      const due = await askDueDay(`${title}: new due date`, timeZoneOf(state, workspace.me), current.due ?? 'tomorrow', false);
      if (!due) return undefined;
      change.due = due;
    } else if (part === 'owner') {
      const members = memberIdsOf(state.entities.member).filter((m) => m !== current.owner);
      if (!members.length) {
        void vscode.window.showInformationMessage('There is no one else in the team yet to take it over.');
        return undefined;
      }
      const owner = await vscode.window.showQuickPick(
        members.map((m) => ({ label: displayName(state, m), description: m, member: m })),
        { title: `${title}: new owner`, ignoreFocusOut: true },
      );
      if (!owner) return undefined;
      change.owner = owner.member;
    } else {
      const scope = await askText({ title: `${title}: new scope`, prompt: 'What the micro-goal now covers', value: current.scope ?? '', maxLength: 4000 });
      if (!scope) return undefined;
      change.scope = scope;
    }
  }
  // A new date on the owner's away day or a holiday is flagged, with their next working day first (issue 18 §4).
  if (change.due) {
    const due = await adviseDueDay(state, change.owner ?? current.owner, change.due, title);
    if (!due) return undefined;
    change.due = due;
  }
  return change;
}

/**
 * Accord: Renegotiate… — propose a new due date, owner or scope with a reason (applied at once
 * when I am alone in the team). Where the covenant's decision rights give the answer to someone
 * (core decisionRights.ts), the confirmation says who, in the covenant's words.
 */
export async function renegotiate(ctx: MemberContext, arg: unknown, covenant?: Pick<CovenantSource, 'rules'>): Promise<void> {
  const { workspace, me } = ctx;
  const micro = await resolveMicroGoal(workspace, arg, { title: 'Accord: Renegotiate…', placeHolder: 'Which micro-goal needs a new date, owner or scope?' });
  if (!micro) return;
  const title = withData`Renegotiate “${micro.title}”`;
  const change = await askChange(workspace, title, micro);
  if (!change) return;
  const reason = await askText({
    title: `${title}: why`,
    prompt: 'The reason, for your partner (and for the record).',
    placeHolder: 'The API design took a day longer than we thought',
    maxLength: 4000,
  });
  if (!reason) return;
  const state = workspace.state;
  const today = dayIn(new Date(), timeZoneOf(state, micro.owner));
  const partners = [...state.entities.member.keys()].filter((id) => id !== memberEntityId(me));
  const at = new Date().toISOString();
  const solo = partners.length === 0;
  const saved = await workspace.write((edit) => {
    // Alone in the team there is no one to accept: the change applies at once, on the record.
    const id = edit.create('renegotiation', 'rn', {
      microGoal: micro.id,
      proposer: me,
      change,
      reason,
      state: solo ? 'accepted' : 'proposed',
      at,
      beforeDue: !micro.due || today <= micro.due,
      ...(solo ? { respondedBy: me, respondedAt: at } : {}),
    });
    if (solo) edit.set(micro.id, 'microGoal', change);
    return id;
  });
  if (!saved) return;
  const proposed = workspace.state.entities.renegotiation.get(saved);
  const ruled = proposed && renegotiationRightFor(workspace.state, rulesOf(covenant), proposed);
  vscode.window.setStatusBarMessage(
    solo
      ? '$(pass) Changed, with the reason on record'
      : ruled
        ? `$(comment-discussion) Proposed: ${safeText(whoMayAccept(workspace.state, rulesOf(covenant), proposed).words)}`
        : '$(comment-discussion) Proposed: your partner sees it in Follow-ups',
    5000,
  );
}

function renegotiationFromArgument(workspace: AccordWorkspace, arg: unknown): RenegotiationEntity | undefined {
  const id = entityIdArg(arg);
  return id ? workspace.state.entities.renegotiation.get(id) : undefined;
}

async function pickRenegotiation(
  workspace: AccordWorkspace,
  arg: unknown,
  title: string,
  filter: (r: RenegotiationEntity) => boolean,
): Promise<RenegotiationEntity | undefined> {
  const given = renegotiationFromArgument(workspace, arg);
  if (given) return filter(given) ? given : undefined;
  const state = workspace.state;
  const name = (m: string) => displayName(state, m);
  const candidates = [...state.entities.renegotiation.values()].filter(filter);
  if (!candidates.length) {
    void vscode.window.showInformationMessage('No renegotiations are waiting.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    // describeChange quotes the scope as written; the names come safe from displayName.
    candidates.map((r) => ({
      label: safeText(state.entities.microGoal.get(r.microGoal)?.title ?? r.microGoal),
      description: safeText(describeChange(changeToApply(r), name)),
      detail: withData`${name(r.proposer)}: ${r.reason}`,
      r,
    })),
    { title, ignoreFocusOut: true },
  );
  return pick?.r;
}

/** The covenant's rules now (read again after every question: the file may change meanwhile). */
function rulesOf(covenant: Pick<CovenantSource, 'rules'> | undefined) {
  return covenant?.rules ?? NO_RULES;
}

/**
 * Whether the covenant's decision rights (core decisionRights.ts) keep `me` from answering the
 * renegotiation `arg` names, said in the covenant's words ("Alex may accept: the covenant says
 * mentor accepts the date changes of mentee (covenant.md line 31)"). Only a rule that applies
 * refuses: without one the command's own question stands, as before the covenant had rules.
 */
function refusedByCovenant(workspace: AccordWorkspace, me: string, covenant: Pick<CovenantSource, 'rules'> | undefined, arg: unknown): boolean {
  const given = renegotiationFromArgument(workspace, arg);
  const rules = rulesOf(covenant);
  if (!given || given.proposer === me || !renegotiationRightFor(workspace.state, rules, given) || mayAcceptRenegotiation(workspace.state, rules, me, given))
    return false;
  void vscode.window.showInformationMessage(`This one is not yours to answer. ${safeText(whoMayAccept(workspace.state, rules, given).words)}.`);
  return true;
}

/**
 * Accord: Accept Renegotiation — for a proposal I may answer (core decisionRights.ts
 * `mayAcceptRenegotiation` under the covenant's rules: today's rule without one), applied to the
 * micro-goal. A proposal the covenant gives to someone else is refused with its words.
 */
export async function acceptRenegotiation(ctx: MemberContext, arg: unknown, covenant?: Pick<CovenantSource, 'rules'>): Promise<void> {
  const { workspace, me } = ctx;
  if (refusedByCovenant(workspace, me, covenant, arg)) return;
  const mayAccept = (x: RenegotiationEntity) => mayAcceptRenegotiation(workspace.state, rulesOf(covenant), me, x);
  const r = await pickRenegotiation(workspace, arg, 'Accord: Accept Renegotiation', mayAccept);
  if (!r) return;
  const change = changeToApply(r);
  const state = workspace.state;
  const title = state.entities.microGoal.get(r.microGoal)?.title ?? 'the micro-goal';
  const answer = await vscode.window.showQuickPick(
    [
      {
        label: withData`$(check) Accept: ${describeChange(change, (m) => displayName(state, m))}`,
        detail: withData`Reason: ${r.reason}`,
        choice: 'accept' as const,
      },
      ...(r.state === 'proposed' ? [{ label: '$(comment-discussion) Suggest something else…', choice: 'counter' as const }] : []),
      { label: 'Not now', choice: 'later' as const },
    ],
    { title: withData`Renegotiation of “${title}”`, ignoreFocusOut: true },
  );
  if (answer?.choice === 'counter') return counterRenegotiation(ctx, r.id, covenant);
  if (answer?.choice !== 'accept') return;
  // The proposal may have been withdrawn or answered (or the covenant changed) while the question was open.
  const current = workspace.state.entities.renegotiation.get(r.id);
  if (!current || !mayAccept(current) || JSON.stringify(changeToApply(current)) !== JSON.stringify(change)) {
    void vscode.window.showInformationMessage('That renegotiation changed while you were answering; have a look at it again in Follow-ups.');
    return;
  }
  // Only the three things a renegotiation may change, whatever else the partner's file holds.
  const applied = {
    ...(change.due ? { due: change.due } : {}),
    ...(change.owner ? { owner: change.owner } : {}),
    ...(change.scope ? { scope: change.scope } : {}),
  };
  const at = new Date().toISOString();
  const saved = await workspace.write((edit) => {
    edit.set(r.microGoal, 'microGoal', applied);
    // Accepting a counter-proposal of my own proposal closes it and keeps the answer as it was:
    // who countered and when stay theirs (the Agreements' "answered within", the history).
    edit.set(
      r.id,
      'renegotiation',
      r.state === 'countered' && r.proposer === me ? { state: 'accepted' } : { state: 'accepted', respondedBy: me, respondedAt: at },
    );
    return true;
  });
  if (saved) vscode.window.setStatusBarMessage('$(pass) Accepted: the micro-goal is updated', 4000);
}

/**
 * Accord: Counter Renegotiation — suggest something else for a proposal of someone else's. Where
 * the covenant's decision rights apply to it, only those who may accept it may counter it.
 */
export async function counterRenegotiation(ctx: MemberContext, arg: unknown, covenant?: Pick<CovenantSource, 'rules'>): Promise<void> {
  const { workspace, me } = ctx;
  if (refusedByCovenant(workspace, me, covenant, arg)) return;
  const mayCounter = (x: RenegotiationEntity) => {
    const rules = rulesOf(covenant);
    return (
      x.state === 'proposed' &&
      x.proposer !== me &&
      (!renegotiationRightFor(workspace.state, rules, x) || mayAcceptRenegotiation(workspace.state, rules, me, x))
    );
  };
  const r = await pickRenegotiation(workspace, arg, 'Accord: Counter Renegotiation', mayCounter);
  if (!r) return;
  const micro = workspace.state.entities.microGoal.get(r.microGoal);
  if (!micro) return;
  const counter = await askChange(workspace, withData`Suggest instead for “${micro.title}”`, { ...micro, ...r.change });
  if (!counter) return;
  // The covenant or the proposal may have changed while the question was open.
  const current = workspace.state.entities.renegotiation.get(r.id);
  if (!current || !mayCounter(current)) {
    void vscode.window.showInformationMessage('That renegotiation changed while you were answering; have a look at it again in Follow-ups.');
    return;
  }
  const at = new Date().toISOString();
  const saved = await workspace.write((edit) => edit.set(r.id, 'renegotiation', { state: 'countered', counter, respondedBy: me, respondedAt: at }));
  if (saved) vscode.window.setStatusBarMessage('$(comment-discussion) Suggested: they see it in Follow-ups', 4000);
}

export async function withdrawRenegotiation(ctx: MemberContext, arg: unknown): Promise<void> {
  const { workspace, me } = ctx;
  const r = await pickRenegotiation(
    workspace,
    arg,
    'Accord: Withdraw Renegotiation',
    (x) => (x.state === 'proposed' || x.state === 'countered') && x.proposer === me,
  );
  if (!r) return;
  await workspace.write((edit) => edit.set(r.id, 'renegotiation', { state: 'withdrawn', respondedAt: new Date().toISOString() }));
}
