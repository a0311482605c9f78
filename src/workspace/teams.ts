/**
 * The teams of a workspace: every folder that holds a data folder is a team, and Accord serves
 * one of them at a time. The views, the status bar, the panels and every command work on that
 * team (so an action always writes to the team of the item it acts on); "Accord: Switch Team"
 * picks another, and the choice is remembered for the workspace. A team arriving later in any
 * folder (a first pull), or a folder added or removed, is noticed and served.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { watchDataFolderItself } from './dataFolderWatcher';
import { safeText } from '../core';
import { safeDataFolder } from '../store/dataFolder';
import { Disposable } from '../util/dispose';
import type { AccordWorkspace } from './accordWorkspace';
import { ARRIVAL_INTERVAL_MS } from './accordWorkspace';
import { type FolderCandidate, hasDataFolder, teamFolderIndex } from './teamFolder';
import { ContextKeys, setContextKey } from '../util/contextKeys';

/** What serving one folder builds: its workspace and everything that works on it, disposed together. */
export interface TeamSession extends vscode.Disposable {
  readonly workspace: AccordWorkspace | undefined;
}

/** The part of {@link TeamHost} that commands use: which folders hold a team, and moving to one. */
export interface TeamChooser {
  /** The folder served now; undefined in a window with no folder. */
  readonly current: vscode.WorkspaceFolder | undefined;
  /** The workspace's folders that hold a team, in the workspace's order. */
  teamFolders(): vscode.WorkspaceFolder[];
  /** How many folders held a team at the last look; {@link onDidChangeTeamCount} tells when it changes. */
  readonly teamCount: number;
  readonly onDidChangeTeamCount: vscode.Event<void>;
  /**
   * Serves `folder` from now on (and remembers it). Resolves to whether it is served afterwards:
   * false when it left the workspace meanwhile, or the person kept the team shown (unsaved edits).
   */
  switchTo(folder: vscode.WorkspaceFolder): Promise<boolean>;
}

const REMEMBERED = 'accord.teamFolder';

/** A folder's path and its `accord.dataFolder` (a folder-scoped setting, so each folder has its own). */
function candidate(folder: vscode.WorkspaceFolder): FolderCandidate {
  return { path: folder.uri.fsPath, dataFolder: safeDataFolder(vscode.workspace.getConfiguration('accord', folder).get<string>('dataFolder')) };
}

/** Whether `folder` holds a team: its data folder is a real folder there. */
function holdsTeam(folder: vscode.WorkspaceFolder): boolean {
  const { path, dataFolder } = candidate(folder);
  return hasDataFolder(path, dataFolder);
}

/** Whether two folders (either may be missing) are the same, by URI. */
function sameFolder(a: vscode.WorkspaceFolder | undefined, b: vscode.WorkspaceFolder | undefined): boolean {
  return a?.uri.toString() === b?.uri.toString();
}

/** `folder` as the workspace holds it now; undefined once it has left the workspace. */
function inWorkspace(folder: vscode.WorkspaceFolder | undefined): vscode.WorkspaceFolder | undefined {
  return folder && (vscode.workspace.workspaceFolders ?? []).find((f) => sameFolder(f, folder));
}

/**
 * Serves one team at a time, built by `start`. `memory` is the workspace's Memento, where the
 * person's choice of team is kept (as the folder's path).
 */
export class TeamHost<S extends TeamSession> extends Disposable implements TeamChooser {
  private session: S;
  private served: vscode.WorkspaceFolder | undefined;
  private watchers: vscode.Disposable[] = [];
  private count = 0;
  private readonly countEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeTeamCount = this.countEmitter.event;
  /**
   * The person picked the folder served now while it had no team (Set Up is starting one there):
   * it is not left for another team until it leaves the workspace.
   */
  private pickedWithoutTeam = false;
  /** Building the session of the folder served threw (see serve). */
  private failure: Error | undefined;

  constructor(
    private readonly memory: vscode.Memento,
    private readonly start: (folder: vscode.WorkspaceFolder | undefined, teams: TeamChooser) => S,
  ) {
    super();
    this.served = this.choose();
    this.count = this.teamFolders().length;
    this.session = start(this.served, this);
    this._register({ dispose: () => this.session.dispose() });
    this._register({ dispose: () => this.watchers.forEach((w) => w.dispose()) });
    this.watchFolders();
    this._register(
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.watchFolders();
        this.recheck();
      }),
    );
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('accord.dataFolder')) return;
        this.watchFolders();
        this.recheck();
      }),
    );
    this._register(vscode.window.onDidChangeWindowState((state) => state.focused && this.recheck()));
    // With several folders, a look every few seconds (one lstat per folder) catches what the watchers miss:
    // a team arriving while the folder shown has none, and the number of teams the view names.
    const timer = setInterval(() => (vscode.workspace.workspaceFolders ?? []).length > 1 && this.recheck(), ARRIVAL_INTERVAL_MS);
    this._register({ dispose: () => clearInterval(timer) });
    this.updateContext();
  }

  /** What is served now. */
  get current(): vscode.WorkspaceFolder | undefined {
    return this.served;
  }

  get currentSession(): S {
    return this.session;
  }

  get teamCount(): number {
    return this.count;
  }

  teamFolders(): vscode.WorkspaceFolder[] {
    return (vscode.workspace.workspaceFolders ?? []).filter(holdsTeam);
  }

  async switchTo(folder: vscode.WorkspaceFolder): Promise<boolean> {
    // The folder as the workspace holds it now: one removed while a question was open is gone.
    const current = inWorkspace(folder);
    if (!current) {
      void vscode.window.showInformationMessage(`${safeText(folder.name)} is no longer in this workspace.`);
      return false;
    }
    if (sameFolder(current, this.served)) return true;
    if (!(await this.mayLeave())) return false;
    await this.memory.update(REMEMBERED, current.uri.fsPath);
    this.serve(current);
    this.pickedWithoutTeam = !holdsTeam(current);
    return true;
  }

  /**
   * Whether the team shown may be left now: edits the disk refused (kept in memory until saved)
   * would go with it, so the person saves them first, or chooses to leave them.
   */
  private async mayLeave(): Promise<boolean> {
    const workspace = this.session.workspace;
    const unsaved = workspace?.unsavedChanges.length ?? 0;
    if (!workspace || unsaved === 0) return true;
    const choice = await vscode.window.showWarningMessage(
      `${unsaved} change${unsaved === 1 ? '' : 's'} in ${safeText(workspace.folder.name)} could not be saved yet, and would be lost on switching.`,
      { modal: true, detail: 'Accord keeps them in memory until the file can be written. Try saving them first.' },
      'Try Saving',
      'Switch and Lose Them',
    );
    if (choice === 'Switch and Lose Them') return true;
    if (choice === 'Try Saving') return workspace.saveUnsaved();
    return false;
  }

  /** The folder to serve: the remembered choice while it holds a team, else the first team, else the first folder. */
  private choose(): vscode.WorkspaceFolder | undefined {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const index = teamFolderIndex(folders.map(candidate), this.memory.get<string>(REMEMBERED));
    return index === undefined ? undefined : folders[index];
  }

  /** Serves another folder when the one served is gone, or has no team (and was not picked to start one) while another folder has one. */
  private recheck(): void {
    const served = inWorkspace(this.served);
    // The team shown stays while it is there (a team arriving in an earlier folder does not take its place),
    // and so does a folder the person picked to start a team in.
    if (served && (this.pickedWithoutTeam || holdsTeam(served))) return this.updateContext();
    const next = this.choose();
    if (!sameFolder(next, this.served)) this.serve(next);
    else this.updateContext();
  }

  private serve(folder: vscode.WorkspaceFolder | undefined): void {
    if (sameFolder(folder, this.served)) return;
    this.session.dispose();
    this.served = folder;
    this.pickedWithoutTeam = false;
    try {
      this.session = this.start(folder, this);
      this.failure = undefined;
    } catch (error) {
      // The old session is disposed: nothing may run on it as though it were this team's.
      this.failure = error instanceof Error ? error : new Error(String(error));
      void vscode.window.showErrorMessage(`Accord could not serve the team of ${folder?.name ?? 'this window'}: ${safeText(this.failure.message)}`);
    }
    this.updateContext();
  }

  /** Why the folder served now has no session (building it threw), or undefined when it has one. */
  get startFailure(): Error | undefined {
    return this.failure;
  }

  /**
   * Watches every folder for its data folder appearing (a team's first pull into `team-notes/`
   * beside `app/`) or going; the team shown's own files are its workspace's to watch.
   */
  private watchFolders(): void {
    this.watchers.forEach((w) => w.dispose());
    this.watchers = (vscode.workspace.workspaceFolders ?? []).flatMap((folder) => {
      const watcher = watchDataFolderItself(folder.uri, candidate(folder).dataFolder);
      return [watcher, watcher.onDidCreate(() => this.recheck()), watcher.onDidDelete(() => this.recheck())];
    });
  }

  private updateContext(): void {
    const teams = this.teamFolders().length;
    if (teams !== this.count) {
      this.count = teams;
      this.countEmitter.fire();
    }
    void setContextKey(ContextKeys.teamCount, teams);
  }
}

/**
 * Accord: Switch Team. Lists the folders that hold a team (the served one marked), and serves
 * the one picked. With one team or none it says so. Returns the folder served afterwards.
 */
export async function pickTeam(teams: TeamChooser): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = teams.teamFolders();
  if (folders.length < 2) {
    void vscode.window.showInformationMessage(
      folders.length === 1
        ? `Only one folder of this workspace holds a team: ${safeText(folders[0]!.name)}.`
        : 'No folder of this workspace holds a team yet: run Accord: Set Up to start one.',
    );
    return teams.current;
  }
  const items = folders.map((folder) => ({
    label: safeText(folder.name),
    description: sameFolder(folder, teams.current) ? 'shown now' : undefined,
    detail: safeText(folder.uri.fsPath),
    folder,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Accord: Switch Team',
    placeHolder: 'The team whose goals, check-ins and follow-ups Accord shows',
  });
  if (picked) await teams.switchTo(picked.folder);
  return teams.current;
}

/** The argument Set Up passes itself once the person has picked the folder (so it asks only once). */
export const FOLDER_CHOSEN = 'accord.folderChosen';

/** How many member files a folder's data folder holds; 0 when it has none or cannot be read. */
function memberCount(folder: vscode.WorkspaceFolder): number {
  const { path, dataFolder } = candidate(folder);
  try {
    return readdirSync(join(path, dataFolder, 'people')).filter((name) => name.endsWith('.json')).length;
  } catch {
    return 0;
  }
}

/**
 * Set Up's first question in a multi-root workspace: which folder's team to join (or to update
 * my profile in), or where to start a new one. Folders that hold a team come first, each with
 * its number of members; the others say a new team starts there. Undefined on Escape.
 */
export async function pickSetUpFolder(teams: TeamChooser): Promise<vscode.WorkspaceFolder | undefined> {
  // Folders with a team first (a stable sort keeps the workspace's order within each group).
  const folders = (vscode.workspace.workspaceFolders ?? [])
    .map((folder) => ({ folder, team: holdsTeam(folder) }))
    .sort((a, b) => Number(b.team) - Number(a.team));
  const items = folders.map(({ folder, team }) => {
    const members = team ? memberCount(folder) : 0;
    return {
      label: safeText(folder.name),
      description: [
        team ? `its team: ${members} member${members === 1 ? '' : 's'}` : 'no team yet: a new team starts here',
        sameFolder(folder, teams.current) ? 'shown now' : undefined,
      ]
        .filter(Boolean)
        .join(' · '),
      detail: safeText(folder.uri.fsPath),
      folder,
    };
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Accord: Set Up — which folder?',
    placeHolder: 'Your team keeps its data in one folder of this workspace: pick it, or where a new team should start',
  });
  return picked?.folder;
}
