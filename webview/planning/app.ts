/**
 * The planning panel's browser side: holds the host's latest view and the UI's own state,
 * sends what the person does, and redraws with Lit (text bindings only: data never becomes
 * markup). The host owns the draft plan; this side mirrors it with setState for a reload.
 */
import { render } from 'lit';
import type { HostMessage, ItemChange, PersistedState, PlanningView, ReflectionField, Step, WebviewMessage } from '../../src/panels/protocol';
import { STEPS } from '../../src/panels/protocol';
import { count } from '../format';
import type { Actions, Props, Ui } from './model';
import { STEP_TITLES } from './model';
import { planningTemplate } from './templates';

const REFLECTION_DEBOUNCE_MS = 400;

export class PlanningApp {
  private view: PlanningView;
  private readonly ui: Ui;
  private readonly timers = new Map<ReflectionField, ReturnType<typeof setTimeout>>();
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  private focusAfterRender: { id: string; key: string } | undefined;
  private readonly act: Actions;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: VsCodeWebviewApi,
    initial: PlanningView,
  ) {
    this.view = initial;
    this.ui = { step: initial.step, announcement: '', pending: {}, saved: {}, expanded: new Set(), participants: undefined, committing: false };
    this.act = {
      goTo: (step) => this.goTo(step),
      reflect: (field, text) => this.reflect(field, text),
      update: (id, change) => this.update(id, change),
      move: (id, to, how) => this.move(id, to, how),
      add: (title) => this.send({ type: 'add', title }),
      remove: (id) => this.send({ type: 'remove', id }),
      toggleExpanded: (id) => {
        if (!this.ui.expanded.delete(id)) this.ui.expanded.add(id);
        this.render();
      },
      setParticipant: (id, taking) => {
        const chosen = this.ui.participants ?? new Set(this.view.members.map((m) => m.id));
        if (taking) chosen.add(id);
        else chosen.delete(id);
        this.ui.participants = chosen;
        this.render();
      },
      commit: () => this.commit(),
      exportSummary: () => this.send({ type: 'export' }),
      openDashboard: () => this.send({ type: 'openDashboard' }),
      dismissNotice: () => {
        this.ui.notice = undefined;
        this.render();
      },
    };
    window.addEventListener('message', (event: MessageEvent<HostMessage>) => this.receive(event.data));
    // Whatever was typed in the last moments still reaches the file when the panel goes away.
    window.addEventListener('pagehide', () => this.flushReflections());
    document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && this.flushReflections());
    this.render();
    this.persist();
    this.send({ type: 'ready' });
  }

  private send(message: WebviewMessage): void {
    this.api.postMessage(message);
  }

  private receive(message: HostMessage): void {
    switch (message.type) {
      case 'planning': {
        const wasCommitted = !!this.view.committed;
        this.view = message.view;
        for (const field of Object.keys(this.ui.pending) as ReflectionField[]) {
          const mine = this.view.reflections.find((r) => r.member === this.view.me);
          if (!this.timers.has(field) && mine?.[field] === this.ui.pending[field]) delete this.ui.pending[field];
        }
        if (this.view.committed && !wasCommitted) this.ui.committing = false;
        this.persist();
        this.render();
        return;
      }
      case 'saved':
        this.ui.saved[message.field] = message.clock;
        this.render();
        return;
      case 'notice':
        this.ui.committing = false;
        this.ui.notice = { tone: message.tone, text: message.text };
        this.ui.announcement = message.text;
        clearTimeout(this.noticeTimer);
        this.noticeTimer = setTimeout(() => this.act.dismissNotice(), 12_000);
        this.render();
        return;
      default:
        return;
    }
  }

  private goTo(step: Step): void {
    if (!STEPS.includes(step) || step === this.ui.step) return;
    this.flushReflections();
    this.ui.step = step;
    this.send({ type: 'step', step });
    this.persist();
    this.render();
    // Screen readers hear where they are; keyboard users continue from the step's heading.
    this.root.querySelector<HTMLElement>('#step-title')?.focus();
  }

  private reflect(field: ReflectionField, text: string): void {
    this.ui.pending[field] = text;
    clearTimeout(this.timers.get(field));
    this.timers.set(
      field,
      setTimeout(() => {
        this.timers.delete(field);
        this.send({ type: 'reflect', field, text });
      }, REFLECTION_DEBOUNCE_MS),
    );
  }

  private flushReflections(): void {
    for (const [field, timer] of this.timers) {
      clearTimeout(timer);
      this.send({ type: 'reflect', field, text: this.ui.pending[field] ?? '' });
    }
    this.timers.clear();
  }

  private update(id: string, change: ItemChange): void {
    // Shown at once; the host's answer (with capacity recomputed) follows in milliseconds.
    const item = this.view.backlog.find((i) => i.id === id);
    if (item) {
      if (change.owner !== undefined) item.owner = change.owner;
      if (change.inCycle !== undefined) item.inCycle = change.inCycle;
      if (change.title !== undefined) item.title = change.title;
      this.render();
    }
    this.send({ type: 'update', id, change });
  }

  private move(id: string, to: number, how: 'keyboard' | 'drag' | 'button'): void {
    const list = this.view.backlog;
    const from = list.findIndex((i) => i.id === id);
    if (from < 0 || to < 0 || to >= list.length || to === from) return;
    const [item] = list.splice(from, 1);
    list.splice(to, 0, item!);
    this.ui.announcement = `Moved “${item!.title}” to position ${to + 1} of ${list.length}.`;
    const active = document.activeElement as HTMLElement | null;
    const key = active?.closest('[data-focus]')?.getAttribute('data-focus');
    if (how !== 'drag') this.focusAfterRender = { id, key: key ?? 'up' };
    this.render();
    this.send({ type: 'move', id, to });
  }

  private commit(): void {
    const participants = this.view.members.filter((m) => this.ui.participants === undefined || this.ui.participants.has(m.id)).map((m) => m.id);
    if (participants.length === 0) {
      this.ui.notice = { tone: 'warning', text: 'Tick at least one person who took part.' };
      this.render();
      return;
    }
    this.flushReflections();
    this.ui.committing = true;
    const planned = this.view.backlog.filter((i) => i.inCycle).length;
    this.ui.announcement = `Starting the cycle with ${count(planned, 'micro-goal')}…`;
    this.render();
    this.send({ type: 'commit', participants });
  }

  private persist(): void {
    const state: PersistedState = { view: 'planning', step: this.ui.step, draft: this.view.draft };
    this.api.setState(state);
  }

  private render(): void {
    const props: Props = { view: this.view, ui: this.ui, act: this.act };
    render(planningTemplate(props), this.root);
    this.root.removeAttribute('aria-busy');
    document.title = `Planning session: ${STEP_TITLES[this.ui.step]}`;
    if (this.focusAfterRender) {
      const { id, key } = this.focusAfterRender;
      this.focusAfterRender = undefined;
      const row = [...this.root.querySelectorAll<HTMLElement>('[data-item]')].find((el) => el.dataset.item === id);
      const target =
        row?.querySelector<HTMLElement>(`[data-focus="${key}"]:not([disabled])`) ?? row?.querySelector<HTMLElement>('[data-focus]:not([disabled])');
      target?.focus();
    }
  }
}
