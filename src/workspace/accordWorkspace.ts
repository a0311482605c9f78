/**
 * The VS Code side of the store for one workspace folder: who "me" is, loading the data off
 * the activation path, following changes on disk, Restricted Mode, and telling the person
 * clearly when a file cannot be read.
 */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import type { TeamState } from '../core';
import { AccordFileError, AccordStore, type Edit, ReadOnlyError } from '../store';
import { resolveIdentity } from '../identity/identity';
import { Disposable } from '../util/dispose';

export class AccordWorkspace extends Disposable {
  readonly store: AccordStore;
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  /** Fires when the team's data or "me" changed. */
  readonly onDidChange = this.changeEmitter.event;
  private loaded = false;
  private readonly reported = new Set<string>();
  private readonly pendingReloads = new Map<string, ReturnType<typeof setTimeout>>();
  readonly ready: Promise<void>;

  constructor(readonly folder: vscode.WorkspaceFolder) {
    super();
    const config = vscode.workspace.getConfiguration('accord', folder);
    this.store = new AccordStore({
      root: folder.uri.fsPath,
      dataFolder: safeDataFolder(config.get<string>('dataFolder')),
      readOnly: !vscode.workspace.isTrusted,
    });
    this._register({
      dispose: this.store.onDidChange(() => {
        void vscode.commands.executeCommand('setContext', 'accord.isSetUp', this.isSetUp);
        this.changeEmitter.fire();
      }).dispose,
    });
    this._register(
      vscode.workspace.onDidGrantWorkspaceTrust(async () => {
        // Trusted now: the workspace's own settings and git count, so "me" may change.
        this.store.readOnly = false;
        await this.resolveMe();
        await this.reload();
      }),
    );
    this._register(
      vscode.workspace.onDidChangeConfiguration(async (e) => {
        if (e.affectsConfiguration('accord.me')) {
          await this.resolveMe();
          await this.reload();
        }
      }),
    );
    const pattern = new vscode.RelativePattern(folder, `${this.store.dataFolder}/people/*.json`);
    const watcher = this._register(vscode.workspace.createFileSystemWatcher(pattern));
    const onFile = (uri: vscode.Uri) => this.scheduleReload(basename(uri.fsPath, '.json'));
    this._register(watcher.onDidChange(onFile));
    this._register(watcher.onDidCreate(onFile));
    this._register(watcher.onDidDelete(() => void this.reload()));
    this._register({ dispose: () => this.pendingReloads.forEach((t) => clearTimeout(t)) });
    this.ready = this.initialize();
  }

  get me(): string | undefined {
    return this.store.me;
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  get state(): TeamState {
    return this.store.state;
  }

  /** Whether "me" has a member profile (Set Up has run). */
  get isSetUp(): boolean {
    return !!this.me && this.state.entities.member.has(`member:${this.me}`);
  }

  private async initialize(): Promise<void> {
    try {
      await this.resolveMe();
      await this.reload();
    } catch (error) {
      void vscode.window.showErrorMessage(`Accord could not read the team folder: ${(error as Error).message}`);
    } finally {
      this.loaded = true;
      this.changeEmitter.fire();
    }
  }

  async resolveMe(): Promise<void> {
    const identity = await resolveIdentity(this.folder.uri.fsPath);
    this.store.me = identity?.member;
    await vscode.commands.executeCommand('setContext', 'accord.hasIdentity', !!identity);
  }

  async reload(): Promise<void> {
    await this.store.loadAll();
    this.reportErrors();
  }

  private scheduleReload(member: string): void {
    // Coalesce the bursts of events a git checkout or an atomic rename produces.
    clearTimeout(this.pendingReloads.get(member));
    this.pendingReloads.set(
      member,
      setTimeout(() => {
        this.pendingReloads.delete(member);
        void this.store.reloadMember(member).then(() => this.reportErrors());
      }, 75),
    );
  }

  /**
   * Writes an edit to this person's own file. Returns undefined, after telling the person
   * why, when nothing could be written (Restricted Mode, or a file that cannot be read).
   */
  async write<T>(apply: (edit: Edit) => T): Promise<T | undefined> {
    try {
      return await this.store.update(apply);
    } catch (error) {
      if (error instanceof ReadOnlyError) {
        this.explainReadOnly();
      } else if (error instanceof AccordFileError) {
        this.reportErrors(true);
      } else {
        void vscode.window.showErrorMessage(`Accord could not save: ${(error as Error).message}`);
      }
      return undefined;
    }
  }

  /**
   * In Restricted Mode, says why nothing can be saved (with a way to trust the folder) and
   * returns true; commands call it before asking anything.
   */
  explainReadOnly(): boolean {
    if (!this.store.readOnly) return false;
    void vscode.window.showInformationMessage(new ReadOnlyError().message, 'Manage Workspace Trust').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return true;
  }

  /** Shows each unreadable file once (or again when asked), with a way to open it at the line. */
  reportErrors(force = false): void {
    void vscode.commands.executeCommand('setContext', 'accord.hasDataProblems', this.store.errors.length > 0);
    for (const error of this.store.errors) {
      if (!force && this.reported.has(error.message)) continue;
      this.reported.add(error.message);
      void vscode.window.showWarningMessage(`Accord kept the last good data: ${error.message}`, 'Open File').then((choice) => {
        if (choice) void this.openAt(error);
      });
    }
  }

  async openAt(error: AccordFileError): Promise<void> {
    const uri = vscode.Uri.joinPath(this.folder.uri, error.file);
    const line = Math.max(0, (error.line ?? 1) - 1);
    const position = new vscode.Position(line, Math.max(0, (error.column ?? 1) - 1));
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position) });
  }
}

/** The data folder setting, if it names a folder inside the workspace; otherwise `.accord`. */
export function safeDataFolder(value: string | undefined): string {
  const folder = (value ?? '').trim().replace(/\\/g, '/').replace(/\/+$/, '');
  if (!folder || folder.startsWith('/') || /^[A-Za-z]:/.test(folder) || folder.split('/').some((part) => part === '..' || part === '')) return '.accord';
  return folder;
}
