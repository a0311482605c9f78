import { strict as assert } from 'node:assert';
import { withHostTimeZone } from './helpers/teamBuilder';
import fc from 'fast-check';
import {
  addDaysToDay,
  dayIn,
  daysBetween,
  describeDue,
  endOfWeekDay,
  isValidTimeZone,
  parseDayInput,
  parseOneDay,
  systemTimeZone,
  typedDayWords,
} from '../../src/core';

const DAY_MS = 24 * 60 * 60 * 1000;

// Reference calendar arithmetic on plain UTC days: what the functions must agree with.
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const dayOf = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);
const weekdayOf = (day: string) => new Date(dayNumber(day) * DAY_MS).getUTCDay();

/** A day between 1990 and 2060. */
const dayArb = fc.integer({ min: dayNumber('1990-01-01'), max: dayNumber('2060-12-31') }).map(dayOf);

/** The machine's own zone must not matter: these include zones whose DST change skips or repeats midnight. */
const HOST_ZONES = [
  'UTC',
  'Pacific/Auckland',
  'America/Los_Angeles',
  'America/Santiago',
  'America/Havana',
  'Asia/Beirut',
  'Africa/Cairo',
  'Pacific/Chatham',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
];

function forEachHostZone(run: (zone: string) => void): void {
  for (const zone of HOST_ZONES) withHostTimeZone(zone, () => run(zone));
}

/** The calendar day of `instant` in `timeZone`, straight from Intl. */
function intlDay(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

describe('dates: host time zone', () => {
  it('switching process.env.TZ really changes the local zone (so the tests below mean something)', () => {
    const offsets = HOST_ZONES.map((zone) => withHostTimeZone(zone, () => new Date(2026, 0, 15).getTimezoneOffset()));
    assert.ok(new Set(offsets).size >= 5, `offsets: ${offsets.join(', ')}`);
  });
});

describe('dayIn', () => {
  it('gives the local calendar day of each member around midnight UTC', () => {
    const now = new Date('2026-03-15T11:30:00Z');
    assert.equal(dayIn(now, 'UTC'), '2026-03-15');
    assert.equal(dayIn(now, 'Pacific/Auckland'), '2026-03-16'); // 00:30 NZDT
    assert.equal(dayIn(now, 'America/Los_Angeles'), '2026-03-15'); // 04:30 PDT
    assert.equal(dayIn(now, 'Pacific/Kiritimati'), '2026-03-16'); // UTC+14
    assert.equal(dayIn(now, 'Pacific/Pago_Pago'), '2026-03-15'); // UTC-11

    const midnightUtc = new Date('2026-03-15T00:00:00Z');
    assert.equal(dayIn(midnightUtc, 'UTC'), '2026-03-15');
    assert.equal(dayIn(midnightUtc, 'America/Los_Angeles'), '2026-03-14');
    assert.equal(dayIn(midnightUtc, 'Pacific/Auckland'), '2026-03-15');
    assert.equal(dayIn(new Date('2026-03-14T23:59:59.999Z'), 'UTC'), '2026-03-14');
  });

  it('follows daylight-saving changes (a 23-hour and a 25-hour day in Los Angeles)', () => {
    const la = (iso: string) => dayIn(new Date(iso), 'America/Los_Angeles');
    // 2026-03-08: clocks go forward at 02:00 PST; the day runs 08:00Z to 07:00Z.
    assert.equal(la('2026-03-08T07:59:59Z'), '2026-03-07');
    assert.equal(la('2026-03-08T08:00:00Z'), '2026-03-08');
    assert.equal(la('2026-03-09T06:59:59Z'), '2026-03-08');
    assert.equal(la('2026-03-09T07:00:00Z'), '2026-03-09');
    // 2026-11-01: clocks go back at 02:00 PDT; the day runs 07:00Z to 08:00Z the next day.
    assert.equal(la('2026-11-01T06:59:59Z'), '2026-10-31');
    assert.equal(la('2026-11-01T07:00:00Z'), '2026-11-01');
    assert.equal(la('2026-11-02T07:59:59Z'), '2026-11-01');
    assert.equal(la('2026-11-02T08:00:00Z'), '2026-11-02');
  });

  it('follows daylight-saving changes in Auckland (the day DST ends)', () => {
    const akl = (iso: string) => dayIn(new Date(iso), 'Pacific/Auckland');
    // 2026-04-05: 03:00 NZDT becomes 02:00 NZST; the day runs 11:00Z (+13) to 12:00Z (+12).
    assert.equal(akl('2026-04-04T10:59:59Z'), '2026-04-04');
    assert.equal(akl('2026-04-04T11:00:00Z'), '2026-04-05');
    assert.equal(akl('2026-04-05T11:59:59Z'), '2026-04-05');
    assert.equal(akl('2026-04-05T12:00:00Z'), '2026-04-06');
  });

  it("agrees with Intl for any instant and zone, whatever the machine's own zone", () => {
    const zones = [
      'UTC',
      'Pacific/Auckland',
      'America/Los_Angeles',
      'Asia/Kathmandu',
      'Australia/Lord_Howe',
      'America/St_Johns',
      'Pacific/Kiritimati',
      'Europe/Berlin',
    ];
    const instantArb = fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') }).map((ms) => new Date(ms));
    forEachHostZone(() => {
      fc.assert(
        fc.property(instantArb, fc.constantFrom(...zones), (instant, zone) => dayIn(instant, zone) === intlDay(instant, zone)),
        { numRuns: 60 },
      );
    });
  });

  it('counts a zone this runtime does not know as UTC, instead of throwing', () => {
    assert.equal(dayIn(new Date('2026-03-15T23:30:00Z'), 'Mars/Olympus_Mons'), '2026-03-15');
    assert.equal(dayIn(new Date('2026-03-16T00:30:00Z'), 'Mars/Olympus_Mons'), '2026-03-16');
    assert.equal(dayIn(new Date('2026-03-15T23:30:00Z'), 'not a zone'), '2026-03-15');
  });
});

describe('isValidTimeZone', () => {
  it('accepts IANA zones the runtime knows', () => {
    for (const zone of ['UTC', 'Europe/Berlin', 'Pacific/Auckland', 'America/Los_Angeles', 'Asia/Kolkata', 'America/Argentina/Buenos_Aires'])
      assert.equal(isValidTimeZone(zone), true, zone);
  });

  it('rejects unknown, misspelled and empty zones', () => {
    for (const zone of ['Mars/Olympus_Mons', 'Europe/Berln', 'America/Los Angeles', '', 'not a zone', 'GMT+25'])
      assert.equal(isValidTimeZone(zone), false, zone);
  });

  it('rejects what the schema would reject, even where Intl accepts it (no offsets, no Etc/Unknown)', () => {
    for (const zone of ['+05:30', '-0300', 'Etc/Unknown', ' Europe/Berlin', 'Europe/Berlin/']) assert.equal(isValidTimeZone(zone), false, zone);
  });

  it('the system zone is a valid zone', () => {
    assert.equal(isValidTimeZone(systemTimeZone()), true);
  });
});

describe('addDaysToDay and daysBetween', () => {
  it('cross months, years, leap days and DST changes', () => {
    assert.equal(addDaysToDay('2026-03-14', 1), '2026-03-15');
    assert.equal(addDaysToDay('2026-12-31', 1), '2027-01-01');
    assert.equal(addDaysToDay('2028-02-28', 1), '2028-02-29');
    assert.equal(addDaysToDay('2026-02-28', 1), '2026-03-01');
    assert.equal(addDaysToDay('2026-03-01', -1), '2026-02-28');
    assert.equal(addDaysToDay('2026-03-07', 2), '2026-03-09');
    assert.equal(daysBetween('2026-03-14', '2026-03-21'), 7);
    assert.equal(daysBetween('2026-03-21', '2026-03-14'), -7);
    assert.equal(daysBetween('2026-03-07', '2026-03-09'), 2);
    assert.equal(daysBetween('2026-12-31', '2027-01-01'), 1);
  });

  it("are plain calendar arithmetic, whatever the machine's own zone", () => {
    forEachHostZone((zone) => {
      fc.assert(
        fc.property(dayArb, fc.integer({ min: -800, max: 800 }), (day, n) => {
          const later = addDaysToDay(day, n);
          assert.equal(later, dayOf(dayNumber(day) + n), `${zone}: ${day} + ${n}`);
          assert.equal(daysBetween(day, later), n, `${zone}: ${day} .. ${later}`);
        }),
        { numRuns: 80 },
      );
    });
  });

  it("handle the DST days of the machine's own zone", () => {
    // Days on which midnight is skipped or repeated in some of the host zones.
    const days = ['2026-03-08', '2026-11-01', '2026-04-05', '2026-09-27', '2026-09-06', '2026-04-04', '2026-03-29', '2026-10-25', '2026-04-24', '2026-10-30'];
    forEachHostZone((zone) => {
      for (const day of days) {
        for (const n of [-1, 1, 2, 7]) assert.equal(addDaysToDay(day, n), dayOf(dayNumber(day) + n), `${zone}: ${day} + ${n}`);
        assert.equal(daysBetween(addDaysToDay(day, -1), addDaysToDay(day, 1)), 2, `${zone}: around ${day}`);
        assert.equal(endOfWeekDay(day, 1), dayOf(dayNumber(day) + ((7 - weekdayOf(day)) % 7)), `${zone}: week of ${day}`);
      }
    });
  });
});

describe('endOfWeekDay', () => {
  it('is the Sunday ending a Monday-first week', () => {
    assert.equal(endOfWeekDay('2026-03-16', 1), '2026-03-22'); // Monday
    assert.equal(endOfWeekDay('2026-03-19', 1), '2026-03-22'); // Thursday
    assert.equal(endOfWeekDay('2026-03-22', 1), '2026-03-22'); // Sunday ends its own week
    assert.equal(endOfWeekDay('2026-03-14', 1), '2026-03-15'); // Saturday
    assert.equal(endOfWeekDay('2026-12-29', 1), '2027-01-03'); // across the new year
    assert.equal(endOfWeekDay('2028-02-29', 1), '2028-03-05'); // a leap day
  });

  it('is the Saturday ending a Sunday-first week, and the Friday ending a Saturday-first one', () => {
    assert.equal(endOfWeekDay('2026-03-22', 0), '2026-03-28'); // Sunday starts its own week
    assert.equal(endOfWeekDay('2026-03-21', 0), '2026-03-21'); // Saturday ends it
    assert.equal(endOfWeekDay('2026-12-31', 0), '2027-01-02'); // across the new year
    assert.equal(endOfWeekDay('2026-03-21', 6), '2026-03-27'); // Saturday starts its own week
    assert.equal(endOfWeekDay('2026-03-20', 6), '2026-03-20'); // Friday ends it
    assert.equal(endOfWeekDay('2026-12-27', 6), '2027-01-01'); // across the new year
  });

  it("is a Sunday 0 to 6 days ahead, whatever the machine's own zone", () => {
    forEachHostZone((zone) => {
      fc.assert(
        fc.property(dayArb, (day) => {
          const end = endOfWeekDay(day, 1);
          assert.equal(weekdayOf(end), 0, `${zone}: ${day} -> ${end}`);
          const ahead = dayNumber(end) - dayNumber(day);
          assert.ok(ahead >= 0 && ahead <= 6, `${zone}: ${day} -> ${end}`);
        }),
        { numRuns: 50 },
      );
    });
  });
});

describe('parseOneDay (a holiday: one day only)', () => {
  const today = '2026-12-01'; // a Tuesday
  it('reads +1 and 1 as tomorrow, as a due date does, and 12-25 as the next 25 December; refuses a range', () => {
    assert.deepEqual(parseOneDay('+1', today), { day: '2026-12-02' });
    assert.deepEqual(parseOneDay('1', today), { day: '2026-12-02' });
    assert.deepEqual(parseOneDay('today', today), { day: '2026-12-01' });
    assert.deepEqual(parseOneDay('12-25', today), { day: '2026-12-25' });
    assert.deepEqual(parseOneDay('2027-01-01', today), { day: '2027-01-01' });
    assert.deepEqual(parseOneDay('12-24..12-26', today), { error: 'One day at a time: a holiday is a single day.' });
    assert.match((parseOneDay('soon', today) as { error: string }).error, /^“soon” is not a day Accord reads/);
  });
});

describe('parseDayInput', () => {
  const today = '2026-03-14'; // a Saturday

  it('reads dates, today and tomorrow', () => {
    assert.equal(parseDayInput('2026-03-20', today), '2026-03-20');
    assert.equal(parseDayInput('  2026-03-20 ', today), '2026-03-20');
    assert.equal(parseDayInput('2028-02-29', today), '2028-02-29');
    assert.equal(parseDayInput('2025-12-01', today), '2025-12-01'); // a past date is still a date
    assert.equal(parseDayInput('0000-01-01', today), undefined, 'year 0000 would read back as year 1');
    assert.equal(parseDayInput('1969-12-31', today), undefined);
    assert.equal(parseDayInput('1970-01-01', today), '1970-01-01');
    assert.equal(parseDayInput('today', today), '2026-03-14');
    assert.equal(parseDayInput(' Today ', today), '2026-03-14');
    assert.equal(parseDayInput('TOMORROW', today), '2026-03-15');
    assert.equal(parseDayInput('tomorrow', '2026-12-31'), '2027-01-01');
  });

  it('reads a weekday as the next one after today', () => {
    const cases: [string, string][] = [
      ['sun', '2026-03-15'],
      ['mon', '2026-03-16'],
      ['Monday', '2026-03-16'],
      ['tue', '2026-03-17'],
      ['wed', '2026-03-18'],
      ['thu', '2026-03-19'],
      ['thurs', '2026-03-19'],
      ['fri', '2026-03-20'],
      ['friday', '2026-03-20'],
      ['sat', '2026-03-21'], // today is Saturday: the next one, a week ahead
    ];
    for (const [input, expected] of cases) assert.equal(parseDayInput(input, today), expected, input);
    assert.equal(parseDayInput('fri', '2026-12-30'), '2027-01-01');
  });

  it('says back what a typed day means, so “sat” on a Saturday reads as a week ahead', () => {
    assert.equal(typedDayWords(parseDayInput('sat', today)!, today), 'Sat 21 Mar, in 7 days');
    assert.equal(typedDayWords(parseDayInput('today', today)!, today), 'Sat 14 Mar, today');
    assert.equal(typedDayWords(parseDayInput('tomorrow', today)!, today), 'Sun 15 Mar, tomorrow');
    assert.equal(typedDayWords('2026-03-13', today), 'Fri 13 Mar, 1 day ago');
    assert.equal(typedDayWords('2026-03-04', today), 'Wed 4 Mar, 10 days ago');
    assert.equal(typedDayWords('2027-01-01', today), 'Fri 1 Jan 2027, in 293 days');
  });

  it('reads +N, N, Nd, N days, Nw and N weeks', () => {
    const cases: [string, string][] = [
      ['+3', '2026-03-17'],
      ['3', '2026-03-17'],
      ['3d', '2026-03-17'],
      ['3 days', '2026-03-17'],
      ['1 day', '2026-03-15'],
      ['+0', '2026-03-14'],
      ['18', '2026-04-01'],
      ['2w', '2026-03-28'],
      ['+2w', '2026-03-28'],
      ['2 weeks', '2026-03-28'],
      ['1 week', '2026-03-21'],
      ['999', '2028-12-07'],
    ];
    for (const [input, expected] of cases) assert.equal(parseDayInput(input, today), expected, input);
  });

  it('rejects invalid dates and unreadable input', () => {
    for (const input of ['2026-02-30', '2026-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-03-00', '2026-3-14', '14/03/2026', '0000-00-00']) {
      assert.equal(parseDayInput(input, today), undefined, input);
    }
    for (const input of ['', '   ', 'yesterday', 'next week', '-1', '+1000', '1000', 'mo', 'fr', 'fridays', 'tom', '3x', '3 months', 'w2', 'today!']) {
      assert.equal(parseDayInput(input, today), undefined, input);
    }
  });

  it('accepts exactly the real calendar days', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2060 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (year, month, day) => {
        const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        const real = day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
        assert.equal(parseDayInput(text, today), real ? text : undefined, text);
      }),
    );
  });

  it("counts days and weeks and finds weekdays the same, whatever the machine's own zone", () => {
    const names = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
    forEachHostZone((zone) => {
      fc.assert(
        fc.property(dayArb, fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 6 }), (from, n, weekday) => {
          assert.equal(parseDayInput(`+${n}`, from), dayOf(dayNumber(from) + n), `${zone}: +${n} from ${from}`);
          assert.equal(parseDayInput(`${n}w`, from), dayOf(dayNumber(from) + 7 * n), `${zone}: ${n}w from ${from}`);
          const next = parseDayInput(names[weekday]!.slice(0, 3), from)!;
          assert.equal(weekdayOf(next), weekday, `${zone}: ${names[weekday]} from ${from}`);
          const ahead = dayNumber(next) - dayNumber(from);
          assert.ok(ahead >= 1 && ahead <= 7, `${zone}: ${names[weekday]} from ${from} is ${next}`);
        }),
        { numRuns: 50 },
      );
    });
  });
});

describe('describeDue', () => {
  const today = '2026-03-14'; // a Saturday

  it('says when something is due, in calm words', () => {
    const cases: [string, string][] = [
      ['2026-03-14', 'due today'],
      ['2026-03-15', 'due tomorrow'],
      ['2026-03-16', 'due Monday'],
      ['2026-03-20', 'due Friday'], // six days ahead: still this coming week
      ['2026-03-21', 'due Sat 21 Mar'], // seven days ahead: a date, not "Saturday"
      ['2027-01-05', 'due Tue 5 Jan 2027'], // another year: with the year
      ['2026-03-13', 'was due yesterday'],
      ['2026-03-11', 'was due 3 days ago'],
      ['2026-02-12', 'was due 30 days ago'],
    ];
    for (const [due, expected] of cases) assert.equal(describeDue(due, today), expected, due);
  });

  it("counts calendar days across a DST change, whatever the machine's own zone", () => {
    forEachHostZone((zone) => {
      assert.equal(describeDue('2026-03-09', '2026-03-07'), 'due Monday', zone);
      assert.equal(describeDue('2026-03-07', '2026-03-09'), 'was due 2 days ago', zone);
      assert.equal(describeDue('2026-11-02', '2026-11-01'), 'due tomorrow', zone);
      assert.equal(describeDue('2026-04-06', '2026-04-05'), 'due tomorrow', zone);
    });
  });

  it('never uses blame words', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: -400, max: 400 }), (day, n) => {
        const text = describeDue(addDaysToDay(day, n), day);
        assert.match(text, /^(due |was due )/);
        assert.doesNotMatch(text, /overdue|late|missed|fail/i);
      }),
    );
  });
});
