/**
 * What the planning and dashboard panels share: posting to the webview (and telling tests),
 * redrawing shortly after the team's data changes, the `ready` measurement, and closing once.
 */
import * as vscode from 'vscode';
import { Disposable } from '../util/dispose';
import type { AccordWorkspace } from '../workspace/accordWorkspace';
import type { CovenantSource } from '../workspace/covenantSource';
import type { MicroGoalEvidence, TeamState } from '../core';
import type { EvidenceStatus, HostMessage } from './protocol';

/** The evidence from git the panels show (daily/evidence.ts EvidenceService). */
export interface EvidenceSource {
  readonly status: EvidenceStatus;
  /** Fires when commits were read, or the status changed. */
  readonly onDidChange: vscode.Event<void>;
  /** The evidence of each micro-goal some commit names, for `state`. */
  evidence(state: TeamState): ReadonlyMap<string, MicroGoalEvidence>;
}

/** What a panel is given: the workspace it shows, where its assets are, the evidence from git, the covenant, and (tests) the clock. */
export interface PanelServices {
  readonly workspace: AccordWorkspace;
  readonly extensionUri: vscode.Uri;
  readonly now?: () => Date;
  /** Undefined in a window without the daily loop (tests): panels then say evidence is not there. */
  readonly evidence?: EvidenceSource;
  /** The covenant's rules (agreements to measure); undefined without a folder: no agreements. */
  readonly covenant?: CovenantSource;
}

/** What handling one message came to: for the log, and for the integration tests. */
export interface HandleResult {
  ok: boolean;
  reason?: string;
}

export abstract class PanelHost extends Disposable {
  protected readonly opened = performance.now();
  /** Brings the panel forward. */
  abstract reveal(): void;
  private closed = false;
  private redraw: ReturnType<typeof setTimeout> | undefined;
  private readonly postEmitter = this._register(new vscode.EventEmitter<HostMessage>());
  /** Every message sent to the webview (tests listen here). */
  readonly onDidPost = this.postEmitter.event;
  private readonly disposeEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.disposeEmitter.event;
  protected markReady!: (ms: number) => void;
  /** Milliseconds from opening to the webview's first `ready`: the panel is drawn and listening. */
  readonly ready = new Promise<number>((resolve) => (this.markReady = resolve));

  /** Redraws `redrawDelayMs` after the team's data, the evidence or the covenant changed. */
  constructor(
    readonly panel: vscode.WebviewPanel,
    { workspace, evidence, covenant }: Pick<PanelServices, 'workspace' | 'evidence' | 'covenant'>,
    private readonly redrawDelayMs: number,
  ) {
    super();
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(workspace.onDidChange(() => this.scheduleRedraw()));
    if (evidence) this._register(evidence.onDidChange(() => this.scheduleRedraw()));
    if (covenant) this._register(covenant.onDidChange(() => this.scheduleRedraw()));
    this._register({ dispose: () => clearTimeout(this.redraw) });
  }

  /** The message that draws the panel from the current data. */
  protected abstract redrawMessage(): HostMessage;

  protected scheduleRedraw(): void {
    // A panel closed meanwhile (the history read for it ends after it closed) draws nothing.
    if (this.closed) return;
    clearTimeout(this.redraw);
    this.redraw = setTimeout(() => this.post(this.redrawMessage()), this.redrawDelayMs);
  }

  protected post(message: HostMessage): void {
    this.postEmitter.fire(message);
    void this.panel.webview.postMessage(message);
  }

  override dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.disposeEmitter.fire();
    super.dispose();
    this.panel.dispose();
  }
}
