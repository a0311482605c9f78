import { strict as assert } from 'node:assert';
import { authorSources } from './helpers/authorFiles';
import { materializeSources, type TeamState } from '../../src/core';
import { PlanDraftModel } from '../../src/planning/draft';

type Fields = { kind: string } & Record<string, unknown>;

function team(entities: Record<string, Fields>): TeamState {
  const records = Object.fromEntries(
    Object.entries(entities).map(([id, { kind, ...fields }]) => [id, { kind, fields, clocks: Object.fromEntries(Object.keys(fields).map((k) => [k, 1])) }]),
  );
  return materializeSources(authorSources(records, 'alex'));
}

const base = (title: string, fields: Record<string, unknown> = {}): Fields => ({
  kind: 'microGoal',
  title,
  owner: 'alex',
  done: false,
  createdAt: '2026-11-01T09:00:00.000Z',
  ...fields,
});

function backlogState(extra: Record<string, Fields> = {}): TeamState {
  return team({
    'member:alex': { kind: 'member', name: 'Alex', timeZone: 'UTC', capacityHours: 10 },
    'member:sam': { kind: 'member', name: 'Sam', timeZone: 'UTC', capacityHours: 10 },
    'mg-a': base('A', { order: 1, due: '2026-11-30' }),
    'mg-b': base('B', { order: 2 }),
    'mg-c': base('C', { order: 3, due: '2027-01-10', estimateHours: 2 }),
    'mg-done': base('done', { order: 0, done: true }),
    ...extra,
  });
}

describe('planning draft: the backlog', () => {
  it('holds open micro-goals by priority, with what is due in the cycle ticked', () => {
    const draft = new PlanDraftModel('2026-11-24', '2026-12-07');
    const backlog = draft.backlog(backlogState());
    assert.deepEqual(
      backlog.map((i) => i.id),
      ['mg-a', 'mg-b', 'mg-c'],
    );
    assert.deepEqual(
      backlog.map((i) => i.inCycle),
      [true, false, false],
    );
  });

  it('puts micro-goals without an order after the ordered ones, by due date', () => {
    const state = backlogState({ 'mg-x': base('X', { due: '2026-12-02' }), 'mg-y': base('Y', { due: '2026-11-25' }) });
    const ids = new PlanDraftModel('2026-11-24', '2026-12-07').backlog(state).map((i) => i.id);
    assert.deepEqual(ids, ['mg-a', 'mg-b', 'mg-c', 'mg-y', 'mg-x']);
  });

  it('moves one item by changing only its own order when there is room', () => {
    const state = backlogState();
    const draft = new PlanDraftModel('2026-11-24', '2026-12-07');
    draft.move(state, 'mg-c', 0);
    assert.deepEqual(
      draft.backlog(state).map((i) => i.id),
      ['mg-c', 'mg-a', 'mg-b'],
    );
    assert.deepEqual(Object.keys(draft.toJSON().patches), ['mg-c']);
    draft.move(state, 'mg-c', 1);
    assert.deepEqual(
      draft.backlog(state).map((i) => i.id),
      ['mg-a', 'mg-c', 'mg-b'],
    );
    assert.equal(draft.toJSON().patches['mg-c']!.order, 1.5);
    draft.move(state, 'mg-a', 2);
    assert.deepEqual(
      draft.backlog(state).map((i) => i.id),
      ['mg-c', 'mg-b', 'mg-a'],
    );
  });

  it('numbers everything when some items were never ordered', () => {
    const state = backlogState({ 'mg-x': base('X') });
    const draft = new PlanDraftModel('2026-11-24', '2026-12-07');
    draft.move(state, 'mg-x', 0);
    const backlog = draft.backlog(state);
    assert.deepEqual(
      backlog.map((i) => i.id),
      ['mg-x', 'mg-a', 'mg-b', 'mg-c'],
    );
    assert.deepEqual(
      backlog.map((i) => i.order),
      [1, 2, 3, 4],
    );
  });

  it('survives hundreds of moves between the same two neighbours', () => {
    const state = backlogState();
    const draft = new PlanDraftModel('2026-11-24', '2026-12-07');
    for (let i = 0; i < 200; i++) draft.move(state, i % 2 ? 'mg-b' : 'mg-c', 1);
    const ids = draft.backlog(state).map((i) => i.id);
    assert.equal(new Set(ids).size, 3);
    assert.equal(ids[0], 'mg-a');
  });

  it('adds, edits and removes new micro-goals', () => {
    const state = backlogState();
    const draft = new PlanDraftModel('2026-11-24', '2026-12-07');
    const id = draft.add(state, { title: 'New', owner: 'sam' });
    draft.update(id, { estimateHours: 3, due: '2026-12-01' });
    let item = draft.backlog(state).at(-1)!;
    assert.deepEqual([item.id, item.isNew, item.inCycle, item.estimateHours, item.due], [id, true, true, 3, '2026-12-01']);
    draft.update(id, { due: null });
    item = draft.backlog(state).at(-1)!;
    assert.equal(item.due, undefined);
    assert.ok(draft.remove(id));
    assert.equal(draft.remove('mg-a'), false, 'existing work leaves the cycle instead');
    assert.ok(draft.isEmpty);
  });

  it('round-trips through JSON for a window reload', () => {
    const state = backlogState();
    const draft = new PlanDraftModel('2026-11-24', '2026-12-07');
    draft.move(state, 'mg-c', 0);
    draft.update('mg-b', { owner: 'sam', inCycle: true });
    draft.add(state, { title: 'New', owner: 'alex' });
    const again = PlanDraftModel.fromJSON(JSON.parse(JSON.stringify(draft.toJSON())));
    assert.deepEqual(again.backlog(state), draft.backlog(state));
  });
});

describe('planning draft: what Commit writes', () => {
  it('writes only the fields the session changed, and a due date for committed work without one', () => {
    const state = backlogState();
    const draft = new PlanDraftModel('2026-11-24', '2026-12-07');
    draft.update('mg-b', { owner: 'sam', estimateHours: 4, inCycle: true });
    draft.update('mg-a', { owner: 'alex' }); // unchanged value: nothing to write
    const id = draft.add(state, { title: 'New', owner: 'alex', goal: 'g-1' });
    const ops = draft.commitOps(state, '2026-11-24T10:00:00.000Z', 'alex');
    assert.deepEqual(ops.updates, [{ id: 'mg-b', fields: { estimateHours: 4, due: '2026-12-07' } }]);
    // Handing B to Sam is Sam's to accept.
    assert.deepEqual(ops.proposals, [{ microGoal: 'mg-b', change: { owner: 'sam' } }]);
    assert.deepEqual(ops.creates, [
      { id, fields: { title: 'New', owner: 'alex', done: false, createdAt: '2026-11-24T10:00:00.000Z', order: 4, goal: 'g-1', due: '2026-12-07' } },
    ]);
    assert.deepEqual(ops.committed, ['mg-a', 'mg-b', id]);
  });

  it('clears a field the session emptied', () => {
    const state = backlogState();
    const draft = new PlanDraftModel('2026-11-24', '2026-12-07');
    draft.update('mg-c', { estimateHours: null });
    assert.deepEqual(draft.commitOps(state, '2026-11-24T10:00:00.000Z', 'alex').updates, [{ id: 'mg-c', fields: { estimateHours: null } }]);
  });

  it('leaves alone what a partner changed meanwhile, and work finished meanwhile', () => {
    const draft = new PlanDraftModel('2026-11-24', '2026-12-07');
    draft.update('mg-b', { estimateHours: 4 });
    draft.update('mg-c', { owner: 'sam' });
    // A git pull: Sam retitled B and finished C while the session was planning.
    const pulled = backlogState({ 'mg-b': base('B, smaller', { order: 2, due: '2026-12-20' }), 'mg-c': base('C', { order: 3, done: true }) });
    const ops = draft.commitOps(pulled, '2026-11-24T10:00:00.000Z', 'alex');
    assert.deepEqual(ops.updates, [{ id: 'mg-b', fields: { estimateHours: 4 } }]);
    assert.deepEqual(
      draft.backlog(pulled).map((i) => [i.id, i.title]),
      [
        ['mg-a', 'A'],
        ['mg-b', 'B, smaller'],
      ],
    );
  });

  it("writes on a partner's micro-goals only what anyone may write, and proposes the rest to them (design.md §2, Authority)", () => {
    const state = backlogState();
    const draft = new PlanDraftModel('2026-11-24', '2026-12-07');
    // Sam plans: Alex's A gets a new estimate and a due date and moves to the end; Alex's B goes to Sam.
    draft.update('mg-a', { estimateHours: 6, due: '2026-12-01' });
    draft.move(state, 'mg-a', 2);
    draft.update('mg-b', { owner: 'sam' });
    const forAlex = draft.add(state, { title: 'For Alex', owner: 'alex' });
    const ops = draft.commitOps(state, '2026-11-24T10:00:00.000Z', 'sam');
    assert.ok(
      ops.updates.every((u) => Object.keys(u.fields).every((f) => f === 'order' || f === 'goal')),
      JSON.stringify(ops.updates),
    );
    assert.ok(ops.updates.some((u) => u.id === 'mg-a'));
    assert.deepEqual(
      ops.proposals,
      [
        { microGoal: 'mg-b', change: { owner: 'sam' } },
        { microGoal: 'mg-a', change: { due: '2026-12-01' } },
        { microGoal: forAlex, change: { owner: 'alex' } },
      ].sort((x, y) => ops.proposals.findIndex((p) => p.microGoal === x.microGoal) - ops.proposals.findIndex((p) => p.microGoal === y.microGoal)),
    );
    assert.deepEqual(ops.leftToOwner, [{ microGoal: 'mg-a', owner: 'alex', fields: ['estimate'] }]);
    // A new micro-goal is created as Sam's, then offered to Alex.
    assert.equal(ops.creates.find((c) => c.id === forAlex)?.fields.owner, 'sam');
  });
});
