import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AWAY_ID_PREFIX, awayWords, HOLIDAY_ID_PREFIX, imBackEdits, isAvailableOn } from '../../src/core';
import { AccordStore } from '../../src/store';

/**
 * Issue 18 through the real store: away periods and holidays written by Accord's own Edit,
 * read back from disk by a partner's clone, merged with the partner's own writes; a bad value
 * in a hand-edited file named in the store's words.
 */
describe('store: away periods and holidays (issue 18)', function () {
  this.timeout(20000);
  const AT = '2026-12-18T09:00:00.000Z';
  let base: string;
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'accord-away-'));
  });
  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  async function clone(name: string, me: string): Promise<AccordStore> {
    const root = join(base, name);
    await mkdir(join(root, '.accord', 'people'), { recursive: true });
    const store = new AccordStore({ root, me });
    await store.loadAll();
    await store.update((e) => e.set(`member:${me}`, 'member', { name: me, timeZone: 'Europe/Berlin', capacityHours: 20 }));
    return store;
  }

  /** git push + pull: `to` gets `from`'s own file. */
  async function sync(from: AccordStore, to: AccordStore): Promise<void> {
    await writeFile(to.fileOf(from.me!), await readFile(from.fileOf(from.me!)));
    await to.loadAll();
  }

  it("Set Away, Add Holiday by two members, and I'm Back reach the partner's clone", async () => {
    const alice = await clone('alice', 'alice');
    const bob = await clone('bob', 'bob');
    const period = await alice.update((e) =>
      e.create('away', AWAY_ID_PREFIX, { member: 'alice', from: '2026-12-21', to: '2027-01-04', note: 'Back on the 5th', at: AT }),
    );
    await alice.update((e) => e.create('holiday', HOLIDAY_ID_PREFIX, { day: '2026-12-25', name: 'Christmas Day', at: AT }));
    await bob.update((e) => e.create('holiday', HOLIDAY_ID_PREFIX, { day: '2026-12-24', name: 'Christmas Eve', at: AT }));
    await sync(alice, bob);
    await sync(bob, alice);
    for (const store of [alice, bob]) {
      assert.equal(awayWords(store.state, 'alice', '2026-12-28'), 'away until Mon 4 Jan');
      assert.deepEqual([...store.state.entities.holiday.values()].map((h) => h.name).sort(), ['Christmas Day', 'Christmas Eve']);
      assert.equal(isAvailableOn(store.state, 'bob', '2026-12-24'), false);
      assert.deepEqual(store.state.refused, []);
    }
    // I'm Back on Mon 28 Dec, as the command will write it.
    await alice.update((e) => {
      for (const edit of imBackEdits(alice.state, 'alice', '2026-12-28')) {
        if ('remove' in edit) e.delete(edit.id, 'away');
        else e.set(edit.id, 'away', { to: edit.to });
      }
    });
    await sync(alice, bob);
    assert.equal(bob.state.entities.away.get(period)!.to, '2026-12-27');
    assert.equal(isAvailableOn(bob.state, 'alice', '2026-12-28'), true);
  });

  it("a partner's I'm Back on my behalf, written in his file, is refused and named", async () => {
    const alice = await clone('alice', 'alice');
    const bob = await clone('bob', 'bob');
    const period = await alice.update((e) => e.create('away', AWAY_ID_PREFIX, { member: 'alice', from: '2026-12-21', to: '2027-01-04', at: AT }));
    await sync(alice, bob);
    await bob.update((e) => e.set(period, 'away', { to: '2026-12-21' }));
    await sync(bob, alice);
    assert.equal(alice.state.entities.away.get(period)!.to, '2027-01-04');
    assert.deepEqual(
      alice.state.refused.map((r) => [r.member, r.entity, r.field, r.why]),
      [['bob', period, 'to', 'only alice writes this away period']],
    );
  });

  it('Edit refuses what the schema refuses: a note over 300 characters, hours that end before they start', async () => {
    const alice = await clone('alice', 'alice');
    await assert.rejects(
      alice.update((e) => e.create('away', AWAY_ID_PREFIX, { member: 'alice', from: '2026-12-21', to: '2026-12-22', note: 'x'.repeat(301), at: AT })),
      /Invalid away note: Invalid length: Expected <=300 but received 301/,
    );
    await assert.rejects(
      alice.update((e) => e.set('member:alice', 'member', { workingHours: { start: '17:30', end: '09:00' } })),
      /Invalid member workingHours: working hours that end after they start, like 09:00–17:30/,
    );
  });

  it('a hand-edited away period with a bad day is named with its file, entity and field, and the rest of the team still loads', async () => {
    const alice = await clone('alice', 'alice');
    const bob = await clone('bob', 'bob');
    await bob.update((e) => e.create('away', AWAY_ID_PREFIX, { member: 'bob', from: '2026-12-21', to: '2026-12-22', at: AT }));
    const text = (await readFile(bob.fileOf('bob'), 'utf8')).replace('"2026-12-22"', '"22.12.2026"');
    await writeFile(alice.fileOf('bob'), text);
    await alice.loadAll();
    assert.equal(alice.errors.length, 1);
    assert.match(alice.errors[0]!.message, /bob\.json:\d+(:\d+)?: Field "to" of away "away-[a-z0-9]{12}": expected a date like 2026-03-14/);
    assert.ok(alice.state.entities.member.has('member:alice'));
  });
});
