/**
 * One watcher for a team's data folder (issue 20 §3): what changed under `.accord/`, debounced,
 * for the workspace (member files) and the covenant. Never a recursive watcher on the workspace.
 */
import * as vscode from 'vscode';
import { posix } from 'node:path';
import { COVENANT_FILE } from '../core/covenant';
import { Disposable } from '../util/dispose';

/** How long the watcher waits for a burst of events (a git checkout, an atomic rename) to settle, in ms. */
export const SETTLE_MS = 75;
/** The longest a steady stream of events can hold back a report, in ms. */
export const MAX_HOLD_MS = 500;

/**
 * The non-recursive pattern for the data folder itself (`.accord`, or `team/notes` in `team/`),
 * rooted at its parent: it reports the folder appearing and going, and nothing deeper.
 */
export function dataFolderItself(folder: vscode.Uri, dataFolder: string): vscode.RelativePattern {
  const parent = posix.dirname(dataFolder);
  return new vscode.RelativePattern(parent === '.' ? folder : vscode.Uri.joinPath(folder, parent), posix.basename(dataFolder));
}

/**
 * The one place Accord makes a file watcher (eslint.config.mjs ONE_WATCHER): `pattern` must be
 * non-recursive, one level under its base; a recursive one throws, as a programming error.
 */
function watch(pattern: vscode.RelativePattern, ignoreCreate = false, ignoreChange = false, ignoreDelete = false): vscode.FileSystemWatcher {
  if (pattern.pattern.includes('/') || pattern.pattern.includes('**')) throw new Error(`Accord watches one level at a time, not "${pattern.pattern}".`);
  // eslint-disable-next-line no-restricted-syntax -- the one place watchers are made (see above).
  return vscode.workspace.createFileSystemWatcher(pattern, ignoreCreate, ignoreChange, ignoreDelete);
}

/** Watches `<folder>/<dataFolder>` appear and go (see {@link dataFolderItself}): for a folder that has no team yet. */
export function watchDataFolderItself(folder: vscode.Uri, dataFolder: string): vscode.FileSystemWatcher {
  return watch(dataFolderItself(folder, dataFolder), false, true, false);
}

/**
 * Follows `<folder>/<dataFolder>`: the member files in `people/`, `covenant.md`, and the data
 * folder and its `people/` folder appearing or going (a first pull, a branch switch).
 *
 * VS Code serves a recursive pattern inside the workspace from the workspace's own recursive
 * watcher (the createFileSystemWatcher docs), and a pattern rooted at the workspace folder, like
 * `.accord/people/*.json`, is such a pattern. So every pattern here is non-recursive (one level,
 * no `/` and no `**`) and rooted at the folder it watches: `people/*.json`, the data folder's
 * `people` and `covenant.md`, and the data folder in its parent. Each costs one OS watch, and how
 * many files the workspace holds changes nothing here. A watch on a folder that is not there
 * yet starts again once the level above reports it created. Where VS Code reports nothing (a
 * files.watcherExclude that covers the data folder silences these watches too), Accord's own
 * look on focus and on a timer (AccordWorkspace.checkForChanges) brings the change.
 *
 * Events are debounced: member ids are collected until {@link SETTLE_MS} pass without another
 * event (at most {@link MAX_HOLD_MS} after the first), then reported once as a set.
 */
export class DataFolderWatcher extends Disposable {
  private readonly membersEmitter = this._register(new vscode.EventEmitter<ReadonlySet<string>>());
  /** Member ids (file names without `.json`) whose file was created or changed, once a burst settled. */
  readonly onDidChangeMembers = this.membersEmitter.event;
  private readonly layoutEmitter = this._register(new vscode.EventEmitter<void>());
  /** A member file was deleted, or the data folder or its `people/` folder appeared or went: read everything again. */
  readonly onDidChangeLayout = this.layoutEmitter.event;
  private readonly covenantEmitter = this._register(new vscode.EventEmitter<void>());
  /** `covenant.md` was created, changed or deleted, once a burst settled. */
  readonly onDidChangeCovenant = this.covenantEmitter.event;

  private readonly changedMembers = new Set<string>();
  private covenantChanged = false;
  private layoutChanged = false;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private holdTimer: ReturnType<typeof setTimeout> | undefined;

  /** The glob patterns watched, for tests and Show Data Problems. */
  readonly patterns: readonly vscode.RelativePattern[];

  private peopleWatch: vscode.Disposable | undefined;
  private topWatch: vscode.Disposable | undefined;

  constructor(folder: vscode.Uri, dataFolder: string) {
    super();
    const data = vscode.Uri.joinPath(folder, dataFolder);
    const people = new vscode.RelativePattern(vscode.Uri.joinPath(data, 'people'), '*.json');
    const top = new vscode.RelativePattern(data, `{people,${COVENANT_FILE}}`);
    this.patterns = [people, top, dataFolderItself(folder, dataFolder)];

    // A watch on a folder that is not there yet may never start, so each level's watch starts
    // again when the level above says its folder appeared.
    const watchPeople = () => {
      this.peopleWatch?.dispose();
      const watcher = watch(people);
      const onMember = (uri: vscode.Uri) => this.note(() => this.changedMembers.add(posix.basename(uri.path, '.json')));
      this.peopleWatch = vscode.Disposable.from(
        watcher,
        watcher.onDidCreate(onMember),
        watcher.onDidChange(onMember),
        watcher.onDidDelete(() => this.note(() => (this.layoutChanged = true))),
      );
    };
    const watchTop = () => {
      this.topWatch?.dispose();
      const watcher = watch(top);
      const onTop = (uri: vscode.Uri, kind: 'create' | 'change' | 'delete') =>
        this.note(() => {
          if (posix.basename(uri.path) === COVENANT_FILE) this.covenantChanged = true;
          else if (kind !== 'change') this.layoutChanged = true;
        });
      this.topWatch = vscode.Disposable.from(
        watcher,
        watcher.onDidCreate((uri) => {
          onTop(uri, 'create');
          if (posix.basename(uri.path) !== COVENANT_FILE) watchPeople();
        }),
        watcher.onDidChange((uri) => onTop(uri, 'change')),
        watcher.onDidDelete((uri) => onTop(uri, 'delete')),
      );
    };
    watchPeople();
    watchTop();
    this._register({ dispose: () => [this.peopleWatch, this.topWatch].forEach((w) => w?.dispose()) });

    const dataItself = this._register(watchDataFolderItself(folder, dataFolder));
    const onData = (appeared: boolean) => {
      this.note(() => {
        this.layoutChanged = true;
        this.covenantChanged = true;
      });
      if (appeared) {
        watchTop();
        watchPeople();
      }
    };
    this._register(dataItself.onDidCreate(() => onData(true)));
    this._register(dataItself.onDidDelete(() => onData(false)));

    this._register({ dispose: () => this.clearTimers() });
  }

  /** Whether events are waiting for their burst to settle (a report is on its way). */
  get pending(): boolean {
    return this.settleTimer !== undefined;
  }

  private note(record: () => void): void {
    record();
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => this.flush(), SETTLE_MS);
    this.holdTimer ??= setTimeout(() => this.flush(), MAX_HOLD_MS);
  }

  private clearTimers(): void {
    clearTimeout(this.settleTimer);
    clearTimeout(this.holdTimer);
    this.settleTimer = undefined;
    this.holdTimer = undefined;
  }

  private flush(): void {
    this.clearTimers();
    const members = new Set(this.changedMembers);
    const [layout, covenant] = [this.layoutChanged, this.covenantChanged];
    this.changedMembers.clear();
    this.layoutChanged = this.covenantChanged = false;
    // A layout change reads everything again, so the members' own reports are not needed then.
    if (layout) this.layoutEmitter.fire();
    else if (members.size > 0) this.membersEmitter.fire(members);
    if (covenant) this.covenantEmitter.fire();
  }
}
