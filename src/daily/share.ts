/**
 * Sharing through git: which Accord files changed here, and Accord: Share Changes, which
 * commits only the Accord folder (and pushes when the person chooses).
 */
import * as vscode from 'vscode';
import { memberName, safeText } from '../core';
import { Disposable } from '../util/dispose';
import type { AccordWorkspace } from '../workspace/accordWorkspace';
import { type GitApi, gitApi, type GitRepository } from './git';

export class ShareService extends Disposable {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changeEmitter.event;
  private repository: GitRepository | undefined;
  private repositoryListener: vscode.Disposable | undefined;
  private api: GitApi | undefined;
  readonly ready: Promise<void>;

  constructor(private readonly workspace: AccordWorkspace) {
    super();
    this.ready = this.connect();
    this._register({ dispose: () => this.repositoryListener?.dispose() });
  }

  private async connect(): Promise<void> {
    this.api = await gitApi();
    if (!this.api) return;
    this.attach(this.api.getRepository(this.workspace.folder.uri) ?? undefined);
    this._register(this.api.onDidOpenRepository(() => this.attach(this.api?.getRepository(this.workspace.folder.uri) ?? undefined)));
  }

  private attach(repository: GitRepository | undefined): void {
    if (!repository || repository === this.repository) return;
    this.repository = repository;
    this.repositoryListener?.dispose();
    this.repositoryListener = repository.state.onDidChange(() => this.changeEmitter.fire());
    this.changeEmitter.fire();
  }

  get hasRepository(): boolean {
    return !!this.repository;
  }

  /** Whether a path is inside the Accord folder (compared as URI paths: the same on every platform). */
  private inDataFolder(uri: vscode.Uri): boolean {
    const prefix = `${vscode.Uri.joinPath(this.workspace.folder.uri, this.workspace.store.dataFolder).path}/`;
    return uri.path.startsWith(prefix);
  }

  /** The files this person may share: their own member file, the covenant and Accord's .gitignore and .gitattributes. */
  private isMine(uri: vscode.Uri): boolean {
    const me = this.workspace.me;
    const root = vscode.Uri.joinPath(this.workspace.folder.uri, this.workspace.store.dataFolder);
    const mine = [me ? vscode.Uri.joinPath(root, 'people', `${me}.json`) : undefined, vscode.Uri.joinPath(root, 'covenant.md'), vscode.Uri.joinPath(root, '.gitignore'), vscode.Uri.joinPath(root, '.gitattributes')];
    return mine.some((candidate) => candidate?.path === uri.path);
  }

  private changes(): vscode.Uri[] {
    const state = this.repository?.state;
    if (!state) return [];
    const all = [...state.workingTreeChanges, ...state.indexChanges, ...(state.untrackedChanges ?? [])].map((c) => c.uri);
    return [...new Map(all.filter((uri) => this.inDataFolder(uri)).map((uri) => [uri.path, uri])).values()];
  }

  /** My Accord files changed in the working tree or index (uncommitted). */
  changedFiles(): vscode.Uri[] {
    return this.changes().filter((uri) => this.isMine(uri));
  }

  /** Commits on this branch not pushed yet. */
  get ahead(): number {
    return this.repository?.state.HEAD?.ahead ?? 0;
  }

  async share(): Promise<void> {
    await this.ready;
    const repository = this.repository;
    if (!repository) {
      void vscode.window.showInformationMessage('Accord shares through git, and this folder is not a git repository (or the git extension is off).');
      return;
    }
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showInformationMessage('Accord does not commit in Restricted Mode.');
      return;
    }
    await repository.status();
    const files = this.changedFiles();
    const othersInFolder = this.changes().filter((uri) => !this.isMine(uri));
    if (othersInFolder.length) {
      void vscode.window.showWarningMessage(`${othersInFolder.map((uri) => safeText(vscode.workspace.asRelativePath(uri, false))).join(', ')} changed here, and ${othersInFolder.length === 1 ? 'it is' : 'they are'} not yours: Accord leaves ${othersInFolder.length === 1 ? 'it' : 'them'} out. A git pull or checkout usually explains it.`);
    }
    const otherStaged = repository.state.indexChanges.filter((c) => !files.some((uri) => uri.path === c.uri.path));
    if (files.length) {
      if (otherStaged.length) {
        void vscode.window.showWarningMessage(`Accord commits only ${safeText(this.workspace.store.dataFolder)}/, and ${otherStaged.length} other file${otherStaged.length === 1 ? ' is' : 's are'} staged. Commit or unstage ${otherStaged.length === 1 ? 'it' : 'them'} first, then share again.`);
        return;
      }
      await repository.add(files.map((uri) => uri.fsPath));
      await repository.commit(this.commitMessage(files));
    }
    if (!files.length && this.ahead === 0) {
      void vscode.window.showInformationMessage('Everything in Accord is already shared.');
      return;
    }
    const choice = await vscode.window.showInformationMessage(files.length ? `Committed ${files.length} Accord file${files.length === 1 ? '' : 's'}. Push now so your partners get them?` : 'Your Accord commits are not pushed yet. Push now?', 'Push', 'Not Now');
    if (choice === 'Push') {
      try {
        await repository.push();
        vscode.window.setStatusBarMessage('$(cloud-upload) Shared with your team', 4000);
      } catch (error) {
        void vscode.window.showWarningMessage(`Push did not go through: ${safeText((error as Error).message)}. Your commit is safe; pull, then share again.`);
      }
    }
  }

  private commitMessage(files: vscode.Uri[]): string {
    const state = this.workspace.state;
    const me = this.workspace.me;
    const names = files.map((uri) => vscode.workspace.asRelativePath(uri, false));
    // The name as written: a commit message is not drawn by VS Code's renderers.
    const who = me ? memberName(state, me) : 'team';
    return `Accord: ${who}'s updates\n\n${names.map((n) => `- ${n}`).join('\n')}\n`;
  }
}
