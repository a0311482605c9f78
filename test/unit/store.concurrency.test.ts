/**
 * The same person in two VS Code windows (two processes writing one member file), and a file
 * replaced on disk behind the store's back (git pull): no acknowledged write may be lost.
 */
import { strict as assert } from 'node:assert';
import { AccordStore, parseMemberFile } from '../../src/store';
import { checkInFields, checkInId, goalFields, memberFileText, microGoalFields, record, type TempWorkspace, tempWorkspace } from '../helpers/memberFiles';
import { bundleWriterChild, Writer } from '../helpers/writers';

const MEMBER = 'sam';

describe('store: concurrent writers', function () {
  this.timeout(60_000);
  let scratch: TempWorkspace;
  let script: string;
  let ws: TempWorkspace;

  before(async () => {
    scratch = await tempWorkspace('accord-concurrency-build-');
    script = await bundleWriterChild(scratch.root);
  });
  after(() => scratch.cleanup());
  beforeEach(async () => {
    ws = await tempWorkspace('accord-concurrency-');
  });
  afterEach(() => ws.cleanup());

  it('keeps every acknowledged write of two processes writing the same member file at once', async () => {
    const perWriter = 40;
    const writers = ['a', 'b'].map((prefix) => new Writer(script, { root: ws.root, member: MEMBER, prefix, count: perWriter, waitForGo: true, pauseMs: 10 }));
    await Promise.all(writers.map((w) => w.ready));
    for (const w of writers) w.go();
    const exits = await Promise.all(writers.map((w) => w.closed));
    writers.forEach((w, i) => assert.equal(exits[i]!.code, 0, `writer ${i} failed: ${w.failure ?? w.stderr}`));

    const text = await ws.read(MEMBER);
    const { data } = parseMemberFile(text, { file: 'sam.json', member: MEMBER });
    const ids = Object.keys(data.entities);
    for (const [i, w] of writers.entries()) {
      const prefix = i === 0 ? 'a' : 'b';
      assert.equal(w.acknowledged.length, perWriter);
      for (const k of w.acknowledged) assert.ok(ids.includes(checkInId(prefix, k)), `acknowledged ${checkInId(prefix, k)} is missing`);
    }
    assert.equal(ids.length, 2 * perWriter);
    // Every write saw the one before it (the lock serialized them): the clocks are exactly 1 … 80.
    const clocks = ids.map((id) => data.entities[id]!.clocks.status!).sort((x, y) => x - y);
    assert.deepEqual(
      clocks,
      Array.from({ length: 2 * perWriter }, (_, i) => i + 1),
    );
    assert.equal(data.clock, 2 * perWriter);
    // The writes really did interleave (otherwise this test proves nothing about concurrency).
    const order = [...ids].sort((x, y) => data.entities[x]!.clocks.status! - data.entities[y]!.clocks.status!).map((id) => id.slice(3, 4));
    const switches = order.filter((prefix, i) => i > 0 && prefix !== order[i - 1]).length;
    assert.ok(switches >= 2, `the two writers did not interleave: ${order.join('')}`);
    assert.equal(ws.lockExists(MEMBER), false);

    const viewer = new AccordStore({ root: ws.root, me: 'viewer' });
    await viewer.loadAll();
    assert.equal(viewer.state.entities.checkIn.size, 2 * perWriter);
  });

  it('keeps every acknowledged write of two stores in one process writing at once', async () => {
    const windows = [new AccordStore({ root: ws.root, me: MEMBER }), new AccordStore({ root: ws.root, me: MEMBER })];
    await Promise.all(windows.map((s) => s.loadAll()));
    const acknowledged: string[] = [];
    await Promise.all(
      windows.map(async (store, w) => {
        for (let k = 0; k < 25; k++) {
          const id = checkInId(`s${w}`, k);
          await store.update((edit) => edit.set(id, 'checkIn', checkInFields(MEMBER, k)));
          acknowledged.push(id);
        }
      }),
    );
    const { data } = parseMemberFile(await ws.read(MEMBER), { file: 'sam.json', member: MEMBER });
    assert.deepEqual(Object.keys(data.entities).sort(), [...acknowledged].sort());
    // Each window's own state holds at least its own writes.
    for (const [w, store] of windows.entries()) {
      for (let k = 0; k < 25; k++) assert.ok(store.state.entities.checkIn.has(checkInId(`s${w}`, k)));
    }
  });

  it('loses nothing when the file is replaced on disk between load and write (git pull)', async () => {
    const store = new AccordStore({ root: ws.root, me: MEMBER });
    await store.loadAll();
    const goalId = await store.update((edit) =>
      edit.create('goal', 'g', { title: 'Ship the importer', owner: MEMBER, state: 'active', createdAt: '2026-03-02T09:00:00.000Z' }),
    );
    const mine = parseMemberFile(await ws.read(MEMBER), { file: 'sam.json', member: MEMBER }).data;
    const goalClock = mine.entities[goalId]!.clocks.title!;

    // `git pull` brings this member's file as their other machine wrote it: the same goal with a
    // new title and a due date (later clocks), plus a micro-goal and a check-in this window never saw.
    const pulled = memberFileText(MEMBER, {
      ...mine.entities,
      [goalId]: {
        ...mine.entities[goalId]!,
        fields: { ...mine.entities[goalId]!.fields, title: 'Ship the importer, CSV first', due: '2026-03-20' },
        clocks: { ...mine.entities[goalId]!.clocks, title: goalClock + 5, due: goalClock + 5 },
      },
      'mg-pulled': record('microGoal', microGoalFields(MEMBER, 'Parse the header row', goalId), goalClock + 6),
      'ci-pulled': record('checkIn', checkInFields(MEMBER, 1), goalClock + 7),
    });
    await ws.write(MEMBER, pulled);

    // This window has not reloaded; it edits another field of the goal and checks in.
    await store.update((edit) => {
      edit.set(goalId, 'goal', { why: 'Teams are waiting on it' });
      edit.set('ci-local', 'checkIn', checkInFields(MEMBER, 2));
    });

    const after = parseMemberFile(await ws.read(MEMBER), { file: 'sam.json', member: MEMBER }).data;
    assert.deepEqual(Object.keys(after.entities).sort(), ['ci-local', 'ci-pulled', goalId, 'mg-pulled'].sort());
    const goal = after.entities[goalId]!;
    assert.equal(goal.fields.title, 'Ship the importer, CSV first');
    assert.equal(goal.fields.due, '2026-03-20');
    assert.equal(goal.fields.why, 'Teams are waiting on it');
    // The new write is stamped after everything the pulled file held.
    assert.ok(goal.clocks.why! > goalClock + 7);
    assert.equal(after.clock, goal.clocks.why);

    // The window's own view has it all too.
    const state = store.state;
    assert.equal(state.entities.goal.get(goalId)?.title, 'Ship the importer, CSV first');
    assert.equal(state.entities.goal.get(goalId)?.why, 'Teams are waiting on it');
    assert.ok(state.entities.microGoal.has('mg-pulled'));
    assert.deepEqual([...state.entities.checkIn.keys()].sort(), ['ci-local', 'ci-pulled']);
  });

  it('writes nothing of an update that failed half way, then or with a later write', async () => {
    const store = new AccordStore({ root: ws.root, me: MEMBER });
    await store.loadAll();
    await store.update((edit) => edit.set('g-1', 'goal', goalFields(MEMBER, 'Ship the importer')));
    const before = await ws.read(MEMBER);
    // The first set is valid, the second is not (an empty title): the update is refused as a whole.
    await assert.rejects(
      store.update((edit) => {
        edit.set('g-1', 'goal', { why: 'Half of a failed edit' });
        edit.set('g-2', 'goal', { ...goalFields(MEMBER, 'x'), title: '' });
      }),
      /Invalid goal title/,
    );
    assert.equal(await ws.read(MEMBER), before);
    assert.equal(store.state.entities.goal.get('g-1')?.why, undefined);
    assert.equal(store.state.merged.has('g-2'), false);
    // The next, acknowledged write carries only itself.
    await store.update((edit) => edit.set('ci-1', 'checkIn', checkInFields(MEMBER, 1)));
    const data = parseMemberFile(await ws.read(MEMBER), { file: 'sam.json', member: MEMBER }).data;
    assert.deepEqual(Object.keys(data.entities).sort(), ['ci-1', 'g-1']);
    assert.equal(data.entities['g-1']!.fields.why, undefined);
    assert.equal(store.state.entities.goal.get('g-1')?.why, undefined);
  });

  it("keeps the other window's write when a window edits the same field with a stale view", async () => {
    const first = new AccordStore({ root: ws.root, me: MEMBER });
    const second = new AccordStore({ root: ws.root, me: MEMBER });
    await first.update((edit) => edit.set('g-1', 'goal', goalFields(MEMBER, 'Draft')));
    await Promise.all([first.loadAll(), second.loadAll()]);
    await first.update((edit) => edit.set('g-1', 'goal', { title: 'From the first window' }));
    // The second window still shows "Draft"; its later edit wins the field, and nothing else is lost.
    await second.update((edit) => edit.set('g-1', 'goal', { title: 'From the second window', why: 'Because' }));
    const data = parseMemberFile(await ws.read(MEMBER), { file: 'sam.json', member: MEMBER }).data;
    assert.equal(data.entities['g-1']!.fields.title, 'From the second window');
    assert.equal(data.entities['g-1']!.fields.why, 'Because');
    assert.ok(data.entities['g-1']!.clocks.title! > 2);
  });
});
