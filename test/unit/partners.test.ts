import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { addDaysToDay, DEFAULT_TEAM_SETTINGS, partnerSummaries } from '../../src/core';
import { TeamMetrics } from '../../src/core/metrics';
import { stateOf } from './helpers/stateOf';
import { teamBuilder } from './helpers/teamBuilder';

const WEEKDAYS = DEFAULT_TEAM_SETTINGS.workingDays;
const days = (...list: string[]) => new Set(list);

/** Alex's streak as the Partners view and the dashboard compute it (through the metrics), in UTC. */
function streakOf(checkInDays: ReadonlySet<string>, today: string, workingDays: readonly number[]): number {
  const state = stateOf([
    ['alex', 'member:alex', 'member', { name: 'Alex', timeZone: 'UTC', capacityHours: 10 }],
    ['alex', 'team', 'team', { checkInTimes: ['09:30'], workingDays: [...workingDays], cycleDays: 14 }],
    ...[...checkInDays].map((day, i): [string, string, string, Record<string, unknown>] => [
      'alex',
      `ci-${i}`,
      'checkIn',
      { member: 'alex', at: `${day}T12:00:00.000Z`, microGoals: [], status: 'on-track' },
    ]),
  ]);
  return new TeamMetrics(state, today, 'UTC').streaks().find((s) => s.member === 'alex')?.current ?? 0;
}

// March 2026: Mon 9 … Fri 13, Sat 14, Sun 15, Mon 16, Tue 17, Wed 18, Thu 19, Fri 20, Sat 21, Sun 22, Mon 23.
describe('partners: streaks over working days', () => {
  it('counts working days in a row with a check-in, up to today', () => {
    assert.equal(streakOf(days('2026-03-16', '2026-03-17', '2026-03-18'), '2026-03-18', WEEKDAYS), 3);
    assert.equal(streakOf(days('2026-03-10', '2026-03-16', '2026-03-17', '2026-03-18'), '2026-03-18', WEEKDAYS), 3);
    assert.equal(streakOf(days(), '2026-03-18', WEEKDAYS), 0);
  });

  it('does not break because today has no check-in yet', () => {
    assert.equal(streakOf(days('2026-03-16', '2026-03-17'), '2026-03-18', WEEKDAYS), 2);
    // Monday morning: Friday's streak is still alive.
    assert.equal(streakOf(days('2026-03-12', '2026-03-13'), '2026-03-16', WEEKDAYS), 2);
  });

  it('breaks at a working day without a check-in', () => {
    assert.equal(streakOf(days('2026-03-16', '2026-03-18'), '2026-03-18', WEEKDAYS), 1);
    assert.equal(streakOf(days('2026-03-16'), '2026-03-18', WEEKDAYS), 0);
    // Tuesday with nothing since Friday: Monday was missed.
    assert.equal(streakOf(days('2026-03-12', '2026-03-13'), '2026-03-17', WEEKDAYS), 0);
  });

  it('is not broken by the weekend', () => {
    assert.equal(streakOf(days('2026-03-12', '2026-03-13', '2026-03-16'), '2026-03-16', WEEKDAYS), 3);
    assert.equal(streakOf(days('2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13', '2026-03-16', '2026-03-17'), '2026-03-17', WEEKDAYS), 7);
    // Seen on Saturday or Sunday, before any check-in that day.
    assert.equal(streakOf(days('2026-03-12', '2026-03-13'), '2026-03-14', WEEKDAYS), 2);
    assert.equal(streakOf(days('2026-03-12', '2026-03-13'), '2026-03-15', WEEKDAYS), 2);
  });

  it('counts working days only: a check-in on a day off neither breaks nor lengthens the streak', () => {
    // "3-day streak" means three working days, whatever happened at the weekend.
    assert.equal(streakOf(days('2026-03-12', '2026-03-13', '2026-03-14', '2026-03-15', '2026-03-16'), '2026-03-16', WEEKDAYS), 3);
    assert.equal(streakOf(days('2026-03-12', '2026-03-13', '2026-03-14'), '2026-03-14', WEEKDAYS), 2);
    // A weekend check-in does not bridge a missed Friday.
    assert.equal(streakOf(days('2026-03-12', '2026-03-14', '2026-03-16'), '2026-03-16', WEEKDAYS), 1);
  });

  it("follows the team's working days (Sunday to Thursday)", () => {
    const sunToThu = [0, 1, 2, 3, 4];
    // Thursday, then Sunday: Friday and Saturday are off.
    assert.equal(streakOf(days('2026-03-19', '2026-03-22'), '2026-03-22', sunToThu), 2);
    // In the default week Friday is a working day and Sunday is not: the same days make no streak.
    assert.equal(streakOf(days('2026-03-19', '2026-03-22'), '2026-03-22', WEEKDAYS), 0);
    assert.equal(streakOf(days('2026-03-19', '2026-03-23'), '2026-03-23', WEEKDAYS), 1);
  });

  it('equals the number of working days back to the first missed one (any check-in history)', () => {
    const start = '2026-01-05';
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 60 }), fc.subarray([0, 1, 2, 3, 4, 5, 6], { minLength: 1 }), (history, workingDays) => {
        const all = history.map((_, i) => addDaysToDay(start, i));
        const today = all[all.length - 1]!;
        const checkedIn = new Set(all.filter((_, i) => history[i]));
        const working = (day: string) => workingDays.includes(new Date(`${day}T00:00:00Z`).getUTCDay());
        // Reference: walk back over working days, today only if it has a check-in.
        let expected = 0;
        for (let i = all.length - 1; i >= 0; i--) {
          const day = all[i]!;
          if (!working(day)) continue;
          if (checkedIn.has(day)) expected++;
          else if (day !== today) break;
        }
        return streakOf(checkedIn, today, workingDays) === expected;
      }),
      { numRuns: 500 },
    );
  });
});

describe('partners: summaries', () => {
  // Wednesday 2026-03-18, 11:00 in Berlin, 06:00 in New York.
  const NOW = new Date('2026-03-18T10:00:00Z');

  function team() {
    return teamBuilder()
      .member('alex', { name: 'Alex', timeZone: 'Europe/Berlin', capacityHours: 10 })
      .member('sam', { name: 'Sam', timeZone: 'America/New_York', capacityHours: 6 })
      .team();
  }

  it('shows load (hours due this week, Monday to Sunday) against weekly capacity', () => {
    const state = team()
      .micro('mg-a1', { owner: 'alex', due: '2026-03-16', estimateHours: 2 })
      .micro('mg-a2', { owner: 'alex', due: '2026-03-18', estimateHours: 3 })
      .micro('mg-a3', { owner: 'alex', due: '2026-03-22', estimateHours: 1.5 })
      .micro('mg-a4', { owner: 'alex', due: '2026-03-17', estimateHours: 1, done: true, doneAt: '2026-03-17T12:00:00.000Z' })
      .micro('mg-a5', { owner: 'alex', due: '2026-03-18' }) // no estimate
      .micro('mg-a6', { owner: 'alex', due: '2026-03-15', estimateHours: 5 }) // last week
      .micro('mg-a7', { owner: 'alex', due: '2026-03-23', estimateHours: 5 }) // next week
      .micro('mg-a8', { owner: 'alex', estimateHours: 5 }) // no due day
      .micro('mg-s1', { owner: 'sam', due: '2026-03-20', estimateHours: 3 })
      .micro('mg-s2', { owner: 'sam', due: '2026-03-22', estimateHours: 4 })
      .build();
    const [alex, sam] = partnerSummaries(state, NOW);
    assert.equal(alex?.member, 'alex');
    // The week's commitment, done or not: 2 + 3 + 1.5 + 1.
    assert.equal(alex.loadHours, 7.5);
    assert.equal(alex.capacityHours, 10);
    assert.equal(sam?.member, 'sam');
    assert.equal(sam.loadHours, 7);
    assert.ok(sam.loadHours > sam.capacityHours, 'Sam is over capacity this week');
  });

  it('reads "this week" in each member\'s own time zone', () => {
    // 2026-03-22T23:30Z: already Monday 00:30 in Berlin (a new week), still Sunday 19:30 in New York.
    const now = new Date('2026-03-22T23:30:00Z');
    const state = team()
      .micro('mg-a1', { owner: 'alex', due: '2026-03-22', estimateHours: 2 })
      .micro('mg-a2', { owner: 'alex', due: '2026-03-23', estimateHours: 3 })
      .micro('mg-s1', { owner: 'sam', due: '2026-03-22', estimateHours: 2 })
      .micro('mg-s2', { owner: 'sam', due: '2026-03-23', estimateHours: 3 })
      .build();
    const [alex, sam] = partnerSummaries(state, now);
    assert.equal(alex?.loadHours, 3);
    assert.equal(sam?.loadHours, 2);
  });

  it("shows each member's last check-in and streak, with days read in their time zone", () => {
    const state = team()
      .checkIn('ci-a1', 'alex', '2026-03-16T08:35:00.000Z')
      .checkIn('ci-a2', 'alex', '2026-03-17T15:40:00.000Z')
      .checkIn('ci-a3', 'alex', '2026-03-17T08:31:00.000Z')
      // Sam: Monday 22:00 and Tuesday 21:00 in New York, both already the next day in UTC.
      .checkIn('ci-s1', 'sam', '2026-03-17T02:00:00.000Z')
      .checkIn('ci-s2', 'sam', '2026-03-18T01:00:00.000Z')
      .build();
    const [alex, sam] = partnerSummaries(state, NOW);
    assert.equal(alex?.lastCheckIn, '2026-03-17T15:40:00.000Z');
    assert.equal(alex.streak, 2);
    assert.equal(sam?.lastCheckIn, '2026-03-18T01:00:00.000Z');
    assert.equal(sam.streak, 2);
  });

  it('lists every member sorted by name, with nothing yet for someone new', () => {
    const state = team().member('kim', { name: 'Beatriz', timeZone: 'Asia/Kolkata', capacityHours: 8 }).build();
    const summaries = partnerSummaries(state, NOW);
    assert.deepEqual(
      summaries.map((s) => s.name),
      ['Alex', 'Beatriz', 'Sam'],
    );
    const kim = summaries[1]!;
    assert.deepEqual(kim, { member: 'kim', name: 'Beatriz', timeZone: 'Asia/Kolkata', lastCheckIn: undefined, streak: 0, loadHours: 0, capacityHours: 8 });
  });
});
