/**
 * Sharing through git: which Accord files changed here, and Accord: Share Changes, which
 * commits only the Accord folder (and pushes when the person chooses).
 */
import * as vscode from 'vscode';
import { displayName } from '../commands/context';
import { Disposable } from '../util/dispose';
import type { AccordWorkspace } from '../workspace/accordWorkspace';
import { type GitApi, gitApi, type GitRepository } from './git';

export class ShareService extends Disposable {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changeEmitter.event;
  private repository: GitRepository | undefined;
  private api: GitApi | undefined;
  readonly ready: Promise<void>;

  constructor(private readonly workspace: AccordWorkspace) {
    super();
    this.ready = this.connect();
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
    this._register(repository.state.onDidChange(() => this.changeEmitter.fire()));
    this.changeEmitter.fire();
  }

  get hasRepository(): boolean {
    return !!this.repository;
  }

  private get dataPrefix(): string {
    return vscode.Uri.joinPath(this.workspace.folder.uri, this.workspace.store.dataFolder).fsPath + '/';
  }

  /** Accord files changed in the working tree or index (uncommitted). */
  changedFiles(): vscode.Uri[] {
    const state = this.repository?.state;
    if (!state) return [];
    const prefix = this.dataPrefix;
    const all = [...state.workingTreeChanges, ...state.indexChanges, ...(state.untrackedChanges ?? [])].map((c) => c.uri);
    const unique = new Map(all.filter((uri) => uri.fsPath.startsWith(prefix)).map((uri) => [uri.fsPath, uri]));
    return [...unique.values()];
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
    const prefix = this.dataPrefix;
    const otherStaged = repository.state.indexChanges.filter((c) => !c.uri.fsPath.startsWith(prefix));
    if (files.length) {
      if (otherStaged.length) {
        void vscode.window.showWarningMessage(`Accord commits only ${this.workspace.store.dataFolder}/, and ${otherStaged.length} other file${otherStaged.length === 1 ? ' is' : 's are'} staged. Commit or unstage ${otherStaged.length === 1 ? 'it' : 'them'} first, then share again.`);
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
        void vscode.window.showWarningMessage(`Push did not go through: ${(error as Error).message}. Your commit is safe; pull, then share again.`);
      }
    }
  }

  private commitMessage(files: vscode.Uri[]): string {
    const state = this.workspace.state;
    const me = this.workspace.me;
    const names = files.map((uri) => vscode.workspace.asRelativePath(uri, false));
    const who = me ? displayName(state, me) : 'team';
    return `Accord: ${who}'s updates\n\n${names.map((n) => `- ${n}`).join('\n')}\n`;
  }
}
