/** The team dashboard in a webview panel: read-only pictures of the data, redrawn when it changes. */
import * as vscode from 'vscode';
import { dayIn, timeZoneOf } from '../core';
import { webviewHtml } from '../panels/html';
import type { HandleResult, PanelServices } from '../panels/panelHost';
import { type DashboardView, type HostMessage, parseWebviewMessage } from '../panels/protocol';
import { PanelHost } from '../panels/panelHost';
import { dashboardView, NO_COVENANT } from './data';
import { Commands, runCommand } from '../commands/ids';

/** How long after opening the history is read when the page has not asked for its first view yet (milliseconds). */
const HISTORY_START_MS = 1500;

export class DashboardPanel extends PanelHost {
  /** The view last worked out, with what it was drawn from (see view). */
  private drawn: { inputs: unknown[]; view: DashboardView } | undefined;
  /** Whether the team's closed history is read into the state (see historyRead). */
  private history: 'reading' | 'read' | 'unavailable' = 'reading';
  /**
   * Milliseconds from opening until the view holds the team's closed history, read on demand
   * (`people/<id>/<year>.json`, AccordWorkspace.useArchives). The page draws from the live
   * files at once, saying it is still reading, and is drawn again when this resolves.
   */
  readonly historyRead: Promise<number>;
  /** Whether the page has had its first view: before that a redraw has no page to draw (the page asks when ready). */
  private shown = false;
  /** Starts reading the history (see historyRead). */
  private readonly beginHistory: () => void;

  constructor(
    panel: vscode.WebviewPanel,
    private readonly services: PanelServices,
  ) {
    super(panel, services, 100);
    this._register(panel.webview.onDidReceiveMessage((raw: unknown) => void this.handle(raw)));
    // The page opens at once with a progress ring; the view, a walk over the team's whole
    // history, is worked out when the page says it is ready and sent in a message.
    panel.webview.html = webviewHtml(panel.webview, services.extensionUri, 'dashboard', 'Accord dashboard', null);
    this._register(services.workspace.onDidChangeHistory(() => this.scheduleRedraw()));
    // The history is read once the page has its first view (drawn from the live files), or a
    // moment after opening if the page is slow to ask: reading it must not hold up that view.
    let begin!: () => void;
    const begun = new Promise<void>((resolve) => (begin = resolve));
    this.beginHistory = begin;
    const fallback = setTimeout(begin, HISTORY_START_MS);
    this._register({ dispose: () => clearTimeout(fallback) });
    this.historyRead = begun
      .then(() => services.workspace.useArchives())
      .then(
        (archives) => {
          if (this.isDisposed) archives.dispose();
          else this._register(archives);
          this.history = 'read';
          if (this.drawn && this.drawn.view.history !== 'read') this.scheduleRedraw();
          return performance.now() - this.opened;
        },
        (error: unknown) => {
          console.warn(`Accord dashboard: could not read the team's closed history: ${String(error)}`);
          this.history = 'unavailable';
          if (this.drawn) this.scheduleRedraw();
          return performance.now() - this.opened;
        },
      );
  }

  /**
   * The dashboard's data, worked out once while what it is drawn from (the state, today, the
   * evidence and the covenant) stays the same: on a large team it costs a walk over every
   * entity, and the page may ask again (a redraw, a second `ready` after a reload of the page).
   */
  view(): DashboardView {
    const workspace = this.services.workspace;
    // The whole record once its history is read; until then the live files'.
    const state = workspace.historyState;
    const timeZone = timeZoneOf(state, workspace.me);
    const today = dayIn(this.services.now?.() ?? new Date(), timeZone);
    const evidence = this.services.evidence;
    const covenant = this.services.covenant;
    const status = evidence?.status ?? 'noGit';
    const byMicroGoal = evidence?.evidence(state);
    const inputs = [state, timeZone, today, status, byMicroGoal, covenant?.hash, covenant?.rules, this.history];
    if (this.drawn && this.drawn.inputs.every((input, i) => input === inputs[i])) return this.drawn.view;
    const view = dashboardView(
      state,
      today,
      timeZone,
      undefined,
      { status, byMicroGoal },
      covenant ? { hash: covenant.hash, rules: covenant.rules } : NO_COVENANT,
    );
    this.drawn = { inputs, view: { ...view, history: this.history } };
    return this.drawn.view;
  }

  reveal(): void {
    this.panel.reveal();
  }

  async handle(raw: unknown): Promise<HandleResult> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      console.warn(`Accord dashboard: ignored a message from the panel: ${parsed.reason}`);
      return { ok: false, reason: parsed.reason };
    }
    switch (parsed.message.type) {
      case 'ready':
        // Drawn from the live files first, and again when the history is in (a moment, for a small team).
        this.shown = true;
        this.post({ type: 'dashboard', view: this.view() });
        this.beginHistory();
        this.markReady(performance.now() - this.opened);
        return { ok: true };
      case 'startPlanning':
        await runCommand(Commands.startPlanningSession);
        return { ok: true };
      default:
        console.warn(`Accord dashboard: ignored a ${parsed.message.type} message, which only the planning panel takes`);
        return { ok: false, reason: `the dashboard does not take ${parsed.message.type}` };
    }
  }

  protected override scheduleRedraw(): void {
    if (this.shown) super.scheduleRedraw();
  }

  protected redrawMessage(): HostMessage {
    return { type: 'dashboard', view: this.view() };
  }
}
