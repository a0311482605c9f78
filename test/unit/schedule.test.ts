import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  addDaysToDay,
  type Cadence,
  DEFAULT_TEAM_SETTINGS,
  dueCheckIn,
  instantAt,
  latestMoment,
  momentsOn,
  nextMoment,
  parseTimes,
  snoozeUntil,
} from '../../src/core';
import { localTime, withHostTimeZone } from './helpers/teamBuilder';

const CADENCE: Cadence = { times: DEFAULT_TEAM_SETTINGS.checkInTimes, workingDays: DEFAULT_TEAM_SETTINGS.workingDays };
const EVERY_DAY: Cadence = { times: ['09:30', '16:30'], workingDays: [0, 1, 2, 3, 4, 5, 6] };
const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const KOLKATA = 'Asia/Kolkata';

const iso = (dates: readonly Date[]) => dates.map((d) => d.toISOString());
const at = (text: string) => new Date(text);
const MINUTE = 60_000;

/** Every distinct moment the status bar would nudge for, ticking once a minute over [from, to). */
function nudgesWhileAwake(from: Date, to: Date, timeZone: string, cadence: Cadence, lastCheckIn?: Date, snoozedUntil?: Date): string[] {
  const seen = new Set<string>();
  for (let t = from.getTime(); t < to.getTime(); t += MINUTE) {
    const due = dueCheckIn({ now: new Date(t), timeZone, cadence, lastCheckIn, snoozedUntil });
    if (due) seen.add(due.toISOString());
  }
  return [...seen];
}

describe("schedule: check-in moments in each member's time zone", () => {
  it("puts 09:30 at the member's own 09:30: Berlin, New York and Kolkata (+05:30) on the same Monday", () => {
    // 2026-03-16: Berlin is still on CET (+01:00), New York already on EDT (-04:00).
    assert.deepEqual(iso(momentsOn('2026-03-16', BERLIN, CADENCE)), ['2026-03-16T08:30:00.000Z', '2026-03-16T15:30:00.000Z']);
    assert.deepEqual(iso(momentsOn('2026-03-16', NEW_YORK, CADENCE)), ['2026-03-16T13:30:00.000Z', '2026-03-16T20:30:00.000Z']);
    assert.deepEqual(iso(momentsOn('2026-03-16', KOLKATA, CADENCE)), ['2026-03-16T04:00:00.000Z', '2026-03-16T11:00:00.000Z']);
  });

  it('does not depend on the time zone the machine itself is set to', () => {
    for (const host of ['UTC', 'Europe/London', 'Pacific/Auckland', 'America/Los_Angeles', 'Asia/Kolkata', 'America/Santiago', 'Pacific/Chatham']) {
      withHostTimeZone(host, () => {
        assert.deepEqual(iso(momentsOn('2026-03-30', BERLIN, CADENCE)), ['2026-03-30T07:30:00.000Z', '2026-03-30T14:30:00.000Z'], `host ${host}`);
        // Berlin's spring-forward day, on a machine whose own zone changes an hour later (London, 01:00Z):
        // 01:30 is 00:30Z; 02:30 does not exist and moves forward to 03:30 CEST, 01:30Z.
        const gapDay = momentsOn('2026-03-29', BERLIN, { times: ['01:30', '02:30', '09:30'], workingDays: [0] });
        assert.deepEqual(iso(gapDay), ['2026-03-29T00:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-29T07:30:00.000Z'], `host ${host}`);
        // Berlin's fall-back day: 02:30 happens twice; it is the first time, 00:30Z (CEST).
        assert.equal(instantAt('2026-10-25', '02:30', BERLIN).toISOString(), '2026-10-25T00:30:00.000Z', `host ${host}`);
        assert.deepEqual(iso(momentsOn('2026-03-16', KOLKATA, CADENCE)), ['2026-03-16T04:00:00.000Z', '2026-03-16T11:00:00.000Z'], `host ${host}`);
        assert.equal(snoozeUntil('today', at('2026-03-16T20:00:00Z'), KOLKATA).toISOString(), '2026-03-17T18:30:00.000Z', `host ${host}`);
      });
    }
  });

  it("keeps 09:30 at 09:30 local on both sides of Berlin's daylight-saving changes", () => {
    const cases: [string, string][] = [
      // spring forward on Sunday 2026-03-29 (CET +01:00 → CEST +02:00)
      ['2026-03-27', '2026-03-27T08:30:00.000Z'],
      ['2026-03-28', '2026-03-28T08:30:00.000Z'],
      ['2026-03-29', '2026-03-29T07:30:00.000Z'],
      ['2026-03-30', '2026-03-30T07:30:00.000Z'],
      // fall back on Sunday 2026-10-25 (CEST → CET)
      ['2026-10-23', '2026-10-23T07:30:00.000Z'],
      ['2026-10-24', '2026-10-24T07:30:00.000Z'],
      ['2026-10-25', '2026-10-25T08:30:00.000Z'],
      ['2026-10-26', '2026-10-26T08:30:00.000Z'],
    ];
    for (const [day, expected] of cases) {
      const [first] = momentsOn(day, BERLIN, EVERY_DAY);
      assert.equal(first?.toISOString(), expected, day);
      assert.equal(localTime(first!, BERLIN), `${day} 09:30`, day);
    }
  });

  it("keeps 09:30 at 09:30 local on both sides of New York's daylight-saving changes", () => {
    const cases: [string, string][] = [
      // spring forward on Sunday 2026-03-08 (EST -05:00 → EDT -04:00)
      ['2026-03-06', '2026-03-06T14:30:00.000Z'],
      ['2026-03-07', '2026-03-07T14:30:00.000Z'],
      ['2026-03-08', '2026-03-08T13:30:00.000Z'],
      ['2026-03-09', '2026-03-09T13:30:00.000Z'],
      // fall back on Sunday 2026-11-01
      ['2026-10-30', '2026-10-30T13:30:00.000Z'],
      ['2026-10-31', '2026-10-31T13:30:00.000Z'],
      ['2026-11-01', '2026-11-01T14:30:00.000Z'],
      ['2026-11-02', '2026-11-02T14:30:00.000Z'],
    ];
    for (const [day, expected] of cases) {
      const [first] = momentsOn(day, NEW_YORK, EVERY_DAY);
      assert.equal(first?.toISOString(), expected, day);
      assert.equal(localTime(first!, NEW_YORK), `${day} 09:30`, day);
    }
  });

  it("crosses a daylight-saving weekend to Monday's 09:30 with the new offset", () => {
    // Friday 17:00 CET, after the last moment of the week: next is Monday 09:30 CEST.
    assert.equal(nextMoment(at('2026-03-27T16:00:00Z'), BERLIN, CADENCE)?.toISOString(), '2026-03-30T07:30:00.000Z');
    // Monday 08:00 CET after the autumn change looks back to Friday 16:30 CEST.
    assert.equal(latestMoment(at('2026-10-26T07:00:00Z'), BERLIN, CADENCE)?.toISOString(), '2026-10-23T14:30:00.000Z');
    assert.equal(nextMoment(at('2026-03-06T22:00:00Z'), NEW_YORK, CADENCE)?.toISOString(), '2026-03-09T13:30:00.000Z');
  });

  it('moves a time inside the spring-forward gap forward by the gap, on the same day, in order', () => {
    // 02:30 does not exist on 2026-03-29 in Berlin (02:00 → 03:00): it happens at 03:30 CEST.
    const berlin = momentsOn('2026-03-29', BERLIN, { times: ['09:30', '02:30', '01:30'], workingDays: [0] });
    assert.deepEqual(iso(berlin), ['2026-03-29T00:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-29T07:30:00.000Z']);
    assert.deepEqual(
      berlin.map((m) => localTime(m, BERLIN)),
      ['2026-03-29 01:30', '2026-03-29 03:30', '2026-03-29 09:30'],
    );
    // 02:30 on 2026-03-08 in New York: 03:30 EDT.
    assert.equal(instantAt('2026-03-08', '02:30', NEW_YORK).toISOString(), '2026-03-08T07:30:00.000Z');
    // The nudge for it comes once, and the day's next moment still follows.
    const gapDay: Cadence = { times: ['02:30', '09:30'], workingDays: [0] };
    assert.deepEqual(nudgesWhileAwake(at('2026-03-29T00:00:00Z'), at('2026-03-29T07:00:00Z'), BERLIN, gapDay, at('2026-03-28T23:30:00Z')), [
      '2026-03-29T01:30:00.000Z',
    ]);
    assert.equal(nextMoment(at('2026-03-29T00:59:00Z'), BERLIN, gapDay)?.toISOString(), '2026-03-29T01:30:00.000Z');
  });

  it('gives a time in the repeated autumn hour one instant that shows that local time', () => {
    const berlin = instantAt('2026-10-25', '02:30', BERLIN);
    assert.ok(['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z'].includes(berlin.toISOString()), berlin.toISOString());
    assert.equal(localTime(berlin, BERLIN), '2026-10-25 02:30');
    const newYork = instantAt('2026-11-01', '01:30', NEW_YORK);
    assert.ok(['2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z'].includes(newYork.toISOString()), newYork.toISOString());
    assert.equal(localTime(newYork, NEW_YORK), '2026-11-01 01:30');
  });

  it('shows every existing local time as itself, and moves a non-existent one a little later on the same day (any zone, any day)', () => {
    const zones = [
      BERLIN,
      NEW_YORK,
      KOLKATA,
      'America/Santiago',
      'America/Havana',
      'Asia/Beirut',
      'Australia/Lord_Howe',
      'Pacific/Chatham',
      'Pacific/Auckland',
      'UTC',
    ];
    const dayArb = fc
      .integer({ min: Date.UTC(2020, 0, 1) / 86_400_000, max: Date.UTC(2035, 11, 31) / 86_400_000 })
      .map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));
    const timeArb = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    // Near the changes of some zone, most of the time.
    const transitionDays = ['2026-03-29', '2026-10-25', '2026-03-08', '2026-11-01', '2026-09-06', '2026-04-05', '2026-03-27', '2026-10-04', '2026-09-27'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.oneof(dayArb, fc.constantFrom(...transitionDays)), timeArb, (zone, day, time) => {
        const instant = instantAt(day, time, zone);
        const wanted = `${day} ${time}`;
        // Does the wall time exist? Try every quarter-hour UTC offset.
        const naive = Date.parse(`${day}T${time}:00Z`);
        let exists = false;
        for (let offset = -14 * 60; offset <= 14 * 60 && !exists; offset += 15) exists = localTime(new Date(naive - offset * MINUTE), zone) === wanted;
        if (exists) return localTime(instant, zone) === wanted;
        const shown = localTime(instant, zone);
        return shown.startsWith(day) && shown > wanted && instant.getTime() - naive < 14 * 3_600_000 + 2 * 3_600_000;
      }),
      { numRuns: 400 },
    );
  });
});

describe('schedule: working days', () => {
  it('has no moments on Saturday and Sunday by default', () => {
    assert.deepEqual(momentsOn('2026-03-21', BERLIN, CADENCE), []);
    assert.deepEqual(momentsOn('2026-03-22', BERLIN, CADENCE), []);
    for (const day of ['2026-03-16', '2026-03-17', '2026-03-18', '2026-03-19', '2026-03-20']) assert.equal(momentsOn(day, BERLIN, CADENCE).length, 2, day);
  });

  it('nudges a person who never checks in exactly for the ten weekday moments of a week, and nothing at the weekend', () => {
    // Monday 2026-03-16 00:00 to Monday 2026-03-23 00:00 in Berlin (CET), ticking every minute.
    const seen = nudgesWhileAwake(at('2026-03-15T23:00:00Z'), at('2026-03-22T23:00:00Z'), BERLIN, CADENCE, at('2026-03-13T17:00:00Z'));
    const expected = ['16', '17', '18', '19', '20'].flatMap((d) => [`2026-03-${d}T08:30:00.000Z`, `2026-03-${d}T15:30:00.000Z`]);
    assert.deepEqual(seen, expected);
  });

  it('follows a custom Sunday-to-Thursday week', () => {
    const sunToThu: Cadence = { times: ['09:30'], workingDays: [0, 1, 2, 3, 4] };
    const jerusalem = 'Asia/Jerusalem';
    assert.deepEqual(iso(momentsOn('2026-03-22', jerusalem, sunToThu)), ['2026-03-22T07:30:00.000Z']); // Sunday, +02:00
    assert.deepEqual(momentsOn('2026-03-20', jerusalem, sunToThu), []); // Friday
    assert.deepEqual(momentsOn('2026-03-21', jerusalem, sunToThu), []); // Saturday
    // Thursday evening: the next moment is Sunday morning, not Friday.
    assert.equal(nextMoment(at('2026-03-19T16:00:00Z'), jerusalem, sunToThu)?.toISOString(), '2026-03-22T07:30:00.000Z');
  });

  it("reads the weekday from the member's local day, not the UTC one", () => {
    // 2026-03-15T20:00Z is Sunday in UTC but Monday 01:30 in Kolkata: Monday's moments are ahead, Friday's is the latest.
    const now = at('2026-03-15T20:00:00Z');
    assert.equal(latestMoment(now, KOLKATA, CADENCE)?.toISOString(), '2026-03-13T11:00:00.000Z');
    assert.equal(nextMoment(now, KOLKATA, CADENCE)?.toISOString(), '2026-03-16T04:00:00.000Z');
    // 2026-03-21T02:00Z is Saturday in UTC but still Friday 22:00 in New York: Friday 16:30 was today's last moment.
    assert.equal(latestMoment(at('2026-03-21T02:00:00Z'), NEW_YORK, CADENCE)?.toISOString(), '2026-03-20T20:30:00.000Z');
  });

  it('has no moment at all without times', () => {
    const now = at('2026-03-18T12:00:00Z');
    const cadence = { times: [], workingDays: [1, 2, 3, 4, 5] };
    assert.equal(nextMoment(now, BERLIN, cadence), undefined);
    assert.equal(latestMoment(now, BERLIN, cadence), undefined);
    assert.equal(dueCheckIn({ now, timeZone: BERLIN, cadence }), undefined);
  });

  it('reads a week that lists no working days as every day, as the streaks and availability do (one reading: workingWeekdays)', () => {
    const none: Cadence = { times: ['09:30'], workingDays: [] };
    for (const day of ['2026-03-21', '2026-03-22', '2026-03-23']) assert.deepEqual(iso(momentsOn(day, BERLIN, none)), [`${day}T08:30:00.000Z`], day);
    // Saturday noon: the next moment is Sunday morning, not Monday's.
    assert.equal(nextMoment(at('2026-03-21T12:00:00Z'), BERLIN, none)?.toISOString(), '2026-03-22T08:30:00.000Z');
    assert.deepEqual(momentsOn('2026-03-21', BERLIN, { times: ['09:30'], workingDays: [9, -1] }).length, 1, 'only invalid days listed: the same as none');
  });
});

describe('schedule: due check-ins and missed moments', () => {
  const FRIDAY_0930 = at('2026-03-20T08:30:00Z');
  const FRIDAY_1630 = at('2026-03-20T15:30:00Z');
  const FRIDAY_CHECK_IN = at('2026-03-20T09:00:00Z'); // Friday 10:00 CET

  it('is due from the moment on, until a check-in later than it', () => {
    assert.equal(dueCheckIn({ now: at('2026-03-20T08:29:00Z'), timeZone: BERLIN, cadence: CADENCE, lastCheckIn: at('2026-03-19T15:45:00Z') }), undefined);
    assert.equal(
      dueCheckIn({ now: FRIDAY_0930, timeZone: BERLIN, cadence: CADENCE, lastCheckIn: at('2026-03-19T15:45:00Z') })?.toISOString(),
      FRIDAY_0930.toISOString(),
    );
    // A check-in up to half an hour before the moment counts for it (09:05 answers 09:30)…
    assert.equal(dueCheckIn({ now: at('2026-03-20T08:40:00Z'), timeZone: BERLIN, cadence: CADENCE, lastCheckIn: at('2026-03-20T08:05:00Z') }), undefined);
    // …one from earlier that morning does not.
    assert.equal(
      dueCheckIn({ now: at('2026-03-20T08:40:00Z'), timeZone: BERLIN, cadence: CADENCE, lastCheckIn: at('2026-03-20T07:55:00Z') })?.toISOString(),
      FRIDAY_0930.toISOString(),
    );
    assert.equal(dueCheckIn({ now: at('2026-03-20T09:05:00Z'), timeZone: BERLIN, cadence: CADENCE, lastCheckIn: FRIDAY_CHECK_IN }), undefined);
    // Nobody has checked in yet: the latest moment is due.
    assert.equal(dueCheckIn({ now: at('2026-03-20T09:05:00Z'), timeZone: BERLIN, cadence: CADENCE })?.toISOString(), FRIDAY_0930.toISOString());
  });

  it('gives one nudge, for 16:30, to a laptop asleep from 12:00 to 20:00 that missed 09:30 too', () => {
    const asleep = nudgesWhileAwake(at('2026-03-20T19:00:00Z'), at('2026-03-20T22:30:00Z'), BERLIN, CADENCE);
    assert.deepEqual(asleep, [FRIDAY_1630.toISOString()]);
  });

  it('lets a missed moment go at the end of its day: no nudging through the weekend or on Monday before 09:30', () => {
    const weekend = nudgesWhileAwake(at('2026-03-20T23:00:00Z'), at('2026-03-23T08:29:00Z'), BERLIN, CADENCE, FRIDAY_CHECK_IN);
    assert.deepEqual(weekend, []);
    assert.equal(
      dueCheckIn({ now: at('2026-03-23T08:30:00Z'), timeZone: BERLIN, cadence: CADENCE, lastCheckIn: FRIDAY_CHECK_IN })?.toISOString(),
      '2026-03-23T08:30:00.000Z',
    );
  });

  it("snoozed for the rest of today, stays quiet until the next day's first moment", () => {
    const now = at('2026-03-20T15:35:00Z');
    const snoozedUntil = snoozeUntil('today', now, BERLIN);
    const quiet = nudgesWhileAwake(now, at('2026-03-23T08:29:00Z'), BERLIN, CADENCE, FRIDAY_CHECK_IN, snoozedUntil);
    assert.deepEqual(quiet, []);
  });

  it('gives no nudge on Monday morning after a check-in later than Friday 16:30', () => {
    for (const lastCheckIn of [at('2026-03-20T15:40:00Z'), at('2026-03-21T10:00:00Z'), at('2026-03-23T07:05:00Z'), FRIDAY_1630]) {
      assert.deepEqual(nudgesWhileAwake(at('2026-03-23T07:00:00Z'), at('2026-03-23T08:30:00Z'), BERLIN, CADENCE, lastCheckIn), [], lastCheckIn.toISOString());
    }
    // …and Monday's own 09:30 still comes.
    assert.equal(
      dueCheckIn({ now: at('2026-03-23T08:31:00Z'), timeZone: BERLIN, cadence: CADENCE, lastCheckIn: at('2026-03-23T07:05:00Z') })?.toISOString(),
      '2026-03-23T08:30:00.000Z',
    );
  });

  it('hides the nudge while snoozed and brings the same moment back when the snooze runs out', () => {
    const now = at('2026-03-20T15:35:00Z');
    const snoozedUntil = snoozeUntil('30m', now, BERLIN);
    const inputs = { timeZone: BERLIN, cadence: CADENCE, lastCheckIn: FRIDAY_CHECK_IN, snoozedUntil };
    assert.equal(dueCheckIn({ ...inputs, now }), undefined);
    assert.equal(dueCheckIn({ ...inputs, now: at('2026-03-20T16:04:59Z') }), undefined);
    assert.equal(dueCheckIn({ ...inputs, now: at('2026-03-20T16:05:00Z') })?.toISOString(), FRIDAY_1630.toISOString());
    // Checking in while snoozed clears it for good.
    assert.equal(dueCheckIn({ ...inputs, now: at('2026-03-20T16:10:00Z'), lastCheckIn: at('2026-03-20T15:50:00Z') }), undefined);
  });
});

describe('schedule: snooze', () => {
  it('snoozes for 30 minutes and for 2 hours of real time', () => {
    const now = at('2026-03-18T10:07:00Z');
    assert.equal(snoozeUntil('30m', now, BERLIN).toISOString(), '2026-03-18T10:37:00.000Z');
    assert.equal(snoozeUntil('2h', now, BERLIN).toISOString(), '2026-03-18T12:07:00.000Z');
  });

  it('counts 30 minutes and 2 hours as elapsed time across the spring-forward jump', () => {
    // 01:45 CET on 2026-03-29: 30 minutes later the clock shows 03:15 CEST.
    const now = at('2026-03-29T00:45:00Z');
    assert.equal(localTime(snoozeUntil('30m', now, BERLIN), BERLIN), '2026-03-29 03:15');
    assert.equal(localTime(snoozeUntil('2h', now, BERLIN), BERLIN), '2026-03-29 04:45');
  });

  it('snoozes for the rest of today: until the next local midnight', () => {
    // Wednesday 15:00 CET → Thursday 00:00 CET.
    assert.equal(snoozeUntil('today', at('2026-03-18T14:00:00Z'), BERLIN).toISOString(), '2026-03-18T23:00:00.000Z');
    // Already Tuesday 01:30 in Kolkata although Monday in UTC: until Wednesday 00:00 IST.
    assert.equal(snoozeUntil('today', at('2026-03-16T20:00:00Z'), KOLKATA).toISOString(), '2026-03-17T18:30:00.000Z');
    // Monday 23:00 in New York, already Tuesday in UTC: until Tuesday 00:00 EDT.
    assert.equal(snoozeUntil('today', at('2026-03-17T03:00:00Z'), NEW_YORK).toISOString(), '2026-03-17T04:00:00.000Z');
  });

  it('ends the rest of today at the right midnight on daylight-saving days', () => {
    const cases: [string, string, string][] = [
      // Berlin: Saturday evening before the spring change (midnight still CET), the 23-hour Sunday, the 25-hour Sunday.
      ['2026-03-28T21:30:00Z', BERLIN, '2026-03-28T23:00:00.000Z'],
      ['2026-03-29T08:00:00Z', BERLIN, '2026-03-29T22:00:00.000Z'],
      ['2026-10-25T09:00:00Z', BERLIN, '2026-10-25T23:00:00.000Z'],
      ['2026-10-24T20:00:00Z', BERLIN, '2026-10-24T22:00:00.000Z'],
      // New York: Saturday night before the change (EST), then the change day (EDT midnight).
      ['2026-03-08T01:00:00Z', NEW_YORK, '2026-03-08T05:00:00.000Z'],
      ['2026-03-08T16:00:00Z', NEW_YORK, '2026-03-09T04:00:00.000Z'],
      ['2026-11-01T16:00:00Z', NEW_YORK, '2026-11-02T05:00:00.000Z'],
    ];
    for (const [now, zone, expected] of cases) assert.equal(snoozeUntil('today', at(now), zone).toISOString(), expected, `${now} in ${zone}`);
  });

  it('always ends at the first instant of the next local day, even where midnight is skipped or repeated', () => {
    const zones = [
      BERLIN,
      NEW_YORK,
      KOLKATA,
      'America/Santiago',
      'America/Havana',
      'Asia/Beirut',
      'Australia/Lord_Howe',
      'Pacific/Chatham',
      'Pacific/Apia',
      'UTC',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }), (zone, ms) => {
        const now = new Date(ms);
        const until = snoozeUntil('today', now, zone);
        const today = localTime(now, zone).slice(0, 10);
        return (
          until.getTime() > now.getTime() &&
          localTime(until, zone).slice(0, 10) === addDaysToDay(today, 1) &&
          localTime(new Date(until.getTime() - 1), zone).slice(0, 10) === today
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('ends the rest of today at the first instant of the next local day around the midnight changes of Santiago, Havana and Beirut', () => {
    // Days whose midnight is skipped or repeated (and the days before them), every hour.
    const days = [
      '2026-04-04',
      '2026-04-05',
      '2026-09-05',
      '2026-09-06',
      '2026-03-07',
      '2026-03-08',
      '2026-10-31',
      '2026-11-01',
      '2026-03-28',
      '2026-03-29',
      '2026-10-24',
      '2026-10-25',
    ];
    for (const zone of ['America/Santiago', 'America/Havana', 'Asia/Beirut']) {
      for (const day of days) {
        for (let hour = 0; hour < 24; hour++) {
          const now = new Date(Date.parse(`${day}T00:00:00Z`) + hour * 3_600_000);
          const until = snoozeUntil('today', now, zone);
          const today = localTime(now, zone).slice(0, 10);
          assert.ok(until > now, `${now.toISOString()} in ${zone}`);
          assert.equal(localTime(until, zone).slice(0, 10), addDaysToDay(today, 1), `${now.toISOString()} in ${zone}: ${until.toISOString()}`);
          assert.equal(localTime(new Date(until.getTime() - 1), zone).slice(0, 10), today, `${now.toISOString()} in ${zone}: ${until.toISOString()}`);
        }
      }
    }
  });
});

describe('schedule: nextMoment', () => {
  it('is the next moment strictly after now', () => {
    assert.equal(nextMoment(at('2026-03-18T08:00:00Z'), BERLIN, CADENCE)?.toISOString(), '2026-03-18T08:30:00.000Z');
    assert.equal(nextMoment(at('2026-03-18T08:30:00Z'), BERLIN, CADENCE)?.toISOString(), '2026-03-18T15:30:00.000Z');
    assert.equal(nextMoment(at('2026-03-18T15:30:00Z'), BERLIN, CADENCE)?.toISOString(), '2026-03-19T08:30:00.000Z');
    // Friday evening → Monday morning.
    assert.equal(nextMoment(at('2026-03-20T18:00:00Z'), BERLIN, CADENCE)?.toISOString(), '2026-03-23T08:30:00.000Z');
  });

  it("sorts the team's times however they were written", () => {
    const cadence: Cadence = { times: ['16:30', '09:30', '12:00'], workingDays: [1, 2, 3, 4, 5] };
    assert.deepEqual(iso(momentsOn('2026-03-18', 'UTC', cadence)), ['2026-03-18T09:30:00.000Z', '2026-03-18T12:00:00.000Z', '2026-03-18T16:30:00.000Z']);
    assert.equal(nextMoment(at('2026-03-18T10:00:00Z'), 'UTC', cadence)?.toISOString(), '2026-03-18T12:00:00.000Z');
  });

  it('is always after now and never skips a moment (any instant, any zone)', () => {
    const zones = [BERLIN, NEW_YORK, KOLKATA, 'America/Santiago', 'Australia/Lord_Howe', 'UTC'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) }), (zone, ms) => {
        const now = new Date(ms);
        const next = nextMoment(now, zone, CADENCE)!;
        const latest = latestMoment(now, zone, CADENCE)!;
        if (!(next > now) || latest > now) return false;
        // No moment of any of the days in between lies strictly between latest and next.
        const today = localTime(now, zone).slice(0, 10);
        for (let d = -8; d <= 8; d++) {
          for (const m of momentsOn(addDaysToDay(today, d), zone, CADENCE)) if (m > latest && m < next) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});

describe('schedule: parseTimes', () => {
  it('reads a list of HH:MM times, trimmed, sorted and without duplicates', () => {
    assert.deepEqual(parseTimes([' 16:30 ', '09:30', '', '16:30']), ['09:30', '16:30']);
    assert.deepEqual(parseTimes(['00:00', '23:59']), ['00:00', '23:59']);
    assert.deepEqual(parseTimes([]), []);
    assert.deepEqual(parseTimes(['', '  ']), []);
  });

  it('refuses the whole list when any entry is not a 24-hour time', () => {
    for (const bad of ['9:30', '24:00', '12:60', '09:30am', '0930', '09.30', 'noon', '09:30:00']) assert.equal(parseTimes(['09:30', bad]), undefined, bad);
  });
});
