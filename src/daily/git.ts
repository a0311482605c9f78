/** The slice of VS Code's built-in git extension API (`vscode.git`, API version 1) that Accord uses. */
import * as vscode from 'vscode';

export interface GitChange {
  readonly uri: vscode.Uri;
}

export interface GitRepositoryState {
  readonly HEAD?: { readonly name?: string; readonly ahead?: number; readonly behind?: number; readonly upstream?: unknown };
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
}

export interface GitApi {
  /** The git executable the extension found. */
  readonly git: { readonly path: string };
  readonly repositories: readonly GitRepository[];
  getRepository(uri: vscode.Uri): GitRepository | null;
  /** Opens the repository at `root` (VS Code 1.74+); null when the extension will not. */
  openRepository?(root: vscode.Uri): Promise<GitRepository | null>;
  readonly onDidOpenRepository: vscode.Event<GitRepository>;
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
