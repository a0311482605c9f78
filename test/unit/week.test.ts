import { strict as assert } from 'node:assert';
import { dueContext, groupMicroGoals, partnerSummaries, type TeamState } from '../../src/core';
import { TeamMetrics, teamWeekStart } from '../../src/core/metrics';
import { MicroGoalsModel } from '../../src/daily/views/microGoalsModel';
import { dashboardView } from '../../src/dashboard/data';
import { heatMapRowLabels } from '../../webview/dashboard/charts';
import { stateOf } from './helpers/stateOf';

type Row = [string, string, string, Record<string, unknown>];
const CREATED = '2026-01-01T09:00:00.000Z';

/** One member, `noa`, in `timeZone`, with team settings `team` and micro-goals due on `due` days of `hours` each. */
function teamWith(timeZone: string, team: Record<string, unknown>, steps: { due: string; hours: number; doneAt?: string }[], extra: Row[] = []): TeamState {
  return stateOf([
    ['noa', 'member:noa', 'member', { name: 'Noa', timeZone, capacityHours: 20 }],
    ['noa', 'team', 'team', { checkInTimes: ['09:30'], cycleDays: 14, ...team }],
    ...steps.map(({ due, hours, doneAt }): Row => [
      'noa',
      `mg-${due}`,
      'microGoal',
      { title: `Step due ${due}`, owner: 'noa', due, estimateHours: hours, done: doneAt !== undefined, ...(doneAt ? { doneAt } : {}), createdAt: CREATED },
    ]),
    ...extra,
  ]);
}

const grouped = (state: TeamState, now: Date, timeZone: string) =>
  Object.fromEntries(
    [...groupMicroGoals(state.entities.microGoal.values(), dueContext(now, timeZone, state.team))].map(([group, list]) => [group, list.map((m) => m.due)]),
  );

describe('the team week: one rule', () => {
  it('starts on the first working day after the team’s days off, or on an explicit weekStart', () => {
    assert.equal(teamWeekStart({ workingDays: [1, 2, 3, 4, 5] }), 1, 'Monday to Friday');
    assert.equal(teamWeekStart({ workingDays: [0, 1, 2, 3, 4] }), 0, 'Sunday to Thursday');
    assert.equal(teamWeekStart({ workingDays: [6, 0, 1, 2, 3] }), 6, 'Saturday to Wednesday');
    assert.equal(teamWeekStart({ workingDays: [2, 3, 4, 5, 6] }), 2, 'Tuesday to Saturday');
    assert.equal(teamWeekStart({ workingDays: [1, 2, 3, 4, 5, 6] }), 1, 'Monday to Saturday');
    assert.equal(teamWeekStart({ workingDays: [1, 3, 5] }), 1, 'Monday, Wednesday, Friday: the weekend is the longest gap');
    assert.equal(teamWeekStart({ workingDays: [0, 1, 2, 3, 4, 5, 6] }), 1, 'every day: ISO Monday');
    assert.equal(teamWeekStart({ workingDays: [] }), 1, 'no working day: ISO Monday');
    assert.equal(teamWeekStart({ workingDays: [1, 2, 3, 4, 5], weekStart: 0 }), 0, 'an explicit weekStart wins');
    assert.equal(teamWeekStart({ workingDays: [0, 1, 2, 3, 4], weekStart: 9 }), 0, 'an unreadable weekStart is ignored');
  });
});

describe('the team week: a Sunday-to-Thursday team in Asia/Jerusalem', () => {
  // Sunday 2026-03-22, 08:00 in Jerusalem (06:00Z). Last week Mon 16 - Thu 19 (2 h, done), this week Sun 22 - Thu 26 (3 h, open).
  const NOW = new Date('2026-03-22T06:00:00Z');
  const steps = [
    ...['2026-03-16', '2026-03-17', '2026-03-18', '2026-03-19'].map((due) => ({ due, hours: 2, doneAt: `${due}T12:00:00.000Z` })),
    ...['2026-03-22', '2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26'].map((due) => ({ due, hours: 3 })),
    { due: '2026-03-29', hours: 3 },
  ];
  const state = teamWith('Asia/Jerusalem', { workingDays: [0, 1, 2, 3, 4] }, steps);

  it('lists the 22nd to the 26th under Today and This week, next Sunday under Later', () => {
    const groups = grouped(state, NOW, 'Asia/Jerusalem');
    assert.deepEqual(groups.today, ['2026-03-22']);
    assert.deepEqual(groups.thisWeek, ['2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26']);
    assert.deepEqual(groups.later, ['2026-03-29']);
  });

  it('shows the same week in the Micro-goals view, even from a context built without the team', () => {
    const model = new MicroGoalsModel(state, dueContext(NOW, 'Asia/Jerusalem'), 'noa');
    assert.equal(model.count('thisWeek'), 4);
    assert.equal(model.count('later'), 1);
  });

  it('reads 15 h of load this week in the Partners view, not last week’s 8 h', () => {
    const [noa] = partnerSummaries(state, NOW);
    assert.equal(noa!.loadHours, 15);
  });

  it('still reads this week from the evening before as last week (Saturday 21st, 22:00)', () => {
    const [noa] = partnerSummaries(state, new Date('2026-03-21T20:00:00Z'));
    assert.equal(noa!.loadHours, 8);
  });
});

describe('the team week: a Monday-to-Friday team with the same steps', () => {
  const NOW = new Date('2026-03-22T06:00:00Z');
  const steps = ['2026-03-16', '2026-03-22', '2026-03-23', '2026-03-29', '2026-03-30'].map((due) => ({ due, hours: 3 }));
  const state = teamWith('Asia/Jerusalem', { workingDays: [1, 2, 3, 4, 5] }, steps);

  it('is on Sunday 22nd in the week that began Monday 16th', () => {
    const groups = grouped(state, NOW, 'Asia/Jerusalem');
    assert.deepEqual(groups.overdue, ['2026-03-16']);
    assert.deepEqual(groups.today, ['2026-03-22']);
    assert.deepEqual(groups.thisWeek, []);
    assert.deepEqual(groups.later, ['2026-03-23', '2026-03-29', '2026-03-30']);
    assert.equal(partnerSummaries(state, NOW)[0]!.loadHours, 6);
  });

  it('moves to a Sunday week when the team sets weekStart: 0', () => {
    const sunday = teamWith('Asia/Jerusalem', { workingDays: [1, 2, 3, 4, 5], weekStart: 0 }, steps);
    assert.deepEqual(grouped(sunday, NOW, 'Asia/Jerusalem').thisWeek, ['2026-03-23']);
    assert.equal(partnerSummaries(sunday, NOW)[0]!.loadHours, 6, 'Sun 22 and Mon 23');
  });
});

describe('the team week: a Saturday-to-Wednesday team', () => {
  // Saturday 2026-03-21, 09:00 in Riyadh (06:00Z): the week runs Sat 21 - Fri 27.
  const NOW = new Date('2026-03-21T06:00:00Z');
  const steps = ['2026-03-19', '2026-03-20', '2026-03-21', '2026-03-22', '2026-03-25', '2026-03-27', '2026-03-28'].map((due, i) => ({ due, hours: i + 1 }));
  const state = teamWith('Asia/Riyadh', { workingDays: [6, 0, 1, 2, 3] }, steps);

  it('groups Saturday to Friday as this week and reads its load', () => {
    const groups = grouped(state, NOW, 'Asia/Riyadh');
    assert.deepEqual(groups.overdue, ['2026-03-19', '2026-03-20']);
    assert.deepEqual(groups.today, ['2026-03-21']);
    assert.deepEqual(groups.thisWeek, ['2026-03-22', '2026-03-25', '2026-03-27']);
    assert.deepEqual(groups.later, ['2026-03-28']);
    assert.equal(partnerSummaries(state, NOW)[0]!.loadHours, 3 + 4 + 5 + 6);
  });
});

describe('the team week: the turn of a year', () => {
  const steps = ['2026-12-26', '2026-12-27', '2027-01-01', '2027-01-02', '2027-01-03'].map((due) => ({ due, hours: 1 }));

  it('runs a Sunday week from 27 December to 2 January', () => {
    const state = teamWith('UTC', { workingDays: [0, 1, 2, 3, 4] }, steps);
    const groups = grouped(state, new Date('2026-12-31T12:00:00Z'), 'UTC');
    assert.deepEqual(groups.thisWeek, ['2027-01-01', '2027-01-02']);
    assert.deepEqual(groups.later, ['2027-01-03']);
    assert.equal(partnerSummaries(state, new Date('2026-12-31T12:00:00Z'))[0]!.loadHours, 3, 'Dec 27, Jan 1 and Jan 2');
  });

  it('runs a Monday week from 28 December to 3 January', () => {
    const state = teamWith('UTC', { workingDays: [1, 2, 3, 4, 5] }, steps);
    const groups = grouped(state, new Date('2026-12-31T12:00:00Z'), 'UTC');
    assert.deepEqual(groups.thisWeek, ['2027-01-01', '2027-01-02', '2027-01-03']);
    assert.equal(partnerSummaries(state, new Date('2026-12-31T12:00:00Z'))[0]!.loadHours, 3);
  });

  it('runs a Saturday week from 26 December to 1 January', () => {
    const state = teamWith('UTC', { workingDays: [6, 0, 1, 2, 3] }, steps);
    const groups = grouped(state, new Date('2026-12-31T12:00:00Z'), 'UTC');
    assert.deepEqual(groups.thisWeek, ['2027-01-01']);
    assert.deepEqual(groups.later, ['2027-01-02', '2027-01-03']);
  });
});

describe('the team week: the dashboard', () => {
  const checkIn = (day: string, i: number): Row => [
    'noa',
    `ci-${i}`,
    'checkIn',
    { member: 'noa', at: `${day}T07:00:00.000Z`, microGoals: [], status: 'on-track' },
  ];
  // Sun 15 - Thu 19 and Sun 22 - Tue 24 March 2026; today is Tuesday the 24th.
  const checkIns = ['2026-03-15', '2026-03-16', '2026-03-17', '2026-03-18', '2026-03-19', '2026-03-22', '2026-03-23', '2026-03-24'].map(checkIn);
  const done = ['2026-03-19', '2026-03-21', '2026-03-22'].map((day) => ({ due: day, hours: 1, doneAt: `${day}T10:00:00.000Z` }));

  it('lays a Sunday-first team’s heat map out with Sunday as the first row and counts its weeks from Sunday', () => {
    const state = teamWith('Asia/Jerusalem', { workingDays: [0, 1, 2, 3, 4] }, done, checkIns);
    const metrics = new TeamMetrics(state, '2026-03-24', 'Asia/Jerusalem');
    const heat = metrics.heatMap(2);
    assert.equal(heat.start, '2026-03-15');
    assert.deepEqual(heat.counts, [1, 1, 1, 1, 1, 0, 0, 1, 1, 1, -1, -1, -1, -1]);
    assert.deepEqual(metrics.donePerWeek(2), [
      { week: '2026-03-15', count: 2 },
      { week: '2026-03-22', count: 1 },
    ]);
    assert.deepEqual(
      metrics.outcomesPerWeek(2).map((w) => [w.week, w.onTime]),
      [
        ['2026-03-15', 2],
        ['2026-03-22', 1],
      ],
    );
    const view = dashboardView(state, '2026-03-24', 'Asia/Jerusalem');
    assert.equal(view.heatMap.start, '2025-09-28', 'a Sunday, 25 weeks before this one');
    assert.equal(view.donePerWeek.at(-1)!.week, '2026-03-22');
  });

  it('keeps a Monday-first team’s weeks on Monday', () => {
    const state = teamWith('Asia/Jerusalem', { workingDays: [1, 2, 3, 4, 5] }, done, checkIns);
    const metrics = new TeamMetrics(state, '2026-03-24', 'Asia/Jerusalem');
    assert.equal(metrics.heatMap(2).start, '2026-03-16');
    assert.deepEqual(metrics.donePerWeek(2), [
      { week: '2026-03-16', count: 3 },
      { week: '2026-03-23', count: 0 },
    ]);
  });

  it('starts a Saturday-first team’s weeks on Saturday, across the turn of the year', () => {
    const state = teamWith('UTC', { workingDays: [6, 0, 1, 2, 3] }, [
      { due: '2026-12-25', hours: 1, doneAt: '2026-12-25T10:00:00.000Z' },
      { due: '2026-12-26', hours: 1, doneAt: '2026-12-26T10:00:00.000Z' },
    ]);
    const metrics = new TeamMetrics(state, '2027-01-01', 'UTC');
    assert.equal(metrics.heatMap(2).start, '2026-12-19');
    assert.deepEqual(metrics.donePerWeek(2), [
      { week: '2026-12-19', count: 1 },
      { week: '2026-12-26', count: 1 },
    ]);
  });

  it('counts streaks over the team’s working days: Friday and Saturday off do not break a Sunday team’s run', () => {
    const state = teamWith('Asia/Jerusalem', { workingDays: [0, 1, 2, 3, 4] }, [], checkIns);
    assert.equal(new TeamMetrics(state, '2026-03-24', 'Asia/Jerusalem').streaks()[0]!.current, 8);
  });
});

describe('the team week: the heat map’s rows', () => {
  it('are labelled with the weekdays they hold, from the team’s first day', () => {
    assert.deepEqual(heatMapRowLabels('2026-03-15'), ['Sun', 'Tue', 'Thu']);
    assert.deepEqual(heatMapRowLabels('2026-03-16'), ['Mon', 'Wed', 'Fri']);
    assert.deepEqual(heatMapRowLabels('2026-12-26'), ['Sat', 'Mon', 'Wed']);
  });
});
