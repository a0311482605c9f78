/**
 * Sharing through git. With the data on its own branch (the `branch` layout, see
 * store/branches.ts) this service records each of my writes on the data branch, reads every
 * copy of the team's files git holds after each git event, and Accord: Share Changes pushes the
 * data branch. With the data committed with the code (the layout before), Share Changes commits
 * only my Accord files on the current branch, and Accord: Keep Data on Its Own Branch moves it.
 * No git runs in Restricted Mode: the working tree alone is read there.
 */
import { readFile, stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import { memberName, safeText } from '../core';
import { COVENANT_FILE as COVENANT, MAX_COVENANT_BYTES } from '../core/covenant';
import { type DataLayout, gitReason, gitText, gitTransport, type MemberFileData, nextStepAfter, TeamBranches, type Transport } from '../store';
import { Disposable } from '../util/dispose';
import { oneAtATime } from '../util/oneAtATime';
import type { AccordWorkspace } from '../workspace/accordWorkspace';
import { type GitApi, gitApi, type GitRepository } from './git';

/** How long after the last git event the refs are looked at once more. */
const RECHECK_MS = 2500;
/**
 * How often the refs are looked at without a git event: a fetch by another program (a terminal,
 * a GUI client, a scheduled job) reaches VS Code's git extension only through its file watcher,
 * which can drop or delay events on a busy machine. One `for-each-ref` when nothing moved.
 */
const REF_POLL_MS = 10_000;

export class ShareService extends Disposable {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changeEmitter.event;
  private repository: GitRepository | undefined;
  private repositoryListener: vscode.Disposable | undefined;
  private api: GitApi | undefined;
  /** The data branch reader and writer; undefined in Restricted Mode or outside a git repository. */
  branches: TeamBranches | undefined;
  /** Where this repository keeps the data; undefined until known (or without git). */
  layout: DataLayout | undefined;
  /** Commits on the data branch not pushed yet (branch layout). */
  private unpushed = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private recheckTimer: ReturnType<typeof setTimeout> | undefined;
  private excluded = false;
  /** The refs as the last refresh read them (TeamBranches.refsFingerprint). */
  private readRefs: string | undefined;
  readonly ready: Promise<void>;

  constructor(private readonly workspace: AccordWorkspace) {
    super();
    this.ready = this.connect();
    this._register({ dispose: () => this.repositoryListener?.dispose() });
    this._register({ dispose: () => (clearTimeout(this.refreshTimer), clearTimeout(this.recheckTimer)) });
    const poll = setInterval(() => this.branches && void this.refresh(), REF_POLL_MS);
    this._register({ dispose: () => clearInterval(poll) });
    this._register(workspace.onDidWrite(() => void this.record()));
    this._register(vscode.workspace.onDidSaveTextDocument((doc) => doc.uri.toString() === this.dataUri(COVENANT).toString() && void this.record()));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.startBranches().then(() => this.refresh())));
  }

  private async connect(): Promise<void> {
    // Once the team is loaded and the first view drawn (afterFirstDraw): git's start-up work (the git extension's
    // activation, a dozen git processes, each spawn 5–10 ms of this thread) is no part of what
    // the person waits to see, and it came between the files being read (issue 20).
    await this.workspace.afterFirstDraw;
    if (this.isDisposed) return;
    this.api = await gitApi();
    await this.startBranches();
    if (this.api && !this.isDisposed) {
      this.attach(this.api.getRepository(this.workspace.folder.uri) ?? (await this.openParentRepository()));
      this._register(this.api.onDidOpenRepository(() => this.attach(this.api?.getRepository(this.workspace.folder.uri) ?? undefined)));
      // The person allowed repositories in parent folders: open ours now.
      this._register(
        vscode.workspace.onDidChangeConfiguration(async (e) => {
          if (e.affectsConfiguration('git.openRepositoryInParentFolders') && !this.repository) this.attach(await this.openParentRepository());
        }),
      );
    }
    await this.refresh();
  }

  /**
   * A workspace that is a sub-folder of a repository: VS Code's git extension opens the
   * repository above only when git.openRepositoryInParentFolders allows it, so Accord asks it
   * to open the one that holds the data folder.
   */
  private async openParentRepository(): Promise<GitRepository | undefined> {
    const place = await this.placeInRepository();
    if (!place || !this.api?.openRepository) return undefined;
    return (await this.api.openRepository(vscode.Uri.file(place.top)).catch(() => null)) ?? undefined;
  }

  /** git run in the workspace folder, with the git the extension found. */
  private get git(): { cwd: string; gitPath: string | undefined } {
    return { cwd: this.workspace.folder.uri.fsPath, gitPath: this.api?.git.path };
  }

  /**
   * Where the workspace folder sits in its repository, as git says in one run: the repository's
   * root, and the folder's path inside it (empty at the root, whatever links or letter case the
   * folder was opened through). Undefined without a repository, and in Restricted Mode.
   */
  private async placeInRepository(): Promise<{ top: string; prefix: string } | undefined> {
    if (!vscode.workspace.isTrusted) return undefined;
    const out = await gitText(this.git, ['rev-parse', '--show-toplevel', '--show-prefix']).catch(() => undefined);
    if (out === undefined) return undefined;
    const [top = '', prefix = ''] = out.split('\n');
    return top ? { top, prefix: prefix.trim() } : undefined;
  }

  /**
   * Says why Share Changes cannot commit through VS Code's git extension, with the way on: for a
   * folder inside a larger repository, the setting that lets the extension open it
   * (git.openRepositoryInParentFolders) or its own command to open it once; else git.enabled.
   */
  private async explainNoRepository(): Promise<void> {
    const place = await this.placeInRepository();
    if (!place?.prefix) {
      void vscode.window.showInformationMessage(
        "Accord commits the team's files through VS Code's git extension, and it has not opened this repository: check that git.enabled is on, then share again.",
      );
      return;
    }
    const choice = await vscode.window.showInformationMessage(
      `This folder is inside the repository at ${safeText(place.top)}, and VS Code's git extension opens a repository in a parent folder only when git.openRepositoryInParentFolders allows it. Set it to "always", or open the repository once, then share again.`,
      'Open Repository',
      'Open Setting',
    );
    if (choice === 'Open Repository') await vscode.commands.executeCommand('git.openRepositoriesInParentFolders');
    else if (choice === 'Open Setting') await vscode.commands.executeCommand('workbench.action.openSettings', 'git.openRepositoryInParentFolders');
  }

  /** Git only in a trusted workspace: a repository's config and hooks can run code. */
  private async startBranches(): Promise<void> {
    if (this.branches || !vscode.workspace.isTrusted) return;
    const git = this.git;
    const cli = gitTransport(git);
    // Through VS Code's git extension once it has the repository (it can ask for credentials), else git itself.
    const transport: Transport = {
      fetch: (remote, refspec) => (this.repository ? this.repository.fetch(remote, refspec) : cli.fetch(remote, refspec)),
      push: (remote, refspec) => (this.repository ? this.repository.push(remote, refspec, true) : cli.push(remote, refspec)),
    };
    const branches = new TeamBranches({ ...git, dataFolder: this.workspace.dataFolder, branch: this.workspace.dataBranch, transport });
    if (await branches.isRepository()) this.branches = branches;
  }

  private attach(repository: GitRepository | undefined): void {
    // A team switched away from while git answered attaches nothing: its listener would outlive it.
    if (!repository || repository === this.repository || this.isDisposed) return;
    this.repository = repository;
    this.scheduleRefresh();
    this.repositoryListener?.dispose();
    this.repositoryListener = repository.state.onDidChange(() => {
      this.changeEmitter.fire();
      this.scheduleRefresh();
    });
    this.changeEmitter.fire();
  }

  /** The repository VS Code's git extension opened for this folder (or the one above it); undefined until attached. */
  get gitRepository(): GitRepository | undefined {
    return this.repository;
  }

  /** Whether VS Code's git extension is there and enabled (known once {@link ready} resolved). */
  get hasGitExtension(): boolean {
    return !!this.api;
  }

  get hasRepository(): boolean {
    return !!this.repository || !!this.branches;
  }

  private dataUri(...path: string[]): vscode.Uri {
    return vscode.Uri.joinPath(this.workspace.folder.uri, this.workspace.dataFolder, ...path);
  }

  /** Git events come in bursts (a checkout, a fetch): one refresh after they settle. */
  /**
   * Refreshes shortly after a burst of git events, and looks at the refs once more a moment
   * later: a git event can come while a fetch is still writing its refs (FETCH_HEAD first),
   * and no event may follow the last ref it moves. The second look costs one `for-each-ref`
   * when nothing moved (refreshOnce compares the refs first).
   */
  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    clearTimeout(this.recheckTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), 300);
    this.recheckTimer = setTimeout(() => void this.refresh(), RECHECK_MS);
  }

  /**
   * Reads the team's copies on every branch and hands them to the store. In the branch layout
   * it first records my working copy, fast-forwards the local data branch to a remote's that is
   * ahead, and brings the working copy's covenant up to it. Calls made while one runs share one
   * more run after it.
   */
  readonly refresh = oneAtATime(
    () => this.refreshOnce(),
    (error) => console.warn(`Accord could not read the team's branches: ${gitReason(error)}`),
  );

  private async refreshOnce(): Promise<void> {
    const branches = this.branches;
    if (!branches) return;
    // The git extension reports every status run (each save of any file): most change no ref.
    const refs = await branches.refsFingerprint();
    if (refs === this.readRefs) return;
    this.layout = await branches.layout();
    if (this.layout === 'branch') {
      await this.workspace.ready;
      // Only once there is a working copy to keep out of the code: a repository that does not
      // use Accord (opened with Accord installed) is never changed.
      if (!this.excluded && (await stat(this.dataUri().fsPath).catch(() => undefined))?.isDirectory()) {
        await branches.excludeLocally();
        this.excluded = true;
      }
      await this.record();
      await branches.fastForward();
      await this.syncCovenant();
    }
    const store = this.workspace.store;
    // The working copy as loaded (after a grant of trust, while it may still load: copies that
    // differ from it are fetched meanwhile).
    store.setCopies(await branches.read(await store.workingCopy(this.workspace.ready)));
    // Closed history on branches, for whoever reads it now (the dashboard open): read on demand.
    store.closedPeriodSource ??= (working) => branches.readClosedPeriods(working);
    await store.refreshClosedPeriodCopies();
    this.readRefs = refs;
    this.unpushed = this.layout === 'branch' ? await this.countUnpushed() : 0;
    this.workspace.reportErrors();
    this.changeEmitter.fire();
  }

  private async countUnpushed(): Promise<number> {
    const branches = this.branches!;
    return branches.unpushed(await branches.remote());
  }

  private async workingCovenant(): Promise<string | undefined> {
    try {
      return await this.workspace.readDataFile(COVENANT, MAX_COVENANT_BYTES);
    } catch {
      return undefined;
    }
  }

  /**
   * Brings the working copy's covenant up to the data branch's when it has none or holds an
   * older version from the branch's history (a partner changed it since), or puts `conflicted`
   * (both sides, marked) there after a share that could not merge it. An edit made here is
   * never overwritten.
   */
  private async syncCovenant(conflicted?: string): Promise<void> {
    const branches = this.branches;
    if (!branches) return;
    const working = await this.workingCovenant();
    let text = conflicted;
    if (text === undefined) {
      const status = await branches.sharedFileStatus(COVENANT, working === undefined ? undefined : Buffer.from(working));
      if (status !== 'stale' && status !== 'none') return;
      text = (await branches.fileAtTip(COVENANT))?.toString('utf8');
    }
    if (text === undefined || text === working || Buffer.byteLength(text, 'utf8') > MAX_COVENANT_BYTES) return;
    try {
      await this.workspace.replaceDataFile(COVENANT, working, text);
    } catch (error) {
      void vscode.window.showWarningMessage(`Accord could not bring the covenant up to date: ${safeText((error as Error).message)}`);
    }
  }

  /**
   * My files for the data branch: my member file and my closed periods, and the covenant when it was edited here
   * (not an older version a partner has changed since, and not while it holds conflict
   * markers: those are settled by hand first).
   */
  private async myFiles(): Promise<Map<string, Uint8Array> | undefined> {
    const me = this.workspace.me;
    if (!me || !this.branches) return undefined;
    const files = new Map<string, Uint8Array>();
    const mine = await readFile(this.workspace.fileOf(me)).catch(() => undefined);
    if (mine) files.set(`people/${me}.json`, mine);
    for (const [period, bytes] of await this.workspace.store.closedPeriodBytes(me)) files.set(`people/${me}/${period}.json`, bytes);
    const covenant = await this.workingCovenant();
    if (covenant !== undefined && !/^<{7} /m.test(covenant)) {
      const bytes = Buffer.from(covenant);
      if ((await this.branches.sharedFileStatus(COVENANT, bytes)) === 'edited') files.set(COVENANT, bytes);
    }
    return files.size ? files : undefined;
  }

  /**
   * Records my working copy on the local data branch (branch layout only), so no checkout,
   * reset or `git clean` of the code can lose a write. Calls made while one runs share one
   * more run after it.
   */
  record(): Promise<void> {
    if (this.layout !== 'branch' || !this.branches || this.workspace.readOnly) return Promise.resolve();
    return this.recordOnce();
  }

  private readonly recordOnce = oneAtATime(
    async () => {
      const files = await this.myFiles();
      if (files && this.branches && (await this.branches.record(this.workspace.me!, files))) {
        this.unpushed = Math.max(this.unpushed, 1);
        this.changeEmitter.fire();
      }
    },
    (error) => console.warn(`Accord could not record on the data branch: ${gitReason(error)}`),
  );

  /** Whether a path is inside the Accord folder (compared as URI paths: the same on every platform). */
  private inDataFolder(uri: vscode.Uri): boolean {
    return uri.path.startsWith(`${this.dataUri().path}/`);
  }

  /** The files this person may share: their own member file, the covenant and Accord's .gitignore and .gitattributes. */
  private isMine(uri: vscode.Uri): boolean {
    const me = this.workspace.me;
    const mine = [me ? this.dataUri('people', `${me}.json`) : undefined, this.dataUri(COVENANT), this.dataUri('.gitignore'), this.dataUri('.gitattributes')];
    // My closed periods, people/<me>/<year>.json, are mine too.
    const closed = me ? this.dataUri('people', me).path : undefined;
    if (closed && uri.path.startsWith(`${closed}/`) && /^\d{4}\.json$/.test(uri.path.slice(closed.length + 1))) return true;
    return mine.some((candidate) => candidate?.path === uri.path);
  }

  private changes(): vscode.Uri[] {
    const state = this.repository?.state;
    if (!state) return [];
    const all = [...state.workingTreeChanges, ...state.indexChanges, ...(state.untrackedChanges ?? [])].map((c) => c.uri);
    return [...new Map(all.filter((uri) => this.inDataFolder(uri)).map((uri) => [uri.path, uri])).values()];
  }

  /** My Accord files changed in the working tree or index (uncommitted), with the data committed with the code. */
  changedFiles(): vscode.Uri[] {
    if (this.layout === 'branch') return [];
    return this.changes().filter((uri) => this.isMine(uri));
  }

  /** How many of my Accord changes are not shared yet: commits not pushed on the data branch, or my changed files. */
  get unshared(): number {
    return this.layout === 'branch' ? this.unpushed : this.changedFiles().length;
  }

  /** Commits on this branch not pushed yet. */
  get ahead(): number {
    return this.repository?.state.HEAD?.ahead ?? 0;
  }

  async share(): Promise<void> {
    await this.ready;
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showInformationMessage('Accord does not run git in Restricted Mode, so it cannot share. Trust the workspace to share.');
      return;
    }
    if (!this.branches) {
      void vscode.window.showInformationMessage('Accord shares through git, and this folder is not a git repository (or git is missing).');
      return;
    }
    this.layout = await this.branches.layout();
    if (this.layout === 'branch') await this.shareBranch(this.branches);
    else await this.shareWithCode();
  }

  private async shareBranch(branches: TeamBranches): Promise<void> {
    const me = this.workspace.me;
    const files = await this.myFiles();
    if (!me || !files) {
      void vscode.window.showInformationMessage('You have nothing in Accord to share yet: run Accord: Set Up first.');
      return;
    }
    const branch = safeText(branches.branch);
    try {
      await branches.record(me, files);
      const remote = await branches.remote();
      if (!remote) {
        void vscode.window.showInformationMessage(
          `Your Accord updates are committed on the ${branch} branch here. This repository has no remote to share them with: add one (git remote add origin <url>), then share again.`,
        );
        return;
      }
      this.unpushed = await this.countUnpushed();
      const choice = await vscode.window.showInformationMessage(
        `Your Accord updates are committed on the ${branch} branch, apart from your code. Push it to ${safeText(remote)} so your partners see them?`,
        'Push',
        'Not Now',
      );
      if (choice !== 'Push') return;
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Accord: sharing' }, () =>
        branches.share(me, files, remote),
      );
      const conflict = result.conflicts.find((c) => c.path === COVENANT);
      await this.syncCovenant(conflict?.text);
      await this.refresh();
      const merged = result.merged ? " Your partners' updates were merged in first." : '';
      if (result.conflicts.length) {
        void vscode.window.showWarningMessage(
          `The covenant was changed here and by a partner in the same lines. Accord kept theirs on the ${branch} branch and put both, marked, in ${safeText(this.workspace.dataFolder)}/covenant.md: settle it together, save, and share again.`,
        );
      }
      vscode.window.setStatusBarMessage(
        result.pushed
          ? `$(cloud-upload) Accord: shared on ${branch} at ${safeText(remote)}.${merged}`
          : `$(check) Accord: ${safeText(remote)} already had your updates.${merged}`,
        6000,
      );
    } catch (error) {
      const reason = gitReason(error);
      void vscode.window.showWarningMessage(`Accord could not share: ${safeText(reason)}. ${nextStepAfter(reason, 'branch')}`);
    }
  }

  private async shareWithCode(): Promise<void> {
    if (!this.repository) this.attach(await this.openParentRepository());
    const repository = this.repository;
    if (!repository) return this.explainNoRepository();
    await repository.status();
    const files = this.changedFiles();
    const othersInFolder = this.changes().filter((uri) => !this.isMine(uri));
    if (othersInFolder.length) {
      void vscode.window.showWarningMessage(
        `${othersInFolder.map((uri) => safeText(vscode.workspace.asRelativePath(uri, false))).join(', ')} changed here, and ${othersInFolder.length === 1 ? 'it is' : 'they are'} not yours: Accord leaves ${othersInFolder.length === 1 ? 'it' : 'them'} out. A git pull or checkout usually explains it.`,
      );
    }
    const otherStaged = repository.state.indexChanges.filter((c) => !files.some((uri) => uri.path === c.uri.path));
    if (files.length) {
      if (otherStaged.length) {
        void vscode.window.showWarningMessage(
          `Accord commits only ${safeText(this.workspace.dataFolder)}/, and ${otherStaged.length} other file${otherStaged.length === 1 ? ' is' : 's are'} staged. Commit or unstage ${otherStaged.length === 1 ? 'it' : 'them'} first, then share again.`,
        );
        return;
      }
      await repository.add(files.map((uri) => uri.fsPath));
      await repository.commit(this.commitMessage(files));
    }
    const head = repository.state.HEAD;
    if (!files.length && this.ahead === 0 && head?.upstream) {
      void vscode.window.showInformationMessage('Everything in Accord is already shared.');
      return;
    }
    const remote = await this.branches?.remote();
    const publish = !head?.upstream;
    const where = publish && head?.name && remote ? ` and publish ${safeText(head.name)} to ${safeText(remote)}` : '';
    const choice = await vscode.window.showInformationMessage(
      files.length
        ? `Committed ${files.length} Accord file${files.length === 1 ? '' : 's'} on ${safeText(head?.name ?? 'this branch')}. Push now${where} so your partners get them?`
        : `Your Accord commits are not pushed yet. Push now${where}?`,
      'Push',
      'Not Now',
    );
    if (choice !== 'Push') return;
    try {
      if (publish) {
        if (!remote || !head?.name) throw Object.assign(new Error('no remote'), { stderr: 'fatal: No configured push destination.' });
        await repository.push(remote, head.name, true);
      } else await repository.push();
      vscode.window.setStatusBarMessage(
        publish
          ? `$(cloud-upload) Published ${safeText(head!.name!)} to ${safeText(remote!)} with your Accord updates`
          : '$(cloud-upload) Shared with your team',
        5000,
      );
    } catch (error) {
      const reason = gitReason(error);
      void vscode.window.showWarningMessage(`Push did not go through: ${safeText(reason)}. Your commit is safe. ${nextStepAfter(reason, 'with-code')}`);
    }
  }

  /**
   * Accord: Keep Data on Its Own Branch. Moves a repository from the layout before the data
   * branch: every member's data, merged from every copy on every branch, becomes the data
   * branch's first commit, and one commit on the current branch stops tracking the data folder
   * (the files stay as the working copy). Then offers to push both.
   */
  async moveToDataBranch(): Promise<void> {
    await this.ready;
    if (this.workspace.explainReadOnly()) return;
    const branches = this.branches;
    const me = this.workspace.me;
    if (!branches || !me) {
      void vscode.window.showInformationMessage(!branches ? 'Accord keeps data on a branch only in a git repository.' : 'Run Accord: Set Up first.');
      return;
    }
    await this.refresh();
    if ((await branches.layout()) === 'branch') {
      void vscode.window.showInformationMessage(`The team's Accord data is already on the ${safeText(branches.branch)} branch.`);
      return;
    }
    const choice = await vscode.window.showInformationMessage(
      `Keep the team's Accord data on its own branch, ${safeText(branches.branch)}?`,
      {
        modal: true,
        detail: `Check-ins then never block a checkout, never conflict in a merge of code, and partners see them after a fetch. Accord makes one commit here that stops tracking ${safeText(this.workspace.dataFolder)}/ (the files stay), and your partners' Accord follows on their next fetch.`,
      },
      'Move',
    );
    if (choice !== 'Move') return;
    const store = this.workspace.store;
    const members = new Map<string, MemberFileData>();
    // Everyone's closed history goes too, file by file: the data folder leaves the code branch.
    const closed = new Map<string, MemberFileData>();
    let history: vscode.Disposable | undefined;
    try {
      history = await this.workspace.useArchives();
      for (const member of store.members) {
        members.set(member, { schema: 1, member, clock: 0, entities: store.recordsOf(member) });
        for (const [period, entities] of store.closedRecordsOf(member))
          closed.set(`people/${member}/${period}.json`, { schema: 1, member, clock: 0, entities });
      }
    } catch (error) {
      history?.dispose();
      void vscode.window.showWarningMessage(
        `Accord did not move the data: the team's history could not be read (${safeText((error as Error).message)}). Nothing was changed.`,
      );
      return;
    }
    const covenant = await this.workingCovenant();
    try {
      await branches.moveOut(me, members, covenant === undefined ? undefined : Buffer.from(covenant), closed);
      await branches.excludeLocally();
      this.excluded = true;
      await this.repository?.status();
      await this.refresh();
    } catch (error) {
      const reason = gitReason(error);
      void vscode.window.showWarningMessage(
        `Accord did not move the data: ${safeText(reason)}. Nothing was changed on your branch; fix what git says and try again.`,
      );
      return;
    } finally {
      history.dispose();
    }
    const push = await vscode.window.showInformationMessage(
      `The team's data is on the ${safeText(branches.branch)} branch now, and your branch has one commit that stops tracking it. Push both so your partners follow?`,
      'Push',
      'Not Now',
    );
    if (push === 'Push') await this.shareMoved(branches);
  }

  private async shareMoved(branches: TeamBranches): Promise<void> {
    const me = this.workspace.me!;
    try {
      const files = (await this.myFiles()) ?? new Map();
      await branches.share(me, files);
      const head = this.repository?.state.HEAD;
      if (this.repository && head?.name) {
        const remote = await branches.remote();
        if (head.upstream) await this.repository.push();
        else if (remote) await this.repository.push(remote, head.name, true);
      }
      await this.refresh();
      vscode.window.setStatusBarMessage(`$(cloud-upload) Accord: the data branch and your branch are pushed`, 5000);
    } catch (error) {
      const reason = gitReason(error);
      void vscode.window.showWarningMessage(`Push did not go through: ${safeText(reason)}. ${nextStepAfter(reason, 'branch')}`);
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
