/** A tree view's provider as the view sees it while the team first loads. */
import type * as vscode from 'vscode';
import { turnQueue } from '../../store/concurrency';
import type { AccordWorkspace } from '../../workspace/accordWorkspace';

/** The views that waited answer one per turn of the event loop: together, four views' first rows held the extension host 80 ms. */
const answerTurn = turnQueue();

/**
 * `provider` as a tree view shows it, except that its top rows, asked for before the team's
 * files have been read and merged the first time, are answered once every view has heard of it
 * (`ready`) or, for the view drawn `first` (the Micro-goals view), as soon as the provider has
 * (its first change from AccordWorkspace.firstShown on), rather than at once with none: the
 * workbench draws that view's rows, and asks for those below them, before the others'. VS Code shows the
 * view's progress bar meanwhile, where no rows would show its welcome text ("Set up Accord",
 * "No goals yet") to a person who has set up. A change of the whole tree heard while such an
 * answer waits is not passed on: the answer, worked out after it, holds it. Passed on, the first
 * load's change made VS Code ask for the top rows a second time, after its 200 ms debounce of
 * refreshes, before it asked for the rows below them (issue 20: today's rows on screen sooner).
 * Every other call goes to `provider` as it is.
 */
export function afterFirstLoad<T>(
  workspace: AccordWorkspace | undefined,
  provider: vscode.TreeDataProvider<T>,
  { first = false }: { readonly first?: boolean } = {},
): vscode.TreeDataProvider<T> {
  if (!workspace) return provider;
  const { getParent, resolveTreeItem, onDidChangeTreeData } = provider;
  /** The top-row answers waiting for the first load, and what lets them go. */
  const waiting: (() => void)[] = [];
  const letGo = () => waiting.splice(0).forEach((go) => go());
  void workspace.ready.then(letGo, letGo);
  // Disposed before its first load (another team served): firstShown resolves, the team never shows.
  void workspace.firstShown.then(() => !workspace.isShown && letGo());
  const answerLater = async (node: T | undefined) => {
    await new Promise<void>((go) => waiting.push(go));
    // A team no longer served answers with no rows, rather than work them out for nothing.
    if (!workspace.isShown) return [];
    await answerTurn();
    return provider.getChildren(node);
  };
  // One subscription to the provider, so each change is judged once, whoever listens.
  type Listener = (e: T | T[] | undefined | null | void) => unknown;
  const listeners = new Set<Listener>();
  let heard: vscode.Disposable | undefined;
  const hear: Listener = (e) => {
    const wholeTree = e === undefined || e === null;
    if (wholeTree && waiting.length > 0) {
      // The provider heard of the first load: the answers waiting for it hold this change.
      if (workspace.isShown && first) letGo();
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
    getChildren: (node) => (node === undefined && !workspace.isShown ? answerLater(node) : provider.getChildren(node)),
    // Only what the provider has: VS Code reads their presence (getParent for reveal, resolveTreeItem for tooltips on hover).
    ...(getParent ? { getParent: (node: T) => getParent.call(provider, node) } : {}),
    ...(resolveTreeItem
      ? { resolveTreeItem: (item: vscode.TreeItem, node: T, token: vscode.CancellationToken) => resolveTreeItem.call(provider, item, node, token) }
      : {}),
  };
}
