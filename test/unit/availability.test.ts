import { strict as assert } from 'node:assert';
import {
  availableCapacity,
  availableWorkingDays,
  awayRangeProblem,
  parseWorkingHours,
  awayWords,
  dayOffReason,
  dueDateAdvice,
  type EntityRecord,
  holidayProblem,
  imBackEdits,
  isAvailableAt,
  isAvailableOn,
  lostDaysWords,
  materializeSources,
  MAX_REGIONAL_HOLIDAYS,
  MAX_TEAM_HOLIDAYS,
  MAX_UPCOMING_AWAY_PERIODS,
  mergeOwnRecords,
  nextAvailableDay,
  nextWorkingMoment,
  parseDayRange,
  safeText,
  shortDayLabel,
  type TeamState,
  workingHoursOf,
  worksOnDay,
} from '../../src/core';
import { dayNumber, dayString } from '../../src/core/localDays';
import { CREATED, localTime, teamBuilder, type TeamBuilder, sameOnEveryHost as sameOnEveryHostIn, putAway } from './helpers/teamBuilder';

/** Machines set to zones far apart, with odd offsets and DST on either side of the equator: no answer may change. */
const HOST_ZONES = ['UTC', 'Pacific/Chatham', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Kiritimati'];

const sameOnEveryHost = <T>(compute: () => T): T => sameOnEveryHostIn(HOST_ZONES, compute);

const away = putAway;
const holiday = (b: TeamBuilder, by: string, id: string, day: string, name: string) => b.put(by, id, 'holiday', { day, name, at: CREATED });

/**
 * A Monday–Friday team over the turn of 2026: Sam in Auckland (summer time, UTC+13) is away
 * Mon 21 Dec to Mon 4 Jan; Christmas Day and New Year's Day are team holidays; Ana in New York
 * keeps Thanksgiving as a regional holiday; Ben in Berlin is away across the end of summer time.
 */
function yearEnd(): TeamBuilder {
  const b = teamBuilder()
    .team({ workingDays: [1, 2, 3, 4, 5] })
    .member('sam', { timeZone: 'Pacific/Auckland', capacityHours: 20 })
    .member('ana', { timeZone: 'America/New_York', capacityHours: 30 })
    .member('ben', { timeZone: 'Europe/Berlin', capacityHours: 40 })
    .put('ana', 'rhol-ana', 'regionalHoliday', { member: 'ana', day: '2026-11-26', name: 'Thanksgiving', at: CREATED });
  away(b, 'sam', 'away-sam', '2026-12-21', '2027-01-04', 'Back on the 5th; Ana has my reviews');
  away(b, 'ben', 'away-ben', '2026-10-22', '2026-10-27');
  holiday(b, 'ana', 'hol-xmas', '2026-12-25', 'Christmas Day');
  holiday(b, 'sam', 'hol-ny', '2027-01-01', "New Year's Day");
  return b;
}

describe('parseDayRange: the ranges Set Away reads', () => {
  const today = '2026-12-18'; // a Friday

  it('one day names that day, a length counts from today, a..b names both ends (across the year)', () => {
    const cases: [string, string, string][] = [
      ['today', today, today],
      ['tomorrow', '2026-12-19', '2026-12-19'],
      ['fri', '2026-12-25', '2026-12-25'],
      ['2026-12-24', '2026-12-24', '2026-12-24'],
      ['12-24', '2026-12-24', '2026-12-24'],
      ['12-18', '2026-12-18', '2026-12-18'],
      ['12-17', '2027-12-17', '2027-12-17'],
      ['02-29', '2028-02-29', '2028-02-29'],
      ['+2w', '2026-12-18', '2026-12-31'],
      ['2 weeks', '2026-12-18', '2026-12-31'],
      ['3d', '2026-12-18', '2026-12-20'],
      ['+1', '2026-12-18', '2026-12-18'],
      ['2026-12-21..01-04', '2026-12-21', '2027-01-04'],
      [' 12-21 .. 01-04 ', '2026-12-21', '2027-01-04'],
      ['2026-12-21..2027-01-04', '2026-12-21', '2027-01-04'],
      ['mon..fri', '2026-12-21', '2026-12-25'],
      ['fri..fri', '2026-12-25', '2026-12-25'],
      ['today..mon', '2026-12-18', '2026-12-21'],
      ['2026-12-21..+2w', '2026-12-21', '2027-01-03'],
      ['MON..Thu', '2026-12-21', '2026-12-24'],
    ];
    for (const [input, from, to] of cases)
      assert.deepEqual(
        sameOnEveryHost(() => parseDayRange(input, today)),
        { range: { from, to } },
        input,
      );
  });

  it('says what it cannot read, in words for the person who typed it', () => {
    const errors: [string, string][] = [
      ['', 'Type a day or a range, like today, fri, 2026-12-21..01-04 or +2w.'],
      ['next week', '“next week” is not a day Accord reads: try today, tomorrow, fri, 2026-12-21, 12-21 or +2w.'],
      ['02-30', '“02-30” is not a day Accord reads: try today, tomorrow, fri, 2026-12-21, 12-21 or +2w.'],
      ['2026-12-21..2026-12-20', 'The range ends (2026-12-20) before it starts (2026-12-21).'],
      ['2026-12-21..tomorrow', 'The range ends (2026-12-19) before it starts (2026-12-21).'],
      ['+0', 'A length of time is at least one day, like +1d.'],
      ['mon..0d', 'A length of time is at least one day, like +1d.'],
      ['1..2..3', '“1..2..3” has more than one “..”; type a range like 2026-12-21..01-04.'],
      ['mon..someday', '“someday” is not a day Accord reads: try today, tomorrow, fri, 2026-12-21, 12-21 or +2w.'],
    ];
    for (const [input, error] of errors) assert.deepEqual(parseDayRange(input, today), { error }, input);
    // What is echoed cannot draw an icon in the input box that shows it.
    assert.equal(
      parseDayRange('$(alert)', today).error,
      `“${safeText('$(alert)')}” is not a day Accord reads: try today, tomorrow, fri, 2026-12-21, 12-21 or +2w.`,
    );
  });
});

describe('shortDayLabel', () => {
  it('names a day with its weekday, and the year only half a year or more away', () => {
    assert.equal(shortDayLabel('2027-01-04', '2026-12-21'), 'Mon 4 Jan');
    assert.equal(shortDayLabel('2026-12-25', '2026-12-21'), 'Fri 25 Dec');
    assert.equal(shortDayLabel('2027-12-20', '2026-12-21'), 'Mon 20 Dec 2027');
    assert.equal(shortDayLabel('2026-01-05', '2026-12-21'), 'Mon 5 Jan 2026');
  });
});

describe('availability: one rule for every day', () => {
  it('a day is off for the weekend first, then a team holiday, a regional holiday, an away period', () => {
    const state = yearEnd().build();
    const reasons = sameOnEveryHost(() =>
      ['2026-12-18', '2026-12-21', '2026-12-25', '2026-12-26', '2026-12-28', '2027-01-01', '2027-01-04', '2027-01-05'].map((day) => {
        const reason = dayOffReason(state, 'sam', day);
        return [day, reason?.kind, reason && 'name' in reason ? reason.name : reason && 'away' in reason ? reason.away.id : undefined];
      }),
    );
    assert.deepEqual(reasons, [
      ['2026-12-18', undefined, undefined],
      ['2026-12-21', 'away', 'away-sam'],
      ['2026-12-25', 'holiday', 'Christmas Day'],
      ['2026-12-26', 'dayOff', undefined],
      ['2026-12-28', 'away', 'away-sam'],
      ['2027-01-01', 'holiday', "New Year's Day"],
      ['2027-01-04', 'away', 'away-sam'],
      ['2027-01-05', undefined, undefined],
    ]);
    assert.deepEqual(dayOffReason(state, 'ana', '2026-11-26'), { kind: 'regionalHoliday', name: 'Thanksgiving' });
    assert.equal(isAvailableOn(state, 'sam', '2026-11-26'), true, "Ana's regional holiday is hers only");
    assert.equal(isAvailableOn(state, 'ana', '2026-12-28'), true, "Sam's away period is his only");
  });

  it('worksOnDay (by day number, for streaks over years) says what dayOffReason says, every day of the year end', () => {
    const state = yearEnd().build();
    for (const member of ['sam', 'ana']) {
      for (let n = dayNumber('2026-11-01'); n <= dayNumber('2027-01-31'); n++) {
        assert.equal(worksOnDay(state, member, n), dayOffReason(state, member, dayString(n)) === undefined, `${member} ${dayString(n)}`);
      }
    }
  });

  it('an away period across the year end: the working days in a range, and the next one', () => {
    const state = yearEnd().build();
    assert.deepEqual(
      sameOnEveryHost(() => availableWorkingDays(state, 'sam', { from: '2026-12-14', to: '2027-01-10' })),
      ['2026-12-14', '2026-12-15', '2026-12-16', '2026-12-17', '2026-12-18', '2027-01-05', '2027-01-06', '2027-01-07', '2027-01-08'],
    );
    assert.equal(availableWorkingDays(state, 'ana', { from: '2026-12-21', to: '2027-01-03' }).length, 8, 'two weeks less Christmas and New Year');
    assert.equal(nextAvailableDay(state, 'sam', '2026-12-21'), '2027-01-05');
    assert.equal(nextAvailableDay(state, 'sam', '2026-12-18'), '2026-12-18');
    assert.throws(() => availableWorkingDays(state, 'sam', { from: '2027-01-10', to: '2026-12-14' }), RangeError);
  });

  it('an away period across the end of summer time starts and ends at local midnight, whatever the offset', () => {
    const state = yearEnd().build();
    // Berlin leaves summer time on Sun 25 Oct 2026: the period starts at 22:00 UTC (UTC+2) and ends at 23:00 UTC (UTC+1).
    const at = (instant: string) => sameOnEveryHost(() => isAvailableAt(state, 'ben', new Date(instant)));
    assert.equal(at('2026-10-21T21:59:00Z'), true, 'Wed 21 Oct 23:59 CEST');
    assert.equal(at('2026-10-21T22:00:00Z'), false, 'Thu 22 Oct 00:00 CEST');
    assert.equal(at('2026-10-27T22:59:00Z'), false, 'Tue 27 Oct 23:59 CET');
    assert.equal(at('2026-10-27T23:00:00Z'), true, 'Wed 28 Oct 00:00 CET');
  });

  it('holidays in several zones: a team holiday is that day on each member’s own calendar', () => {
    const b = teamBuilder().team().member('kai', { timeZone: 'Pacific/Auckland' }).member('ana', { timeZone: 'America/New_York' });
    const state = holiday(b, 'ana', 'hol-xmas', '2026-12-25', 'Christmas Day').build();
    const who = (instant: string) => sameOnEveryHost(() => ['kai', 'ana'].map((m) => isAvailableAt(state, m, new Date(instant))));
    assert.deepEqual(who('2026-12-24T12:00:00Z'), [false, true], 'Christmas morning in Auckland, Christmas Eve in New York');
    assert.deepEqual(who('2026-12-25T12:00:00Z'), [false, false], 'Saturday in Auckland, Christmas morning in New York');
    assert.deepEqual(who('2026-12-27T20:00:00Z'), [true, false], 'Monday morning in Auckland, Sunday afternoon in New York');
  });

  it('a Sunday–Thursday team: Friday and Saturday are the weekend, an away Wed–Thu ends on Sunday', () => {
    const b = teamBuilder()
      .team({ workingDays: [0, 1, 2, 3, 4] })
      .member('dana', { timeZone: 'Asia/Jerusalem', capacityHours: 20 });
    const state = away(b, 'dana', 'away-dana', '2026-03-11', '2026-03-12').build();
    assert.equal(dayOffReason(state, 'dana', '2026-03-13')?.kind, 'dayOff', 'Friday');
    assert.equal(isAvailableOn(state, 'dana', '2026-03-08'), true, 'Sunday is a working day');
    assert.equal(nextAvailableDay(state, 'dana', '2026-03-11'), '2026-03-15');
    const week = { from: '2026-03-08', to: '2026-03-14' };
    assert.deepEqual(availableWorkingDays(state, 'dana', week), ['2026-03-08', '2026-03-09', '2026-03-10']);
    const capacity = availableCapacity(state, 'dana', week);
    assert.equal(capacity.hours, 12, '20 h a week over 5 working days, times the 3 she works');
    assert.equal(`Dana: ${capacity.hours} h, ${lostDaysWords(capacity.lost, '2026-03-08')}`, 'Dana: 12 h, away Wed–Thu');
  });

  it('capacity over a cycle counts holidays as off and joins a holiday with the away days beside it', () => {
    const state = yearEnd().build();
    const cycle = availableCapacity(state, 'sam', { from: '2026-12-14', to: '2026-12-27' });
    assert.equal(cycle.days, 5);
    assert.equal(cycle.hours, 20);
    assert.deepEqual(cycle.lost, [{ from: '2026-12-21', to: '2026-12-25', away: true }]);
    assert.equal(lostDaysWords(cycle.lost, '2026-12-14'), 'away Mon 21 Dec–Fri 25 Dec');
    const ana = availableCapacity(state, 'ana', { from: '2026-12-21', to: '2027-01-03' });
    assert.equal(ana.hours, 48, '30 h a week over 5 days, times 8');
    assert.equal(lostDaysWords(ana.lost, '2026-12-21'), 'off Fri 25 Dec, off Fri 1 Jan');
  });

  it('an empty away period (its end merged before its start) keeps nobody away', () => {
    const b = yearEnd();
    const state = away(b, 'ana', 'away-ana', '2026-12-10', '2026-12-08').build();
    assert.equal(isAvailableOn(state, 'ana', '2026-12-09'), true);
    assert.equal(awayWords(state, 'ana', '2026-12-09'), undefined);
  });
});

describe('availability: away words and I’m Back', () => {
  it('says “away until Mon 4 Jan” through the period, “away today” on its last day, nothing after', () => {
    const state = yearEnd().build();
    const words = sameOnEveryHost(() => ['2026-12-20', '2026-12-21', '2026-12-28', '2027-01-04', '2027-01-05'].map((d) => awayWords(state, 'sam', d)));
    assert.deepEqual(words, [undefined, 'away until Mon 4 Jan', 'away until Mon 4 Jan', 'away today', undefined]);
  });

  it('joins periods that touch: the words name the end of the last one', () => {
    const state = away(yearEnd(), 'sam', 'away-more', '2027-01-05', '2027-01-08').build();
    assert.equal(awayWords(state, 'sam', '2026-12-28'), 'away until Fri 8 Jan');
    assert.equal(nextAvailableDay(state, 'sam', '2026-12-21'), '2027-01-11');
  });

  it("I'm Back ends the period yesterday; one that starts today is removed; one to come stays", () => {
    const b = away(yearEnd(), 'sam', 'away-later', '2027-03-01', '2027-03-05');
    const state = b.build();
    assert.deepEqual(imBackEdits(state, 'sam', '2026-12-28'), [{ id: 'away-sam', to: '2026-12-27' }]);
    assert.deepEqual(imBackEdits(state, 'sam', '2026-12-21'), [{ id: 'away-sam', remove: true }]);
    assert.deepEqual(imBackEdits(state, 'sam', '2027-02-01'), []);
    // Written as Set Away's store would, at a later clock in Sam's own file:
    const back = b.put('sam', 'away-sam', 'away', { to: '2026-12-27' }).build();
    assert.equal(isAvailableOn(back, 'sam', '2026-12-28'), true);
    assert.equal(awayWords(back, 'sam', '2026-12-28'), undefined);
    assert.equal(isAvailableOn(back, 'sam', '2026-12-24'), false, 'the days already away stay away (streaks)');
    const removed = b.remove('sam', 'away-sam', 'away').build();
    assert.equal(isAvailableOn(removed, 'sam', '2026-12-21'), true);
  });

  it("Sam's two machines: extending on one and I'm Back on the other merge to the later write, in either order", () => {
    const record = (to: string, clock: number): Record<string, EntityRecord> => ({
      'away-sam': {
        kind: 'away',
        fields: { member: 'sam', from: '2026-12-21', to, at: CREATED },
        clocks: { member: 3, from: 3, to: clock, at: 3 },
      },
    });
    const laptop = record('2027-01-08', 5); // extended
    const desktop = record('2026-12-27', 6); // I'm Back, later
    for (const [a, z] of [
      [laptop, desktop],
      [desktop, laptop],
    ]) {
      const state: TeamState = materializeSources([{ member: 'sam', entities: mergeOwnRecords('sam', a!, z!) }]);
      assert.equal(state.entities.away.get('away-sam')!.to, '2026-12-27');
    }
  });

  it('Sam and Ana set away periods at the same time, each in their own file: both count', () => {
    const b = yearEnd();
    const state = away(b, 'ana', 'away-ana', '2026-12-28', '2026-12-31').build();
    assert.deepEqual([awayWords(state, 'sam', '2026-12-29'), awayWords(state, 'ana', '2026-12-29')], ['away until Mon 4 Jan', 'away until Thu 31 Dec']);
    assert.deepEqual(state.refused, []);
  });
});

describe('availability: working hours and the next working moment', () => {
  const local = (at: Date | undefined, zone: string) => (at ? localTime(at, zone) : undefined);

  it('a moment inside working hours stays; one before them moves to their start; one after to the next working day', () => {
    const b = yearEnd().put('ana', 'member:ana', 'member', { workingHours: { start: '10:00', end: '15:00' } });
    const state = b.build();
    assert.deepEqual(workingHoursOf(state, 'ana'), { start: '10:00', end: '15:00' });
    assert.deepEqual(workingHoursOf(state, 'sam'), { start: '09:00', end: '17:30' }, 'the default');
    const zone = 'America/New_York';
    const next = (instant: string) => sameOnEveryHost(() => local(nextWorkingMoment(state, 'ana', new Date(instant)), zone));
    assert.equal(next('2026-12-01T16:30:00Z'), '2026-12-01 11:30', 'inside her hours: the moment itself');
    assert.equal(next('2026-12-01T14:30:00Z'), '2026-12-01 10:00', '09:30 check-in moves to 10:00');
    assert.equal(next('2026-12-01T21:30:00Z'), '2026-12-02 10:00', '16:30 check-in moves to the next morning');
    assert.equal(next('2026-12-01T07:00:00Z'), '2026-12-01 10:00', 'never 02:00: the start of her working day');
    assert.equal(next('2026-11-25T21:30:00Z'), '2026-11-27 10:00', 'Wednesday evening: Thursday is Thanksgiving, hers');
    assert.equal(next('2026-12-24T21:00:00Z'), '2026-12-28 10:00', 'Christmas Eve evening: past Christmas and the weekend');
  });

  it('moves across a weekend and the start of summer time, on the member’s clock', () => {
    const state = yearEnd().build();
    // Fri 27 Mar 2026 18:00 CET; Berlin springs forward on Sun 29 Mar: Monday 09:00 is CEST (07:00 UTC).
    const moment = sameOnEveryHost(() => nextWorkingMoment(state, 'ben', new Date('2026-03-27T17:00:00Z'))?.toISOString());
    assert.equal(moment, '2026-03-30T07:00:00.000Z');
  });

  it('skips an away period across the year end and lands on the first morning back', () => {
    const state = yearEnd().build();
    const moment = sameOnEveryHost(() => nextWorkingMoment(state, 'sam', new Date('2026-12-20T20:30:00Z'))?.toISOString());
    assert.equal(moment, '2027-01-04T20:00:00.000Z', 'Tue 5 Jan 09:00 in Auckland (UTC+13)');
  });

  it('working hours that start in a summer-time gap begin when the clock says so (02:30 → 03:30)', () => {
    const b = teamBuilder()
      .team({ workingDays: [0, 1, 2, 3, 4, 5, 6] })
      .member('kai', { timeZone: 'Pacific/Auckland' });
    const state = b.put('kai', 'member:kai', 'member', { workingHours: { start: '02:30', end: '10:00' } }).build();
    // Sun 27 Sep 2026: Auckland springs from 02:00 to 03:00 (UTC+12 → UTC+13).
    const moment = sameOnEveryHost(() => nextWorkingMoment(state, 'kai', new Date('2026-09-26T13:00:00Z')));
    assert.equal(localTime(moment!, 'Pacific/Auckland'), '2026-09-27 03:30');
  });

  it('gives up, rather than looping, when no working day comes within two years', () => {
    const b = yearEnd();
    const state = away(b, 'ana', 'away-long', '2026-01-01', '2030-12-31').build();
    assert.equal(nextWorkingMoment(state, 'ana', new Date('2026-06-01T12:00:00Z')), undefined);
    assert.equal(nextAvailableDay(state, 'ana', '2026-06-01'), undefined);
  });
});

describe('availability: due dates on a day off', () => {
  it('flags a due date on an away day, a holiday or a weekend, and suggests the next working day', () => {
    const state = yearEnd().build();
    const advice = (owner: string, name: string, due: string) => dueDateAdvice(state, owner, due, name, '2026-12-18')?.words;
    assert.equal(advice('sam', 'Sam', '2026-12-28'), 'Sam is away on Mon 28 Dec; Tue 5 Jan is the next working day');
    assert.equal(advice('ana', 'Ana', '2026-12-25'), 'Fri 25 Dec is a holiday (Christmas Day); Mon 28 Dec is the next working day');
    assert.equal(advice('ana', 'Ana', '2026-11-26'), 'Thu 26 Nov is a holiday (Thanksgiving) for Ana; Fri 27 Nov is the next working day');
    assert.equal(advice('ana', 'Ana', '2026-12-19'), 'Sat 19 Dec is not a working day; Mon 21 Dec is the next working day');
    assert.equal(advice('ana', 'Ana', '2026-12-21'), undefined);
    assert.equal(dueDateAdvice(state, 'sam', '2026-12-28', 'Sam', '2026-12-18')?.suggested, '2027-01-05');
  });

  it("a holiday's name is text from a teammate's file: made safe in the words", () => {
    const b = teamBuilder().team().member('ana');
    const state = holiday(b, 'ana', 'hol-x', '2026-12-25', '$(alert) Party').build();
    assert.equal(
      dueDateAdvice(state, 'ana', '2026-12-25', 'Ana', '2026-12-18')?.words,
      `Fri 25 Dec is a holiday (${safeText('$(alert) Party')}); Mon 28 Dec is the next working day`,
    );
  });
});

describe('availability: bounds for what Set Away and Add Holiday write', () => {
  it('an away period is 1 to 366 days and ends today or later', () => {
    const state = yearEnd().build();
    assert.equal(awayRangeProblem(state, 'ana', { from: '2026-12-21', to: '2027-12-21' }, '2026-12-18'), undefined);
    assert.equal(
      awayRangeProblem(state, 'ana', { from: '2026-12-21', to: '2027-12-22' }, '2026-12-18'),
      'An away period is at most 366 days; this one is 367. Split it in two.',
    );
    assert.equal(
      awayRangeProblem(state, 'ana', { from: '2026-12-10', to: '2026-12-17' }, '2026-12-18'),
      'That period is over already; an away period ends today or later.',
    );
    assert.equal(
      awayRangeProblem(state, 'ana', { from: '2026-12-10', to: '2026-12-18' }, '2026-12-18'),
      undefined,
      'a period reaching back into the past, to today',
    );
    assert.equal(
      awayRangeProblem(state, 'ana', { from: '2026-12-22', to: '2026-12-21' }, '2026-12-18'),
      'The period ends (2026-12-21) before it starts (2026-12-22).',
    );
  });

  it(`keeps at most ${MAX_UPCOMING_AWAY_PERIODS} periods still to come; past ones do not count, nor the one an edit replaces`, () => {
    const b = yearEnd();
    away(b, 'ana', 'away-past', '2026-01-05', '2026-01-09');
    for (let i = 0; i < MAX_UPCOMING_AWAY_PERIODS; i++) away(b, 'ana', `away-${i}`, '2027-02-01', '2027-02-02');
    const state = b.build();
    const next = { from: '2027-03-01', to: '2027-03-02' };
    assert.equal(
      awayRangeProblem(state, 'ana', next, '2026-12-18'),
      `You have ${MAX_UPCOMING_AWAY_PERIODS} away periods still to come, the most Accord keeps; remove one first.`,
    );
    assert.equal(awayRangeProblem(state, 'ana', next, '2026-12-18', 'away-0'), undefined);
    assert.equal(awayRangeProblem(state, 'sam', next, '2026-12-18'), undefined, "Ana's periods are not Sam's");
  });

  it(`one holiday a day; at most ${MAX_TEAM_HOLIDAYS} for the team and ${MAX_REGIONAL_HOLIDAYS} per member`, () => {
    const state = yearEnd().build();
    assert.equal(holidayProblem(state, '2026-12-25'), '2026-12-25 is already a holiday (Christmas Day).');
    assert.equal(holidayProblem(state, '2026-12-26'), undefined);
    assert.equal(holidayProblem(state, '2026-11-26', 'ana'), '2026-11-26 is already a holiday (Thanksgiving).');
    assert.equal(holidayProblem(state, '2026-11-26', 'sam'), undefined);

    const b = teamBuilder().team().member('ana').member('sam');
    for (let i = 0; i < MAX_TEAM_HOLIDAYS; i++) holiday(b, 'ana', `hol-${i}`, `2030-01-01`, `Day ${i}`);
    for (let i = 0; i < MAX_REGIONAL_HOLIDAYS; i++)
      b.put('sam', `rhol-${i}`, 'regionalHoliday', { member: 'sam', day: '2030-01-01', name: `Day ${i}`, at: CREATED });
    const full = b.build();
    assert.equal(holidayProblem(full, '2031-05-01'), `The team has ${MAX_TEAM_HOLIDAYS} holidays, the most Accord keeps; remove past ones first.`);
    assert.equal(holidayProblem(full, '2031-05-01', 'sam'), `You have ${MAX_REGIONAL_HOLIDAYS} holidays, the most Accord keeps; remove past ones first.`);
    assert.equal(holidayProblem(full, '2031-05-01', 'ana'), undefined);
    assert.deepEqual(dayOffReason(full, 'ana', '2030-01-01'), { kind: 'holiday', name: 'Day 0' }, 'of several on one day, the lowest id names it');
  });
});

describe('issue 18: working hours as people type them (parseWorkingHours)', () => {
  it('reads HH:MM or whole hours with a hyphen, a dash or "to", and checks them with the schema', () => {
    assert.deepEqual(parseWorkingHours('09:00-17:30').hours, { start: '09:00', end: '17:30' });
    assert.deepEqual(parseWorkingHours(' 8 – 16 ').hours, { start: '08:00', end: '16:00' });
    assert.deepEqual(parseWorkingHours('7:45 to 15:15').hours, { start: '07:45', end: '15:15' });
    for (const bad of ['', 'nine to five', '17:30-09:00', '09:00-09:00', '24:00-25:00', '9:7-17', '22-06']) {
      assert.ok(parseWorkingHours(bad).error, `"${bad}" is refused`);
      assert.equal(parseWorkingHours(bad).hours, undefined);
    }
  });
});
