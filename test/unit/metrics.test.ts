import { strict as assert } from 'node:assert';
import { teamOfEntities } from './helpers/authorFiles';
import { dayIn, type TeamState } from '../../src/core';
import { dayNumber, dayString, instantMs, LocalDays, TeamMetrics, weekdayOf, weekStartOf } from '../../src/core/metrics';

type Fields = { kind: string } & Record<string, unknown>;

/** Each entity in the file of the member who may write it, as the merge requires. */
function team(entities: Record<string, Fields>): TeamState {
  return teamOfEntities(entities);
}

const ALEX = { kind: 'member', name: 'Alex Rivera', timeZone: 'UTC', capacityHours: 10 };
const SAM = { kind: 'member', name: 'Sam Okafor', timeZone: 'America/New_York', capacityHours: 10 };
const micro = (fields: Record<string, unknown>): Fields => ({
  kind: 'microGoal',
  title: 'A step',
  owner: 'alex',
  done: false,
  createdAt: '2026-11-01T09:00:00.000Z',
  ...fields,
});
const checkIn = (member: string, at: string): Fields => ({ kind: 'checkIn', member, at, microGoals: [], status: 'on-track' });

describe('metrics: calendar days', () => {
  it('turns days into numbers and back, with the right weekday and week start', () => {
    for (const day of ['1970-01-01', '2000-02-29', '2026-11-24', '2099-12-31', '1969-12-31']) assert.equal(dayString(dayNumber(day)), day);
    assert.equal(dayNumber('1970-01-02'), 1);
    assert.equal(weekdayOf(dayNumber('2026-11-24')), 2, '24 Nov 2026 is a Tuesday');
    assert.equal(dayString(weekStartOf(dayNumber('2026-11-24'), 1)), '2026-11-23');
    assert.equal(dayString(weekStartOf(dayNumber('2026-11-29'), 1)), '2026-11-23', 'in a Monday-first week, Sunday belongs to the week that began on Monday');
    assert.equal(dayString(weekStartOf(dayNumber('2026-11-29'), 0)), '2026-11-29', 'in a Sunday-first week, Sunday starts its own');
    assert.equal(dayString(weekStartOf(dayNumber('2026-11-27'), 6)), '2026-11-21', 'in a Saturday-first week, Friday ends the week that began on Saturday');
  });

  it('reads instants exactly as Date.parse does, offsets included', () => {
    for (const instant of [
      '2026-11-24T09:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-11-24T09:30:00+02:00',
      '2026-11-24T23:59:59.999Z',
      '1999-01-01T00:00:00Z',
    ]) {
      assert.equal(instantMs(instant), Date.parse(instant), instant);
    }
  });

  it('finds the local day across daylight-saving changes', () => {
    const days = new LocalDays();
    const local = (instant: string, zone: string) => dayString(days.dayOf(instant, zone)!);
    assert.equal(local('2026-03-28T23:30:00.000Z', 'Europe/Berlin'), '2026-03-29', '00:30 in Berlin');
    assert.equal(local('2026-03-29T21:59:00.000Z', 'Europe/Berlin'), '2026-03-29', '23:59 CEST');
    assert.equal(local('2026-03-29T22:00:00.000Z', 'Europe/Berlin'), '2026-03-30', 'midnight CEST');
    assert.equal(local('2026-11-02T03:30:00.000Z', 'America/New_York'), '2026-11-01', '22:30 EST');
    assert.equal(local('2026-11-24T15:30:00.000Z', 'Asia/Tokyo'), '2026-11-25');
    assert.equal(local('2026-11-24T15:30:00.000Z', 'Not/AZone'), '2026-11-24', 'an unknown zone reads as UTC');
  });

  it('agrees with date-fns on thousands of instants in many zones', () => {
    const days = new LocalDays();
    const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/St_Johns', 'Pacific/Chatham', 'UTC'];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 4000; i++) {
      const ms = Date.UTC(2024, 0, 1) + Math.floor(random() * 3 * 365 * 86_400_000);
      const zone = zones[i % zones.length]!;
      const instant = new Date(ms).toISOString();
      assert.equal(dayString(days.dayOf(instant, zone)!), dayIn(new Date(ms), zone), `${instant} in ${zone}`);
    }
  });
});

describe('metrics: how each micro-goal went', () => {
  const state = team({
    'member:alex': ALEX,
    'member:sam': SAM,
    'mg-ontime': micro({ due: '2026-11-10', done: true, doneAt: '2026-11-10T20:00:00.000Z' }),
    'mg-late': micro({ due: '2026-11-10', done: true, doneAt: '2026-11-12T09:00:00.000Z' }),
    'mg-nodue': micro({ done: true, doneAt: '2026-11-12T09:00:00.000Z' }),
    'mg-open': micro({ due: '2026-11-30' }),
    'mg-pastdue': micro({ due: '2026-11-20' }),
    'mg-reneg': micro({ due: '2026-11-18', done: true, doneAt: '2026-11-17T09:00:00.000Z' }),
    'mg-reneg-late': micro({ due: '2026-11-18' }),
    'mg-after': micro({ due: '2026-11-12' }),
    'mg-proposed': micro({ due: '2026-11-13' }),
    // Sam is in New York: 03:00 UTC on the 11th is still the 10th there.
    'mg-sam': micro({ owner: 'sam', due: '2026-11-10', done: true, doneAt: '2026-11-11T03:00:00.000Z' }),
    rn1: {
      kind: 'renegotiation',
      microGoal: 'mg-reneg',
      proposer: 'alex',
      change: { due: '2026-11-18' },
      reason: 'scope grew',
      state: 'accepted',
      at: '2026-11-09T09:00:00.000Z',
      beforeDue: true,
    },
    rn2: {
      kind: 'renegotiation',
      microGoal: 'mg-reneg-late',
      proposer: 'alex',
      change: { due: '2026-11-18' },
      reason: 'x',
      state: 'accepted',
      at: '2026-11-09T09:00:00.000Z',
      beforeDue: true,
    },
    rn3: {
      kind: 'renegotiation',
      microGoal: 'mg-after',
      proposer: 'alex',
      change: { due: '2026-11-30' },
      reason: 'x',
      state: 'accepted',
      at: '2026-11-15T09:00:00.000Z',
      beforeDue: false,
    },
    rn4: {
      kind: 'renegotiation',
      microGoal: 'mg-proposed',
      proposer: 'alex',
      change: { due: '2026-11-30' },
      reason: 'x',
      state: 'proposed',
      at: '2026-11-09T09:00:00.000Z',
      beforeDue: true,
    },
  });
  const metrics = new TeamMetrics(state, '2026-11-24');
  const result = (id: string) => metrics.result(state.entities.microGoal.get(id)!);

  it('tells on time, done late, past due and still open apart', () => {
    assert.equal(result('mg-ontime'), 'onTime');
    assert.equal(result('mg-late'), 'doneLate');
    assert.equal(result('mg-nodue'), 'onTime', 'without a due date, done is on time');
    assert.equal(result('mg-open'), 'open');
    assert.equal(result('mg-pastdue'), 'pastDue');
  });

  it('counts a renegotiation agreed before the date apart from missed, and only that one', () => {
    assert.equal(result('mg-reneg'), 'renegotiated');
    assert.equal(result('mg-reneg-late'), 'renegotiated', 'accepted before due: not missed');
    assert.equal(result('mg-after'), 'pastDue', 'renegotiated after the date passed still counts as missed');
    assert.equal(result('mg-proposed'), 'pastDue', 'a proposal not yet accepted changes nothing');
  });

  it('reads the day work was done in its owner’s time zone', () => {
    assert.equal(result('mg-sam'), 'onTime');
  });

  it('adds outcomes up by the day they belong to', () => {
    const all = metrics.outcomesBetween(dayNumber('2026-11-01'), dayNumber('2026-11-24'));
    assert.deepEqual(all, { onTime: 3, renegotiated: 2, missed: 4, doneLate: 1, pastDue: 3 });
    const weeks = metrics.outcomesPerWeek(3);
    assert.deepEqual(
      weeks.map((w) => w.week),
      ['2026-11-09', '2026-11-16', '2026-11-23'],
    );
    assert.equal(weeks[0]!.onTime + weeks[0]!.renegotiated + weeks[0]!.missed, 6);
    assert.equal(weeks[1]!.missed, 1);
    assert.equal(weeks[1]!.renegotiated, 2);
  });
});

describe('metrics: streaks, calendar and weeks', () => {
  // Mon 16 Nov 2026 … Fri 20 Nov and Mon 23 Nov; today is Tue 24 Nov with no check-in yet.
  const days = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-23'];
  const entities: Record<string, Fields> = { 'member:alex': ALEX, 'member:sam': SAM };
  days.forEach((d, i) => (entities[`ci-a${i}`] = checkIn('alex', `${d}T09:30:00.000Z`)));
  entities['ci-a-twice'] = checkIn('alex', '2026-11-23T16:30:00.000Z');
  // Sam checked in on Mon and Tue, missed Wed, then Thu and Fri: a streak of 2 ended, then the latest run.
  ['2026-11-09', '2026-11-10', '2026-11-12', '2026-11-13'].forEach((d, i) => (entities[`ci-s${i}`] = checkIn('sam', `${d}T14:00:00.000Z`)));
  entities['mg-1'] = micro({ done: true, doneAt: '2026-11-17T10:00:00.000Z' });
  entities['mg-2'] = micro({ done: true, doneAt: '2026-11-23T10:00:00.000Z' });
  entities['mg-3'] = micro({ done: true, doneAt: '2026-11-24T10:00:00.000Z' });
  const metrics = new TeamMetrics(team(entities), '2026-11-24');

  it('counts working days in a row, skipping the weekend, with today still open', () => {
    const [alex, sam] = metrics.streaks();
    assert.deepEqual(alex, { member: 'alex', current: 6, longest: 6, lastCheckIn: '2026-11-23', currentSince: '2026-11-16' });
    assert.equal(sam!.current, 0, 'no check-in since Friday the 13th: the streak has ended');
    assert.equal(sam!.longest, 2);
    // The Partners view asks for the current run only: the same runs, without the walk over all of history.
    assert.deepEqual(
      metrics.streaks({ longest: false }).map((s) => [s.member, s.current]),
      [
        ['alex', 6],
        ['sam', 0],
      ],
    );
  });

  it('lays check-ins out by day, Monday first, with the days to come marked', () => {
    const heat = metrics.heatMap(2);
    assert.equal(heat.start, '2026-11-16');
    assert.deepEqual(heat.counts.slice(0, 7), [1, 1, 1, 1, 1, 0, 0]);
    assert.deepEqual(heat.counts.slice(7), [2, 0, -1, -1, -1, -1, -1]);
    assert.equal(heat.total, 7);
    assert.equal(heat.max, 2);
  });

  it('counts micro-goals done per week', () => {
    assert.deepEqual(metrics.donePerWeek(2), [
      { week: '2026-11-16', count: 1 },
      { week: '2026-11-23', count: 2 },
    ]);
  });
});
