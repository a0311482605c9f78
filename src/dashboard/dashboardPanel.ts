/** The team dashboard in a webview panel: read-only pictures of the data, redrawn when it changes. */
import * as vscode from 'vscode';
import { dayIn, timeZoneOf } from '../core';
import { webviewHtml } from '../panels/html';
import type { HandleResult, PanelServices } from '../panels/panelHost';
import { type DashboardView, type HostMessage, parseWebviewMessage } from '../panels/protocol';
import { PanelHost } from '../panels/panelHost';
import { dashboardView, NO_COVENANT } from './data';
import { Commands, runCommand } from '../commands/ids';

export class DashboardPanel extends PanelHost {
  constructor(
    panel: vscode.WebviewPanel,
    private readonly services: PanelServices,
  ) {
    super(panel, services, 100);
    this._register(panel.webview.onDidReceiveMessage((raw: unknown) => void this.handle(raw)));
    panel.webview.html = webviewHtml(panel.webview, services.extensionUri, 'dashboard', 'Accord dashboard', this.view());
  }

  view(): DashboardView {
    const workspace = this.services.workspace;
    const state = workspace.state;
    const timeZone = timeZoneOf(state, workspace.me);
    const today = dayIn(this.services.now?.() ?? new Date(), timeZone);
    const evidence = this.services.evidence;
    const covenant = this.services.covenant;
    return dashboardView(
      state,
      today,
      timeZone,
      undefined,
      { status: evidence?.status ?? 'noGit', byMicroGoal: evidence?.evidence(state) },
      covenant ? { hash: covenant.hash, rules: covenant.rules } : NO_COVENANT,
    );
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
        this.post({ type: 'dashboard', view: this.view() });
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

  protected redrawMessage(): HostMessage {
    return { type: 'dashboard', view: this.view() };
  }
}
