import { strict as assert } from 'node:assert';
import { teamOfEntities } from './helpers/authorFiles';
import { CREATED, teamBuilder, type TeamBuilder } from './helpers/teamBuilder';
import { materializeSources, type TeamState } from '../../src/core';
import {
  capacityMembers,
  capacityReport,
  capacityView,
  capacityWords,
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

/** Alex and Sam, in a Monday–Friday team (the default week). */
function pair(): TeamBuilder {
  return teamBuilder()
    .team({ workingDays: [1, 2, 3, 4, 5] })
    .member('alex', { name: 'Alex Rivera', timeZone: 'UTC', capacityHours: 15 })
    .member('sam', { name: 'Sam Okafor', timeZone: 'UTC', capacityHours: 10 });
}

/** Two full weeks, Monday 2 to Sunday 15 November 2026. */
const TWO_WEEKS = { start: '2026-11-02', end: '2026-11-15' };

describe('capacity: the arithmetic', () => {
  it('turns weekly hours into hours for the working days of the cycle', () => {
    const state = pair().build();
    assert.equal(cycleCapacityHours(state, 'sam', TWO_WEEKS).hours, 20);
    assert.equal(cycleCapacityHours(state, 'sam', { start: '2026-11-02', end: '2026-11-08' }).hours, 10);
    // Mon 2 to Wed 11: 8 working days of 2 h.
    assert.equal(cycleCapacityHours(state, 'sam', { start: '2026-11-02', end: '2026-11-11' }).hours, 16);
    assert.equal(cycleCapacityHours(state, 'nobody', TWO_WEEKS).hours, 0);
  });

  it('a cycle that ends before it starts has no capacity, and a hostile, very long one is bounded', () => {
    const state = pair().build();
    assert.deepEqual(cycleCapacityHours(state, 'sam', { start: '2026-11-15', end: '2026-11-02' }), { hours: 0, days: 0, lost: [] });
    const long = cycleCapacityHours(state, 'sam', { start: '2026-01-01', end: '2099-12-31' });
    assert.ok(long.days > 500 && long.days < 530, `two years of working days, not ${long.days}`);
  });

  it('rounds hours to one decimal so sums read cleanly', () => {
    assert.equal(roundHours(0.1 + 0.2), 0.3);
    assert.equal(formatHours(0.1 + 0.2), '0.3 h');
    assert.equal(formatHours(6), '6 h');
    assert.equal(formatHours(1.25), '1.3 h');
  });

  it('adds each member’s estimates against their capacity', () => {
    const report = capacityReport(
      pair().build(),
      [
        { owner: 'sam', estimateHours: 8 },
        { owner: 'sam', estimateHours: 10 },
        { owner: 'sam', estimateHours: 8 },
        { owner: 'alex', estimateHours: 4 },
        { owner: 'alex' },
      ],
      TWO_WEEKS,
    );
    assert.deepEqual(report, [
      { member: 'alex', name: 'Alex Rivera', capacityHours: 30, loadHours: 4, unestimated: 1, items: 2, overBy: 0, lost: [] },
      { member: 'sam', name: 'Sam Okafor', capacityHours: 20, loadHours: 26, unestimated: 0, items: 3, overBy: 6, lost: [] },
    ]);
  });

  it('names an over-commitment with who and by how much, and nothing within capacity', () => {
    const report = capacityReport(pair().build(), [{ owner: 'sam', estimateHours: 26 }], TWO_WEEKS);
    assert.equal(overCommitmentMessage(report[1]!, 'Sam'), 'Sam is 6 h over capacity (26 h of 20 h)');
    assert.equal(overCommitmentMessage(report[0]!), undefined, 'no message within capacity');
    assert.deepEqual(overCommitments(report), ['Sam is 6 h over capacity (26 h of 20 h)']);
  });

  it('is exactly at capacity without a warning', () => {
    const report = capacityReport(pair().build(), [{ owner: 'sam', estimateHours: 20 }], TWO_WEEKS);
    assert.equal(report[1]!.overBy, 0);
    assert.deepEqual(overCommitments(report), []);
  });

  it('keeps work of someone without a profile visible, without judging it', () => {
    const report = capacityReport(pair().build(), [{ owner: 'robin', estimateHours: 3 }], TWO_WEEKS);
    assert.deepEqual(report[2], { member: 'robin', name: 'robin', capacityHours: undefined, loadHours: 3, unestimated: 0, items: 1, overBy: 0, lost: [] });
    assert.deepEqual(overCommitments(report), []);
    assert.equal(capacityWords(report[2]!, 'robin', TWO_WEEKS.start), 'robin: no profile yet');
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
    const report = capacityReport(materializeSources([]), [{ owner: 'kim_b' }, { owner: 'kim-a' }], TWO_WEEKS);
    assert.deepEqual(
      report.map((r) => r.member),
      ['kim-a', 'kim_b'],
    );
  });
});

describe('capacity: away days and holidays (issue 18 §4)', () => {
  const away = (b: TeamBuilder, member: string, id: string, from: string, to: string) => b.put(member, id, 'away', { member, from, to, at: CREATED });
  const holiday = (b: TeamBuilder, by: string, id: string, day: string, name: string) => b.put(by, id, 'holiday', { day, name, at: CREATED });

  it('takes a member’s away days out of the cycle, and the over-commitment warning follows', () => {
    // Dana, 20 h a week, away Tue 3 to Thu 5 November: 7 of the 10 working days, 14 h.
    const b = pair().member('dana', { name: 'Dana Ng', timeZone: 'UTC', capacityHours: 20 });
    const state = away(b, 'dana', 'away-dana', '2026-11-03', '2026-11-05').build();
    const report = capacityReport(state, [{ owner: 'dana', estimateHours: 20 }], TWO_WEEKS);
    const dana = report.find((r) => r.member === 'dana')!;
    assert.equal(dana.capacityHours, 28);
    assert.deepEqual(dana.lost, [{ from: '2026-11-03', to: '2026-11-05', away: true }]);
    assert.deepEqual(overCommitments(report), []);
    const week = capacityReport(state, [{ owner: 'dana', estimateHours: 20 }], { start: '2026-11-02', end: '2026-11-08' });
    assert.deepEqual(overCommitments(week), ['Dana is 12 h over capacity (20 h of 8 h)']);
    assert.deepEqual(
      capacityView(week, '2026-11-02').map((r) => r.words),
      ['Alex: 15 h', 'Dana: 8 h, away Tue–Thu', 'Sam: 10 h'],
    );
  });

  it('a Sunday–Thursday team: Friday and Saturday are no loss, a Sunday away is', () => {
    const b = teamBuilder()
      .team({ workingDays: [0, 1, 2, 3, 4] })
      .member('noa', { name: 'Noa Levi', timeZone: 'Asia/Jerusalem', capacityHours: 40 });
    away(b, 'noa', 'away-noa', '2026-11-06', '2026-11-08'); // Fri to Sun
    const report = capacityReport(b.build(), [], { start: '2026-11-01', end: '2026-11-14' });
    assert.equal(report[0]!.capacityHours, 72, '8 h a day for the 9 of 10 working days she is there');
    assert.equal(capacityView(report, '2026-11-01')[0]!.words, 'Noa: 72 h, away Sun 8 Nov');
  });

  it('holidays in several zones: a team holiday is everyone’s own day, a regional one only its member’s', () => {
    const b = pair()
      .member('kai', { name: 'Kai Tane', timeZone: 'Pacific/Auckland', capacityHours: 10 })
      .member('lee', { name: 'Lee Park', timeZone: 'America/Los_Angeles', capacityHours: 10 });
    holiday(b, 'alex', 'hol-x', '2026-12-25', 'Christmas Day');
    b.put('lee', 'rhol-lee', 'regionalHoliday', { member: 'lee', day: '2026-12-24', name: 'Christmas Eve', at: CREATED });
    const report = capacityReport(b.build(), [], { start: '2026-12-21', end: '2026-12-27' });
    const words = capacityView(report, '2026-12-21').map((r) => r.words);
    assert.deepEqual(words, ['Alex: 12 h, off Fri', 'Kai: 8 h, off Fri', 'Lee: 6 h, off Thu–Fri', 'Sam: 8 h, off Fri']);
  });
});
