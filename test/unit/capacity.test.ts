import { strict as assert } from 'node:assert';
import { teamOfEntities } from './helpers/authorFiles';
import { materializeSources, type TeamState } from '../../src/core';
import {
  capacityMembers,
  capacityReport,
  cycleCapacityHours,
  cycleItems,
  formatHours,
  overCommitmentMessage,
  overCommitments,
  roundHours,
  shortNames,
} from '../../src/core/capacity';

type Fields = { kind: string } & Record<string, unknown>;

/** Each entity in the file of the member who may write it, as the merge requires. */
function team(entities: Record<string, Fields>): TeamState {
  return teamOfEntities(entities);
}

const members = [
  { id: 'alex', name: 'Alex Rivera', capacityHours: 15 },
  { id: 'sam', name: 'Sam Okafor', capacityHours: 10 },
];

describe('capacity: the arithmetic', () => {
  it('turns weekly hours into hours for the cycle', () => {
    assert.equal(cycleCapacityHours(10, 14), 20);
    assert.equal(cycleCapacityHours(10, 7), 10);
    assert.equal(cycleCapacityHours(7.5, 10), 10.7);
    assert.equal(cycleCapacityHours(0, 14), 0);
  });

  it('rounds hours to one decimal so sums read cleanly', () => {
    assert.equal(roundHours(0.1 + 0.2), 0.3);
    assert.equal(formatHours(0.1 + 0.2), '0.3 h');
    assert.equal(formatHours(6), '6 h');
    assert.equal(formatHours(1.25), '1.3 h');
  });

  it('adds each member’s estimates against their capacity', () => {
    const report = capacityReport(
      members,
      [
        { owner: 'sam', estimateHours: 8 },
        { owner: 'sam', estimateHours: 10 },
        { owner: 'sam', estimateHours: 8 },
        { owner: 'alex', estimateHours: 4 },
        { owner: 'alex' },
      ],
      14,
    );
    assert.deepEqual(report, [
      { member: 'alex', name: 'Alex Rivera', capacityHours: 30, loadHours: 4, unestimated: 1, items: 2, overBy: 0 },
      { member: 'sam', name: 'Sam Okafor', capacityHours: 20, loadHours: 26, unestimated: 0, items: 3, overBy: 6 },
    ]);
  });

  it('names who is over capacity and by how much, calmly', () => {
    const report = capacityReport(members, [{ owner: 'sam', estimateHours: 26 }], 14);
    assert.equal(overCommitmentMessage(report[1]!, 'Sam'), 'Sam is 6 h over capacity (26 h of 20 h)');
    assert.equal(overCommitmentMessage(report[0]!), undefined, 'no message within capacity');
    assert.deepEqual(overCommitments(report), ['Sam is 6 h over capacity (26 h of 20 h)']);
  });

  it('is exactly at capacity without a warning', () => {
    const report = capacityReport(members, [{ owner: 'sam', estimateHours: 20 }], 14);
    assert.equal(report[1]!.overBy, 0);
    assert.deepEqual(overCommitments(report), []);
  });

  it('keeps work of someone without a profile visible, without judging it', () => {
    const report = capacityReport(members, [{ owner: 'robin', estimateHours: 3 }], 14);
    assert.deepEqual(report[2], { member: 'robin', name: 'robin', capacityHours: undefined, loadHours: 3, unestimated: 0, items: 1, overBy: 0 });
    assert.deepEqual(overCommitments(report), []);
  });

  it('uses first names in sentences unless two people share one', () => {
    assert.deepEqual([...shortNames(members).values()], ['Alex', 'Sam']);
    const twoSams = shortNames([...members, { id: 'sam2', name: 'Sam Lee' }]);
    assert.equal(twoSams.get('sam'), 'Sam Okafor');
    assert.equal(twoSams.get('sam2'), 'Sam Lee');
    assert.equal(twoSams.get('alex'), 'Alex');
  });
});

describe('capacity: what fills a cycle', () => {
  const state = team({
    'member:alex': { kind: 'member', name: 'Alex Rivera', timeZone: 'UTC', capacityHours: 15 },
    'member:sam': { kind: 'member', name: 'Sam Okafor', timeZone: 'UTC', capacityHours: 10 },
    'mg-in': { kind: 'microGoal', title: 'in', owner: 'sam', due: '2026-12-01', done: false, createdAt: '2026-11-20T09:00:00.000Z', estimateHours: 3 },
    'mg-overdue': { kind: 'microGoal', title: 'overdue', owner: 'sam', due: '2026-11-01', done: false, createdAt: '2026-10-20T09:00:00.000Z' },
    'mg-later': { kind: 'microGoal', title: 'later', owner: 'alex', due: '2027-01-01', done: false, createdAt: '2026-11-20T09:00:00.000Z' },
    'mg-nodue': { kind: 'microGoal', title: 'no due', owner: 'alex', done: false, createdAt: '2026-11-20T09:00:00.000Z' },
    'mg-done': {
      kind: 'microGoal',
      title: 'done',
      owner: 'alex',
      due: '2026-11-25',
      done: true,
      doneAt: '2026-11-25T09:00:00.000Z',
      createdAt: '2026-11-20T09:00:00.000Z',
    },
  });

  it('takes open work due by the cycle’s end, and whatever the session committed', () => {
    const cycle = { start: '2026-11-24', end: '2026-12-07' };
    assert.deepEqual(
      cycleItems(state, cycle)
        .map((m) => m.id)
        .sort(),
      ['mg-in', 'mg-overdue'],
    );
    assert.deepEqual(
      cycleItems(state, cycle, new Set(['mg-done', 'mg-nodue']))
        .map((m) => m.id)
        .sort(),
      ['mg-done', 'mg-in', 'mg-nodue', 'mg-overdue'],
    );
  });

  it('lists members by name with their weekly hours', () => {
    assert.deepEqual(capacityMembers(state), [
      { id: 'alex', name: 'Alex Rivera', capacityHours: 15 },
      { id: 'sam', name: 'Sam Okafor', capacityHours: 10 },
    ]);
  });

  it('orders equal names by id in code-unit order, and load of owners without a profile too, the same on every machine', () => {
    // Locale collation puts "_" before "-" (ICU's root order); code units put "-" first.
    const profile = (member: string, name: string) => ({
      member,
      entities: {
        [`member:${member}`]: {
          kind: 'member' as const,
          fields: { name, timeZone: 'UTC', capacityHours: 10 },
          clocks: { name: 1, timeZone: 1, capacityHours: 1 },
        },
      },
    });
    // Each profile in its owner's own file, read in an order that is neither answer.
    const twins = materializeSources([profile('sam_b', 'Sam'), profile('ana', 'ana'), profile('sam-a', 'Sam')]);
    assert.deepEqual(
      capacityMembers(twins).map((m) => m.id),
      ['ana', 'sam-a', 'sam_b'],
    );
    const report = capacityReport([], [{ owner: 'kim_b' }, { owner: 'kim-a' }], 14);
    assert.deepEqual(
      report.map((r) => r.member),
      ['kim-a', 'kim_b'],
    );
  });
});
