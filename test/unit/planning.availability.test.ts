import { strict as assert } from 'node:assert';
import { dashboardView } from '../../src/dashboard/data';
import { PlanDraftModel } from '../../src/planning/draft';
import { planningView } from '../../src/planning/view';
import { CREATED, teamBuilder } from './helpers/teamBuilder';

/**
 * The planning panel and the dashboard with issue 18's availability: Dana is away Tue 1 to
 * Thu 3 December 2026, and Fri 25 December is a team holiday, in a Monday–Friday team.
 */
describe('planning panel: capacity and due dates that honour time off (issue 18 §4)', () => {
  const state = teamBuilder()
    .team({ workingDays: [1, 2, 3, 4, 5] })
    .member('alex', { name: 'Alex Rivera', timeZone: 'Europe/Berlin', capacityHours: 20 })
    .member('dana', { name: 'Dana Ng', timeZone: 'America/Chicago', capacityHours: 20 })
    .put('dana', 'away-1', 'away', { member: 'dana', from: '2026-12-01', to: '2026-12-03', at: CREATED })
    .put('alex', 'hol-1', 'holiday', { day: '2026-12-25', name: 'Christmas Day', at: CREATED })
    .micro('mg-away', { owner: 'dana', title: 'Review the parser', due: '2026-12-02', estimateHours: 6, done: false, createdAt: CREATED })
    .micro('mg-ok', { owner: 'dana', title: 'Write the docs', due: '2026-12-04', estimateHours: 4, done: false, createdAt: CREATED })
    .build();
  const view = (draft = new PlanDraftModel('2026-11-30', '2026-12-06')) =>
    planningView({ state, me: 'alex', today: '2026-11-30', timeZone: 'Europe/Berlin', draft, step: 'plan', readOnly: false });

  it('shows each person’s capacity for the cycle in words, away days taken out', () => {
    assert.deepEqual(
      view().capacity.map((c) => c.words),
      ['Alex: 20 h', 'Dana: 8 h, away Tue–Thu'],
    );
  });

  it('warns about over-commitment against the capacity that is really there', () => {
    assert.deepEqual(view().warnings, ['Dana is 2 h over capacity (10 h of 8 h)']);
  });

  it('flags a due date on the owner’s away day with the next working day, and not one on a working day', () => {
    const items = new Map(view().backlog.map((i) => [i.id, i]));
    assert.deepEqual(items.get('mg-away')!.dueFlag, {
      words: 'Dana Ng is away on Wed 2 Dec; Fri 4 Dec is the next working day',
      suggested: '2026-12-04',
    });
    assert.equal(items.get('mg-ok')!.dueFlag, undefined);
  });

  it('flags a due date the session moves onto a holiday, and follows a change of owner', () => {
    const draft = new PlanDraftModel('2026-11-30', '2026-12-27', {
      patches: { 'mg-ok': { due: '2026-12-25' }, 'mg-away': { owner: 'alex' } },
      added: [],
    });
    const items = new Map(view(draft).backlog.map((i) => [i.id, i]));
    assert.equal(items.get('mg-ok')!.dueFlag?.words, 'Fri 25 Dec is a holiday (Christmas Day); Mon 28 Dec is the next working day');
    assert.equal(items.get('mg-away')!.dueFlag, undefined, 'Alex works on Wed 2 Dec');
  });

  it('flags the cycle’s last day for work in the cycle without a date, since committing gives it that day', () => {
    const draft = new PlanDraftModel('2026-11-30', '2026-12-25', {
      patches: { 'mg-ok': { due: null, inCycle: true }, 'mg-away': { due: null, inCycle: false } },
      added: [],
    });
    const items = new Map(view(draft).backlog.map((i) => [i.id, i]));
    assert.equal(items.get('mg-ok')!.dueFlag?.suggested, '2026-12-28');
    assert.equal(items.get('mg-away')!.dueFlag, undefined, 'out of the cycle, it gets no date');
  });

  it('the dashboard shows the same capacity words for the current cycle', () => {
    const dashboard = dashboardView(state, '2026-11-30', 'Europe/Berlin');
    assert.ok(
      dashboard.capacity.some((c) => c.words.startsWith('Dana: ') && c.words.includes('away')),
      dashboard.capacity.map((c) => c.words).join('; '),
    );
  });
});

describe('dashboard heat map: days off are a quiet state, not gaps (issue 18 §4)', () => {
  // Monday–Friday; Sam and Ana. Mon 7 Dec: Sam away, Ana checked in. Tue 8 Dec: Sam away, Ana on a regional holiday.
  // Wed 9 Dec: both away. Thu 10 Dec: a team holiday. Fri 11 Dec: an ordinary day without a check-in.
  const state = teamBuilder()
    .team({ workingDays: [1, 2, 3, 4, 5] })
    .member('sam', { name: 'Sam', timeZone: 'Europe/Berlin', capacityHours: 20 })
    .member('ana', { name: 'Ana', timeZone: 'America/New_York', capacityHours: 20 })
    .put('sam', 'away-sam', 'away', { member: 'sam', from: '2026-12-07', to: '2026-12-09', at: CREATED })
    .put('ana', 'away-ana', 'away', { member: 'ana', from: '2026-12-09', to: '2026-12-09', at: CREATED })
    .put('ana', 'rhol-ana', 'regionalHoliday', { member: 'ana', day: '2026-12-08', name: 'Local day', at: CREATED })
    .put('sam', 'hol-1', 'holiday', { day: '2026-12-10', name: 'Founders’ Day', at: CREATED })
    .checkIn('ci-1', 'ana', '2026-12-07T15:00:00.000Z')
    .build();
  const heat = dashboardView(state, '2026-12-13', 'Europe/Berlin').heatMap;
  const on = (day: string) => {
    const i = Math.round((Date.parse(day) - Date.parse(heat.start)) / 86_400_000);
    return { count: heat.counts[i], quiet: heat.quiet[i] };
  };

  it('marks a day every member was off, with why', () => {
    assert.deepEqual(on('2026-12-08'), { count: 0, quiet: 'Everyone away or on holiday' });
    assert.deepEqual(on('2026-12-09'), { count: 0, quiet: 'Everyone away' });
    assert.deepEqual(on('2026-12-10'), { count: 0, quiet: 'Holiday: Founders’ Day' });
  });

  it('leaves a day with a check-in, an ordinary empty working day and a weekend as they were', () => {
    assert.deepEqual(on('2026-12-07'), { count: 1, quiet: null });
    assert.deepEqual(on('2026-12-11'), { count: 0, quiet: null });
    assert.deepEqual(on('2026-12-12'), { count: 0, quiet: null });
    assert.equal(heat.quiet.length, heat.counts.length);
  });
});
