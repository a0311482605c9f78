/**
 * The VS Code side of the store for one workspace folder: who "me" is, loading the data off
 * the activation path, following changes on disk, Restricted Mode, telling the person clearly
 * when a file cannot be read or written, keeping the edits the disk refused so they can be
 * saved later, and showing when a write waits for another window.
 */
import * as vscode from 'vscode';
import { join } from 'node:path';
import { closedPeriods, ENTITY_KINDS, indexInSteps, memberEntityId, planReturn, safeText, type TeamState } from '../core';
import { AccordFileError, AccordStore, AccordWriteError, DEFAULT_DATA_BRANCH, type Edit, gitText, ReadOnlyError, safeDataFolder, WorkerParser } from '../store';
import { resolveIdentity } from '../identity/identity';
import { Disposable } from '../util/dispose';
import { DataFolderWatcher } from './dataFolderWatcher';
import { TurnTakingEmitter } from '../util/turnTakingEmitter';
import { inTurns } from '../util/inTurns';
import { ContextKeys, setContextKey } from '../util/contextKeys';

/** How many closed records my live file holds before Accord moves them to closed periods unasked. */
export const AUTO_ARCHIVE_RECORDS = 500;
/** How long after the window opened Accord looks whether to move closed history (milliseconds). */
const AUTO_ARCHIVE_DELAY_MS = 30_000;

/** How long after the first load what waits for the first draw (afterFirstDraw) waits for VS Code to ask for that view's rows, in ms. */
const FIRST_DRAW_WAIT_MS = 500;

export class AccordWorkspace extends Disposable {
  readonly store: AccordStore;
  // Each view's listener in a turn of its own, so a change of a large team never holds the host for all of them at once.
  private readonly changeEmitter = this._register(new TurnTakingEmitter());
  /** Fires when the team's data or "me" changed. */
  readonly onDidChange = this.changeEmitter.event;
  private loaded = false;
  private identityEmail: string | undefined;
  private readonly reported = new Set<string>();
  /** The data folder's one watcher: member files, the covenant, the folder appearing. */
  readonly watcher: DataFolderWatcher;
  /** Edits the disk refused, oldest first, kept in memory until saved or discarded. */
  private readonly unsaved: UnsavedChange[] = [];
  private retrying: Promise<boolean> | undefined;
  /** Whether the "save the earlier changes now?" offer is on screen (or in the notification centre). */
  private offering = false;
  private watcherMissed = false;
  /** How many reads from disk are under way (see `state`). */
  private reading = 0;
  /** My writes begun so far, and those not yet ended: a state merged before or during one of them is never shown as current. */
  private writesBegun = 0;
  private writesUnderWay = 0;
  /** `writesBegun` when `lastSettled` was merged with no write of mine under way, else -1. */
  private lastSettledAtWrite = -1;
  /** The state last merged in steps (see `state`). */
  private lastSettled: TeamState | undefined;
  /** The settle in progress before the views are told of a change (settleThenFire). */
  private settling: Promise<void> | undefined;
  readonly ready: Promise<void>;
  /** Whether the team's files have been read and merged once (see firstShown). */
  private shownOnce = false;
  /** Whether every view has been told of the first load (isReady). */
  private toldAll = false;
  private showFirst!: () => void;
  /**
   * Resolves once the team's files have been read and merged the first time, as the views are
   * about to be told (onDidChange; `ready` resolves once they all have); a view asked for its
   * rows before then answers from this moment on (see afterFirstLoad), and VS Code shows its
   * progress bar meanwhile. Never rejects; resolves on dispose too.
   */
  readonly firstShown = new Promise<void>((resolve) => (this.showFirst = resolve));
  /** The first view's first draw, once VS Code asks for it (drawingFirst). */
  private firstDraw: Promise<unknown> | undefined;
  private firstDrawStarted!: () => void;
  private readonly firstDrawAsked = new Promise<void>((resolve) => (this.firstDrawStarted = resolve));
  /** Resolves when every view has been told of the first load (the end of initialize), or on dispose. */
  private endFirstRound!: () => void;
  private readonly firstRoundEnded = new Promise<void>((resolve) => (this.endFirstRound = resolve));
  /**
   * Resolves once every view has been told of the first load and the view drawn first has been
   * drawn (drawingFirst), or FIRST_DRAW_WAIT_MS after that with no such view asked for (it is
   * hidden): what can wait starts then (git's work, my closed periods). Never rejects; resolves
   * on dispose.
   */
  readonly afterFirstDraw: Promise<void> = this.firstRoundEnded.then(async () => {
    // VS Code may open the view a moment after the team loaded (the side bar drawn late).
    let waited: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.firstDrawAsked, new Promise<void>((resolve) => (waited = setTimeout(resolve, FIRST_DRAW_WAIT_MS)))]);
    clearTimeout(waited);
    await this.firstDraw;
  });
  private readonly historyEmitter = this._register(new vscode.EventEmitter<void>());
  /** Fires when historyState was merged anew while someone uses it (useArchives). */
  readonly onDidChangeHistory = this.historyEmitter.event;
  /** How many hold the closed history (useArchives), the whole record last merged, and the merge under way. */
  private historyUsers = 0;
  private lastHistory: TeamState | undefined;
  private historyRun: Promise<void> | undefined;
  private readonly parser = new WorkerParser(join(__dirname, 'parseWorker.js'));

  constructor(readonly folder: vscode.WorkspaceFolder) {
    super();
    this._register({ dispose: () => this.parser.dispose() });
    // A view still waiting when another team is served (this one disposed) is answered, with no rows.
    this._register({ dispose: () => (this.showFirst(), this.endFirstRound(), this.firstDrawStarted()) });
    const config = vscode.workspace.getConfiguration('accord', folder);
    this.store = new AccordStore({
      root: folder.uri.fsPath,
      dataFolder: safeDataFolder(config.get<string>('dataFolder')),
      readOnly: !vscode.workspace.isTrusted,
      // Parsed in a worker thread beside this bundle (dist/parseWorker.js), so a large team never blocks the extension host.
      parser: this.parser.parse,
    });
    this._register({
      // Not during the first load: its end settles and tells the views once (initialize), where a
      // change heard meanwhile told them of a team not loaded yet, and then again.
      dispose: this.store.onDidChange(() => this.loaded && void this.settleThenFire()).dispose,
    });
    this._register({ dispose: this.store.onDidChangeHistory(() => this.historyUsers > 0 && void this.settleHistory()).dispose });
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
    // One watcher for the data folder, never a recursive one on the workspace (dataFolderWatcher.ts).
    this.watcher = this._register(new DataFolderWatcher(folder.uri, this.store.dataFolder));
    this._register(this.watcher.onDidChangeMembers((members) => void this.reloadMembers(members)));
    this._register(
      this.watcher.onDidChangeLayout(() => {
        // Events inside a folder created after the watch started can be lost: look often from now on.
        if (this.store.members.length === 0) this.watcherMissed = true;
        void this.reload();
      }),
    );
    // Where the watcher reports nothing (files.watcherExclude, a lost event): a cheap look at
    // sizes and times when the window gains focus and every 30 s.
    this._register(vscode.window.onDidChangeWindowState((state) => state.focused && void this.checkForChanges()));
    // Every 30 s; every few seconds while there is no team yet (a first pull should not wait
    // long) or once the watcher has missed a change.
    let lastLook = Date.now();
    const timer = setInterval(() => {
      // Often while there is no team yet, or once the watcher has been seen to miss changes.
      if (this.store.members.length > 0 && !this.watcherMissed && Date.now() - lastLook < FALLBACK_INTERVAL_MS) return;
      lastLook = Date.now();
      void this.checkForChanges();
    }, ARRIVAL_INTERVAL_MS);
    this._register({ dispose: () => clearInterval(timer) });
    // A crashed window leaves its lock behind for up to 10 s: say why the write waits.
    this.store.onLockWait(() => vscode.window.setStatusBarMessage(LOCK_WAIT_MESSAGE));
    this._register({ dispose: () => this.store.onLockWait(undefined) });
    this.ready = this.initialize();
  }

  /**
   * Tells the views of a change once the state is merged in steps that give the extension host
   * back between them (AccordStore.settledState): a burst of changes is told once, with the
   * state of the files as they are by then.
   */
  private settleThenFire(): Promise<void> {
    this.settling ??= (async () => {
      try {
        for (;;) {
          // A change between the merge's end and this turn starts it again.
          do this.keepSettled(await this.store.settledState());
          while (!this.store.settled);
          // What every view reads on its first pass, in steps too, before the views are told.
          await inTurns(indexInSteps(this.store.state));
          if (this.store.settled) break;
        }
        this.settling = undefined;
        void setContextKey(ContextKeys.isSetUp, this.isSetUp);
        if (this.loaded) this.markShown();
        await this.changeEmitter.fire();
      } catch (error) {
        this.settling = undefined;
        if (this.loaded) this.markShown();
        console.warn(`Accord could not merge the team's files: ${String(error)}`);
      }
    })();
    return this.settling;
  }

  get me(): string | undefined {
    return this.store.me;
  }

  /** The email "me" was found by (git's `user.email`, or an email in `accord.me`): whose commits are mine. */
  get myEmail(): string | undefined {
    return this.identityEmail;
  }

  /** The data branch's name: the `accord.dataBranch` setting when it is a name git accepts, else `accord`. */
  get dataBranch(): string {
    const name = vscode.workspace.getConfiguration('accord', this.folder).get<string>('dataBranch') ?? '';
    return validBranchName(name) ? name : DEFAULT_DATA_BRANCH;
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  /** Whether firstShown has resolved: the views draw the team as merged, not an empty one. */
  get isShown(): boolean {
    return this.shownOnce;
  }

  /** Whether every view has been told of the first load: `ready` resolves now. */
  get isReady(): boolean {
    return this.toldAll;
  }

  /**
   * Makes the views told of a change after the one telling them now wait for `until` (a
   * rejection counts as settled), and `ready` with them: for the view drawn first, whose first
   * rows the person waits for (afterFirstLoad), to have the extension host to itself meanwhile.
   */
  holdViewsUntil(until: Promise<unknown>): void {
    this.changeEmitter.holdUntil(until);
  }

  /**
   * Says that VS Code is drawing the view drawn first for the first time, until `drawn` settles
   * (afterFirstLoad): what waits for afterFirstDraw waits for it too.
   */
  drawingFirst(drawn: Promise<unknown>): void {
    if (this.firstDraw) return;
    this.firstDraw = drawn.catch(() => undefined);
    this.firstDrawStarted();
  }

  private markShown(): void {
    this.shownOnce = true;
    this.showFirst();
  }

  /**
   * The merged team state. While files read from disk are being merged in steps (a load, a
   * reload after a pull), it is the state last merged, so a view drawn meanwhile never merges
   * the whole team in one block; the views are told when the new one is ready (onDidChange).
   * After my own write it is always the new state.
   */
  get state(): TeamState {
    if (this.reading > 0 && !this.store.settled && this.lastSettled && this.lastSettledAtWrite === this.writesBegun && this.writesUnderWay === 0)
      return this.lastSettled;
    return this.store.state;
  }

  // The store's face for the features: they read and write the team's files through these,
  // never through `store` itself.

  /** The data folder, relative to the workspace folder (`.accord`, or `accord.dataFolder`). */
  get dataFolder(): string {
    return this.store.dataFolder;
  }

  /** The folder of member files: `<folder>/<dataFolder>/people`. */
  get peopleDir(): string {
    return this.store.peopleDir;
  }

  /** Restricted Mode: Accord reads and never writes. */
  get readOnly(): boolean {
    return this.store.readOnly;
  }

  /** Every member with a file here or a copy on a branch, sorted. */
  get members(): readonly string[] {
    return this.store.members;
  }

  /** Whether `member` has closed periods, as of the last load (AccordStore.hasClosedHistory). */
  hasClosedHistory(member: string): boolean {
    return this.store.hasClosedHistory(member);
  }

  /** Every file (or copy) that could not be read, with the place and the fix. */
  get fileErrors(): readonly AccordFileError[] {
    return this.store.errors;
  }

  /** The absolute path of `member`'s file. */
  fileOf(member: string): string {
    return this.store.fileOf(member);
  }

  /** `path` as people read it: relative to the workspace folder, with `/`. */
  displayPath(path: string): string {
    return this.store.displayPath(path);
  }

  /** A file of the data folder beside the people (the covenant), as text; see AccordStore.readDataFile. */
  readDataFile(name: string, maxBytes: number): Promise<string | undefined> {
    return this.store.readDataFile(name, maxBytes);
  }

  /** Creates a data-folder file only when none exists; false when one does. See AccordStore.createDataFile. */
  createDataFile(name: string, text: string): Promise<boolean> {
    return this.store.createDataFile(name, text);
  }

  /** Replaces a data-folder file only while it still holds `expected`. See AccordStore.replaceDataFile. */
  replaceDataFile(name: string, expected: string | undefined, text: string): Promise<boolean> {
    return this.store.replaceDataFile(name, expected, text);
  }

  /** Calls `listener` after each write of my file. */
  onDidWrite(listener: () => void): { dispose(): void } {
    return this.store.onDidWrite(listener);
  }

  /** Makes `member` "me" from now on (Set Up's answer), and reloads the team for them. */
  async becomeMember(member: string): Promise<void> {
    if (this.store.me === member) return;
    this.store.me = member;
    await this.reload();
  }

  /** Whether "me" has a member profile (Set Up has run). */
  get isSetUp(): boolean {
    return !!this.me && this.state.entities.member.has(memberEntityId(this.me));
  }

  private async initialize(): Promise<void> {
    try {
      // The team's folder is listed while "me" is worked out (reading my file takes a while), and
      // my closed periods are read once the views have drawn the team (AccordStore.loadAll).
      const me = this.resolveMe();
      me.catch(() => undefined); // its failure is the load's, below
      // A team no longer served (disposed meanwhile) never reads them.
      const drawnAndServed = this.afterFirstDraw.then(() => (this.isDisposed ? new Promise<never>(() => undefined) : undefined));
      await this.readingFromDisk(() => this.store.loadAll(me, drawnAndServed));
    } catch (error) {
      void vscode.window.showErrorMessage(`Accord could not read the team folder: ${safeText((error as Error).message)}`);
    } finally {
      this.loaded = true;
      await this.settleThenFire();
      this.toldAll = true;
      this.endFirstRound();
    }
    this.archiveWhenDue();
  }

  /**
   * Moves closed history out of my live file unasked once it holds AUTO_ARCHIVE_RECORDS or
   * more closed records (a file from before the split, or a year of use), a while after the
   * window opened so start-up is not slowed. Small files are left as they are: they cost
   * nothing to read. Only in a trusted workspace, for a member who has set up.
   */
  private archiveWhenDue(): void {
    const timer = setTimeout(() => {
      if (this.isDisposed || this.readOnly || !this.isSetUp || this.closedInMyFile() < AUTO_ARCHIVE_RECORDS) return;
      this.archiveClosed().catch((error: unknown) => console.warn(`Accord could not move closed history out of your file: ${String(error)}`));
    }, AUTO_ARCHIVE_DELAY_MS);
    this._register({ dispose: () => clearTimeout(timer) });
  }

  /**
   * The team's whole record, closed history included (AccordStore.historyState), as last merged
   * in steps while someone uses it (useArchives): what the dashboard and the Timeline's Everything read. `state`
   * (what the views read) stays the live files' throughout. Without users, or without any
   * closed period, it is `state` (so it shows my own write at once); while a change is merged
   * in steps, the whole record last merged.
   */
  get historyState(): TeamState {
    if (this.historyUsers === 0 || !this.store.holdsHistory) return this.state;
    if (this.store.historySettled) return this.store.historyState;
    return this.lastHistory ?? this.state;
  }

  /**
   * Reads the team's closed history (`people/<id>/<year>.json`) until the result is disposed
   * (AccordStore.useArchives), for what reads history: the dashboard, the Timeline's Everything, Show Data
   * Problems. Resolves once historyState holds it, merged in steps; onDidChangeHistory tells of
   * each later merge (a pull, a write). Then mends my own files if a later write reopened
   * something of mine that was moved (see mendHistory).
   */
  async useArchives(): Promise<vscode.Disposable> {
    await this.ready;
    this.historyUsers++;
    let held: { dispose(): void };
    try {
      held = await this.store.useArchives();
      await this.settleHistory();
    } catch (error) {
      if (--this.historyUsers === 0) this.lastHistory = undefined;
      throw error;
    }
    void this.mendHistory();
    let released = false;
    return new vscode.Disposable(() => {
      if (released) return;
      released = true;
      if (--this.historyUsers === 0) this.lastHistory = undefined;
      held.dispose();
    });
  }

  /** Merges the whole record in steps and tells its readers; one run at a time, run again while it changes. */
  private settleHistory(): Promise<void> {
    this.historyRun ??= (async () => {
      try {
        const state = await this.store.settledHistoryState();
        if (this.historyUsers === 0 || this.isDisposed) return;
        const before = this.historyState;
        this.lastHistory = state;
        if (state !== before) this.historyEmitter.fire();
      } catch (error) {
        console.warn(`Accord could not merge the team's history: ${String(error)}`);
      } finally {
        this.historyRun = undefined;
      }
      if (this.historyUsers > 0 && !this.isDisposed && !this.store.historySettled) await this.settleHistory();
    })();
    return this.historyRun;
  }

  /**
   * Brings back to my live file, unasked, records of my closed periods whose entry is open
   * again (a later write reopened it, crossing the move in git), once the history is read:
   * the views would not show it otherwise. Trusted workspaces only, for a member who set up.
   */
  private async mendHistory(now = new Date()): Promise<void> {
    const me = this.me;
    if (!me || this.readOnly || !this.isSetUp || this.historyUsers === 0) return;
    const state = this.historyState;
    const today = now.toISOString().slice(0, 10);
    const shown = (id: string) => ENTITY_KINDS.some((kind) => state.entities[kind].has(id));
    if (planReturn(me, this.store.closedRecordsOf(me), closedPeriods(state, today), shown).returned === 0) return;
    await this.archiveClosed(now).catch((error: unknown) => console.warn(`Accord could not bring reopened entries back to your file: ${String(error)}`));
  }

  /**
   * Moves my records of what closed before the live window into my closed periods, and brings
   * back what was reopened (AccordStore.archiveClosed, for today's UTC day). Resolves to what
   * moved; throws like the store (ReadOnlyError, AccordFileError, AccordWriteError).
   */
  async archiveClosed(now = new Date()): Promise<{ moved: number; returned: number; periods: string[] }> {
    let result = { moved: 0, returned: 0, periods: [] as string[] };
    await this.readingFromDisk(async () => (result = await this.store.archiveClosed(now.toISOString().slice(0, 10))));
    return result;
  }

  /**
   * How many records of my live file could move to closed periods today, counted on the live
   * state (no closed period is read): what decides whether to move them unasked.
   */
  closedInMyFile(now = new Date()): number {
    return this.store.movableInLiveFile(now.toISOString().slice(0, 10));
  }

  async resolveMe(): Promise<void> {
    const identity = await resolveIdentity(this.folder.uri.fsPath, this.store.peopleDir);
    if (this.isDisposed) return; // another team is shown now: its keys are its own
    this.store.me = identity?.member;
    this.identityEmail = identity?.email;
    // Not awaited: the workbench answers once it has drawn what it is drawing (the views opening
    // at start-up), and the team's files need not wait for that. Context keys keep their order.
    void setContextKey(ContextKeys.hasIdentity, !!identity);
  }

  async reload(): Promise<void> {
    await this.readingFromDisk(() => this.store.loadAll());
  }

  /** Runs `read` (a load or reload of files from disk), then merges in steps before reporting, with `state` the last merged meanwhile. */
  private async readingFromDisk(read: () => Promise<unknown>): Promise<void> {
    // What views get meanwhile: before the first load that is the empty team, merged at once for nothing.
    if (!this.lastSettled) this.keepSettled(this.store.state);
    this.reading++;
    try {
      await read();
      // What is reported reads the merged state: merged in steps first, never in one block here.
      this.keepSettled(await this.store.settledState());
    } finally {
      this.reading--;
    }
    this.reportErrors();
  }

  /** Keeps `state` as the state last merged, and whether any write of mine could be missing from it. */
  private keepSettled(state: TeamState): void {
    this.lastSettled = state;
    this.lastSettledAtWrite = this.writesUnderWay === 0 ? this.writesBegun : -1;
  }

  /** Runs one write of my own file, counted, so `state` never shows a state merged without it. */
  private async ownWrite<T>(write: () => Promise<T>): Promise<T> {
    this.writesBegun++;
    this.writesUnderWay++;
    try {
      return await write();
    } finally {
      this.writesUnderWay--;
    }
  }

  /**
   * Reloads when a member file changed on disk without the file watcher saying so (see
   * AccordStore.changedOnDisk), and from then on says, in Show Data Problems, that live
   * updates come from this fallback. Resolves to whether it reloaded.
   */
  async checkForChanges(): Promise<boolean> {
    if (!this.loaded || this.watcher.pending || !(await this.store.changedOnDisk())) return false;
    // A watcher event may be on its way (the watcher waits for a burst to settle): look again.
    await new Promise((resolve) => setTimeout(resolve, 250));
    if (this.watcher.pending || !(await this.store.changedOnDisk())) return false;
    this.watcherMissed = true;
    await this.reload();
    return true;
  }

  /** Whether a change reached Accord only through the fallback (the file watcher missed it). */
  get liveUpdatesFromFallback(): boolean {
    return this.watcherMissed;
  }

  /** Reads again the files of `members`, which the watcher says changed, then says what could not be read. */
  private async reloadMembers(members: ReadonlySet<string>): Promise<void> {
    await this.readingFromDisk(() => Promise.all([...members].map((member) => this.store.reloadMember(member))));
  }

  /**
   * Writes an edit to this person's own file and returns what `apply` returned. Returns
   * undefined, after telling the person why, when nothing was written: Restricted Mode, a file
   * that cannot be read, or a write the disk refused. In the last two cases the edit is kept
   * (see `unsavedChanges`) and the message offers Try Again, which runs `apply` again; a later
   * write that succeeds offers the kept edits again rather than saving them unasked.
   */
  async write<T>(apply: (edit: Edit) => T): Promise<T | undefined> {
    let result: T;
    try {
      result = await this.ownWrite(() => this.store.update(apply));
    } catch (error) {
      if (error instanceof ReadOnlyError) {
        this.explainReadOnly();
      } else if (error instanceof AccordWriteError || error instanceof AccordFileError) {
        this.unsaved.push({ apply, problem: error, me: this.me });
        this.setProblemsContext();
        this.tellUnsaved(error);
      } else {
        void vscode.window.showErrorMessage(`Accord could not save: ${safeText((error as Error).message)}`);
      }
      return undefined;
    }
    if (this.unsaved.length > 0 && !this.retrying) this.offerUnsaved();
    return result;
  }

  /** The edits the disk refused, oldest first, each with the latest problem that stopped it. */
  get unsavedChanges(): readonly UnsavedChange[] {
    return this.unsaved;
  }

  /**
   * Saves the kept edits again, oldest first so later edits still land last, each by running
   * its `apply` again. An edit leaves the list only once it is written, so none is written
   * twice, and calls made while one is running share it. Stops at the first edit that still
   * cannot be saved, says why and keeps it and the rest. Resolves true when none is left.
   */
  saveUnsaved(): Promise<boolean> {
    this.retrying ??= this.saveInOrder().finally(() => (this.retrying = undefined));
    return this.retrying;
  }

  /** Drops the kept edits without writing them (the person chose to); returns how many. */
  discardUnsaved(): number {
    const count = this.unsaved.length;
    this.unsaved.length = 0;
    this.setProblemsContext();
    return count;
  }

  private async saveInOrder(): Promise<boolean> {
    let saved = 0;
    while (this.unsaved.length > 0) {
      const change = this.unsaved[0]!;
      if (change.me !== this.me) {
        // Made as someone else (accord.me changed since): saving it now would write it in another person's file.
        void vscode.window.showWarningMessage(
          safeText(
            `An earlier change was made as ${change.me ?? 'no one'}, and Accord now saves as ${this.me ?? 'no one'}, so it is not saved. It is kept: set accord.me back to save it, or discard it with Accord: Show Data Problems.`,
          ),
        );
        this.setProblemsContext();
        return false;
      }
      try {
        await this.ownWrite(() => this.store.update(change.apply));
      } catch (error) {
        if (error instanceof ReadOnlyError) this.explainReadOnly();
        else if (error instanceof AccordWriteError || error instanceof AccordFileError) {
          change.problem = error;
          this.tellUnsaved(error);
        } else
          void vscode.window.showErrorMessage(
            `Accord could not save an earlier change: ${safeText((error as Error).message)} It is kept: discard it with Accord: Show Data Problems.`,
          );
        this.setProblemsContext();
        return false;
      }
      // Discarded meanwhile or not, it is written now and must not be offered again.
      const at = this.unsaved.indexOf(change);
      if (at >= 0) this.unsaved.splice(at, 1);
      saved++;
    }
    this.setProblemsContext();
    if (saved > 0) vscode.window.setStatusBarMessage(`$(pass) Saved ${changes(saved)} that could not be saved before`, 5000);
    return true;
  }

  /** Says why an edit was not saved, that it is kept, and offers Try Again. */
  private tellUnsaved(problem: AccordWriteError | AccordFileError): void {
    const kept = this.unsaved.length === 1 ? 'Your change is kept' : `Your ${this.unsaved.length} changes are kept`;
    if (problem instanceof AccordWriteError) {
      const text = `Accord could not save to ${problem.file}: ${problem.reason} ${problem.fix} ${kept} until then.`;
      void vscode.window.showErrorMessage(safeText(text), TRY_AGAIN).then((choice) => {
        if (choice === TRY_AGAIN) void this.saveUnsaved();
      });
      return;
    }
    // My own file cannot be read: it is never overwritten, so the edit waits for the fix.
    this.reported.add(problem.message);
    const text = `Accord kept the last good data: ${problem.message} ${kept}: fix the file, then Try Again.`;
    void vscode.window.showWarningMessage(safeText(text), 'Open File', TRY_AGAIN).then((choice) => {
      if (choice === 'Open File') void this.openAt(problem);
      else if (choice === TRY_AGAIN) void this.saveUnsaved();
    });
  }

  /** After a write succeeded, offers the edits kept from before, once at a time; never saves them unasked. */
  private offerUnsaved(): void {
    if (this.offering) return;
    this.offering = true;
    const count = this.unsaved.length;
    const text = `Accord can save again. ${count === 1 ? 'An earlier change was' : `${count} earlier changes were`} not saved yet: save ${count === 1 ? 'it' : 'them'} now?`;
    void vscode.window.showInformationMessage(text, TRY_AGAIN).then((choice) => {
      this.offering = false;
      if (choice === TRY_AGAIN) void this.saveUnsaved();
    });
  }

  /** Shows the Show Data Problems button while a file cannot be read or an edit is not saved. */
  private setProblemsContext(): void {
    void setContextKey(ContextKeys.hasDataProblems, this.store.errors.length > 0 || this.unsaved.length > 0 || this.state.refused.length > 0);
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
    if (this.isDisposed) return; // a load that finished after another team was shown reports nothing
    this.setProblemsContext();
    for (const error of this.store.errors) {
      if (!force && this.reported.has(error.message)) continue;
      this.reported.add(error.message);
      const actions = isCopyOnBranch(error) ? [] : ['Open File'];
      void vscode.window.showWarningMessage(`Accord kept the last good data: ${safeText(error.message)}`, ...actions).then((choice) => {
        if (choice) void this.openAt(error);
      });
    }
  }

  /** Opens the file of a problem at its line; a copy on a branch opens read-only, as git holds it. */
  async openAt(error: AccordFileError): Promise<void> {
    if (isCopyOnBranch(error)) {
      const at = error.file.indexOf(':');
      const [ref, path] = [error.file.slice(0, at), error.file.slice(at + 1)];
      const document = await vscode.workspace.openTextDocument({ content: await showAtRef(this.folder.uri.fsPath, ref, path), language: 'json' });
      await vscode.window.showTextDocument(document, { preview: true });
      return;
    }
    const uri = vscode.Uri.joinPath(this.folder.uri, error.file);
    const line = Math.max(0, (error.line ?? 1) - 1);
    const position = new vscode.Position(line, Math.max(0, (error.column ?? 1) - 1));
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position) });
  }
}

/**
 * Whether a branch name from a setting is one git accepts (the common subset of
 * git-check-ref-format's rules: no `..`, `@{`, leading `-` or `.`, `.lock` part, or trailing
 * `/` or `.`): settings are text from the workspace, and the name goes into git's arguments.
 */
function validBranchName(name: string): boolean {
  return /^[A-Za-z0-9._/-]{1,100}$/.test(name) && !/\.\.|\/\/|^[-/]|[/.]$|\.lock(\/|$)/.test(name) && !name.split('/').some((part) => part.startsWith('.'));
}

/** A problem with a copy of a file on a branch (`origin/accord:people/sam.json`), not a file in the working tree. */
function isCopyOnBranch(error: AccordFileError): boolean {
  return error.file.includes(':');
}

/** The text of `path` as `ref` holds it, or why it cannot be shown. */
async function showAtRef(cwd: string, ref: string, path: string): Promise<string> {
  try {
    return (await gitText({ cwd }, ['show', `${ref}:${path}`, '--'])).slice(0, 2 * 1024 * 1024);
  } catch (error) {
    return `Accord could not show ${ref}:${path}: ${(error as Error).message}`;
  }
}

/** An edit the disk refused (or that waits for my own file to be fixed), kept so it can be saved later. */
export interface UnsavedChange {
  /** The edit as the command made it; run again to save it. */
  readonly apply: (edit: Edit) => unknown;
  /** Why it was not saved the last time it was tried: the file, the reason and the fix. */
  problem: AccordWriteError | AccordFileError;
  /** Who made it: it is saved only into that member's file. */
  readonly me: string | undefined;
}

const TRY_AGAIN = 'Try Again';

/** How often the data folder is looked at for changes the file watcher did not report (milliseconds). */
export const FALLBACK_INTERVAL_MS = 30_000;
/** How often the data folder is looked at while there is no team yet, or once the watcher missed a change (milliseconds). */
export const ARRIVAL_INTERVAL_MS = 5_000;

/** Shown in the status bar while a write waits for the lock of another Accord window (issue 9 §2). */
export const LOCK_WAIT_MESSAGE = '$(sync~spin) Waiting for another Accord window…';

/** "1 change", "3 changes". */
export function changes(count: number): string {
  return count === 1 ? '1 change' : `${count} changes`;
}
