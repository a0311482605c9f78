/**
 * AccordStore.changedOnDisk: the cheap look (a listing and one lstat per file) that keeps live
 * updates working when the file watcher reports nothing (issue 13 §3 and §6).
 */
import { strict as assert } from 'node:assert';
import { rm, utimes } from 'node:fs/promises';
import { AccordStore } from '../../src/store';
import { checkInFields, checkInId, memberFileText, record, type TempWorkspace, tempWorkspace } from '../helpers/memberFiles';

describe('store: changes on disk without a watcher event', () => {
  let ws: TempWorkspace;
  beforeEach(async () => {
    ws = await tempWorkspace('accord-changed-');
  });
  afterEach(() => ws.cleanup());

  const partnerFile = (k: number) =>
    memberFileText('sam', Object.fromEntries(Array.from({ length: k }, (_, i) => [checkInId('sam', i), record('checkIn', checkInFields('sam', i), i + 1)])));

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
});
