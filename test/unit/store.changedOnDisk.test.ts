/**
 * AccordStore.changedOnDisk: the cheap look (a listing and one lstat per file) that keeps live
 * updates working when the file watcher reports nothing (issue 13 §3 and §6).
 */
import { strict as assert } from 'node:assert';
import { rm, utimes } from 'node:fs/promises';
import type { TeamState } from '../../src/core';
import { AccordStore } from '../../src/store';
import { checkInFields, checkInId, memberFileText, record, type TempWorkspace, tempWorkspace } from '../helpers/memberFiles';

describe('store: changes on disk without a watcher event', () => {
  let ws: TempWorkspace;
  beforeEach(async () => {
    ws = await tempWorkspace('accord-changed-');
  });
  afterEach(() => ws.cleanup());

  /** `member`'s file with `k` check-ins. */
  const fileOf = (member: string, k: number) =>
    memberFileText(member, Object.fromEntries(Array.from({ length: k }, (_, i) => [checkInId(member, i), record('checkIn', checkInFields(member, i), i + 1)])));
  const partnerFile = (k: number) => fileOf('sam', k);

  it("sees a partner's file appear, change and go away, and nothing after a load or after my own write", async () => {
    const store = new AccordStore({ root: ws.root, me: 'alex' });
    await store.loadAll();
    assert.equal(await store.changedOnDisk(), false, 'nothing there, nothing changed');
    await ws.write('sam', partnerFile(1));
    assert.equal(await store.changedOnDisk(), true, 'a file appeared (the first pull of a team)');
    await store.loadAll();
    assert.equal(await store.changedOnDisk(), false);
    await store.update((edit) => edit.create('checkIn', 'ci-alex', { ...checkInFields('alex', 0) }));
    assert.equal(await store.changedOnDisk(), false, 'my own write is not a change from outside');
    await ws.write('sam', partnerFile(2));
    assert.equal(await store.changedOnDisk(), true, "a pull changed the partner's file");
    await store.reloadMember('sam');
    assert.equal(await store.changedOnDisk(), false, "the watcher's reload of that file counts");
    // The same size, a new time: a rewrite with the same length still counts.
    await utimes(store.fileOf('sam'), new Date('2031-01-01T00:00:00Z'), new Date('2031-01-01T00:00:00Z'));
    assert.equal(await store.changedOnDisk(), true);
    await store.loadAll();
    await rm(store.fileOf('sam'));
    assert.equal(await store.changedOnDisk(), true, 'a file went away');
  });

  it('a reload that reads the bytes it holds tells no one and keeps the merged state; new bytes, a problem or my own write do', async () => {
    await ws.write('sam', partnerFile(2));
    const store = new AccordStore({ root: ws.root, me: 'alex' });
    await store.loadAll();
    let told = 0;
    store.onDidChange(() => told++);
    const state = store.state;
    // The watcher's echo of a pull already read, and a look on focus: the same bytes.
    await store.reloadMember('sam');
    await store.loadAll();
    assert.equal(told, 0, 'nothing changed, so the views are not told');
    assert.equal(store.state, state, 'and the team is not merged again');
    await ws.write('sam', partnerFile(3));
    await store.reloadMember('sam');
    assert.equal(told, 1, 'a pull with a new check-in is told');
    assert.equal(store.state.entities.checkIn.size, 3);
    await ws.write('sam', '{ "format": 1, ');
    await store.reloadMember('sam');
    assert.equal(told, 2, 'a file that can no longer be read is told (the problem shows)');
    assert.equal(store.state.entities.checkIn.size, 3, 'its last good data is kept');
    await store.reloadMember('sam');
    assert.equal(told, 2, 'the same problem again is not');
    await store.update((edit) => edit.create('checkIn', 'ci-alex', { ...checkInFields('alex', 0) }));
    assert.equal(told, 3, 'my own write is told: it changes my records in place');
    assert.equal(store.state.entities.checkIn.size, 4);
  });

  /** Found by a review of this change: who I am, and a load under way, are part of what the state is made of. */
  describe('what a reload that changes nothing must still tell', () => {
    it('tells the views when who I am changes with the files unchanged (accord.me, Set Up), and keeps the state', async () => {
      await ws.write('alex', fileOf('alex', 1));
      await ws.write('sam', fileOf('sam', 2));
      const store = new AccordStore({ root: ws.root, me: 'alex' });
      await store.loadAll();
      let told = 0;
      store.onDidChange(() => told++);
      // AccordWorkspace: resolveMe() sets store.me, then reload() = loadAll()
      store.me = 'sam';
      await store.loadAll();
      assert.equal(told, 1, 'me changed: the views (my goals, isSetUp, status bar) must be told');
      assert.equal(store.state.entities.checkIn.size, 3);
    });

    it('tells the views when the folder becomes trusted with the files unchanged', async () => {
      await ws.write('alex', fileOf('alex', 1));
      const store = new AccordStore({ root: ws.root, me: 'alex', readOnly: true });
      await store.loadAll();
      let told = 0;
      store.onDidChange(() => told++);
      store.readOnly = false;
      await store.loadAll();
      assert.equal(told, 1, 'trust granted: views showing read-only must be told');
    });

    /**
     * A load (a look on focus) overlapping a git checkout that removes sam's file and puts it
     * back with the same bytes, with the team merged by `merge` while sam's file is gone.
     * Returns the store once the load has ended.
     */
    async function loadAcrossCheckout(merge: (store: AccordStore) => Promise<TeamState>): Promise<AccordStore> {
      // 16 members read before sam (the load reads 16 files at a time, in order).
      const early = Array.from({ length: 16 }, (_, i) => `a${String(i).padStart(2, '0')}`);
      for (const m of early) await ws.write(m, fileOf(m, 1));
      await ws.write('sam', fileOf('sam', 1));
      const store = new AccordStore({ root: ws.root, me: 'alex' });
      await store.loadAll();
      void store.state;
      // A pull: sam has 2 check-ins now; told, and nobody has merged yet.
      await ws.write('sam', fileOf('sam', 2));
      await store.reloadMember('sam');
      assert.equal(store.settled, false);
      let releaseEarly!: () => void;
      let releaseA01!: () => void;
      const earlyGate = new Promise<void>((r) => (releaseEarly = r));
      const a01 = new Promise<void>((r) => (releaseA01 = r));
      let paused = 0;
      let allPaused!: () => void;
      const allPausedP = new Promise<void>((r) => (allPaused = r));
      let samTaken!: () => void;
      const samTakenP = new Promise<void>((r) => (samTaken = r));
      let inLoad = true;
      store.afterRead = async (member) => {
        if (!inLoad) return;
        if (early.includes(member)) {
          if (++paused === 16) allPaused();
          await earlyGate;
          if (member === 'a01') await a01;
        }
        if (member === 'sam') {
          inLoad = false; // the later reloadMember(sam) is not held
          setImmediate(samTaken);
        }
      };
      const load = store.loadAll();
      await allPausedP;
      const samBytes = await ws.readBytes('sam');
      await rm(ws.fileOf('sam')); // git checkout: the file is gone for a moment
      releaseEarly(); // the load moves on to sam, reads nothing, takes "no file"
      await samTakenP;
      assert.equal((await merge(store)).entities.checkIn.size, 16, 'part-way: sam is missing');
      await ws.write('sam', samBytes); // git puts it back, the same bytes
      await store.reloadMember('sam'); // the watcher's event
      releaseA01();
      await load;
      assert.equal(store.members.includes('sam'), true);
      return store;
    }

    it('does not keep a state merged while a load was part-way (a file gone for a moment), once the load ends where it began', async () => {
      const store = await loadAcrossCheckout(async (s) => s.state);
      assert.equal(store.state.entities.checkIn.size, 18, "sam's two check-ins are in the team's state");
    });

    it('nor one merged in steps (settledState) meanwhile', async () => {
      const store = await loadAcrossCheckout((s) => s.settledState());
      await store.loadAll(); // a later look on focus: the same bytes
      assert.equal(await store.changedOnDisk(), false, 'nothing on disk says otherwise');
      assert.equal((await store.settledState()).entities.checkIn.size, 18, "sam's two check-ins are in the team's state");
    });
  });

  describe('an echo that lands while the merge in steps runs (found by a review of 88884b9)', function () {
    this.timeout(120_000);

    /**
     * A team of 24,000 check-ins, changed by `change` (told once), then `echo` (a reload of the
     * very bytes already read) while the merge in steps that the change started is under way.
     * Returns how many times the views were told and how often the merge was restarted.
     */
    async function echoDuringMerge(change: (store: AccordStore) => Promise<unknown>, echo: (store: AccordStore) => Promise<unknown>) {
      await ws.write('alex', fileOf('alex', 12_000));
      await ws.write('sam', fileOf('sam', 12_000));
      const store = new AccordStore({ root: ws.root, me: 'alex' });
      await store.loadAll();
      await store.settledState();
      let told = 0;
      store.onDidChange(() => told++);
      await change(store);
      assert.equal(told, 1);
      const generation = () => (store as unknown as { generation: number }).generation;
      const before = generation();
      let settling!: Promise<TeamState>;
      let underWay = false;
      store.afterRead = async () => {
        settling = store.settledState(); // AccordWorkspace.settleThenFire: the merge in steps, started meanwhile
        await new Promise((r) => setImmediate(r));
        underWay = !store.settled;
      };
      await echo(store);
      store.afterRead = undefined;
      assert.ok(underWay, 'the merge was under way when the echo was taken');
      const state = await settling;
      return { state, told, restarts: generation() - before };
    }

    it("the watcher's echo of a pull already read neither tells again nor restarts the merge under way", async () => {
      const { state, told, restarts } = await echoDuringMerge(
        async (store) => {
          await ws.write('sam', fileOf('sam', 12_001)); // a pull: one more check-in
          await store.reloadMember('sam');
        },
        (store) => store.reloadMember('sam'),
      );
      assert.equal(state.entities.checkIn.size, 24_001);
      assert.deepEqual({ told, restarts }, { told: 1, restarts: 0 });
    });

    it('the echo of my own write, landing while its merge runs, neither tells again nor restarts it', async () => {
      const { state, told, restarts } = await echoDuringMerge(
        (store) => store.update((edit) => edit.create('checkIn', 'ci-alex-new', { ...checkInFields('alex', 0) })),
        (store) => store.reloadMember('alex'),
      );
      assert.equal(state.entities.checkIn.size, 24_001);
      assert.deepEqual({ told, restarts }, { told: 1, restarts: 0 });
    });
  });

  describe('a read my own write overtakes', () => {
    /** Lands a check-in of mine in the gap after the store has read `member`'s file once, before it takes what it read. */
    function writeDuringRead(store: AccordStore, member: string, k: number): { landed: () => boolean } {
      let landed = false;
      store.afterRead = async (read) => {
        if (read !== member || landed) return;
        landed = true;
        // In use the write's own read parses the file anew when it lands inside the read's
        // parse (the adapter drops its cache as it writes), so the read holds an object the
        // write never touched: dropping the cache here makes that happen on demand.
        (store as unknown as { caches: Map<string, unknown> }).caches.clear();
        await store.update((edit) => edit.set(checkInId('alex', k), 'checkIn', checkInFields('alex', k)));
      };
      return { landed: () => landed };
    }

    it('a reload of my file that began before my write does not put the older file back', async () => {
      const store = new AccordStore({ root: ws.root, me: 'alex' });
      await store.update((edit) => edit.set(checkInId('alex', 0), 'checkIn', checkInFields('alex', 0)));
      await store.loadAll();
      const gap = writeDuringRead(store, 'alex', 1);
      await store.reloadMember('alex');
      assert.ok(gap.landed(), 'the write landed inside the read');
      assert.deepEqual([...store.state.entities.checkIn.keys()].sort(), [checkInId('alex', 0), checkInId('alex', 1)]);
      assert.equal(await store.changedOnDisk(), false, 'the write is not taken for a change from outside');
    });

    it('a whole load that began before my write keeps it, even when the write made my file', async () => {
      const store = new AccordStore({ root: ws.root, me: 'alex' });
      await ws.write('sam', partnerFile(1));
      const gap = writeDuringRead(store, 'sam', 2);
      await store.loadAll();
      assert.ok(gap.landed());
      assert.deepEqual([...store.state.entities.checkIn.keys()].sort(), [checkInId('alex', 2), checkInId('sam', 0)]);
      assert.equal(await store.changedOnDisk(), false);
      store.afterRead = undefined;
      await store.loadAll();
      assert.equal(store.state.entities.checkIn.size, 2, 'the next load reads the same');
    });
  });
});
