/** The slice of VS Code's built-in git extension API (`vscode.git`, API version 1) that Accord uses. */
import * as vscode from 'vscode';

export interface GitChange {
  readonly uri: vscode.Uri;
}

/** A commit as `Repository.log` returns it (git extension `api/git.d.ts` `Commit`). */
export interface GitCommit {
  readonly hash: string;
  readonly message: string;
  readonly parents: readonly string[];
  readonly authorDate?: Date;
  readonly authorName?: string;
  readonly authorEmail?: string;
}

/** A ref of `state.refs`: `type` 0 is a local branch (`RefType.Head`). */
export interface GitRef {
  readonly type: number;
  readonly name?: string;
  readonly commit?: string;
}

export interface GitRepositoryState {
  readonly HEAD?: { readonly name?: string; readonly commit?: string; readonly ahead?: number; readonly behind?: number; readonly upstream?: unknown };
  readonly refs?: readonly GitRef[];
  readonly workingTreeChanges: readonly GitChange[];
  readonly indexChanges: readonly GitChange[];
  readonly untrackedChanges?: readonly GitChange[];
  readonly onDidChange: vscode.Event<void>;
}

export interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: GitRepositoryState;
  add(paths: string[]): Promise<void>;
  commit(message: string, options?: { all?: boolean }): Promise<void>;
  push(remoteName?: string, branchName?: string, setUpstream?: boolean): Promise<void>;
  fetch(remote?: string, ref?: string): Promise<void>;
  status(): Promise<void>;
  /** The Source Control input box: the commit message being written. */
  readonly inputBox: { value: string };
  /**
   * `git log` through the extension: `maxEntries` newest commits of HEAD, or every commit of
   * `range` (`a..b`; the extension then ignores `maxEntries`). `silent`: no progress shown in
   * the Source Control view (the extension's `Operation.Log`). An error gives `[]`.
   */
  log(options?: { readonly maxEntries?: number; readonly range?: string; readonly silent?: boolean }): Promise<GitCommit[]>;
  createBranch(name: string, checkout: boolean, ref?: string): Promise<void>;
  checkout(treeish: string): Promise<void>;
}

export interface GitApi {
  /** The git executable the extension found. */
  readonly git: { readonly path: string };
  readonly repositories: readonly GitRepository[];
  getRepository(uri: vscode.Uri): GitRepository | null;
  /** Opens the repository at `root` (VS Code 1.74+); null when the extension will not. */
  openRepository?(root: vscode.Uri): Promise<GitRepository | null>;
  readonly onDidOpenRepository: vscode.Event<GitRepository>;
  readonly onDidCloseRepository: vscode.Event<GitRepository>;
}

/**
 * The repositories the git extension has open that hold code of this workspace: each one whose
 * root is a workspace folder, inside one, or holds one (a folder opened inside a repository).
 */
export function workspaceRepositories(api: GitApi): GitRepository[] {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const inside = (child: vscode.Uri, parent: vscode.Uri) =>
    child.scheme === parent.scheme && (child.path === parent.path || child.path.startsWith(parent.path.endsWith('/') ? parent.path : `${parent.path}/`));
  return api.repositories.filter((repository) => folders.some((folder) => inside(repository.rootUri, folder.uri) || inside(folder.uri, repository.rootUri)));
}

/** The git API, or undefined when the built-in git extension is disabled or git is missing. */
export async function gitApi(): Promise<GitApi | undefined> {
  const extension = vscode.extensions.getExtension<{ enabled: boolean; getAPI(version: 1): GitApi }>('vscode.git');
  if (!extension) return undefined;
  try {
    const exports = extension.isActive ? extension.exports : await extension.activate();
    return exports.enabled ? exports.getAPI(1) : undefined;
  } catch {
    return undefined;
  }
}
