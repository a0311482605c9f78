/**
 * The session's draft plan and step, kept in the extension's own storage for this workspace:
 * private until Commit (never in the shared files), and there after a window reload even when
 * the webview's saved state was not flushed in time. Read back as untrusted input.
 */
import * as vscode from 'vscode';
import { parsePersistedState, type PersistedState } from '../panels/protocol';

export type SavedSession = Extract<PersistedState, { view: 'planning' }>;

const FILE = 'planning-draft.json';

export class DraftStore implements vscode.Disposable {
  private pending: SavedSession | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly folder: vscode.Uri | undefined) {}

  private get file(): vscode.Uri | undefined {
    return this.folder && vscode.Uri.joinPath(this.folder, FILE);
  }

  /** The saved session, if there is one and it still reads as one. */
  async load(): Promise<SavedSession | undefined> {
    await this.flush();
    const file = this.file;
    if (!file) return undefined;
    try {
      const bytes = await vscode.workspace.fs.readFile(file);
      if (bytes.byteLength > 2_000_000) return undefined;
      const state = parsePersistedState(JSON.parse(new TextDecoder().decode(bytes)));
      return state?.view === 'planning' ? state : undefined;
    } catch {
      return undefined;
    }
  }

  /** Saves at once; changes that arrive during a write are saved together right after it. */
  save(session: SavedSession): void {
    const idle = this.pending === undefined;
    this.pending = session;
    if (idle) void this.flush();
  }

  async clear(): Promise<void> {
    this.pending = undefined;
    await this.writing;
    const file = this.file;
    if (file) await Promise.resolve(vscode.workspace.fs.delete(file)).catch(() => undefined);
  }

  async flush(): Promise<void> {
    const file = this.file;
    const folder = this.folder;
    if (this.pending && file && folder) {
      this.writing = this.writing.then(async () => {
        // Whatever is newest when this write's turn comes; later saves wait for the next turn.
        const session = this.pending;
        this.pending = undefined;
        if (!session) return;
        try {
          // Written aside and renamed over, so a reload in the middle never finds half a file.
          const temp = vscode.Uri.joinPath(folder, `${FILE}.tmp`);
          await vscode.workspace.fs.createDirectory(folder);
          await vscode.workspace.fs.writeFile(temp, new TextEncoder().encode(JSON.stringify(session)));
          await vscode.workspace.fs.rename(temp, file, { overwrite: true });
        } catch (error) {
          console.warn(`Accord planning: could not keep the draft plan: ${(error as Error).message}`);
        }
        if (this.pending) void this.flush();
      });
    }
    await this.writing;
  }

  dispose(): void {
    void this.flush();
  }
}
