/**
 * At most one panel of a kind: the one open is brought forward rather than a second opened,
 * and a panel VS Code restores after a window reload is adopted only for a loaded workspace
 * whose person has run Set Up (the webview's saved state is untrusted input like any message).
 */
import * as vscode from 'vscode';
import type { AccordWorkspace } from '../workspace/accordWorkspace';
import { webviewOptions } from './html';
import type { PanelHost } from './panelHost';

export class PanelSlot<P extends PanelHost> implements vscode.Disposable {
  private open: P | undefined;
  private disposed = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly workspace: AccordWorkspace | undefined,
  ) {}

  /** The panel open now, if any. */
  get current(): P | undefined {
    return this.open;
  }

  /** Makes `panel` the one open; the slot empties when it closes. Returns it. */
  adopt(panel: P): P {
    this.open = panel;
    panel.onDidDispose(() => {
      if (this.open === panel) this.open = undefined;
    });
    return panel;
  }

  /** The open panel, brought forward; undefined when none is open. */
  revealOpen(): P | undefined {
    this.open?.reveal();
    return this.open;
  }

  /** A new webview panel of `viewType` titled `title`, in the active column, with Accord's icon and webview options. */
  create(viewType: string, title: string): vscode.WebviewPanel {
    const panel = vscode.window.createWebviewPanel(viewType, title, vscode.ViewColumn.Active, webviewOptions(this.extensionUri));
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'accord.svg');
    return panel;
  }

  /**
   * A panel VS Code restored after a reload: closed when there is no workspace or no set-up
   * person, else given Accord's webview options and handed to `build`, and adopted.
   */
  async restore(panel: vscode.WebviewPanel, build: (workspace: AccordWorkspace) => P): Promise<void> {
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
    // The team was switched away from meanwhile, or the person opened one already: at most one, of the team shown.
    if (this.disposed || this.open) {
      panel.dispose();
      return;
    }
    panel.webview.options = webviewOptions(this.extensionUri);
    this.adopt(build(workspace));
  }

  dispose(): void {
    this.disposed = true;
    this.open?.dispose();
  }
}
