/**
 * A member's time zone is valid by its name alone, and a zone this runtime's ICU does not know
 * is computed in UTC, with a note, instead of rejecting the file or throwing in a view.
 * Atlantis/Poseidonis is unknown to every ICU, so these tests hold on any machine;
 * America/Coyhaique is real (tzdata 2025b) and known only to newer ones, so for it the tests
 * assert only that it loads and that nothing throws.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import * as v from 'valibot';
import {
  type Cadence,
  computeStatus,
  dayIn,
  DEFAULT_TEAM_SETTINGS,
  dueCheckIn,
  dueContext,
  dueGroup,
  type EntityRecord,
  FIELD_CHECKS,
  FIELD_SCHEMAS,
  instantAt,
  isTimeZoneName,
  isValidTimeZone,
  latestMoment,
  LocalDays,
  materializeSources,
  MemberSchema,
  momentsOn,
  nextMoment,
  partnerSummaries,
  snoozeUntil,
  TeamMetrics,
  type TeamState,
  zoneFallbackNote,
  zoneToComputeWith,
  clockIn,
} from '../../src/core';
import { parseMemberFile } from '../../src/store/format';

const ATLANTIS = 'Atlantis/Poseidonis';
const COYHAIQUE = 'America/Coyhaique';
const CADENCE: Cadence = { times: DEFAULT_TEAM_SETTINGS.checkInTimes, workingDays: DEFAULT_TEAM_SETTINGS.workingDays };
const AT = '2026-03-02T09:00:00.000Z';
const iso = (dates: readonly (Date | undefined)[]) => dates.map((d) => d?.toISOString());

/** Every problem valibot finds, as `path: message`. */
function problems(value: unknown): string[] {
  const result = v.safeParse(MemberSchema, value, { abortEarly: false });
  return result.success ? [] : result.issues.map((issue) => `${issue.path?.map((p) => String(p.key)).join('.') ?? ''}: ${issue.message}`);
}

function record(kind: string, fields: Record<string, unknown>, clock: number): EntityRecord {
  return { kind, fields, clocks: Object.fromEntries(Object.keys(fields).map((name) => [name, clock])) } as EntityRecord;
}

/** Bruno's member file as his machine writes it: his profile in `timeZone`, a goal, a micro-goal and check-ins late in the UTC evening. */
function brunoFile(timeZone: string): string {
  const entities: Record<string, EntityRecord> = {
    'member:bruno': record('member', { name: 'Bruno', timeZone, capacityHours: 10 }, 1),
    'g-1': record('goal', { title: 'Ship the importer', owner: 'bruno', state: 'active', createdAt: AT }, 2),
    'mg-1': record(
      'microGoal',
      { title: 'Parse the header row', owner: 'bruno', goal: 'g-1', due: '2026-03-18', estimateHours: 3, done: false, createdAt: AT },
      3,
    ),
    'mg-2': record(
      'microGoal',
      { title: 'Read the sample', owner: 'bruno', due: '2026-03-16', done: true, doneAt: '2026-03-16T23:30:00.000Z', createdAt: AT },
      3,
    ),
  };
  // 23:30Z on Monday to Wednesday: the next day east of UTC, the same day in UTC.
  for (const day of ['2026-03-16', '2026-03-17', '2026-03-18'])
    entities[`ci-${day}`] = record('checkIn', { member: 'bruno', at: `${day}T23:30:00.000Z`, microGoals: ['mg-1'], status: 'on-track' }, 4);
  return JSON.stringify({ schema: 1, member: 'bruno', clock: 4, entities }, null, 2) + '\n';
}

const ALICE: Record<string, EntityRecord> = { 'member:alice': record('member', { name: 'Alice', timeZone: 'Europe/Berlin', capacityHours: 10 }, 1) };

/** The team as the store loads it: Bruno's file through the same parser and checks, merged with Alice's. */
function team(brunoZone: string): TeamState {
  const { data } = parseMemberFile(brunoFile(brunoZone), { file: '.accord/people/bruno.json', member: 'bruno' });
  return materializeSources([
    { member: 'alice', entities: ALICE },
    { member: 'bruno', entities: data.entities },
  ]);
}

/** Runs `run` with an Intl that knows no zone but UTC, as a runtime with very old tz data would. */
function withIntlKnowingNoZone<T>(run: () => T): T {
  const Original = Intl.DateTimeFormat;
  const Narrow = function (this: unknown, locales?: string | string[], options?: Intl.DateTimeFormatOptions) {
    if (options?.timeZone !== undefined && options.timeZone !== 'UTC') throw new RangeError(`Invalid time zone specified: ${options.timeZone}`);
    return new Original(locales, options);
  } as unknown as typeof Intl.DateTimeFormat;
  Intl.DateTimeFormat = Narrow;
  try {
    return run();
  } finally {
    Intl.DateTimeFormat = Original;
  }
}

describe('time zones: valid by name alone', () => {
  const check = FIELD_CHECKS.member.timeZone!;
  const schema = FIELD_SCHEMAS.member.timeZone!;

  it('accepts tz database names of every shape, whether or not this runtime knows them', () => {
    const names = [
      'UTC',
      'Etc/UTC',
      'Europe/Berlin',
      'Asia/Kolkata',
      'America/Argentina/Buenos_Aires',
      'America/Argentina/ComodRivadavia',
      'America/North_Dakota/New_Salem',
      'America/Port-au-Prince',
      'America/Bahia_Banderas',
      'Antarctica/DumontDUrville',
      'Etc/GMT+5',
      'Etc/GMT-14',
      'EST5EDT',
      'GMT0',
      'GMT-0',
      'US/East-Indiana',
      'America/Knox_IN',
      'SystemV/AST4',
      'europe/berlin',
      COYHAIQUE,
      ATLANTIS,
    ];
    for (const name of names) {
      assert.equal(isTimeZoneName(name), true, name);
      assert.deepEqual(problems({ name: 'Bruno', timeZone: name, capacityHours: 10 }), [], name);
      assert.equal(check(name), true, name);
    }
  });

  it('accepts every zone this runtime lists (a name rule never narrower than ICU)', () => {
    const listed = Intl.supportedValuesOf('timeZone');
    assert.ok(listed.length > 300, `only ${listed.length} zones listed`);
    for (const zone of listed) assert.equal(isTimeZoneName(zone), true, zone);
  });

  it('rejects what is not a tz name, with the usual message', () => {
    const notNames = [
      '',
      ' ',
      'Europe/Berlin ',
      ' Europe/Berlin',
      'Europe/Ber lin',
      'Europe/',
      '/Europe',
      'Europe//Berlin',
      'Europe/Berlin/',
      '.',
      '..',
      'Europe/..',
      'Europe/.hidden',
      '-Foo',
      'Europe/-Berlin',
      '5Europe',
      'America/Fernando_de_Noronha',
      'A/B/C/D',
      '+05:30',
      '-0300',
      'Etc/Unknown',
      'etc/unknown',
      'Európe/Berlin',
      'Europe/Berlin\u202e',
      '$(warning)',
      'Europe/Berlin\n',
      'Europe\\Berlin',
    ];
    for (const text of notNames) {
      assert.equal(isTimeZoneName(text), false, JSON.stringify(text));
      assert.equal(check(text), false, JSON.stringify(text));
      assert.deepEqual(
        problems({ name: 'Bruno', timeZone: text, capacityHours: 10 }),
        ['timeZone: an IANA time zone like Europe/Berlin'],
        JSON.stringify(text),
      );
    }
  });

  it('the compiled check and the schema give the same answer for any text', () => {
    const component = fc.stringMatching(/^[A-Za-z][A-Za-z0-9._+-]{0,15}$/);
    const nameLike = fc.array(component, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
    const anyText = fc.string({ unit: fc.constantFrom('A', 'b', 'z', '/', '_', '-', '+', '.', '0', '5', ' ', 'é', '\u202e', ':', '$', '('), maxLength: 50 });
    let yes = 0;
    let no = 0;
    fc.assert(
      fc.property(fc.oneof(nameLike, anyText, fc.string()), (text) => {
        const answer = v.is(schema, text);
        assert.equal(check(text), answer, JSON.stringify(text));
        assert.equal(isTimeZoneName(text), answer, JSON.stringify(text));
        if (answer) yes++;
        else no++;
      }),
      { numRuns: 3000 },
    );
    assert.ok(yes > 300 && no > 300, `yes ${yes}, no ${no}`);
  });

  it('does not ask the runtime: the same answers when it knows no zone at all', () => {
    withIntlKnowingNoZone(() => {
      for (const name of ['Europe/Berlin', ATLANTIS, COYHAIQUE]) assert.deepEqual(problems({ name: 'Bruno', timeZone: name, capacityHours: 10 }), [], name);
      assert.deepEqual(problems({ name: 'Bruno', timeZone: 'Europe/Berlin ', capacityHours: 10 }), ['timeZone: an IANA time zone like Europe/Berlin']);
      assert.doesNotThrow(() => parseMemberFile(brunoFile('Asia/Tokyo'), { file: '.accord/people/bruno.json', member: 'bruno' }));
    });
  });

  it('Set Up accepts only names the schema accepts, and that this runtime can compute with', () => {
    assert.equal(isValidTimeZone('Europe/Berlin'), true);
    for (const text of [ATLANTIS, 'Etc/Unknown', '+05:30', 'Europe/Berlin ']) assert.equal(isValidTimeZone(text), false, text);
  });
});

describe("time zones: a partner's zone this runtime does not know", () => {
  const atlantis = () => team(ATLANTIS);
  const inUtc = () => team('UTC');

  it("loads the partner's whole file: profile, goal, micro-goals and check-ins", () => {
    const state = atlantis();
    assert.equal(state.entities.member.get('member:bruno')?.timeZone, ATLANTIS);
    assert.equal(state.entities.goal.size, 1);
    assert.equal(state.entities.microGoal.size, 2);
    assert.equal(state.entities.checkIn.size, 3);
  });

  it('is computed in UTC, and says so; a zone this runtime knows is itself', () => {
    assert.deepEqual(zoneToComputeWith(ATLANTIS), { timeZone: 'UTC', fellBack: true });
    assert.deepEqual(zoneToComputeWith('Europe/Berlin'), { timeZone: 'Europe/Berlin', fellBack: false });
    assert.deepEqual(zoneToComputeWith('UTC'), { timeZone: 'UTC', fellBack: false });
    assert.equal(zoneToComputeWith(ATLANTIS), zoneToComputeWith(ATLANTIS), 'remembered, not asked of Intl again');
    for (const odd of ['', 'not a zone', '+05:30', 'Etc/Unknown']) assert.deepEqual(zoneToComputeWith(odd), { timeZone: 'UTC', fellBack: true }, odd);
    assert.equal(zoneFallbackNote(ATLANTIS), 'Times in UTC here: this VS Code does not know Atlantis/Poseidonis');
    assert.equal(zoneFallbackNote('Europe/Berlin'), undefined);
    // Only a zone-shaped name is repeated in the note: nothing from a file reaches it unchecked.
    assert.equal(zoneFallbackNote('$(loading~spin)\u202e'), 'Times in UTC here: this VS Code does not know this time zone');
  });

  it('schedule: moments, the latest and next one, the nudge and the snooze are the UTC ones', () => {
    assert.deepEqual(iso(momentsOn('2026-03-16', ATLANTIS, CADENCE)), ['2026-03-16T09:30:00.000Z', '2026-03-16T16:30:00.000Z']);
    assert.equal(instantAt('2026-03-29', '02:30', ATLANTIS).toISOString(), '2026-03-29T02:30:00.000Z');
    for (const now of ['2026-03-16T09:29:00Z', '2026-03-16T12:00:00Z', '2026-03-20T23:59:00Z', '2026-03-21T10:00:00Z']) {
      const at = new Date(now);
      assert.deepEqual(
        iso([latestMoment(at, ATLANTIS, CADENCE), nextMoment(at, ATLANTIS, CADENCE)]),
        iso([latestMoment(at, 'UTC', CADENCE), nextMoment(at, 'UTC', CADENCE)]),
        now,
      );
      assert.deepEqual(
        iso([dueCheckIn({ now: at, timeZone: ATLANTIS, cadence: CADENCE })]),
        iso([dueCheckIn({ now: at, timeZone: 'UTC', cadence: CADENCE })]),
        now,
      );
      assert.equal(snoozeUntil('today', at, ATLANTIS).toISOString(), snoozeUntil('today', at, 'UTC').toISOString(), now);
    }
  });

  it('day look-ups: dayIn, LocalDays, dueContext and the due groups use UTC days', () => {
    const lateEvening = new Date('2026-03-17T23:30:00Z');
    assert.equal(dayIn(lateEvening, ATLANTIS), '2026-03-17');
    const days = new LocalDays();
    assert.equal(days.dayOf('2026-03-17T23:30:00.000Z', ATLANTIS), days.dayOf('2026-03-17T23:30:00.000Z', 'UTC'));
    assert.equal(days.offsetAt(ATLANTIS, lateEvening.getTime()), 0);
    const ctx = dueContext(lateEvening, ATLANTIS);
    assert.deepEqual(ctx, dueContext(lateEvening, 'UTC'));
    const state = atlantis();
    const groups = [...state.entities.microGoal.values()].map((m) => dueGroup(m, ctx));
    assert.deepEqual(groups, ['thisWeek', 'doneRecently']);
  });

  it('metrics: streaks, the heat map and the weekly counts are those of a UTC member', () => {
    const unknown = new TeamMetrics(atlantis(), '2026-03-18', ATLANTIS);
    const utc = new TeamMetrics(inUtc(), '2026-03-18', 'UTC');
    assert.equal(unknown.zoneOf('bruno'), 'UTC');
    assert.deepEqual(unknown.streaks(), utc.streaks());
    assert.equal(unknown.streaks().find((s) => s.member === 'bruno')?.current, 3);
    assert.deepEqual(unknown.heatMap(4), utc.heatMap(4));
    assert.deepEqual(unknown.donePerWeek(4), utc.donePerWeek(4));
    assert.deepEqual(unknown.outcomesPerWeek(4), utc.outcomesPerWeek(4));
  });

  it('status bar for "me" with that zone: the UTC summary and nudge, with the note in the tooltip', () => {
    const inputs = { me: 'bruno', now: new Date('2026-03-19T10:00:00Z'), cadence: CADENCE, followUps: 0, unshared: 0, nudges: 'statusBar' as const };
    const unknown = computeStatus({ ...inputs, state: atlantis(), timeZone: ATLANTIS });
    const utc = computeStatus({ ...inputs, state: inUtc(), timeZone: 'UTC' });
    assert.equal(unknown.text, utc.text);
    assert.equal(unknown.nudgeFor?.toISOString(), '2026-03-19T09:30:00.000Z');
    assert.equal(unknown.text, '$(bell-dot) Check-in time · 1 overdue');
    assert.equal(unknown.zoneNote, 'Times in UTC here: this VS Code does not know Atlantis/Poseidonis');
    assert.ok(unknown.tooltip.split('\n').includes(unknown.zoneNote), unknown.tooltip);
    assert.equal(utc.zoneNote, undefined);
    assert.doesNotMatch(utc.tooltip, /Times in UTC/);
  });

  it('Partners view: that person has the note and UTC days; everyone else is as before', () => {
    const now = new Date('2026-03-18T23:45:00Z');
    const [alice, bruno] = partnerSummaries(atlantis(), now);
    const [, brunoInUtc] = partnerSummaries(inUtc(), now);
    assert.equal(alice?.zoneNote, undefined);
    assert.equal(bruno?.timeZone, ATLANTIS);
    assert.equal(bruno?.zoneNote, 'Times in UTC here: this VS Code does not know Atlantis/Poseidonis');
    assert.deepEqual({ ...bruno, timeZone: 'UTC', zoneNote: undefined }, { ...brunoInUtc, zoneNote: undefined });
    assert.equal(bruno?.loadHours, 3);
    assert.equal(bruno?.lastCheckIn, '2026-03-18T23:30:00.000Z');
  });

  it('America/Coyhaique (tzdata 2025b): loads, and no view computation throws, whatever this runtime knows', () => {
    const state = team(COYHAIQUE);
    assert.equal(state.entities.member.get('member:bruno')?.timeZone, COYHAIQUE);
    assert.equal(state.entities.checkIn.size, 3);
    const now = new Date('2026-03-18T10:00:00Z');
    assert.doesNotThrow(() => {
      momentsOn('2026-03-16', COYHAIQUE, CADENCE);
      dueCheckIn({ now, timeZone: COYHAIQUE, cadence: CADENCE });
      snoozeUntil('today', now, COYHAIQUE);
      for (const micro of state.entities.microGoal.values()) dueGroup(micro, dueContext(now, COYHAIQUE));
      const metrics = new TeamMetrics(state, dayIn(now, COYHAIQUE), COYHAIQUE);
      metrics.streaks();
      metrics.heatMap(4);
      computeStatus({ state, me: 'bruno', now, timeZone: COYHAIQUE, cadence: CADENCE, followUps: 0, unshared: 0, nudges: 'statusBar' });
      partnerSummaries(state, now);
    });
    // Known here or not, the note says exactly that.
    assert.equal(partnerSummaries(state, now)[1]?.zoneNote !== undefined, zoneToComputeWith(COYHAIQUE).fellBack);
  });
});

describe("time zones: a time of day on the person's own clock", () => {
  it("is the person's wall clock, across a daylight-saving jump and at odd offsets, on any host", () => {
    assert.equal(clockIn(new Date('2026-03-29T00:30:00Z'), 'Europe/Berlin'), '01:30');
    assert.equal(clockIn(new Date('2026-03-29T01:30:00Z'), 'Europe/Berlin'), '03:30', 'after the jump from 02:00 to 03:00');
    assert.equal(clockIn(new Date('2026-11-30T10:00:00Z'), 'Pacific/Chatham'), '23:45');
    assert.equal(clockIn(new Date('2026-01-01T02:00:00Z'), 'America/St_Johns'), '22:30', 'a negative half-hour offset crosses back a day');
    assert.equal(clockIn(new Date('2026-01-01T02:00:00Z'), 'Mars/Olympus_Mons'), '02:00', 'a zone this runtime does not know counts as UTC');
  });
});
