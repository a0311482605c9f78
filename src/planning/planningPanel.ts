/**
 * One planning session in a webview panel. The host keeps the draft plan; the webview shows
 * it and sends what the person does, each message validated (shape, then sense against the
 * current data) before anything changes. Reflections are written as they are typed; the
 * plan is written at Commit. Changes on disk (a partner's pull) redraw the panel.
 */
import * as vscode from 'vscode';
import { addDaysToDay, clockIn, dayIn, displayName, type TeamState, timeZoneOf } from '../core';
import { dayNumber, TeamMetrics } from '../core/metrics';
import { type HandleResult, PanelHost, type PanelServices } from '../panels/panelHost';

import type { AccordWorkspace } from '../workspace/accordWorkspace';
import { checkMessage } from './checks';
import { PlanDraftModel } from './draft';
import { type AgendaItem, type DraftStore, PlanningAgenda, type SavedSession } from './draftStore';
import { webviewHtml } from '../panels/html';
import { type CommittedView, type HostMessage, parseWebviewMessage, type PlanningView, type Step, type WebviewMessage } from '../panels/protocol';
import { lastCycleWindow, liveSince, nextCycle } from '../core';
import { fitSummary, sessionSummary } from './summary';
import { planningView, reflectionId } from './view';
import { Commands, runCommand } from '../commands/ids';

/** The planning panel's services: a panel's, and where the draft is kept between reloads. */
export interface PlanningServices extends PanelServices {
  readonly drafts?: DraftStore;
  /** The next session's agenda, private to this workspace's storage; undefined without storage. */
  readonly agenda?: PlanningAgenda;
}

export class PlanningPanel extends PanelHost {
  private draft: PlanDraftModel;
  private step: Step;
  private committed: CommittedView | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** Bumped by every change to the draft, so the cached view is recomputed. */
  private revision = 0;
  /** Bumped when the evidence or the covenant changes: what the view shows from them, beside the data and the draft. */
  private sourcesRevision = 0;
  /** The agenda as last read (it is read when the panel opens and whenever it changes). */
  private agenda: readonly AgendaItem[] = [];
  private cached: { state: TeamState; key: string; view: PlanningView } | undefined;
  private metrics: TeamMetrics | undefined;
  private writes: Promise<unknown> = Promise.resolve();
  /** Whether the Review reaches back past the live files, so the panel reads the closed history (see the constructor). */
  private readsHistory = false;

  constructor(
    panel: vscode.WebviewPanel,
    private readonly services: PlanningServices,
    restored?: SavedSession,
  ) {
    super(panel, services, 50);
    for (const source of [services.evidence, services.covenant]) if (source) this._register(source.onDidChange(() => this.sourcesRevision++));
    if (services.agenda) {
      const readAgenda = async () => {
        this.agenda = (await services.agenda?.items()) ?? [];
        this.sourcesRevision++;
        this.scheduleRedraw();
      };
      this._register(PlanningAgenda.onDidChange(() => void readAgenda()));
      void readAgenda();
    }
    const today = this.today();
    const cycle = nextCycle(this.workspace.state, today);
    // A draft is picked up again while the cycle it plans starts today or started yesterday
    // (a session across midnight); older ones are set aside.
    const fresh = restored?.draft && restored.draft.cycleStart >= addDaysToDay(today, -1) && restored.draft.cycleStart <= today;
    this.draft = fresh ? PlanDraftModel.fromJSON(restored.draft!) : new PlanDraftModel(cycle.start, cycle.end);
    this.step = fresh || !restored?.draft ? (restored?.step ?? 'review') : 'review';
    // One message at a time: an edit that arrives while Commit is saving waits for it.
    this._register(panel.webview.onDidReceiveMessage((raw: unknown) => void (this.queue = this.queue.then(() => this.handle(raw)).catch(() => undefined))));
    panel.webview.html = webviewHtml(panel.webview, services.extensionUri, 'planning', 'Planning session', this.view());
    // The Review goes back to the last session. The live files hold two cycles and the latest
    // session (core/archive.ts): only a team whose last session is older than that needs the
    // closed history, read then, and drawn again once it is in.
    if (lastCycleWindow(this.workspace.state, today).start < liveSince(today, this.workspace.state)) {
      this.readsHistory = true;
      this._register(this.workspace.onDidChangeHistory(() => this.scheduleRedraw()));
      void this.workspace.useArchives().then(
        (archives) => (this.isDisposed ? archives.dispose() : this._register(archives)),
        (error: unknown) => console.warn(`Accord planning: could not read the team's closed history: ${String(error)}`),
      );
    }
  }

  private get workspace(): AccordWorkspace {
    return this.services.workspace;
  }

  private now(): Date {
    return this.services.now?.() ?? new Date();
  }

  private today(): string {
    return dayIn(this.now(), timeZoneOf(this.workspace.state, this.workspace.me));
  }

  /** The view for the current data and draft; computed once per change of either. */
  view(): PlanningView {
    const state = this.readsHistory ? this.workspace.historyState : this.workspace.state;
    const key = `${this.revision}:${this.sourcesRevision}:${this.step}:${this.workspace.readOnly}:${this.today()}`;
    if (this.cached && this.cached.state === state && this.cached.key === key) return this.cached.view;
    const view = this.computeView(state);
    this.cached = { state, key, view };
    return view;
  }

  private computeView(state: TeamState): PlanningView {
    const today = this.today();
    const timeZone = timeZoneOf(state, this.workspace.me);
    // Reordering or editing the plan changes the draft, not the data: the metrics stand.
    if (this.metrics?.state !== state || this.metrics.today !== dayNumber(today)) this.metrics = new TeamMetrics(state, today, timeZone);
    return planningView({
      state,
      metrics: this.metrics,
      me: this.workspace.me ?? '',
      today,
      timeZone,
      draft: this.draft,
      step: this.step,
      readOnly: this.workspace.readOnly,
      evidence: { status: this.services.evidence?.status ?? 'noGit', byMicroGoal: this.services.evidence?.evidence(state) },
      agenda: this.agenda,
      ...(this.services.covenant ? { covenant: { hash: this.services.covenant.hash, rules: this.services.covenant.rules } } : {}),
      ...(this.committed ? { committed: this.committed } : {}),
    });
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** Handles one message from the webview; anything malformed or out of date is refused and logged. */
  async handle(raw: unknown): Promise<HandleResult> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) return this.refuse(parsed.reason);
    const message = parsed.message;
    if (message.type === 'commit' && this.committed && this.draft.isEmpty) return this.refuse('this cycle is already committed', message);
    const problem = checkMessage(message, { state: this.workspace.state, draft: this.draft, me: this.workspace.me, readOnly: this.workspace.readOnly });
    if (problem) return this.refuse(problem, message);
    await this.apply(message);
    return { ok: true };
  }

  private refuse(reason: string, message?: WebviewMessage): HandleResult {
    console.warn(`Accord planning: ignored a message from the panel${message ? ` (${message.type})` : ''}: ${reason}`);
    if (message && message.type !== 'ready') this.post({ type: 'notice', tone: 'warning', text: `That change could not be made: ${reason}.` });
    if (message) this.post({ type: 'planning', view: this.view() });
    return { ok: false, reason };
  }

  private async apply(message: WebviewMessage): Promise<void> {
    const state = this.workspace.state;
    switch (message.type) {
      case 'ready':
        // Drawn from the page's own copy of the view and listening: interactive. Then bring it up to date.
        this.markReady(performance.now() - this.opened);
        this.post({ type: 'planning', view: this.view() });
        return;
      case 'step':
        this.step = message.step;
        this.keep();
        return;
      case 'reflect':
        await this.saveReflection(message.field, message.text);
        return;
      case 'move':
        this.draft.move(state, message.id, message.to);
        break;
      case 'update':
        this.draft.update(message.id, message.change);
        break;
      case 'add':
        this.draft.add(state, {
          title: message.title,
          owner: message.owner ?? this.workspace.me!,
          ...(message.estimateHours !== undefined ? { estimateHours: message.estimateHours } : {}),
          ...(message.due !== undefined ? { due: message.due } : {}),
          ...(message.goal !== undefined ? { goal: message.goal } : {}),
        });
        break;
      case 'remove':
        this.draft.remove(message.id);
        break;
      case 'commit':
        await this.commit(message.participants);
        return;
      case 'export':
        await this.exportSummary();
        return;
      case 'openDashboard':
        await runCommand(Commands.openDashboard);
        return;
      case 'startPlanning':
        this.reveal();
        return;
    }
    this.revision++;
    this.keep();
    this.post({ type: 'planning', view: this.view() });
  }

  private async saveReflection(field: 'helped' | 'hindered' | 'lessons', text: string): Promise<void> {
    const me = this.workspace.me!;
    const cycleStart = this.draft.cycleStart;
    // One write at a time, in the order they were typed.
    const write = this.writes.then(() =>
      this.workspace.write((edit) => {
        const at = this.now().toISOString();
        edit.set(reflectionId(me, cycleStart), 'reflection', { member: me, cycleStart, [field]: text, at });
        return at;
      }),
    );
    this.writes = write.catch(() => undefined);
    const at = await write;
    if (at) this.post({ type: 'saved', field, at, clock: clockIn(new Date(at), timeZoneOf(this.workspace.state, me)) });
  }

  private async commit(participants: string[]): Promise<void> {
    const state = this.workspace.state;
    const now = this.now().toISOString();
    const me = this.workspace.me!;
    const ops = this.draft.commitOps(state, now, me);
    const summary = fitSummary(sessionSummary(this.view(), { participants }));
    const { cycleStart, cycleEnd } = this.draft;
    const today = dayIn(this.now(), timeZoneOf(state, me));
    const sessionId = await this.workspace.write((edit) => {
      for (const create of ops.creates) edit.set(create.id, 'microGoal', create.fields);
      for (const update of ops.updates) edit.set(update.id, 'microGoal', update.fields);
      // What only a micro-goal's owner can accept goes to them as a proposal (design.md §2, Authority).
      for (const { microGoal, change } of ops.proposals) {
        const due = state.entities.microGoal.get(microGoal)?.due;
        edit.create('renegotiation', 'rn', {
          microGoal,
          proposer: me,
          change,
          reason: `Planned together for the cycle ${cycleStart} to ${cycleEnd}.`,
          state: 'proposed',
          at: now,
          beforeDue: !due || today <= due,
        });
      }
      return edit.create('session', 'ss', { at: now, cycleStart, cycleEnd, participants, committed: ops.committed, summary });
    });
    if (!sessionId) return;
    this.committed = { sessionId, count: ops.committed.length, cycleStart, cycleEnd };
    this.draft = new PlanDraftModel(cycleStart, cycleEnd);
    this.step = 'commit';
    this.revision++;
    await this.services.drafts?.clear();
    // The session has raised what was on its agenda.
    if (this.agenda.length) await this.services.agenda?.clear();
    const names = participants.map((p) => displayName(state, p)).join(' and ');
    const proposed = ops.proposals.length
      ? ` ${ops.proposals.length} change${ops.proposals.length === 1 ? '' : 's'} of owner or due date went to the owner${ops.proposals.length === 1 ? '' : 's'} to accept in Follow-ups.`
      : '';
    const left = ops.leftToOwner.length
      ? ` ${ops.leftToOwner.map((l) => `${displayName(state, l.owner)} keeps their ${l.fields.join(' and ')} of “${state.entities.microGoal.get(l.microGoal)?.title ?? l.microGoal}”`).join('; ')}: only they change it.`
      : '';
    this.post({
      type: 'notice',
      tone: 'info',
      text: `The cycle has started: ${ops.committed.length} micro-goal${ops.committed.length === 1 ? '' : 's'}, planned by ${names}.${proposed}${left}`,
    });
    this.post({ type: 'planning', view: this.view() });
  }

  /** The committed session's summary, or the draft's, as an untitled markdown document beside the panel. */
  async exportSummary(): Promise<vscode.TextDocument> {
    const session = this.committed ? this.workspace.state.entities.session.get(this.committed.sessionId) : undefined;
    const view = this.view();
    const content = session?.summary ?? sessionSummary(view, { participants: view.members.map((m) => m.id), draft: !this.committed });
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    return document;
  }

  /** Keeps the draft and step where a window reload finds them. */
  private keep(): void {
    this.services.drafts?.save({ view: 'planning', step: this.step, draft: this.draft.toJSON() });
  }

  protected redrawMessage(): HostMessage {
    return { type: 'planning', view: this.view() };
  }
}
