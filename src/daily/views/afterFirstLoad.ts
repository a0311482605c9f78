/** A tree view's provider as the view sees it while the team first loads. */
import type * as vscode from 'vscode';
import { turnQueue } from '../../store/concurrency';
import type { AccordWorkspace } from '../../workspace/accordWorkspace';

/** The views that waited answer one per turn of the event loop: together, four views' first rows held the extension host 80 ms. */
const answerTurn = turnQueue();

/**
 * How long the first draw waits for VS Code to ask for the rows of a row it shows expanded before
 * it counts the view as drawn. The workbench asks within a few tens of milliseconds of an answer;
 * a row the person folded (VS Code remembers it) is never asked for.
 */
const DRAW_QUIET_MS = 200;
/** The longest the other views wait for the first view's first draw, in ms. */
const DRAW_MAX_MS = 1000;

/** The view drawn first, as afterFirstLoad follows its first draw. */
export interface FirstView<T> {
  /** Whether `node`'s TreeItem is expanded (TreeItemCollapsibleState.Expanded): VS Code asks for its rows next. */
  isExpanded(node: T): boolean;
}

/**
 * Follows VS Code drawing a view's first rows: each answer names the rows VS Code will ask for
 * next (those shown expanded), and the draw is `done` once it has asked for them all, nothing
 * was asked for DRAW_QUIET_MS after an answer, or DRAW_MAX_MS passed.
 */
function followFirstDraw<T>(view: FirstView<T>): { answered(node: T | undefined, rows: readonly T[]): void; readonly done: Promise<void> } {
  const expected = new Set<T>();
  let finish!: () => void;
  let finished = false;
  let quiet: ReturnType<typeof setTimeout> | undefined;
  const done = new Promise<void>((resolve) => (finish = resolve)).finally(() => {
    finished = true;
    clearTimeout(quiet);
    clearTimeout(longest);
  });
  const longest = setTimeout(finish, DRAW_MAX_MS);
  return {
    done,
    answered(node, rows) {
      if (finished) return;
      if (node !== undefined) expected.delete(node);
      for (const row of rows) if (view.isExpanded(row)) expected.add(row);
      clearTimeout(quiet);
      if (expected.size === 0) finish();
      else quiet = setTimeout(finish, DRAW_QUIET_MS);
    },
  };
}

/**
 * `provider` as a tree view shows it, except that its top rows, asked for before the team's
 * files have been read and merged the first time, are answered once every view has heard of it
 * (`ready`) or, for the view drawn `first` (the Micro-goals view, which says which of its rows
 * are expanded), as soon as the provider has
 * (its first change from AccordWorkspace.firstShown on), rather than at once with none: the
 * workbench draws that view's rows, and asks for those below them, before the others'. VS Code shows the
 * view's progress bar meanwhile, where no rows would show its welcome text ("Set up Accord",
 * "No goals yet") to a person who has set up. A change of the whole tree heard while such an
 * answer waits is not passed on: the answer, worked out after it, holds it. Passed on, the first
 * load's change made VS Code ask for the top rows a second time, after its 200 ms debounce of
 * refreshes, before it asked for the rows below them (issue 20: today's rows on screen sooner).
 * While VS Code draws the `first` view's rows after the first load, the views told of the load
 * after it wait (AccordWorkspace.holdViewsUntil): their work came between that view's answers
 * and VS Code's next asks, and today's rows came 60 ms later for it.
 * Every other call goes to `provider` as it is.
 */
export function afterFirstLoad<T>(
  workspace: AccordWorkspace | undefined,
  provider: vscode.TreeDataProvider<T>,
  { first }: { readonly first?: FirstView<T> } = {},
): vscode.TreeDataProvider<T> {
  if (!workspace) return provider;
  const { getParent, resolveTreeItem, onDidChangeTreeData } = provider;
  /** The top-row answers waiting for the first load, and what lets them go. */
  const waiting: (() => void)[] = [];
  const letGo = () => waiting.splice(0).forEach((go) => go());
  void workspace.ready.then(letGo, letGo);
  // Disposed before its first load (another team served): firstShown resolves, the team never shows.
  void workspace.firstShown.then(() => !workspace.isShown && letGo());
  /** The first view's first draw after the load, while VS Code draws it (followFirstDraw). */
  let draw: ReturnType<typeof followFirstDraw<T>> | undefined;
  /** Whether the first draw has been followed already: it is followed once. */
  let followed = false;
  /** Follows the first view's first draw, and holds the other views meanwhile while they are still to be told. */
  const followDraw = (view: FirstView<T>) => {
    followed = true;
    const drawing = (draw = followFirstDraw(view));
    void drawing.done.then(() => draw === drawing && (draw = undefined));
    workspace.drawingFirst(drawing.done);
    if (!workspace.isReady) workspace.holdViewsUntil(drawing.done);
  };
  const answerLater = async (node: T | undefined) => {
    await new Promise<void>((go) => waiting.push(go));
    // A team no longer served answers with no rows, rather than work them out for nothing.
    if (!workspace.isShown) {
      draw?.answered(node, []);
      return [];
    }
    await answerTurn();
    return observed(node, provider.getChildren(node));
  };
  /** `rows`, passed on as they are, told to the first draw while it lasts. */
  const observed = (node: T | undefined, rows: vscode.ProviderResult<T[]>): vscode.ProviderResult<T[]> => {
    const following = draw;
    if (following)
      void Promise.resolve(rows).then(
        (answer) => following.answered(node, answer ?? []),
        () => following.answered(node, []),
      );
    return rows;
  };
  // One subscription to the provider, so each change is judged once, whoever listens.
  type Listener = (e: T | T[] | undefined | null | void) => unknown;
  const listeners = new Set<Listener>();
  let heard: vscode.Disposable | undefined;
  const hear: Listener = (e) => {
    const wholeTree = e === undefined || e === null;
    if (wholeTree && waiting.length > 0) {
      // The provider heard of the first load: the answers waiting for it hold this change. The
      // other views wait while VS Code draws this one's rows (issue 20: today's rows sooner).
      if (workspace.isShown && first) {
        if (!followed) followDraw(first);
        letGo();
      }
      return;
    }
    for (const listener of [...listeners]) listener(e);
  };
  return {
    ...(onDidChangeTreeData
      ? {
          onDidChangeTreeData: (listener: Listener, thisArgs?: unknown, disposables?: vscode.Disposable[]) => {
            const entry: Listener = (e) => listener.call(thisArgs, e);
            listeners.add(entry);
            heard ??= onDidChangeTreeData.call(provider, hear);
            const subscription = { dispose: () => void listeners.delete(entry) };
            disposables?.push(subscription);
            return subscription;
          },
        }
      : {}),
    getTreeItem: (node) => provider.getTreeItem(node),
    getChildren: (node) => {
      if (node === undefined && !workspace.isShown) return answerLater(node);
      // First asked once the team has loaded (VS Code opened the view late): followed all the
      // same, the other views waiting while they are still being told of the load, and what
      // waits for the first draw (AccordWorkspace.afterFirstDraw) waiting too.
      if (node === undefined && first && !followed) followDraw(first);
      return observed(node, provider.getChildren(node));
    },
    // Only what the provider has: VS Code reads their presence (getParent for reveal, resolveTreeItem for tooltips on hover).
    ...(getParent ? { getParent: (node: T) => getParent.call(provider, node) } : {}),
    ...(resolveTreeItem
      ? { resolveTreeItem: (item: vscode.TreeItem, node: T, token: vscode.CancellationToken) => resolveTreeItem.call(provider, item, node, token) }
      : {}),
  };
}
