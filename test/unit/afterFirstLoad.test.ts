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
    const holds: Promise<unknown>[] = [];
    const draws: Promise<unknown>[] = [];
    const workspace = {
      isShown: false,
      isReady: false,
      firstShown: new Promise<void>((resolve) => (show = resolve)),
      ready: new Promise<void>((resolve) => (ready = resolve)),
      holdViewsUntil: (until: Promise<unknown>) => void holds.push(until),
      drawingFirst: (drawn: Promise<unknown>) => void draws.push(drawn),
    };
    return {
      workspace: workspace as unknown as AccordWorkspace,
      /** What the views told after the first view wait for (AccordWorkspace.holdViewsUntil). */
      holds,
      /** The first view's first draws (AccordWorkspace.drawingFirst). */
      draws,
      show: () => {
        workspace.isShown = true;
        show();
      },
      ready: () => {
        workspace.isReady = true;
        ready();
      },
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
    const view = afterFirstLoad(workspace, inner, { first: { isExpanded: () => false } });
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

  it('holds the other views while VS Code asks for the rows the first answer shows expanded, and no longer', async () => {
    const { workspace, show, holds } = loading();
    let loaded = false;
    const inner = provider(() => (loaded ? ['today', 'later', 'done'] : []));
    // today and later are expanded; their rows are not; done is folded.
    const view = afterFirstLoad(workspace, inner, { first: { isExpanded: (node) => node === 'today' || node === 'later' } });
    view.onDidChangeTreeData!(() => undefined); // as VS Code listens
    void view.getChildren();
    loaded = true;
    show();
    await settle();
    inner.change();
    await settle();
    assert.equal(holds.length, 1, 'the views after this one wait');
    let drawn = false;
    void holds[0]!.then(() => (drawn = true));
    await settle();
    assert.equal(drawn, false, 'VS Code has yet to ask for the rows of today and later');
    assert.deepEqual(view.getChildren('today'), ['today/child']);
    await settle();
    assert.equal(drawn, false, 'later still to come');
    assert.deepEqual(view.getChildren('later'), ['later/child']);
    await settle();
    assert.equal(drawn, true, 'every expanded row asked for: drawn');
  });

  it('counts the view drawn when VS Code asks for nothing more a while after an answer (a row the person folded)', async () => {
    const { workspace, show, holds } = loading();
    const inner = provider(() => ['today']);
    const view = afterFirstLoad(workspace, inner, { first: { isExpanded: () => true } });
    view.onDidChangeTreeData!(() => undefined);
    void view.getChildren();
    show();
    await settle();
    inner.change();
    await settle();
    let drawn = false;
    void holds[0]!.then(() => (drawn = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(drawn, false, 'today is expanded: VS Code may still ask');
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.equal(drawn, true, 'nothing asked for 200 ms: drawn');
  });

  it('holds the other views too when VS Code first asks for the first view’s rows after the load, while the views are still being told', async () => {
    const { workspace, show, holds, draws } = loading();
    const inner = provider(() => ['today']);
    const view = afterFirstLoad(workspace, inner, { first: { isExpanded: () => false } });
    view.onDidChangeTreeData!(() => undefined);
    show();
    inner.change(); // the first load's change, before VS Code opened the view
    await settle();
    assert.deepEqual(holds, [], 'nobody waits yet');
    assert.deepEqual(view.getChildren(), ['today'], 'answered at once');
    assert.equal(holds.length, 1, 'the views still to be told wait while it is drawn');
    assert.equal(draws.length, 1, 'and what waits for the first draw (git, my closed periods) waits');
  });

  it('once every view has been told, follows the first view’s first draw without holding the views', async () => {
    const { workspace, show, ready, holds, draws } = loading();
    const view = afterFirstLoad(
      workspace,
      provider(() => ['today']),
      { first: { isExpanded: () => false } },
    );
    show();
    ready();
    await settle();
    assert.deepEqual(view.getChildren(), ['today']);
    assert.deepEqual(holds, [], 'no round to hold');
    assert.equal(draws.length, 1, 'what waits for the first draw waits for this one');
  });

  it('lets the answer that waited go when the provider hears of the load after VS Code asked a second time', async () => {
    const { workspace, show, holds } = loading();
    const inner = provider(() => ['today']);
    const view = afterFirstLoad(workspace, inner, { first: { isExpanded: () => false } });
    view.onDidChangeTreeData!(() => undefined);
    let answer: string[] | undefined;
    void (view.getChildren() as Promise<string[]>).then((rows) => (answer = rows));
    show();
    assert.deepEqual(view.getChildren(), ['today'], 'asked again once loaded: answered at once, the draw followed');
    inner.change();
    await settle();
    assert.deepEqual(answer, ['today'], 'the first ask is answered too, not left until every view is told');
    assert.equal(holds.length, 1);
  });

  it('holds nothing for a view that is not drawn first, or whose top rows nobody asked for before the load', async () => {
    const { workspace, show, holds } = loading();
    const other = provider(() => ['sam']);
    const otherView = afterFirstLoad(workspace, other);
    otherView.onDidChangeTreeData!(() => undefined);
    void otherView.getChildren();
    const first = provider(() => ['today']);
    afterFirstLoad(workspace, first, { first: { isExpanded: () => true } }).onDidChangeTreeData!(() => undefined);
    show();
    await settle();
    other.change();
    first.change();
    await settle();
    assert.deepEqual(holds, []);
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
