import * as vscode from 'vscode';
import { DashboardPanel } from '../dashboard/dashboardPanel';
import { Disposable } from '../util/dispose';
import type { AccordWorkspace } from '../workspace/accordWorkspace';
import { DraftStore } from './draftStore';
import { webviewOptions } from './html';
import { PlanningPanel } from './planningPanel';
import { parsePersistedState, VIEW_TYPES } from './protocol';

/**
 * The planning panel and the dashboard, at most one of each, and their restore after a
 * window reload (the webview's saved state is untrusted input like any message).
 */
export { planningHandlers } from './commands';

export class PlanningPanels extends Disposable {
  private planning: PlanningPanel | undefined;
  private dashboard: DashboardPanel | undefined;

  private readonly drafts: DraftStore;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly workspace: AccordWorkspace | undefined,
    storage: vscode.Uri | undefined,
  ) {
    super();
    this.drafts = this._register(new DraftStore(storage));
    this._register(
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPES.planning, {
        deserializeWebviewPanel: async (panel, state) => {
          // The stored draft is written on every change; the webview's state only when VS Code saves it.
          const webviewState = parsePersistedState(state);
          const restored = (await this.drafts.load()) ?? (webviewState?.view === 'planning' ? webviewState : undefined);
          await this.restore(panel, (workspace) => this.adoptPlanning(new PlanningPanel(panel, { workspace, extensionUri, drafts: this.drafts }, restored)));
        },
      }),
    );
    this._register(
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPES.dashboard, {
        deserializeWebviewPanel: async (panel) => {
          await this.restore(panel, (workspace) => this.adoptDashboard(new DashboardPanel(panel, { workspace, extensionUri })));
        },
      }),
    );
    this._register({ dispose: () => (this.planning?.dispose(), this.dashboard?.dispose()) });
  }

  get currentPlanning(): PlanningPanel | undefined {
    return this.planning;
  }

  get currentDashboard(): DashboardPanel | undefined {
    return this.dashboard;
  }

  private async restore(panel: vscode.WebviewPanel, adopt: (workspace: AccordWorkspace) => void): Promise<void> {
    const workspace = this.workspace;
    if (!workspace) {
      panel.dispose();
      return;
    }
    await workspace.ready;
    if (!workspace.isSetUp) {
      panel.dispose();
      return;
    }
    panel.webview.options = webviewOptions(this.extensionUri);
    adopt(workspace);
  }

  /** Opens the planning session (with the draft of an unfinished one), or brings the open one forward. */
  async openPlanning(workspace: AccordWorkspace): Promise<PlanningPanel> {
    if (this.planning) {
      this.planning.reveal();
      return this.planning;
    }
    const saved = await this.drafts.load();
    if (this.planning) return this.planning;
    const panel = vscode.window.createWebviewPanel(VIEW_TYPES.planning, 'Planning session', vscode.ViewColumn.Active, webviewOptions(this.extensionUri));
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'accord.svg');
    return this.adoptPlanning(new PlanningPanel(panel, { workspace, extensionUri: this.extensionUri, drafts: this.drafts }, saved));
  }

  openDashboard(workspace: AccordWorkspace): DashboardPanel {
    if (this.dashboard) {
      this.dashboard.reveal();
      return this.dashboard;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPES.dashboard, 'Accord dashboard', vscode.ViewColumn.Active, webviewOptions(this.extensionUri));
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'accord.svg');
    return this.adoptDashboard(new DashboardPanel(panel, { workspace, extensionUri: this.extensionUri }));
  }

  private adoptPlanning(panel: PlanningPanel): PlanningPanel {
    this.planning = panel;
    panel.onDidDispose(() => {
      if (this.planning === panel) this.planning = undefined;
    });
    return panel;
  }

  private adoptDashboard(panel: DashboardPanel): DashboardPanel {
    this.dashboard = panel;
    panel.onDidDispose(() => {
      if (this.dashboard === panel) this.dashboard = undefined;
    });
    return panel;
  }
}

/** Builds the planning and dashboard panels (with their serializers); the commands reach them through CommandContext. */
export function createPlanningPanels(context: vscode.ExtensionContext, workspace: AccordWorkspace | undefined): PlanningPanels {
  return new PlanningPanels(context.extensionUri, workspace, context.storageUri);
}
