import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  byDueThenOrder,
  DONE_RECENTLY_DAYS,
  DUE_GROUPS,
  type DueContext,
  dueContext,
  dueGroup,
  type EntityRecord,
  groupMicroGoals,
  materialize,
  type MicroGoalEntity,
  microGoalsOf,
  overdue,
  stateFromRecords,
  type TeamState,
} from '../../src/core';

function micro(id: string, fields: Partial<MicroGoalEntity> = {}): MicroGoalEntity {
  return { id, title: id, owner: 'ana', done: false, createdAt: '2026-03-01T09:00:00.000Z', ...fields };
}

/** A TeamState holding these entities (as if one member wrote them all). */
function teamOf(entities: { id: string; kind: string; fields: Record<string, unknown> }[]): TeamState {
  const records: Record<string, EntityRecord> = Object.create(null);
  for (const { id, kind, fields } of entities) {
    const clocks = Object.fromEntries(Object.keys(fields).map((name) => [name, 1]));
    records[id] = { kind, fields, clocks };
  }
  return materialize(stateFromRecords('ana', records));
}

function microGoalsTeam(micros: MicroGoalEntity[], members: string[] = []): TeamState {
  return teamOf([
    ...members.map((m) => ({ id: `member:${m}`, kind: 'member', fields: { name: m, timeZone: 'UTC', capacityHours: 10 } })),
    ...micros.map(({ id, ...fields }) => ({ id, kind: 'microGoal', fields })),
  ]);
}

const ids = (list: readonly MicroGoalEntity[]) => list.map((m) => m.id).sort();

// 2026-03-15T11:30Z is Sunday 04:30 in Los Angeles (PDT) and already Monday 00:30 in Auckland (NZDT).
const NOW = new Date('2026-03-15T11:30:00Z');
const LA = dueContext(NOW, 'America/Los_Angeles');
const AKL = dueContext(NOW, 'Pacific/Auckland');
const UTC = dueContext(NOW, 'UTC');

describe('dueContext', () => {
  it("is today in the viewer's time zone", () => {
    assert.deepEqual([LA.today, LA.timeZone, LA.weekEnd], ['2026-03-15', 'America/Los_Angeles', '2026-03-15']);
    assert.deepEqual([AKL.today, AKL.timeZone, AKL.weekEnd], ['2026-03-16', 'Pacific/Auckland', '2026-03-22']);
    assert.deepEqual([UTC.today, UTC.timeZone, UTC.weekEnd], ['2026-03-15', 'UTC', '2026-03-15']);
  });

  it('starts "done recently" at local midnight six days before today', () => {
    assert.equal(new Date(LA.doneSince!).toISOString(), '2026-03-09T07:00:00.000Z'); // Mon 9 Mar 00:00 PDT
    assert.equal(new Date(AKL.doneSince!).toISOString(), '2026-03-09T11:00:00.000Z'); // Tue 10 Mar 00:00 NZDT
    assert.equal(new Date(UTC.doneSince!).toISOString(), '2026-03-09T00:00:00.000Z');
  });
});

describe('dueGroup', () => {
  it("groups by due day relative to the viewer's local day (Los Angeles vs Auckland)", () => {
    const cases: [string | undefined, string, string][] = [
      // due, Los Angeles (Sunday 15th), Auckland (Monday 16th)
      ['2026-03-14', 'overdue', 'overdue'],
      ['2026-03-15', 'today', 'overdue'],
      ['2026-03-16', 'later', 'today'], // Sunday ends the Monday-first week in LA
      ['2026-03-17', 'later', 'thisWeek'],
      ['2026-03-22', 'later', 'thisWeek'],
      ['2026-03-23', 'later', 'later'],
      [undefined, 'later', 'later'],
    ];
    for (const [due, inLa, inAkl] of cases) {
      const m = micro('mg-1', due ? { due } : {});
      assert.equal(dueGroup(m, LA), inLa, `${due} in Los Angeles`);
      assert.equal(dueGroup(m, AKL), inAkl, `${due} in Auckland`);
    }
  });

  it('puts a micro-goal due tomorrow in "this week" on a weekday', () => {
    const wednesday = dueContext(new Date('2026-03-18T12:00:00Z'), 'UTC');
    assert.equal(dueGroup(micro('m', { due: '2026-03-19' }), wednesday), 'thisWeek');
    assert.equal(dueGroup(micro('m', { due: '2026-03-22' }), wednesday), 'thisWeek');
    assert.equal(dueGroup(micro('m', { due: '2026-03-23' }), wednesday), 'later');
  });

  it('follows the local day across a daylight-saving change', () => {
    const due = (day: string) => micro('m', { due: day });
    // Spring forward in Los Angeles, Sunday 2026-03-08 (a 23-hour day).
    const saturdayNight = dueContext(new Date('2026-03-08T07:30:00Z'), 'America/Los_Angeles'); // Sat 23:30 PST
    const sundayMorning = dueContext(new Date('2026-03-08T08:30:00Z'), 'America/Los_Angeles'); // Sun 00:30 PST
    const sundayNight = dueContext(new Date('2026-03-09T06:30:00Z'), 'America/Los_Angeles'); // Sun 23:30 PDT
    assert.equal(dueGroup(due('2026-03-07'), saturdayNight), 'today');
    assert.equal(dueGroup(due('2026-03-08'), saturdayNight), 'thisWeek');
    assert.equal(dueGroup(due('2026-03-07'), sundayMorning), 'overdue');
    assert.equal(dueGroup(due('2026-03-08'), sundayMorning), 'today');
    assert.equal(dueGroup(due('2026-03-08'), sundayNight), 'today');
    // Fall back, Sunday 2026-11-01 (a 25-hour day): 23:30 PST is 07:30Z the next day.
    const lateSunday = dueContext(new Date('2026-11-02T07:30:00Z'), 'America/Los_Angeles');
    assert.equal(lateSunday.today, '2026-11-01');
    assert.equal(dueGroup(due('2026-11-01'), lateSunday), 'today');
    assert.equal(dueGroup(due('2026-11-02'), lateSunday), 'later');
  });

  it('keeps done micro-goals in "Done recently" for DONE_RECENTLY_DAYS days, today included', () => {
    assert.equal(DONE_RECENTLY_DAYS, 7);
    const done = (doneAt?: string, due?: string) => micro('m', { done: true, ...(doneAt ? { doneAt } : {}), ...(due ? { due } : {}) });
    // UTC: today is 2026-03-15.
    assert.equal(dueGroup(done('2026-03-15T10:00:00.000Z'), UTC), 'doneRecently');
    assert.equal(dueGroup(done('2026-03-09T00:00:00.000Z'), UTC), 'doneRecently'); // six days ago
    assert.equal(dueGroup(done('2026-03-08T23:59:59.999Z'), UTC), undefined); // seven days ago
    assert.equal(dueGroup(done('2025-12-01T10:00:00.000Z'), UTC), undefined);
    // Done, so never overdue, whatever its due date.
    assert.equal(dueGroup(done('2026-03-14T10:00:00.000Z', '2026-03-01'), UTC), 'doneRecently');
    // A partner's clock running ahead does not hide their work.
    assert.equal(dueGroup(done('2026-03-18T10:00:00.000Z'), UTC), 'doneRecently');
    // Done with no completion time: nothing to place it by.
    assert.equal(dueGroup(done(), UTC), undefined);
  });

  it("reads the completion day in the viewer's time zone", () => {
    const ctxAt = (tz: string) => dueContext(new Date('2026-03-15T12:00:00Z'), tz);
    // Done at 06:30Z on the 9th: the 9th in UTC, still the 8th in Los Angeles.
    const m = micro('m', { done: true, doneAt: '2026-03-09T06:30:00.000Z' });
    assert.equal(dueGroup(m, ctxAt('UTC')), 'doneRecently'); // 9th vs 15th: six days
    assert.equal(dueGroup(m, ctxAt('America/Los_Angeles')), undefined); // 8th vs 15th: seven
    assert.equal(dueGroup(m, ctxAt('Pacific/Auckland')), undefined); // 9th vs 16th: seven
  });
});

describe('overdue, microGoalsOf', () => {
  const team = microGoalsTeam([
    micro('mg-past', { due: '2026-03-10' }),
    micro('mg-today', { due: '2026-03-16' }),
    micro('mg-week', { due: '2026-03-19' }),
    micro('mg-later', { due: '2026-03-30' }),
    micro('mg-nodue'),
    micro('mg-done-past', { due: '2026-03-10', done: true, doneAt: '2026-03-15T09:00:00.000Z' }),
    micro('mg-ben-past', { owner: 'ben', due: '2026-03-11' }),
    micro('mg-ben-today', { owner: 'ben', due: '2026-03-16' }),
  ]);

  it('answers for everyone', () => {
    assert.deepEqual(ids(overdue(team, AKL)), ['mg-ben-past', 'mg-past']);
    assert.equal(microGoalsOf(team).length, 8);
  });

  it('answers for one member', () => {
    assert.deepEqual(ids(overdue(team, AKL, 'ana')), ['mg-past']);
    assert.deepEqual(ids(microGoalsOf(team, 'ben')), ['mg-ben-past', 'mg-ben-today']);
    assert.deepEqual(microGoalsOf(team, 'nobody'), []);
  });

  it('answers differently for a viewer whose day has not turned yet', () => {
    // Los Angeles is still on Sunday the 15th: the 16th is next week there.
    assert.deepEqual(ids(overdue(team, LA)), ['mg-ben-past', 'mg-past']);
  });
});

describe('groupMicroGoals', () => {
  it('returns every group, in display order, each sorted by due date, order, creation time and id', () => {
    const micros = [
      micro('mg-later-nodue'),
      micro('mg-later-date', { due: '2026-04-01' }),
      micro('mg-today-b', { due: '2026-03-16', order: 2 }),
      micro('mg-today-a', { due: '2026-03-16', order: 1 }),
      micro('mg-today-c', { due: '2026-03-16', order: 2, createdAt: '2026-02-01T09:00:00.000Z' }),
      micro('mg-past-2', { due: '2026-03-12' }),
      micro('mg-past-1', { due: '2026-03-02' }),
      micro('mg-week', { due: '2026-03-20' }),
      micro('mg-done', { done: true, doneAt: '2026-03-15T09:00:00.000Z' }),
      micro('mg-done-long-ago', { done: true, doneAt: '2026-01-15T09:00:00.000Z' }),
    ];
    const groups = groupMicroGoals(micros, AKL);
    assert.deepEqual([...groups.keys()], [...DUE_GROUPS]);
    assert.deepEqual(Object.fromEntries([...groups].map(([group, list]) => [group, list.map((m) => m.id)])), {
      overdue: ['mg-past-1', 'mg-past-2'],
      today: ['mg-today-a', 'mg-today-c', 'mg-today-b'],
      thisWeek: ['mg-week'],
      later: ['mg-later-date', 'mg-later-nodue'],
      doneRecently: ['mg-done'],
    });
    assert.deepEqual([...groupMicroGoals([], AKL).values()], [[], [], [], [], []]);
  });

  const microArb = fc
    .record({
      n: fc.integer({ min: 0, max: 5 }),
      due: fc.option(fc.constantFrom('2026-03-10', '2026-03-15', '2026-03-16', '2026-03-20', '2026-03-22', '2026-04-01'), { nil: undefined }),
      order: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
      createdAt: fc.constantFrom('2026-03-01T09:00:00.000Z', '2026-03-02T09:00:00.000Z'),
      doneAt: fc.option(fc.constantFrom('2026-03-15T09:00:00.000Z', '2026-02-01T09:00:00.000Z'), { nil: undefined }),
    })
    .map(({ n, due, order, createdAt, doneAt }) => ({ n, due, order, createdAt, doneAt }));
  const microsArb = fc
    .uniqueArray(microArb, { selector: (m) => m.n, maxLength: 6 })
    .map((list) =>
      list.map(({ n, due, order, createdAt, doneAt }) =>
        micro(`mg-${n}`, { ...(due ? { due } : {}), ...(order !== undefined ? { order } : {}), createdAt, ...(doneAt ? { done: true, doneAt } : {}) }),
      ),
    );

  it('gives the same groups in the same order whatever order the micro-goals come in', () => {
    fc.assert(
      fc.property(
        microsArb.chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }))),
        fc.constantFrom(LA, AKL, UTC),
        ([list, shuffled], ctx) => {
          const show = (groups: Map<string, MicroGoalEntity[]>) => [...groups].map(([g, l]) => [g, l.map((m) => m.id)]);
          assert.deepEqual(show(groupMicroGoals(shuffled, ctx)), show(groupMicroGoals(list, ctx)));
        },
      ),
    );
  });

  it('places each micro-goal in the group dueGroup names, and drops only those done long ago', () => {
    fc.assert(
      fc.property(microsArb, fc.constantFrom(LA, AKL, UTC), (list, ctx: DueContext) => {
        const groups = groupMicroGoals(list, ctx);
        const placed = [...groups.values()].flat();
        assert.deepEqual(ids(placed), ids(list.filter((m) => dueGroup(m, ctx) !== undefined)));
        for (const [group, members] of groups) for (const m of members) assert.equal(dueGroup(m, ctx), group);
        for (const members of groups.values()) for (let i = 1; i < members.length; i++) assert.ok(byDueThenOrder(members[i - 1]!, members[i]!) < 0);
      }),
    );
  });
});

describe('byDueThenOrder', () => {
  it('orders by due date (none last), then order, then creation time, then id', () => {
    const sorted = [
      micro('mg-e'),
      micro('mg-d', { due: '2026-03-20', order: 1, createdAt: '2026-03-02T00:00:00.000Z' }),
      micro('mg-c', { due: '2026-03-20', order: 1, createdAt: '2026-03-01T00:00:00.000Z' }),
      micro('mg-b2', { due: '2026-03-20' }),
      micro('mg-b1', { due: '2026-03-20' }),
      micro('mg-a', { due: '2026-03-19', order: 9 }),
    ].sort(byDueThenOrder);
    assert.deepEqual(
      sorted.map((m) => m.id),
      ['mg-a', 'mg-b1', 'mg-b2', 'mg-c', 'mg-d', 'mg-e'],
    );
  });

  it('is a total order: only a micro-goal compares equal to itself', () => {
    const a = micro('mg-a', { due: '2026-03-20' });
    const b = micro('mg-b', { due: '2026-03-20' });
    assert.equal(byDueThenOrder(a, a), 0);
    assert.ok(byDueThenOrder(a, b) < 0 && byDueThenOrder(b, a) > 0);
  });
});
