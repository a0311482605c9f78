import { strict as assert } from 'node:assert';
import { MAX_HOLIDAY_NAME_LENGTH, MAX_TEAM_HOLIDAYS } from '../../src/core';
import {
  HolidayFileError,
  holidayImportSummary,
  MAX_HOLIDAY_FILE_BYTES,
  MAX_HOLIDAY_FILE_EVENTS,
  MAX_OCCURRENCES_PER_EVENT,
  MAX_OCCURRENCES_PER_FILE,
  planHolidayImport,
  readHolidayFile,
} from '../../src/core/holidayImport';
import { CREATED, teamBuilder, withHostTimeZone } from './helpers/teamBuilder';

const TODAY = '2026-11-30';
const calendar = (...events: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//Holidays//EN', ...events, 'END:VCALENDAR', ''].join('\r\n');
let uid = 0;
/** One VEVENT: `start` is `20261225` for a whole day (VALUE=DATE) or `20261225T200000Z` for a timed one. */
function event(start: string, summary: string, extra: string[] = []): string {
  const date = start.includes('T') ? `DTSTART:${start}` : `DTSTART;VALUE=DATE:${start}`;
  return ['BEGIN:VEVENT', `UID:e${++uid}@test`, 'DTSTAMP:20260101T000000Z', date, `SUMMARY:${summary}`, ...extra, 'END:VEVENT'].join('\r\n');
}

describe('Import Holidays: reading an .ics file of public holidays (issue 18 §2)', () => {
  it('reads whole-day events as holidays, sorted by day, each day of a multi-day one', () => {
    const file = readHolidayFile(
      calendar(
        event('20261226', 'Boxing Day', ['DTEND;VALUE=DATE:20261227']),
        event('20261225', 'Christmas Day'),
        event('20270101', 'New Year', ['DTEND;VALUE=DATE:20270103']),
      ),
      TODAY,
    );
    assert.deepEqual(file.holidays, [
      { day: '2026-12-25', name: 'Christmas Day' },
      { day: '2026-12-26', name: 'Boxing Day' },
      { day: '2027-01-01', name: 'New Year' },
      { day: '2027-01-02', name: 'New Year' },
    ]);
    assert.deepEqual([file.outsideWindow, file.skippedEvents, file.repeatedDays], [0, 0, 0]);
  });

  it('leaves out timed events, days in the past or more than two years ahead, and events of weeks', () => {
    const file = readHolidayFile(
      calendar(
        event('20261225T200000Z', 'Christmas party'),
        event('20261003', 'Unity Day (past)'),
        event('20301225', 'Christmas 2030'),
        event('20261201', 'A month off', ['DTEND;VALUE=DATE:20270101']),
        event('20261208', 'Immaculate Conception'),
      ),
      TODAY,
    );
    assert.deepEqual(file.holidays, [{ day: '2026-12-08', name: 'Immaculate Conception' }]);
    assert.equal(file.outsideWindow, 2);
    assert.equal(file.skippedEvents, 2);
  });

  it('expands a yearly holiday inside the window only, honours EXDATE and a moved occurrence', () => {
    const series = [
      'BEGIN:VEVENT',
      'UID:xmas@test',
      'DTSTAMP:20260101T000000Z',
      'DTSTART;VALUE=DATE:20201225',
      'RRULE:FREQ=YEARLY',
      'SUMMARY:Christmas Day',
      'END:VEVENT',
    ].join('\r\n');
    const thanksgiving = [
      'BEGIN:VEVENT',
      'UID:tg@test',
      'DTSTAMP:20260101T000000Z',
      'DTSTART;VALUE=DATE:20201126',
      'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH',
      'EXDATE;VALUE=DATE:20271125',
      'SUMMARY:Thanksgiving',
      'END:VEVENT',
    ].join('\r\n');
    const moved = [
      'BEGIN:VEVENT',
      'UID:xmas@test',
      'DTSTAMP:20260101T000000Z',
      'RECURRENCE-ID;VALUE=DATE:20271225',
      'DTSTART;VALUE=DATE:20271227',
      'SUMMARY:Christmas Day (substitute)',
      'END:VEVENT',
    ].join('\r\n');
    const file = readHolidayFile(calendar(series, thanksgiving, moved), TODAY);
    assert.deepEqual(file.holidays, [
      { day: '2026-12-25', name: 'Christmas Day' },
      { day: '2027-12-27', name: 'Christmas Day (substitute)' },
      { day: '2028-11-23', name: 'Thanksgiving' },
    ]);
    assert.equal(file.outsideWindow, 13, 'the Christmases of 2020–2025 and the Thanksgivings of 2020–2026 are over');
  });

  it('never expands a rule that could loop, or that moves an impossible day: the event is skipped', () => {
    const hostile = [
      'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', // loops for ever in ical.js 2.2.1
      'FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31;BYDAY=FR', // seconds of searching
      'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', // ical.js answers 2 March
      'FREQ=SECONDLY',
      'FREQ=YEARLY;BYYEARDAY=366',
      'FREQ=YEARLY;BYMONTHDAY=31', // ical.js reads only January's
    ].map((rule) => event('20260101', rule, [`RRULE:${rule}`]));
    const leapDay = event('20240229', 'Leap day', ['RRULE:FREQ=YEARLY']);
    const newYearsEve = event('20201231', "New Year's Eve", ['RRULE:FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31;COUNT=10']);
    const file = readHolidayFile(calendar(...hostile, leapDay, newYearsEve), TODAY);
    assert.deepEqual(file.holidays, [
      { day: '2026-12-31', name: "New Year's Eve" },
      { day: '2027-12-31', name: "New Year's Eve" },
    ]);
    assert.equal(file.skippedEvents, hostile.length + 1);
  });

  it('bounds the occurrences of a yearly rule that started a thousand years ago, and of the whole file', () => {
    const file = readHolidayFile(calendar(event('10000101', 'Old', ['RRULE:FREQ=YEARLY'])), TODAY);
    assert.deepEqual(file.holidays, []);
    assert.equal(file.outsideWindow, MAX_OCCURRENCES_PER_EVENT, 'none of them reaches today');
    const many = Array.from({ length: MAX_OCCURRENCES_PER_FILE / MAX_OCCURRENCES_PER_EVENT + 3 }, () => event('10000101', 'Old', ['RRULE:FREQ=YEARLY']));
    const bounded = readHolidayFile(calendar(...many, event('20261225', 'Christmas Day')), TODAY);
    assert.equal(bounded.outsideWindow, MAX_OCCURRENCES_PER_FILE);
    assert.equal(bounded.skippedEvents, 3, 'the recurring events past the budget are skipped');
    assert.deepEqual(bounded.holidays, [{ day: '2026-12-25', name: 'Christmas Day' }], 'and a plain holiday after them is still read');
  });

  it('keeps one name a day: the first by name, and counts the repeats', () => {
    const file = readHolidayFile(calendar(event('20261225', 'Weihnachten'), event('20261225', 'Christmas Day')), TODAY);
    assert.deepEqual(file.holidays, [{ day: '2026-12-25', name: 'Christmas Day' }]);
    assert.equal(file.repeatedDays, 1);
  });

  it('makes names one short plain line: no controls, no bidi overrides, at most the schema’s length, never empty', () => {
    const long = 'Very long holiday name '.repeat(20);
    const file = readHolidayFile(calendar(event('20261224', 'Eve\\nof \u202eChristmas\u202c'), event('20261225', long), event('20261226', '   ')), TODAY);
    assert.deepEqual(
      file.holidays.map((h) => h.name),
      ['Eve of Christmas', long.slice(0, MAX_HOLIDAY_NAME_LENGTH).trim(), 'Holiday'],
    );
  });

  it('refuses, in words, a file too large, one that is not iCalendar, and one without a calendar', () => {
    assert.throws(() => readHolidayFile(calendar(event('20261225', 'x'.repeat(MAX_HOLIDAY_FILE_BYTES))), TODAY), HolidayFileError);
    assert.throws(
      () => readHolidayFile('{"not": "ics"}', TODAY),
      (e: unknown) => e instanceof HolidayFileError && /not an iCalendar/.test(e.message),
    );
    assert.throws(
      () => readHolidayFile('BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Sam\r\nEND:VCARD\r\n', TODAY),
      (e: unknown) => e instanceof HolidayFileError && /no calendar/.test(e.message),
    );
  });

  it('looks at a bounded number of events and counts the rest as skipped', () => {
    const many = Array.from({ length: MAX_HOLIDAY_FILE_EVENTS + 10 }, () => event('20261225T100000Z', 'Meeting'));
    const file = readHolidayFile(calendar(...many), TODAY);
    assert.equal(file.skippedEvents, MAX_HOLIDAY_FILE_EVENTS + 10);
  });

  it('skips an event with a date that does not exist, and reads the others', () => {
    const file = readHolidayFile(calendar(event('20261345', 'Nonsense'), event('20261225', 'Christmas Day')), TODAY);
    assert.deepEqual(file.holidays, [{ day: '2026-12-25', name: 'Christmas Day' }]);
    assert.equal(file.skippedEvents, 1);
  });

  it('gives the same answer whatever the machine’s time zone', () => {
    const text = calendar(event('20261225', 'Christmas Day'), event('20201126', 'Thanksgiving', ['RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH']));
    const [first, ...others] = ['UTC', 'Pacific/Kiritimati', 'America/Los_Angeles', 'Pacific/Chatham'].map((zone) =>
      withHostTimeZone(zone, () => readHolidayFile(text, TODAY)),
    );
    for (const other of others) assert.deepEqual(other, first);
  });
});

describe('Import Holidays: what is added, and the summary', () => {
  const file = readHolidayFile(
    calendar(event('20261225', 'Christmas Day'), event('20261226', 'Boxing Day'), event('20270101', 'New Year'), event('20200101', 'Old')),
    TODAY,
  );

  it('skips the days already on the team’s list, and reads a member’s regional list apart', () => {
    const state = teamBuilder()
      .member('ana', { timeZone: 'Europe/London' })
      .put('ana', 'hol-1', 'holiday', { day: '2026-12-25', name: 'Xmas', at: CREATED })
      .put('ana', 'rhol-1', 'regionalHoliday', { member: 'ana', day: '2027-01-01', name: 'NY', at: CREATED })
      .build();
    const team = planHolidayImport(state, file);
    assert.deepEqual(
      team.add.map((h) => h.day),
      ['2026-12-26', '2027-01-01'],
    );
    assert.equal(team.already, 1);
    const mine = planHolidayImport(state, file, 'ana');
    assert.deepEqual(
      mine.add.map((h) => h.day),
      ['2026-12-25', '2026-12-26'],
    );
    assert.equal(
      holidayImportSummary(file, team, false),
      "Added 2 holidays to the team's list, from 2026-12-26 to 2027-01-01. Left out: 1 already on the list, 1 day in the past or more than two years ahead.",
    );
    assert.equal(holidayImportSummary(file, mine, true).startsWith('Added 2 holidays to your regional holidays'), true);
  });

  it('stops at the most holidays Accord keeps, soonest first, and says how many were left out', () => {
    const b = teamBuilder().member('ana', { timeZone: 'UTC' });
    for (let i = 0; i < MAX_TEAM_HOLIDAYS - 1; i++)
      b.put('ana', `hol-${i}`, 'holiday', { day: `2030-01-${String((i % 28) + 1).padStart(2, '0')}`, name: 'x', at: CREATED });
    const plan = planHolidayImport(b.build(), file);
    assert.deepEqual(plan.add, [{ day: '2026-12-25', name: 'Christmas Day' }]);
    assert.equal(plan.overLimit, 2);
    assert.match(holidayImportSummary(file, plan, false), new RegExp(`2 past the most Accord keeps \\(${MAX_TEAM_HOLIDAYS}\\)`));
  });

  it('says plainly when nothing was added', () => {
    const empty = readHolidayFile(calendar(), TODAY);
    assert.equal(holidayImportSummary(empty, planHolidayImport(teamBuilder().build(), empty), false), "No holidays added to the team's list.");
  });
});
