/** The planning session's panel: at most one, with its draft kept between reloads. */
import * as vscode from 'vscode';
import type { CovenantSource } from '../workspace/covenantSource';
import type { EvidenceSource } from '../panels/panelHost';
import { PanelSlot } from '../panels/panelSlot';
import { parsePersistedState, VIEW_TYPES } from '../panels/protocol';
import { Disposable } from '../util/dispose';
import type { AccordWorkspace } from '../workspace/accordWorkspace';
import { DraftStore, PlanningAgenda } from './draftStore';
import { PlanningPanel } from './planningPanel';

/** The planning panel, at most one, and its restore after a window reload with the draft it had. */
export class PlanningPanels extends Disposable {
  private readonly slot: PanelSlot<PlanningPanel>;
  private readonly drafts: DraftStore;
  private readonly agenda: PlanningAgenda;

  constructor(
    private readonly extensionUri: vscode.Uri,
    workspace: AccordWorkspace | undefined,
    storage: vscode.Uri | undefined,
    private readonly evidence?: EvidenceSource,
    private readonly covenant?: CovenantSource,
  ) {
    super();
    this.drafts = this._register(new DraftStore(storage));
    this.agenda = new PlanningAgenda(storage);
    this.slot = this._register(new PanelSlot<PlanningPanel>(extensionUri, workspace));
    this._register(
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPES.planning, {
        deserializeWebviewPanel: async (panel, state) => {
          // The stored draft is written on every change; the webview's state only when VS Code saves it.
          const webviewState = parsePersistedState(state);
          const restored = (await this.drafts.load()) ?? (webviewState?.view === 'planning' ? webviewState : undefined);
          await this.slot.restore(
            panel,
            (workspace) => new PlanningPanel(panel, { workspace, extensionUri, drafts: this.drafts, agenda: this.agenda, evidence, covenant }, restored),
          );
        },
      }),
    );
  }

  get currentPlanning(): PlanningPanel | undefined {
    return this.slot.current;
  }

  /** Opens the planning session (with the draft of an unfinished one), or brings the open one forward. */
  async openPlanning(workspace: AccordWorkspace): Promise<PlanningPanel> {
    const open = this.slot.revealOpen();
    if (open) return open;
    const saved = await this.drafts.load();
    if (this.slot.current) return this.slot.current;
    const panel = this.slot.create(VIEW_TYPES.planning, 'Planning session');
    return this.slot.adopt(
      new PlanningPanel(
        panel,
        { workspace, extensionUri: this.extensionUri, drafts: this.drafts, agenda: this.agenda, evidence: this.evidence, covenant: this.covenant },
        saved,
      ),
    );
  }
}

/** Builds the planning panel (with its serializer); its commands reach it through planningHandlers. */
export function createPlanningPanels(
  context: vscode.ExtensionContext,
  workspace: AccordWorkspace | undefined,
  evidence?: EvidenceSource,
  covenant?: CovenantSource,
): PlanningPanels {
  return new PlanningPanels(context.extensionUri, workspace, context.storageUri, evidence, covenant);
}
