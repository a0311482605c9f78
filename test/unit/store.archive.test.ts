/**
 * Closed history in files of its own (issue 20 §1): the store moves my closed records out of
 * my live file, reads closed periods only for those who use them, and merges them back.
 */
import { strict as assert } from 'node:assert';
import { cp, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AccordFileError, AccordStore } from '../../src/store';
import { type TempWorkspace, tempWorkspace } from '../helpers/memberFiles';

const FIXTURES = join(__dirname, '..', 'fixtures', 'archive');
const TODAY = '2026-11-30';

/** Every file under `people/`, by path relative to it, with `/`. */
async function filesUnder(folder: string, prefix = ''): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) for (const [name, text] of await filesUnder(path, `${prefix}${entry.name}/`)) out.set(name, text);
    else if (entry.name.endsWith('.json')) out.set(`${prefix}${entry.name}`, await readFile(path, 'utf8'));
  }
  return out;
}

async function storeOf(ws: TempWorkspace, me = 'alex'): Promise<AccordStore> {
  const store = new AccordStore({ root: ws.root, me });
  await store.loadAll();
  return store;
}

/** What a person can see of the whole record: every entity by kind. */
function entitiesOf(store: AccordStore): unknown {
  return Object.fromEntries(
    Object.entries(store.historyState.entities).map(([kind, map]) => [kind, [...(map as Map<string, unknown>)].sort(([a], [b]) => (a < b ? -1 : 1))]),
  );
}

describe('store: closed history (issue 20 §1)', function () {
  this.timeout(30_000);
  let ws: TempWorkspace;
  beforeEach(async () => {
    ws = await tempWorkspace('accord-archive-');
    await cp(join(FIXTURES, 'before', 'people'), ws.peopleDir, { recursive: true });
  });
  afterEach(() => ws.cleanup());

  it('migrates a single-file history to the golden layout: the live file and one file per closed year', async () => {
    const store = await storeOf(ws);
    const before = entitiesOf(store);
    const result = await store.archiveClosed(TODAY);
    // Alex's acknowledgment of Sam's kudos waits in the live file until Sam moves the kudos itself.
    assert.deepEqual(result, { moved: 5, returned: 0, periods: ['2024', '2025'] });
    const expected = await filesUnder(join(FIXTURES, 'after', 'people'));
    const actual = await filesUnder(ws.peopleDir);
    assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
    for (const [name, text] of expected) assert.equal(actual.get(name), text, name);
    // A fresh window reads the same team, with its history, as before the move.
    const fresh = await storeOf(ws, 'sam');
    const archives = await fresh.useArchives();
    assert.deepEqual(entitiesOf(fresh), before);
    archives.dispose();
  });

  it('old single-file data keeps loading whole, and a second move changes no byte', async () => {
    const old = await storeOf(ws, 'sam');
    assert.ok(old.state.entities.checkIn.has('c-2024'));
    const store = await storeOf(ws);
    await store.archiveClosed(TODAY);
    const after = await filesUnder(ws.peopleDir);
    assert.deepEqual(await store.archiveClosed(TODAY), { moved: 0, returned: 0, periods: [] });
    assert.deepEqual(await filesUnder(ws.peopleDir), after);
  });

  it('the views read live files alone, even while history is used; the whole record holds it while someone uses it, and lets it go with the last', async () => {
    const store = await storeOf(ws);
    await store.archiveClosed(TODAY);
    const live = await storeOf(ws, 'sam');
    const views = live.state;
    assert.deepEqual([...views.entities.checkIn.keys()].sort(), ['c-recent', 'c-sam-2025']);
    assert.deepEqual([...views.entities.microGoal.keys()].sort(), ['m-now-done', 'm-open']);
    let told = 0;
    let history = 0;
    live.onDidChange(() => told++);
    live.onDidChangeHistory(() => history++);
    const one = await live.useArchives();
    const two = await live.useArchives();
    assert.equal(live.state, views, 'what the views read is untouched');
    const whole = await live.settledHistoryState();
    assert.ok(whole.entities.checkIn.has('c-2024'));
    assert.ok(whole.entities.goal.has('g-old'));
    assert.equal(whole.entities.feedback.get('f-acked')?.acknowledgedAt, '2025-04-02T10:00:00.000Z');
    one.dispose();
    one.dispose();
    assert.ok(live.historyState.entities.checkIn.has('c-2024'), 'still in use');
    two.dispose();
    assert.ok(!live.historyState.entities.checkIn.has('c-2024'));
    assert.equal(told, 0, 'the views are never told of history');
    assert.ok(history >= 2, 'its readers are, when it is read and when it is let go');
  });

  it('a later write to an archived entity lands in the live file and merges once the archive is read', async () => {
    const store = await storeOf(ws);
    await store.archiveClosed(TODAY);
    await store.update((edit) => edit.set('m-loose', 'microGoal', { done: false }));
    const live = JSON.parse(await ws.read('alex')) as { entities: Record<string, { fields: Record<string, unknown> }> };
    assert.deepEqual(live.entities['m-loose']!.fields, { done: false });
    const fresh = await storeOf(ws, 'sam');
    assert.ok(!fresh.state.entities.microGoal.has('m-loose'), 'read alone, the live part is incomplete');
    const archives = await fresh.useArchives();
    const reopened = fresh.historyState.entities.microGoal.get('m-loose');
    assert.equal(reopened?.done, false);
    assert.equal(reopened?.title, 'Fix the flaky clock test');
    archives.dispose();
    // Reopened, it is open again: the next run brings its record back to the live file, so the views show it.
    const again = await store.archiveClosed(TODAY);
    assert.deepEqual(again, { moved: 0, returned: 1, periods: ['2025'] });
    const views = await storeOf(ws, 'sam');
    assert.equal(views.state.entities.microGoal.get('m-loose')?.done, false);
    assert.equal(views.state.entities.microGoal.get('m-loose')?.title, 'Fix the flaky clock test');
    assert.equal((await store.archiveClosed(TODAY)).returned, 0, 'and only once');
  });

  it('a load that reads my closed periods later drops what they hold from a copy of my file from before the move, and my write waits for them', async () => {
    const before = await ws.read('alex');
    await (await storeOf(ws)).archiveClosed(TODAY);
    // My live file put back as it was before the move (a restore, my other machine's push).
    await writeFile(ws.fileOf('alex'), before);
    const store = new AccordStore({ root: ws.root, me: 'alex' });
    let changes = 0;
    store.onDidChange(() => changes++);
    let drawn!: () => void;
    await store.loadAll(undefined, new Promise<void>((resolve) => (drawn = resolve)));
    assert.ok(store.state.entities.microGoal.has('m-loose'), 'my closed periods not read yet: the old copy shows');
    // A write before the views are drawn reads my closed periods at once, and waits for them.
    await store.update((edit) => edit.set('m-new', 'microGoal', { title: 'Write the release note' }));
    assert.ok(!store.state.entities.microGoal.has('m-loose'), 'what moved is not live');
    assert.ok(changes > 0, 'and the views are told');
    drawn();
    const live = JSON.parse(await ws.read('alex')) as { entities: Record<string, unknown> };
    assert.ok(!('m-loose' in live.entities), 'my write does not put back what moved');
    assert.ok('m-new' in live.entities);
  });

  it('a load that reads my closed periods later changes nothing when they take nothing out', async () => {
    await (await storeOf(ws)).archiveClosed(TODAY);
    const store = new AccordStore({ root: ws.root, me: 'alex' });
    let drawn!: () => void;
    await store.loadAll(undefined, new Promise<void>((resolve) => (drawn = resolve)));
    const shown = store.state;
    let changes = 0;
    store.onDidChange(() => changes++);
    drawn();
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(changes, 0, 'nobody told');
    assert.equal(store.state, shown, 'the same state, not merged again');
  });

  it('two windows moving at once write what one would, and no record is lost', async () => {
    const [a, b] = await Promise.all([storeOf(ws), storeOf(ws)]);
    const before = entitiesOf(await storeOf(ws, 'sam').then(async (s) => (await s.useArchives(), s)));
    const results = await Promise.all([a.archiveClosed(TODAY), b.archiveClosed(TODAY)]);
    assert.equal(results[0]!.moved + results[1]!.moved, 5);
    const expected = await filesUnder(join(FIXTURES, 'after', 'people'));
    for (const [name, text] of expected) assert.equal((await filesUnder(ws.peopleDir)).get(name), text, name);
    const fresh = await storeOf(ws, 'sam');
    await fresh.useArchives();
    assert.deepEqual(entitiesOf(fresh), before);
  });

  it('two machines moving the same history apart write the same bytes, so git has nothing to merge', async () => {
    const other = await tempWorkspace('accord-archive-other-');
    try {
      await cp(join(FIXTURES, 'before', 'people'), other.peopleDir, { recursive: true });
      await (await storeOf(ws)).archiveClosed(TODAY);
      await (await storeOf(other)).archiveClosed(TODAY);
      assert.deepEqual(await filesUnder(other.peopleDir), await filesUnder(ws.peopleDir));
    } finally {
      await other.cleanup();
    }
  });

  it('never overwrites a closed period it could not read: names it, and leaves the live file as it was', async () => {
    await mkdir(join(ws.peopleDir, 'alex'));
    await writeFile(join(ws.peopleDir, 'alex', '2024.json'), '{ "schema": 1, "member": "alex", ');
    const store = await storeOf(ws);
    const live = await ws.read('alex');
    await assert.rejects(store.archiveClosed(TODAY), (error: unknown) => error instanceof AccordFileError && error.file === '.accord/people/alex/2024.json');
    assert.equal(await ws.read('alex'), live);
    assert.equal(await readFile(join(ws.peopleDir, 'alex', '2024.json'), 'utf8'), '{ "schema": 1, "member": "alex", ');
    const archives = await store.useArchives();
    assert.ok(store.errors.some((e) => e.file === '.accord/people/alex/2024.json'));
    archives.dispose();
  });

  it("names a file in a member's folder that is not a year, and never takes another member's data from it", async () => {
    const store = await storeOf(ws);
    await store.archiveClosed(TODAY);
    const sam = JSON.parse(await readFile(join(FIXTURES, 'before', 'people', 'sam.json'), 'utf8')) as object;
    await writeFile(join(ws.peopleDir, 'alex', 'notes.json'), JSON.stringify(sam));
    await writeFile(join(ws.peopleDir, 'alex', '2023.json'), JSON.stringify(sam));
    const fresh = await storeOf(ws, 'sam');
    const archives = await fresh.useArchives();
    const named = fresh.errors.map((e) => e.file).sort();
    assert.deepEqual(named, ['.accord/people/alex/2023.json', '.accord/people/alex/notes.json']);
    archives.dispose();
  });

  it("names a member's history that is a link or a file instead of a folder, and reads nothing through it", async () => {
    const outside = await tempWorkspace('accord-archive-outside-');
    try {
      await mkdir(join(outside.root, 'alex'));
      await cp(join(FIXTURES, 'after', 'people', 'alex', '2024.json'), join(outside.root, 'alex', '2024.json'));
      await symlink(join(outside.root, 'alex'), join(ws.peopleDir, 'alex'));
      await writeFile(join(ws.peopleDir, 'sam-example.com'), 'not a folder');
      const store = await storeOf(ws, 'sam');
      const archives = await store.useArchives();
      assert.deepEqual(store.errors.map((e) => [e.file, e.problem]).sort(), [
        ['.accord/people/alex', 'not-a-file'],
        ['.accord/people/sam-example.com', 'not-a-file'],
      ]);
      assert.equal(store.closedRecordsOf('alex').size, 0, 'nothing read through the link');
      archives.dispose();
    } finally {
      await outside.cleanup();
    }
  });

  it('a read of the history that the last user let go of meanwhile keeps nothing', async () => {
    const store = await storeOf(ws);
    await store.archiveClosed(TODAY);
    const reader = await storeOf(ws, 'sam');
    const archives = await reader.useArchives();
    assert.ok(reader.closedRecordsOf('alex').size > 0);
    // A reload from the file watcher reads alex's history again; the dashboard closes meanwhile.
    const reload = reader.reloadMember('alex');
    archives.dispose();
    await reload;
    assert.equal(reader.closedRecordsOf('alex').size, 0);
    assert.equal(reader.historyState, reader.state);
  });

  it('the whole record shows my own write at once while the history is held', async () => {
    const store = await storeOf(ws);
    await store.archiveClosed(TODAY);
    const history = await store.useArchives();
    await store.settledHistoryState();
    await store.update((edit) => edit.set('m-new', 'microGoal', { title: 'Write it down', owner: 'alex', done: false, createdAt: '2026-11-30T09:00:00.000Z' }));
    assert.ok(store.state.entities.microGoal.has('m-new'));
    assert.equal(store.historySettled, false, 'merged again, not the merge from before the write');
    assert.ok((await store.settledHistoryState()).entities.microGoal.has('m-new'));
    assert.ok(store.historyState.entities.goal.has('g-old'));
    history.dispose();
  });
});
