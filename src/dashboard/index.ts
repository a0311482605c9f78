/** The dashboard: its panel (at most one), its restore after a reload, and its command. */
import * as vscode from 'vscode';
import { type HandlerTable, needsFolder } from '../commands/handler';
import { Commands } from '../commands/ids';
import type { CovenantSource } from '../workspace/covenantSource';
import type { EvidenceSource } from '../panels/panelHost';
import { PanelSlot } from '../panels/panelSlot';
import { VIEW_TYPES } from '../panels/protocol';
import type { AccordWorkspace } from '../workspace/accordWorkspace';
import { DashboardPanel } from './dashboardPanel';

/** The dashboard panel, at most one, and its restore after a window reload. */
export class DashboardPanels extends PanelSlot<DashboardPanel> {
  private readonly serializer: vscode.Disposable;

  constructor(
    private readonly uri: vscode.Uri,
    workspace: AccordWorkspace | undefined,
    private readonly evidence?: EvidenceSource,
    private readonly covenant?: CovenantSource,
  ) {
    super(uri, workspace);
    this.serializer = vscode.window.registerWebviewPanelSerializer(VIEW_TYPES.dashboard, {
      deserializeWebviewPanel: (panel) => this.restore(panel, (ws) => new DashboardPanel(panel, { workspace: ws, extensionUri: uri, evidence, covenant })),
    });
  }

  /** Opens the dashboard, or brings the open one forward. */
  openDashboard(workspace: AccordWorkspace): DashboardPanel {
    return (
      this.revealOpen() ??
      this.adopt(
        new DashboardPanel(this.create(VIEW_TYPES.dashboard, 'Accord dashboard'), {
          workspace,
          extensionUri: this.uri,
          evidence: this.evidence,
          covenant: this.covenant,
        }),
      )
    );
  }

  override dispose(): void {
    this.serializer.dispose();
    super.dispose();
  }
}

/** The dashboard's command, over its panel. */
export function dashboardHandlers(panels: DashboardPanels): HandlerTable {
  return { [Commands.openDashboard]: needsFolder((ctx) => panels.openDashboard(ctx.workspace)) };
}
