import { strict as assert } from 'node:assert';
import {
  type Cadence,
  computeStatus,
  dayNumber,
  dueCheckIn,
  momentsOn,
  nextWorkingMoment,
  partnerSummaries,
  quietDayReason,
  safeText,
  type StatusInputs,
  TeamMetrics,
  type TeamState,
} from '../../src/core';
import { CREATED, localTime, teamBuilder, type TeamBuilder, sameOnEveryHost as sameOnEveryHostIn, putAway } from './helpers/teamBuilder';

/**
 * Issue 18's daily side over the one rule of availability.ts: streaks count working days only,
 * check-in moments follow working hours, nothing nudges on an away day or a holiday, Skip
 * Today quiets today, and the Partners view says who is away.
 */

const HOST_ZONES = ['UTC', 'Pacific/Chatham', 'America/Santiago', 'Asia/Kolkata'];
const BERLIN = 'Europe/Berlin';
const CADENCE: Cadence = { times: ['09:30', '16:30'], workingDays: [1, 2, 3, 4, 5] };

const sameOnEveryHost = <T>(compute: () => T): T => sameOnEveryHostIn(HOST_ZONES, compute);

const away = putAway;

/** Check-ins by `member` at 09:30 Berlin time (08:30 UTC in winter) on each of `days`. */
function checkIns(b: TeamBuilder, member: string, days: readonly string[]): TeamBuilder {
  days.forEach((day, i) => b.checkIn(`ci-${member}-${i}`, member, `${day}T08:30:00.000Z`));
  return b;
}

/**
 * Dana in Berlin, Monday to Friday: checks in every working day of Mon 14 – Fri 18 Dec 2026,
 * is away Mon 21 Dec – Fri 1 Jan (Christmas Day a team holiday inside it), back Mon 4 and
 * Tue 5 Jan. Today is Wed 6 Jan, not checked in yet.
 */
function winterBreak(withAway = true): TeamBuilder {
  const b = teamBuilder()
    .team({ workingDays: [1, 2, 3, 4, 5] })
    .member('dana', { timeZone: BERLIN })
    .member('sam', { timeZone: 'Pacific/Auckland' });
  b.put('dana', 'hol-xmas', 'holiday', { day: '2026-12-25', name: 'Christmas Day', at: CREATED });
  if (withAway) away(b, 'dana', 'away-dana', '2026-12-21', '2027-01-01', 'Skiing; Sam has my reviews');
  return checkIns(b, 'dana', ['2026-12-14', '2026-12-15', '2026-12-16', '2026-12-17', '2026-12-18', '2027-01-04', '2027-01-05']);
}

describe('issue 18, daily: streaks count working days only', () => {
  it('carries a streak across an away fortnight with a holiday inside it, on every host zone', () => {
    const streak = sameOnEveryHost(() => new TeamMetrics(winterBreak().build(), '2027-01-06').streaks().find((s) => s.member === 'dana'));
    assert.deepEqual(streak, { member: 'dana', current: 7, longest: 7, lastCheckIn: '2027-01-05', currentSince: '2026-12-14' });
  });

  it('without the away period the same fortnight breaks the streak (so the period is what carries it)', () => {
    const streak = new TeamMetrics(winterBreak(false).build(), '2027-01-06').streaks().find((s) => s.member === 'dana');
    assert.equal(streak!.current, 2);
    assert.equal(streak!.longest, 5);
  });

  it('does not count a check-in made on an away day: it neither breaks nor lengthens the run', () => {
    const b = winterBreak();
    b.checkIn('ci-dana-away', 'dana', '2026-12-23T10:00:00.000Z');
    const streak = new TeamMetrics(b.build(), '2027-01-06').streaks().find((s) => s.member === 'dana');
    assert.equal(streak!.current, 7);
  });

  it('skips a team holiday and a regional holiday without a check-in, on a Sunday–Thursday team', () => {
    // Sun 6 – Thu 10 Dec 2026 in Jerusalem; Tue 8 is a team holiday, Wed 9 Noa's regional one.
    const b = teamBuilder()
      .team({ workingDays: [0, 1, 2, 3, 4] })
      .member('noa', { timeZone: 'Asia/Jerusalem' });
    b.put('noa', 'hol-1', 'holiday', { day: '2026-12-08', name: 'Team day off', at: CREATED });
    b.put('noa', 'rhol-1', 'regionalHoliday', { member: 'noa', day: '2026-12-09', name: 'Local festival', at: CREATED });
    ['2026-12-06', '2026-12-07', '2026-12-10'].forEach((day, i) => b.checkIn(`ci-noa-${i}`, 'noa', `${day}T08:00:00.000Z`));
    const streak = new TeamMetrics(b.build(), '2026-12-10').streaks()[0];
    assert.equal(streak!.current, 3);
  });

  it('lists away days and holidays per member for the heat map, weekends left as days off', () => {
    const metrics = new TeamMetrics(winterBreak().build(), '2027-01-06', BERLIN);
    assert.deepEqual(metrics.awayDays('dana', dayNumber('2026-12-18'), dayNumber('2026-12-29')), [
      '2026-12-21',
      '2026-12-22',
      '2026-12-23',
      '2026-12-24',
      '2026-12-25',
      '2026-12-28',
      '2026-12-29',
    ]);
    // Sam is not away, but Christmas Day is the team's holiday for him too.
    assert.deepEqual(metrics.awayDays('sam', dayNumber('2026-12-21'), dayNumber('2026-12-27')), ['2026-12-25']);
    const heat = metrics.heatMap(4);
    assert.equal(heat.start, '2026-12-14');
    assert.equal(heat.people, 2);
    // Week of 21 Dec: Dana away Mon–Fri, Sam too on Christmas Day (Fri): the whole team is quiet then.
    assert.deepEqual(heat.away.slice(7, 14), [1, 1, 1, 1, 2, 0, 0]);
    assert.deepEqual(heat.away.slice(0, 7), [0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('issue 18, daily: check-in moments follow working hours', () => {
  /** Dana in Berlin works 10:00–18:00 on her own clock. */
  function lateStarter(): TeamState {
    return teamBuilder()
      .team({ workingDays: [1, 2, 3, 4, 5] })
      .member('dana', { timeZone: BERLIN })
      .put('dana', 'member:dana', 'member', { workingHours: { start: '10:00', end: '18:00' } })
      .build();
  }
  const cadenceOf = (state: TeamState, times: string[]): Cadence => ({ ...CADENCE, times, atWork: (m) => nextWorkingMoment(state, 'dana', m) });

  it('moves 09:30 to 10:00 her time on both sides of the spring change, and keeps 16:30', () => {
    const state = lateStarter();
    const moments = sameOnEveryHost(() =>
      ['2026-03-27', '2026-03-30'].map((day) => momentsOn(day, BERLIN, cadenceOf(state, ['09:30', '16:30'])).map((m) => m.toISOString())),
    );
    // Fri 27 Mar is CET (+01:00), Mon 30 Mar CEST (+02:00).
    assert.deepEqual(moments, [
      ['2026-03-27T09:00:00.000Z', '2026-03-27T15:30:00.000Z'],
      ['2026-03-30T08:00:00.000Z', '2026-03-30T14:30:00.000Z'],
    ]);
    assert.deepEqual(
      moments.flat().map((m) => localTime(new Date(m), BERLIN)),
      ['2026-03-27 10:00', '2026-03-27 16:30', '2026-03-30 10:00', '2026-03-30 16:30'],
    );
  });

  it('never delivers a 02:00 moment at 02:00: it moves to 10:00, and two moments before work count once', () => {
    const state = lateStarter();
    const moments = momentsOn('2026-03-30', BERLIN, cadenceOf(state, ['02:00', '08:00']));
    assert.deepEqual(
      moments.map((m) => localTime(m, BERLIN)),
      ['2026-03-30 10:00'],
    );
    assert.equal(dueCheckIn({ now: new Date('2026-03-30T00:30:00Z'), timeZone: BERLIN, cadence: cadenceOf(state, ['02:00']) }), undefined, 'not due at 02:30');
    assert.equal(
      dueCheckIn({ now: new Date('2026-03-30T08:05:00Z'), timeZone: BERLIN, cadence: cadenceOf(state, ['02:00']) })?.toISOString(),
      '2026-03-30T08:00:00.000Z',
    );
  });

  it('drops a moment after hours (it would move to tomorrow, which has its own) and every moment of an away day', () => {
    const state = lateStarter();
    assert.deepEqual(momentsOn('2026-03-30', BERLIN, cadenceOf(state, ['19:00'])), []);
    const b = teamBuilder()
      .team({ workingDays: [1, 2, 3, 4, 5] })
      .member('dana', { timeZone: BERLIN });
    const awayState = away(b, 'dana', 'away-1', '2026-03-30', '2026-03-31').build();
    assert.deepEqual(momentsOn('2026-03-31', BERLIN, cadenceOf(awayState, ['09:30', '16:30'])), []);
    assert.equal(momentsOn('2026-04-01', BERLIN, cadenceOf(awayState, ['09:30', '16:30'])).length, 2);
  });
});

describe('issue 18, daily: no nudge on an away day or a holiday; Skip Today', () => {
  function status(state: TeamState, now: Date, overrides: Partial<StatusInputs> = {}) {
    return computeStatus({ state, me: 'dana', now, timeZone: BERLIN, cadence: CADENCE, followUps: 2, unshared: 0, nudges: 'notification', ...overrides });
  }
  // Wed 23 Dec 2026, 10:00 Berlin: inside Dana's away period, after the 09:30 moment.
  const WED_23_DEC_10 = new Date('2026-12-23T09:00:00Z');

  it('away: no check-in nudge, no follow-up call to action, the item says until when', () => {
    const view = sameOnEveryHost(() => status(winterBreak().build(), WED_23_DEC_10));
    assert.equal(view.nudgeFor, undefined);
    assert.equal(view.text, '$(coffee) Away until Fri 1 Jan');
    assert.equal(view.action, 'focus');
    assert.equal(view.dayOff?.kind, 'away');
    assert.match(view.tooltip, /I'm Back ends it early/);
    assert.match(view.tooltip, /2 follow-ups waiting for you/, 'the counts stay for whoever looks');
  });

  it('a team holiday: quiet, named safely; the next working day nudges again', () => {
    const b = winterBreak(false);
    b.put('sam', 'hol-odd', 'holiday', { day: '2026-12-24', name: 'Eve $(bell) party', at: CREATED });
    const view = status(b.build(), new Date('2026-12-24T09:00:00Z'));
    assert.equal(view.nudgeFor, undefined);
    assert.equal(view.text, `$(coffee) Holiday: ${safeText('Eve $(bell) party')}`);
    assert.doesNotMatch(view.text, /Eve \$\(bell\)/, 'no icon drawn from data');
    const lastCheckIn = new Date('2026-12-18T08:30:00Z');
    assert.ok(status(b.build(), new Date('2026-12-28T09:00:00Z'), { lastCheckIn }).nudgeFor, 'Monday 28 Dec is a working day again');
  });

  it('quiets the activity-bar badge on an away day and a holiday, never on a weekend (quietDayReason)', () => {
    const state = winterBreak().build();
    assert.equal(quietDayReason(state, 'dana', '2026-12-23')?.kind, 'away');
    assert.equal(quietDayReason(state, 'dana', '2026-12-25')?.kind, 'holiday', 'a holiday inside an away period is named as the holiday');
    assert.equal(quietDayReason(winterBreak(false).build(), 'dana', '2026-12-25')?.kind, 'holiday');
    assert.equal(quietDayReason(winterBreak(false).build(), 'dana', '2026-12-23'), undefined, 'without the away period, a working day');
    assert.equal(quietDayReason(state, 'dana', '2027-01-09'), undefined, 'a Saturday: follow-ups count as always');
    assert.equal(quietDayReason(state, 'dana', '2027-01-06'), undefined, 'back at work');
  });

  it('the day I am back nudges as before, and the tooltip of a working day names the next moment', () => {
    const view = status(winterBreak().build(), new Date('2027-01-06T09:00:00Z'));
    assert.equal(view.nudgeFor?.toISOString(), '2027-01-06T08:30:00.000Z');
    // Before work on the last away day, the next check-in is the Monday after it.
    const before = status(winterBreak().build(), new Date('2026-12-31T09:00:00Z'));
    assert.doesNotMatch(before.tooltip, /Next check-in/);
  });

  it('Skip Today (working, no check-in): no nudge for the rest of that day, the next day nudges again', () => {
    const state = winterBreak(false).build();
    const monday = new Date('2027-01-04T15:40:00Z'); // 16:40 Berlin, after both moments
    const lastCheckIn = new Date('2027-01-04T08:30:00Z');
    assert.ok(status(state, monday, { lastCheckIn }).nudgeFor);
    const skipped = status(state, monday, { lastCheckIn, skippedDay: '2027-01-04' });
    assert.equal(skipped.nudgeFor, undefined);
    assert.match(skipped.tooltip, /You skipped today’s check-in/);
    assert.ok(status(state, new Date('2027-01-05T08:40:00Z'), { lastCheckIn, skippedDay: '2027-01-04' }).nudgeFor, 'Tuesday nudges');
    // The schedule alone: the skipped day silences that day's moments only.
    assert.ok(dueCheckIn({ now: new Date('2027-01-05T08:40:00Z'), timeZone: BERLIN, cadence: CADENCE, skippedDay: '2027-01-04' }));
    assert.equal(dueCheckIn({ now: new Date('2027-01-04T08:40:00Z'), timeZone: BERLIN, cadence: CADENCE, skippedDay: '2027-01-04' }), undefined);
  });

  it('Skip Today (not working) is an away period for today: no nudge, and the streak is neither broken nor counted', () => {
    const b = winterBreak(false);
    away(b, 'dana', 'away-today', '2027-01-06', '2027-01-06');
    b.checkIn('ci-dana-thu', 'dana', '2027-01-07T08:30:00.000Z');
    const state = b.build();
    assert.equal(status(state, new Date('2027-01-06T15:40:00Z')).nudgeFor, undefined);
    const streak = new TeamMetrics(state, '2027-01-07').streaks().find((s) => s.member === 'dana');
    assert.equal(streak!.current, 3, 'Mon, Tue and Thu: Wednesday skipped as a day off');
  });
});

describe('issue 18, daily: the Partners view says who is away', () => {
  it('gives awayWords in their zone and the note as written, only while they are away', () => {
    const state = winterBreak().build();
    const during = sameOnEveryHost(() => partnerSummaries(state, new Date('2026-12-26T12:00:00Z')).find((p) => p.member === 'dana')!.away);
    assert.deepEqual(during, { words: 'away until Fri 1 Jan', note: 'Skiing; Sam has my reviews' });
    assert.equal(partnerSummaries(state, new Date('2026-12-18T12:00:00Z')).find((p) => p.member === 'dana')!.away, undefined);
    assert.equal(partnerSummaries(state, new Date('2027-01-04T12:00:00Z')).find((p) => p.member === 'dana')!.away, undefined);
    assert.equal(partnerSummaries(state, new Date('2026-12-26T12:00:00Z')).find((p) => p.member === 'sam')!.away, undefined);
  });

  it("counts this week's hours over the days they are there: a holiday gives a fifth less, an away week none", () => {
    const hours = (state: TeamState, at: string) => partnerSummaries(state, new Date(at)).find((p) => p.member === 'dana')!.capacityHours;
    assert.equal(hours(winterBreak(false).build(), '2027-01-13T12:00:00Z'), 20, 'a full week: the weekly hours');
    assert.equal(hours(winterBreak(false).build(), '2026-12-23T12:00:00Z'), 16, 'Christmas Day off: 4 of 5 days');
    assert.equal(hours(winterBreak().build(), '2026-12-23T12:00:00Z'), 0, 'away the whole week');
  });

  it('reads the last day in their own zone: 1 Jan 23:30 UTC is already 2 Jan in Berlin', () => {
    const state = winterBreak().build();
    assert.equal(partnerSummaries(state, new Date('2027-01-01T22:30:00Z')).find((p) => p.member === 'dana')!.away?.words, 'away today');
    assert.equal(partnerSummaries(state, new Date('2027-01-01T23:30:00Z')).find((p) => p.member === 'dana')!.away, undefined);
  });
});
