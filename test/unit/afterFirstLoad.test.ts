import { strict as assert } from 'node:assert';
import type * as vscode from 'vscode';
import { afterFirstLoad } from '../../src/daily/views/afterFirstLoad';
import type { AccordWorkspace } from '../../src/workspace/accordWorkspace';

/**
 * A tree view's rows (issue 20): asked for before the team's first load, the top rows come once
 * it is merged, never as an empty answer that shows the welcome text ("Set up Accord") to
 * someone set up.
 */
describe('views: the rows asked for before the first load', () => {
  /** A workspace whose first merge is `show()`, and whose views have all been told at `ready()`. */
  function loading() {
    let show!: () => void;
    let ready!: () => void;
    const workspace = {
      isShown: false,
      firstShown: new Promise<void>((resolve) => (show = resolve)),
      ready: new Promise<void>((resolve) => (ready = resolve)),
    };
    return {
      workspace: workspace as unknown as AccordWorkspace,
      show: () => {
        workspace.isShown = true;
        show();
      },
      ready: () => ready(),
      /** What AccordWorkspace does when disposed before its first load: firstShown resolves, the team never shown. */
      dispose: () => show(),
    };
  }

  /** A provider whose top rows are `rows()` when asked; `change(e)` fires its change event. */
  function provider(rows: () => string[]) {
    const listeners: ((e: string | undefined) => unknown)[] = [];
    const made: vscode.TreeDataProvider<string> & { change(e?: string): void } = {
      onDidChangeTreeData: (listener) => {
        listeners.push(listener as (e: string | undefined) => unknown);
        return { dispose: () => undefined };
      },
      change: (e) => listeners.forEach((l) => l(e)),
      getTreeItem: (node) => ({ label: node }),
      getChildren: (node) => (node === undefined ? rows() : [`${node}/child`]),
      getParent: () => undefined,
    };
    return made;
  }

  /** Lets pending promises and setImmediate turns run. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

  it('answers the top rows asked for before the first load once the provider has heard of it, with what it holds then', async () => {
    const { workspace, show } = loading();
    let loaded = false;
    const inner = provider(() => (loaded ? ['today'] : []));
    const view = afterFirstLoad(workspace, inner, { first: true });
    let told = 0;
    view.onDidChangeTreeData!(() => told++);
    let answer: string[] | undefined;
    void (view.getChildren() as Promise<string[]>).then((rows) => (answer = rows));
    await settle();
    assert.equal(answer, undefined, 'still waiting: no empty answer');
    loaded = true;
    show();
    await settle();
    assert.equal(answer, undefined, 'the provider has not heard of the load yet');
    inner.change(); // the first load's change, as the provider hears it
    await settle();
    assert.deepEqual(answer, ['today']);
    assert.equal(told, 0, 'not passed on: VS Code would ask for the top rows a second time');
    assert.deepEqual(view.getChildren(), ['today'], 'after the first load, answered at once');
  });

  it('lets the waiting answers go once every view has been told, when the provider says nothing', async () => {
    const { workspace, show, ready } = loading();
    const view = afterFirstLoad(
      workspace,
      provider(() => ['sam']),
    );
    let answer: string[] | undefined;
    void (view.getChildren() as Promise<string[]>).then((rows) => (answer = rows));
    show();
    await settle();
    assert.equal(answer, undefined);
    ready();
    await settle();
    assert.deepEqual(answer, ['sam']);
  });

  it('answers with no rows when the team is no longer served before it loaded (its workspace disposed)', async () => {
    const { workspace, dispose } = loading();
    let asked = 0;
    const inner = provider(() => (asked++, ['today']));
    const view = afterFirstLoad(workspace, inner);
    const answer = view.getChildren() as Promise<string[]>;
    dispose();
    assert.deepEqual(await answer, []);
    assert.equal(asked, 0, 'the provider is not asked');
  });

  it('passes changes on as they come once no answer waits', async () => {
    const { workspace, show } = loading();
    show();
    const inner = provider(() => ['today']);
    const view = afterFirstLoad(workspace, inner);
    const told: (string | undefined)[] = [];
    const alsoTold: (string | undefined)[] = [];
    view.onDidChangeTreeData!((e) => told.push(e as string | undefined));
    view.onDidChangeTreeData!((e) => alsoTold.push(e as string | undefined));
    inner.change();
    inner.change('today');
    inner.change();
    assert.deepEqual(told, [undefined, 'today', undefined]);
    assert.deepEqual(alsoTold, told, 'every listener hears each change');
  });

  it('answers at once below the top, and passes the rest through (getParent, getTreeItem)', () => {
    const { workspace } = loading();
    const view = afterFirstLoad(
      workspace,
      provider(() => []),
    );
    assert.deepEqual(view.getChildren('today'), ['today/child']);
    assert.deepEqual(view.getTreeItem('x'), { label: 'x' });
    assert.equal(typeof view.getParent, 'function');
    assert.equal(view.resolveTreeItem, undefined, 'a provider without resolveTreeItem is shown without one');
  });

  it('is the provider itself in a window with no folder', () => {
    const inner = provider(() => []);
    assert.equal(afterFirstLoad(undefined, inner), inner);
  });
});
